namespace Milo.Tests.Cli;

/// <summary>
/// What a new user meets first: bare `milo` shows the help (exit 0), `milo build` is `milo compile`, a misspelt
/// command gets a "did you mean", and diagnostics are coloured on a terminal only (`--color`, `NO_COLOR`).
/// </summary>
public class CliUsabilityTests
{
    private const string Bad = "fn main(): i32 {\n    let x: i32 = \"s\"\n    return 0\n}\n";
    private const string Esc = "\u001b[";

    [Fact]
    public async Task BareMiloPrintsTheHelpAndSucceeds()
    {
        var r = await MiloProcess.Run(MiloProcess.TempDir(), null);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Usage:", r.Stdout);
        Assert.Contains("build, compile <FILE>", r.Stdout);
        Assert.Contains("fmt <FILES>", r.Stdout);
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public async Task BuildIsAnAliasOfCompile()
    {
        var dir = MiloProcess.TempDir();
        File.WriteAllText(Path.Combine(dir, "hello.milo"), "fn main(): i32 {\n    print(\"hi\")\n    return 0\n}\n");
        var r = await MiloProcess.Run(dir, null, "build", "hello.milo", "-o", "out/hello.dll");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var run = await Programs.ProgramHarness.RunProcessAsync(Programs.ProgramHarness.DotnetHost(), [Path.Combine(dir, "out", "hello.dll")], dir, TimeSpan.FromSeconds(30));
        Assert.Equal("hi\n", run.Stdout.Replace("\r\n", "\n"));
    }

    [Theory]
    [InlineData("biuld", "error: unknown command 'biuld'\n    hint: did you mean 'build'?\n")]
    [InlineData("complie", "error: unknown command 'complie'\n    hint: did you mean 'compile'?\n")]
    [InlineData("hello.milo", "error: unknown command 'hello.milo'\n    hint: did you mean 'milo run hello.milo'?\n")]
    [InlineData("frobnicate", "error: unknown command 'frobnicate'\n    hint: run 'milo --help' for the list of commands\n")]
    public async Task UnknownCommandGetsAShortHint(string word, string expected)
    {
        var r = await MiloProcess.Run(MiloProcess.TempDir(), null, word, "x.milo");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal(expected, r.Stderr.Replace("\r\n", "\n"));
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public async Task RedirectedOutputIsNeverColouredInAutoMode()
    {
        var dir = MiloProcess.TempDir();
        File.WriteAllText(Path.Combine(dir, "bad.milo"), Bad);
        var r = await MiloProcess.Run(dir, null, "check", "bad.milo");
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("bad.milo:2:18: error: type mismatch", r.Stderr);
        Assert.False(r.Stderr.Contains(Esc), r.Stderr.Replace("\u001b", "ESC"));
    }

    [Theory]
    [InlineData("always", "", true)]
    [InlineData("always", "1", true)] // an explicit flag beats the environment
    [InlineData("never", "", false)]
    [InlineData("auto", "", false)] // stderr is a pipe here
    public async Task ColorFlagOnEveryCommand(string mode, string noColor, bool coloured)
    {
        var dir = MiloProcess.TempDir();
        File.WriteAllText(Path.Combine(dir, "bad.milo"), Bad);
        var env = new Dictionary<string, string> { ["NO_COLOR"] = noColor, ["TERM"] = "xterm" };
        File.WriteAllText(Path.Combine(dir, "unparsable.milo"), "fn main(): i32 {\n    let x = 5;\n}\n");
        foreach (var command in new[] { "check", "compile", "build", "run", "fmt" })
        {
            var file = command == "fmt" ? "unparsable.milo" : "bad.milo";
            var r = await MiloProcess.Run(dir, env, command, $"--color={mode}", file);
            Assert.Equal(1, r.ExitCode);
            Assert.Equal(coloured, r.Stderr.Contains(Esc));
            if (coloured)
            {
                Assert.Contains($"{Esc}1;31merror{Esc}0m", r.Stderr); // errors red
                Assert.Contains($"{Esc}2m^{Esc}0m", r.Stderr);        // caret dim
            }
        }
    }

    [Fact]
    public void WarningsAreYellowAndUncolouredTextIsTheSame()
    {
        var src = new Milo.Compiler.Text.SourceText("w.milo", "fn main(): i32 {\n    let count = 1\n    return 0\n}\n");
        var d = new Milo.Compiler.Diagnostics.Diagnostic(new Milo.Compiler.Text.Location(src, 25, 5), "unused variable 'count'",
            Milo.Compiler.Diagnostics.DiagnosticSeverity.Warning, "prefix with underscore", "W0001");
        var coloured = d.Format(color: true);
        Assert.StartsWith($"{Esc}2mw.milo:2:9:{Esc}0m {Esc}1;33mwarning{Esc}0m: unused variable 'count' [W0001]", coloured);
        Assert.Equal(d.Format(), System.Text.RegularExpressions.Regex.Replace(coloured, "\u001b\\[[0-9;]*m", ""));
    }

    [Theory]
    [InlineData(Milo.Compiler.Cli.DiagnosticPrinter.ColorMode.Auto, false, null, "xterm", true)]
    [InlineData(Milo.Compiler.Cli.DiagnosticPrinter.ColorMode.Auto, false, "1", "xterm", false)]
    [InlineData(Milo.Compiler.Cli.DiagnosticPrinter.ColorMode.Auto, false, "", "xterm", true)]
    [InlineData(Milo.Compiler.Cli.DiagnosticPrinter.ColorMode.Auto, false, null, "dumb", false)]
    [InlineData(Milo.Compiler.Cli.DiagnosticPrinter.ColorMode.Auto, true, null, "xterm", false)]
    [InlineData(Milo.Compiler.Cli.DiagnosticPrinter.ColorMode.Always, true, "1", "dumb", true)]
    [InlineData(Milo.Compiler.Cli.DiagnosticPrinter.ColorMode.Never, false, null, "xterm", false)]
    public void ColourDecision(Milo.Compiler.Cli.DiagnosticPrinter.ColorMode mode, bool redirected, string? noColor, string term, bool expected)
    {
        string? Env(string name) => name switch { "NO_COLOR" => noColor, "TERM" => term, _ => null };
        Assert.Equal(expected, Milo.Compiler.Cli.DiagnosticPrinter.UseColor(mode, redirected, Env));
    }

    /// <summary>On a real terminal (a pty from util-linux `script`, part of every Debian base system) auto mode colours.</summary>
    [Fact]
    public async Task ATerminalGetsColourInAutoModeUnlessNoColorIsSet()
    {
        Assert.True(File.Exists("/usr/bin/script") || !OperatingSystem.IsLinux(), "util-linux 'script' is missing");
        if (!OperatingSystem.IsLinux()) return;
        var dir = MiloProcess.TempDir();
        File.WriteAllText(Path.Combine(dir, "bad.milo"), Bad);
        var cmd = $"{Programs.ProgramHarness.DotnetHost()} {MiloProcess.Dll} check bad.milo";
        foreach (var (noColor, coloured) in new[] { ("", true), ("1", false) })
        {
            var env = new Dictionary<string, string> { ["NO_COLOR"] = noColor, ["TERM"] = "xterm" };
            var r = await Programs.ProgramHarness.RunProcessAsync("/usr/bin/script", ["-qec", cmd, "/dev/null"], dir, TimeSpan.FromSeconds(60), env);
            Assert.Contains("type mismatch", r.Stdout);
            Assert.Equal(coloured, r.Stdout.Contains($"{Esc}1;31merror"));
        }
    }
}
