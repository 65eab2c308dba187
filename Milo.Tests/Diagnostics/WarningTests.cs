using Milo.Compiler;
using Milo.Compiler.Analysis;
using Milo.Compiler.Diagnostics;
using Milo.Tests.Programs;
using Xunit;

namespace Milo.Tests.Diagnostics;

/// <summary>
/// Warnings (Analysis/WarningAnalysis): their exact text, location and code, the `_` rule, and the effect of
/// --allow / --deny / --deny-all on the exit status of compile, run, check and test (run as `dotnet milo.dll …`).
/// </summary>
[Collection("reliability-serial")]
public class WarningTests
{
    private static List<Diagnostic> Warnings(string source, WarningOptions? options = null)
    {
        var c = Compilation.FromText("prog.milo", source, new CompilationOptions { Warnings = options ?? WarningOptions.Default });
        c.Check();
        return c.Diagnostics.Where(d => d.Code.StartsWith('W')).ToList();
    }

    private const string UnusedLocal = "fn main(): i32 {\n    let count = 3\n    return 0\n}\n";

    [Fact]
    public void UnusedVariableHasLocationCodeSourceLineCaretAndHint()
    {
        var d = Assert.Single(Warnings(UnusedLocal));
        Assert.False(d.IsError);
        Assert.Equal(
            "prog.milo:2:5: warning: unused variable 'count' [W0001]\n" +
            "        let count = 3\n" +
            "        ^\n" +
            "    hint: prefix with underscore to silence: '_count'", d.Format());
        Assert.Equal("prog.milo(2,5): warning W0001: unused variable 'count'", d.FormatMsBuild());
    }

    [Fact]
    public void UnusedParameterIsReportedAtTheParameter()
    {
        var d = Assert.Single(Warnings("fn f(a: i64, b: i64): i64 {\n    return a\n}\nfn main(): i32 {\n    print(f(1, 2))\n    return 0\n}\n"));
        Assert.Equal("prog.milo:1:14: warning: unused variable 'b' [W0001]", d.Format().Split('\n')[0]);
    }

    [Fact]
    public void IgnoredResultAndOptionAreReportedAtTheStatement()
    {
        var src = "fn r(): Result<i64, string> { return Result.Ok(1) }\nfn o(): Option<i64> { return Option.None }\n" +
                  "fn main(): i32 {\n    r()\n    if true { o() }\n    let _ = r()\n    return 0\n}\n";
        var ws = Warnings(src);
        Assert.Equal(new[]
        {
            "prog.milo:4:5: warning: unused Result value — this may contain an error that should be handled [W0002]",
            "prog.milo:5:15: warning: unused Option value — this may contain an error that should be handled [W0002]",
        }, ws.Select(w => w.Format().Split('\n')[0]));
        Assert.Equal("    hint: use 'let _ = ...' to discard explicitly", ws[0].Format().Split('\n')[3]);
    }

    [Theory]
    [InlineData("fn main(): i32 {\n    let _count = 3\n    return 0\n}\n")]
    [InlineData("fn f(_unused: i64): i64 {\n    return 1\n}\nfn main(): i32 {\n    print(f(2))\n    return 0\n}\n")]
    [InlineData("fn main(): i32 {\n    let n = 3\n    let g = () => { print(n) }\n    g()\n    return 0\n}\n")]
    [InlineData("fn main(): i32 {\n    var n = 3\n    n = n + 1\n    return 0\n}\n")]
    public void UnderscoreNamesAndReadVariablesAreSilent(string source) => Assert.Empty(Warnings(source));

    [Fact]
    public void AssignedButNeverReadIsUnused()
    {
        var d = Assert.Single(Warnings("fn main(): i32 {\n    var n = 3\n    n = 4\n    return 0\n}\n"));
        Assert.Equal("unused variable 'n'", d.Message);
    }

    [Fact]
    public void UnusedMoveOnlyWhenDeniedByName()
    {
        const string src = "fn len(s: string): i64 {\n    return s.len()\n}\nfn main(): i32 {\n    print(len(\"ab\"))\n    return 0\n}\n";
        Assert.Empty(Warnings(src));
        Assert.Empty(Warnings(src, Options([], [], denyAll: true)));   // as in the reference: --deny-all does not enable it
        var d = Assert.Single(Warnings(src, Options([], ["unused-move"], denyAll: false)));
        Assert.True(d.IsError);
        Assert.Equal("prog.milo:1:8: error: parameter 's' is never moved — consider taking '&string' instead [W0003]", d.Format().Split('\n')[0]);
    }

    [Fact]
    public void SeverityFollowsAllowDenyAndDenyAll()
    {
        var unused = WarningKind.UnusedVariable;
        Assert.Equal(DiagnosticSeverity.Warning, WarningOptions.Default.SeverityOf(unused));
        Assert.Equal(DiagnosticSeverity.Error, Options([], ["unused-variable"], false).SeverityOf(unused));
        Assert.Equal(DiagnosticSeverity.Error, Options([], [], true).SeverityOf(unused));
        Assert.Null(Options(["unused-variable"], ["unused-variable"], true).SeverityOf(unused));   // allow wins
        Assert.Equal(DiagnosticSeverity.Warning, Options(["unused-result"], [], false).SeverityOf(unused));
        Assert.Equal("no-such", WarningOptions.Create([], ["no-such"], false).UnknownName);
    }

