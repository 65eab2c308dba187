namespace Milo.Tests.Cli;

/// <summary>
/// `--timings` on compile, run and check prints the time of each compiler phase to stderr (docs/performance.md), after
/// the phases ran and without changing stdout or the exit status.
/// </summary>
public class TimingsFlagTests
{
    private const string Hello = "fn main(): i32 {\n    let who = \"world\"\n    print($\"hello {who}\")\n    return 0\n}\n";

    private static readonly string[] AnalysisPhases = ["parse", "bind", "drops", "warnings", "optimize", "green lowering"];
    private static readonly string[] EmitPhases = ["rewrite", "state machines", "emit", "write", "runtime files"];

    /// <summary>The phase names in the order printed, from lines like `  parse    12.3 ms    11.0 ms    4.2 MB` under the column header.</summary>
    private static List<string> Phases(string stderr, string file)
    {
        var lines = stderr.Replace("\r\n", "\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        int header = lines.FindIndex(l => l == $"milo: phase timings for {file}");
        Assert.True(header >= 0, "no timings header in:\n" + stderr);
        Assert.Matches(@"^  phase\s+wall\s+cpu\s+allocated$", lines[header + 1]);
        var phases = new List<string>();
        foreach (var l in lines.Skip(header + 2))
        {
            var m = System.Text.RegularExpressions.Regex.Match(l, @"^  (\S.*?)\s+\d+\.\d ms\s+\d+\.\d ms\s+\d+\.\d MB$");
            if (!m.Success) break;
            phases.Add(m.Groups[1].Value);
        }
        return phases;
    }

    [Fact]
    public async Task CompilePrintsEveryPhaseThenTheTotal()
    {
        var dir = MiloProcess.TempDir();
        File.WriteAllText(Path.Combine(dir, "hello.milo"), Hello);
        var r = await MiloProcess.Run(dir, new Dictionary<string, string> { ["MILO_READY_TO_RUN"] = "0" }, "compile", "hello.milo", "-o", "out/hello.dll", "--timings");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("", r.Stdout);
        Assert.Equal([.. AnalysisPhases, .. EmitPhases, "total"], Phases(r.Stderr, "hello.milo"));
    }

    /// <summary>Below the phases: start-up (process start to the first phase), the whole process's CPU so far, and the
    /// collections. The phases and start-up are disjoint stretches of the process, so their CPU cannot exceed its total.</summary>
    [Fact]
    public async Task CompilePrintsStartUpProcessAndGcLines()
    {
        var dir = MiloProcess.TempDir();
        File.WriteAllText(Path.Combine(dir, "hello.milo"), Hello);
        var r = await MiloProcess.Run(dir, new Dictionary<string, string> { ["MILO_READY_TO_RUN"] = "0" }, "compile", "hello.milo", "-o", "out/hello.dll", "--timings");
        Assert.True(r.ExitCode == 0, r.Stderr);
        static double Ms(string stderr, string pattern)
        {
            var m = System.Text.RegularExpressions.Regex.Match(stderr, pattern, System.Text.RegularExpressions.RegexOptions.Multiline);
            Assert.True(m.Success, $"no match for {pattern} in:\n{stderr}");
            return double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }
        double phases = Ms(r.Stderr, @"^  total\s+\d+\.\d ms\s+(\d+\.\d) ms");
        double startUp = Ms(r.Stderr, @"^  start-up\s+\d+\.\d ms\s+(\d+\.\d) ms   \(process start to the first phase\)$");
        double process = Ms(r.Stderr, @"^  process\s+(\d+\.\d) ms\s+\d+\.\d MB");
        Assert.Matches(@"(?m)^  gc\s+\d+ gen0\s+\d+ gen1\s+\d+ gen2, paused \d+\.\d ms$", r.Stderr);
        Assert.True(startUp > 0 && phases > 0, r.Stderr);
        Assert.True(startUp + phases <= process + 0.2, r.Stderr);
    }

    [Fact]
    public async Task CheckPrintsTheAnalysisPhasesOnly()
    {
        var dir = MiloProcess.TempDir();
        File.WriteAllText(Path.Combine(dir, "hello.milo"), Hello);
        var r = await MiloProcess.Run(dir, null, "check", "hello.milo", "--timings");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal([.. AnalysisPhases, "total"], Phases(r.Stderr, "hello.milo"));
    }

    [Fact]
    public async Task RunPrintsThePhasesBeforeTheProgramsOutputAndKeepsItsStdout()
    {
        var dir = MiloProcess.TempDir();
        File.WriteAllText(Path.Combine(dir, "hello.milo"), Hello);
        var r = await MiloProcess.Run(dir, null, "run", "hello.milo", "--timings");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("hello world\n", r.Stdout.Replace("\r\n", "\n"));
        Assert.Equal([.. AnalysisPhases, .. EmitPhases, "total"], Phases(r.Stderr, "hello.milo"));
    }

    [Fact]
    public async Task WithoutTheFlagNothingIsPrinted()
    {
        var dir = MiloProcess.TempDir();
        File.WriteAllText(Path.Combine(dir, "hello.milo"), Hello);
        var r = await MiloProcess.Run(dir, null, "check", "hello.milo");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Stderr);
    }
}
