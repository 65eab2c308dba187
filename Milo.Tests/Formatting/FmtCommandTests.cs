using Milo.Tests.Cli;
using Milo.Tests.Programs;

namespace Milo.Tests.Formatting;

/// <summary>`milo fmt` as a user runs it: in place, `--check`, folders, stdin, and files that do not parse.</summary>
public class FmtCommandTests
{
    private const string Messy = "fn main():i32{\nprint(1+2)\nreturn 0}\n";
    private const string Tidy = "fn main(): i32 {\n    print(1 + 2)\n    return 0\n}\n";

    [Fact]
    public async Task FormatsFilesInPlaceAndReportsWhichChanged()
    {
        var dir = MiloProcess.TempDir();
        File.WriteAllText(Path.Combine(dir, "a.milo"), Messy);
        File.WriteAllText(Path.Combine(dir, "b.milo"), Tidy);
        var r = await MiloProcess.Run(dir, null, "fmt", "a.milo", "b.milo");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("formatted a.milo\n", r.Stdout.Replace("\r\n", "\n"));
        Assert.Equal(Tidy, File.ReadAllText(Path.Combine(dir, "a.milo")));
        Assert.Equal(Tidy, File.ReadAllText(Path.Combine(dir, "b.milo")));
    }

    [Fact]
    public async Task CheckWritesNothingAndExitsOneNamingFilesThatWouldChange()
    {
        var dir = MiloProcess.TempDir();
        Directory.CreateDirectory(Path.Combine(dir, "src", "lib"));
        File.WriteAllText(Path.Combine(dir, "src", "a.milo"), Messy);
        File.WriteAllText(Path.Combine(dir, "src", "lib", "b.milo"), Messy);
        File.WriteAllText(Path.Combine(dir, "src", "c.milo"), Tidy);
        File.WriteAllText(Path.Combine(dir, "src", "notes.txt"), Messy);
        var r = await MiloProcess.Run(dir, null, "fmt", "--check", "src");
        Assert.Equal(1, r.ExitCode);
        var listed = r.Stdout.Replace("\r\n", "\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([Path.Combine("src", "a.milo"), Path.Combine("src", "lib", "b.milo")], listed);
        Assert.Equal(Messy, File.ReadAllText(Path.Combine(dir, "src", "a.milo")));

        // Formatting the folder, then checking again: nothing left to do, exit 0.
        Assert.Equal(0, (await MiloProcess.Run(dir, null, "fmt", "src")).ExitCode);
        var again = await MiloProcess.Run(dir, null, "fmt", "--check", "src");
        Assert.Equal(0, again.ExitCode);
        Assert.Equal("", again.Stdout);
        Assert.Equal(Messy, File.ReadAllText(Path.Combine(dir, "src", "notes.txt")));
    }

    [Fact]
    public async Task DashReadsStdinAndWritesStdout()
    {
        var dir = MiloProcess.TempDir();
        var input = Path.Combine(dir, "in.milo");
        File.WriteAllText(input, Messy);
        // stdin from a file through the shell, as `milo fmt - < in.milo`.
        var r = await ProgramHarness.RunProcessAsync("/bin/sh", ["-c", $"\"{ProgramHarness.DotnetHost()}\" \"{MiloProcess.Dll}\" fmt - < in.milo"], dir, TimeSpan.FromSeconds(60));
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(Tidy, r.Stdout);
    }

    [Fact]
    public async Task AFileThatDoesNotParseGetsItsDiagnosticAndExitOneWhileOthersAreStillFormatted()
    {
        var dir = MiloProcess.TempDir();
        const string bad = "fn main(): i32 {\n    let x = 5;\n    return 0\n}\n";
        File.WriteAllText(Path.Combine(dir, "bad.milo"), bad);
        File.WriteAllText(Path.Combine(dir, "good.milo"), Messy);
        var r = await MiloProcess.Run(dir, null, "fmt", "bad.milo", "good.milo");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("bad.milo:2:14: error: unexpected token ';' [E0003]\n        let x = 5;\n                 ^\n", r.Stderr.Replace("\r\n", "\n"));
        Assert.Equal(bad, File.ReadAllText(Path.Combine(dir, "bad.milo")));
        Assert.Equal(Tidy, File.ReadAllText(Path.Combine(dir, "good.milo")));
    }

    [Fact]
    public async Task AMissingPathIsAnError()
    {
        var r = await MiloProcess.Run(MiloProcess.TempDir(), null, "fmt", "nope.milo");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("error: cannot open 'nope.milo': no such file or directory\n", r.Stderr.Replace("\r\n", "\n"));
    }
}
