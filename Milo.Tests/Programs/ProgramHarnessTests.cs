using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Milo.Tests.Programs;

/// <summary>Tests of the program-test harness itself (annotation parsing, comparison rules, child-process runner).</summary>
public class ProgramHarnessTests
{
    [Fact]
    public void ParsesExpectLinesInOrder_AnywhereInTheFile()
    {
        var a = ProgramAnnotations.Parse("""
            // @expect: 1
            fn main(): i32 {
                print(1)   // not an annotation: @expect: no
                    // @expect:   two  words
                return 0
            }
            // @expect:
            """);
        Assert.Equal(new[] { "1", "two  words", "" }, a.Expect);
        Assert.Null(a.Error);
        Assert.Null(a.RuntimeError);
        Assert.False(a.Debug);
        Assert.True(a.IsTest);
    }

    [Fact]
    public void FirstErrorAndRuntimeErrorWin_ArgsAccumulate()
    {
        var a = ProgramAnnotations.Parse("// @error: first\r\n// @error: second\r\n// @runtime-error: rt1\n// @runtime-error: rt2\n// @args: --debug\n");
        Assert.Equal("first", a.Error);
        Assert.Equal("rt1", a.RuntimeError);
        Assert.True(a.Debug);
    }

    [Fact]
    public void FileWithoutAnnotationsIsNotATest()
    {
        Assert.False(ProgramAnnotations.Parse("fn main(): i32 { return 0 }\n// @args: --debug").IsTest);
        Assert.False(ProgramAnnotations.Parse("//@expect: needs the space").IsTest);
    }

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("  \n\n", new string[0])]
    [InlineData("a\r\nb\r\n", new[] { "a", "b" })]
    [InlineData("\n  x  \n\n y\t\n\n", new[] { "x", "", "y" })]
    public void OutputLinesTrimLikeTheConformanceRunner(string stdout, string[] expected)
        => Assert.Equal(expected, PyText.OutputLines(stdout));

    private static ProgramAnnotations Expect(params string[] lines) => new(lines, null, null, []);

    [Fact]
    public void JudgeRun_ComparesTrimmedLines()
    {
        Assert.Null(ProgramJudge.JudgeRun(Expect("1", "2"), new RunOutcome(0, "1\n  2  \n", "")));
        Assert.Null(ProgramJudge.JudgeRun(Expect("1", "", "2"), new RunOutcome(0, "1\n\n2", "")));
        Assert.Equal("line 2: wanted '3', got '2'", ProgramJudge.JudgeRun(Expect("1", "3"), new RunOutcome(0, "1\n2\n", "")));
        Assert.Equal("line 2: wanted '2', got '<missing>'", ProgramJudge.JudgeRun(Expect("1", "2"), new RunOutcome(0, "1\n", "")));
        Assert.Equal("line 2: wanted '<extra>', got 'x'", ProgramJudge.JudgeRun(Expect("1"), new RunOutcome(0, "1\nx\n", "")));
        Assert.Equal("exit 3; stderr: boom", ProgramJudge.JudgeRun(Expect("1"), new RunOutcome(3, "1\n", "boom\n")));
    }

    [Fact]
    public void JudgeRun_RuntimeError()
    {
        var a = new ProgramAnnotations([], null, "integer overflow", []);
        Assert.Null(ProgramJudge.JudgeRun(a, new RunOutcome(1, "x\nruntime error: integer overflow at f.milo:5\n", "")));
        Assert.Null(ProgramJudge.JudgeRun(a, new RunOutcome(1, "", "integer overflow")));
        Assert.StartsWith("ran to success", ProgramJudge.JudgeRun(a, new RunOutcome(0, "integer overflow", "")));
        Assert.StartsWith("wrong runtime error", ProgramJudge.JudgeRun(a, new RunOutcome(1, "other", "")));
    }

    [Fact]
    public void JudgeCompile_Rules()
    {
        var err = new ProgramAnnotations([], "undefined variable 'y'", null, []);
        Assert.Equal((true, (string?)null), ProgramJudge.JudgeCompile(err, new CompileOutcome(false, "a.milo:3:5: error: undefined variable 'y'")));
        Assert.StartsWith("compiled, but", ProgramJudge.JudgeCompile(err, new CompileOutcome(true, "")).Failure);
        Assert.StartsWith("wrong error", ProgramJudge.JudgeCompile(err, new CompileOutcome(false, "undefined variable 'x'")).Failure);
        // An empty @error: accepts any failure.
        Assert.Null(ProgramJudge.JudgeCompile(new ProgramAnnotations([], "", null, []), new CompileOutcome(false, "whatever")).Failure);

        Assert.Equal((false, (string?)null), ProgramJudge.JudgeCompile(Expect("1"), new CompileOutcome(true, "")));
        Assert.StartsWith("compile failed: ", ProgramJudge.JudgeCompile(Expect("1"), new CompileOutcome(false, "bad")).Failure);
    }

    [Fact]
    public void JudgeCompile_WarningAnnotations()
    {
        var a = ProgramAnnotations.Parse("// @warning: 3:5: unused variable 'x' [W0001]\n// @expect: 1\n");
        Assert.Equal(new[] { "3:5: unused variable 'x' [W0001]" }, a.Warnings);
        var ok = new CompileOutcome(true, "") { Warnings = ["3:5: unused variable 'x' [W0001]"] };
        Assert.Equal((false, (string?)null), ProgramJudge.JudgeCompile(a, ok));
        Assert.StartsWith("wrong warnings", ProgramJudge.JudgeCompile(a, new CompileOutcome(true, "")).Failure);
        Assert.StartsWith("wrong warnings", ProgramJudge.JudgeCompile(a, ok with { Warnings = ["3:6: unused variable 'x' [W0001]"] }).Failure);
        // `none`: no warnings at all; no @warning line: warnings are not checked.
        var none = ProgramAnnotations.Parse("// @warning: none\n// @expect: 1\n");
        Assert.Empty(none.Warnings!);
        Assert.StartsWith("wrong warnings", ProgramJudge.JudgeCompile(none, ok).Failure);
        Assert.Null(ProgramJudge.JudgeCompile(Expect("1"), ok).Failure);
        // Warning flags in @args.
        var denied = ProgramAnnotations.Parse("// @args: --deny=unused-result --allow=unused-variable\n// @error: x\n");
        Assert.Contains("unused-result", denied.WarningOptions.Denied);
        Assert.Contains("unused-variable", denied.WarningOptions.Allowed);
    }

    [Fact]
    public void DiscoversCorePrograms_SkippingLibFolders()
    {
        var root = Directory.CreateTempSubdirectory("milo-discover").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "a", "lib"));
            File.WriteAllText(Path.Combine(root, "a", "t.milo"), "// @expect: 1");
            File.WriteAllText(Path.Combine(root, "a", "lib", "m.milo"), "// @expect: 1");
            File.WriteAllText(Path.Combine(root, "plain.milo"), "fn main(): i32 { return 0 }");
            File.WriteAllText(Path.Combine(root, "b.milo"), "// @error: x");
            Assert.Equal(new[] { "a/t.milo", "b.milo" }, ProgramHarness.Discover(root));
        }
        finally { Directory.Delete(root, true); }

        var core = ProgramHarness.Discover(ProgramHarness.ProgramsRoot).Where(f => f.StartsWith("core/")).ToList();
        Assert.True(core.Count >= 30, $"expected the core programs to be copied to the output directory, found {core.Count}");
    }

    /// <summary>End-to-end check of the runner half: a C# program (compiled with Roslyn) run as `dotnet X.dll`.</summary>
    [Fact]
    public async Task RunsADotnetDllAndCapturesOutputAndExitCode()
    {
        var dir = Directory.CreateTempSubdirectory("milo-runner").FullName;
        try
        {
            var dll = Path.Combine(dir, "prog.dll");
            EmitConsoleApp(dll, """
                System.Console.WriteLine("hello  ");
                System.Console.WriteLine("args=" + args.Length);
                System.Console.Error.WriteLine("to stderr");
                if (System.Console.In.ReadToEnd().Length != 0) return 9;
                return 3;
                """);
            var run = await ProgramHarness.RunProcessAsync(ProgramHarness.DotnetHost(), [dll], dir, TimeSpan.FromSeconds(20));
            Assert.Equal(3, run.ExitCode);
            Assert.Equal(new[] { "hello", "args=0" }, PyText.OutputLines(run.Stdout));
            Assert.Contains("to stderr", run.Stderr);
            Assert.Equal("exit 3; stderr: to stderr", ProgramJudge.JudgeRun(Expect("hello", "args=0"), run));

            var rt = new ProgramAnnotations([], null, "stderr", []);
            Assert.Null(ProgramJudge.JudgeRun(rt, run));

            var slow = Path.Combine(dir, "slow.dll");
            EmitConsoleApp(slow, "System.Console.WriteLine(\"started\"); System.Console.Out.Flush(); System.Threading.Thread.Sleep(60000); return 0;");
            var timedOut = await ProgramHarness.RunProcessAsync(ProgramHarness.DotnetHost(), [slow], dir, TimeSpan.FromSeconds(3));
            Assert.Equal(124, timedOut.ExitCode);
            Assert.Equal("timeout", timedOut.Stderr);
        }
        finally { try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { } }
    }

    private static void EmitConsoleApp(string dllPath, string topLevelStatements)
    {
        var tpa = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var refs = tpa.Where(p => Path.GetFileName(p) is "System.Runtime.dll" or "System.Console.dll" or "System.Private.CoreLib.dll"
                                  or "System.Threading.Thread.dll" or "System.Threading.dll")
                      .Select(p => MetadataReference.CreateFromFile(p));
        var tree = CSharpSyntaxTree.ParseText(topLevelStatements);
        var comp = CSharpCompilation.Create(Path.GetFileNameWithoutExtension(dllPath), [tree], refs,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication));
        var result = comp.Emit(dllPath);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var fx = Environment.Version;
        File.WriteAllText(Path.ChangeExtension(dllPath, ".runtimeconfig.json"), $$"""
            { "runtimeOptions": { "tfm": "net{{fx.Major}}.{{fx.Minor}}", "framework": { "name": "Microsoft.NETCore.App", "version": "{{fx.Major}}.{{fx.Minor}}.0" } } }
            """);
    }
}
