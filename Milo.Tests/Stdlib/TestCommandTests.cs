using System.Diagnostics;
using Milo.Compiler;
using Milo.Compiler.Text;

namespace Milo.Tests.Stdlib;

/// <summary>`milo test`: discovery of test functions and one process per test.</summary>
public class TestCommandTests
{
    private const string Source = """
        from "std/testing" import { assertEqual }

        fn testPasses(): void {
            assertEqual(1 + 1, 2)
        }

        fn testFails() {
            assertEqual(1 + 1, 3)
        }

        fn testNeedsArg(x: i32): void {
        }

        fn testReturnsValue(): i32 {
            return 1
        }

        fn helper(): void {
        }
        """;

    [Fact]
    public void FindsParameterlessVoidTestFunctions()
    {
        var names = Compilation.FindTestFunctions(new SourceText("x_test.milo", Source));
        Assert.Equal(new[] { "testPasses", "testFails" }, names);
    }

    [Fact]
    public void EachTestRunsAsItsOwnInvocation()
    {
        var dir = Path.Combine(Path.GetTempPath(), "milo-testcmd-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "x_test.milo");
            File.WriteAllText(file, Source);
            var tests = Compilation.FindTestFunctions(new SourceText(file, Source));
            var compilation = Compilation.ForTests(file, tests);
            var dll = Path.Combine(dir, "out", "tests.dll");
            Assert.True(compilation.Emit(dll), string.Join("\n", compilation.Diagnostics.Select(d => d.Format())));
            Assert.Equal(0, Run(dll, "testPasses").Code);
            var failed = Run(dll, "testFails");
            Assert.Equal(1, failed.Code);
            Assert.Contains("assertEqual failed: got 2, expected 3", failed.Err);
            Assert.Equal(3, Run(dll, "noSuchTest").Code);
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch { }
        }
    }

    private static (int Code, string Err) Run(string dll, string test)
    {
        var si = new ProcessStartInfo(Milo.Tests.Programs.ProgramHarness.DotnetHost()) { RedirectStandardError = true, RedirectStandardOutput = true };
        si.ArgumentList.Add(dll);
        si.ArgumentList.Add(test);
        using var p = Process.Start(si)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, err.Result);
    }
}