    [Fact]
    public void UserModulesAreCheckedAtTheirOwnFile()
    {
        var dir = Directory.CreateTempSubdirectory("milo-warn-module").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "lib"));
            File.WriteAllText(Path.Combine(dir, "lib", "util.milo"), "fn helper(x: i64): i64 {\n    let waste = 1\n    return x\n}\n");
            var main = Path.Combine(dir, "main.milo");
            File.WriteAllText(main, "from \"lib/util.milo\" import { helper }\nfn main(): i32 {\n    print(helper(2))\n    return 0\n}\n");
            var c = Compilation.FromFile(main);
            Assert.True(c.Check());
            var d = Assert.Single(c.Diagnostics);
            Assert.EndsWith("util.milo", d.Location.Source.FilePath);
            Assert.Equal((2, 5, "unused variable 'waste'"), (d.Location.Line, d.Location.Column, d.Message));
        }
        finally { Directory.Delete(dir, true); }
    }

    private static WarningOptions Options(string[] allow, string[] deny, bool denyAll) => WarningOptions.Create(allow, deny, denyAll).Options!;

    // ───────────────────────────── the CLI ─────────────────────────────

    private static string MiloDll => Path.Combine(AppContext.BaseDirectory, "milo.dll");

    private static string Write(string name, string text)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"milo-warning-tests-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static Task<RunOutcome> Milo(params string[] args) =>
        ProgramHarness.RunProcessAsync(ProgramHarness.DotnetHost(), [MiloDll, .. args], Path.GetTempPath(), TimeSpan.FromSeconds(60));

    private const string Program = "fn main(): i32 {\n    let spare = 1\n    print(\"hi\")\n    return 4\n}\n";

    [Fact]
    public async Task WarningsDoNotChangeTheExitStatus()
    {
        var file = Write("warn_ok.milo", Program);
        var check = await Milo("check", file);
        Assert.Equal(0, check.ExitCode);
        Assert.Contains("warn_ok.milo:2:5: warning: unused variable 'spare' [W0001]", check.Stderr);
        Assert.Equal("", check.Stdout);

        var run = await Milo("run", file);
        Assert.Equal(4, run.ExitCode);   // the program's own status
        Assert.Equal("hi\n", run.Stdout);
        Assert.Contains("warning: unused variable 'spare'", run.Stderr);

        var dll = Path.ChangeExtension(file, ".out.dll");
        var compile = await Milo("compile", file, "-o", dll);
        Assert.Equal(0, compile.ExitCode);
        Assert.True(File.Exists(dll));
    }

    [Theory]
    [InlineData("check", "--deny=unused-variable")]
    [InlineData("check", "--deny-all")]
    [InlineData("run", "--deny=unused-variable")]
    [InlineData("compile", "--deny-all")]
    public async Task DeniedWarningsAreErrors(string command, string flag)
    {
        var file = Write($"warn_deny_{command}.milo", Program);
        var dll = Path.ChangeExtension(file, ".out.dll");
        var r = command == "compile" ? await Milo(command, file, flag, "-o", dll) : await Milo(command, file, flag);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("2:5: error: unused variable 'spare' [W0001]", r.Stderr);
        Assert.DoesNotContain("hi", r.Stdout);   // `run` does not start the program
        Assert.False(File.Exists(dll));
    }

    [Fact]
    public async Task AllowSilencesAndTheSpaceSeparatedFormWorks()
    {
        var file = Write("warn_allow.milo", Program);
        var allowed = await Milo("check", file, "--deny-all", "--allow", "unused-variable");
        Assert.Equal(0, allowed.ExitCode);
        Assert.Equal("", allowed.Stderr);
        var denied = await Milo("check", "--deny", "unused-variable", file);
        Assert.Equal(1, denied.ExitCode);
    }

    [Fact]
    public async Task UnknownWarningNameIsAUsageError()
    {
        var file = Write("warn_unknown.milo", Program);
        var r = await Milo("check", file, "--deny=unused-variables");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("unknown warning 'unused-variables' (known: unused-variable, unused-result, unused-move)", r.Stderr);
    }

    [Fact]
    public async Task TestCommandTakesTheFlags()
    {
        var file = Write("warn_flags_test.milo", "fn testOne() {\n    let extra = 2\n    assert(1 == 1)\n}\n");
        var plain = await Milo("test", file);
        Assert.Equal(0, plain.ExitCode);
        Assert.Contains("2:5: warning: unused variable 'extra' [W0001]", plain.Stderr);
        var denied = await Milo("test", file, "--deny=unused-variable");
        Assert.Equal(1, denied.ExitCode);
        Assert.Contains("2:5: error: unused variable 'extra' [W0001]", denied.Stderr);
        Assert.Contains("FAILED (compile error)", denied.Stdout);
    }
}
