using System.Text;
using Milo.Compiler;
using Milo.Compiler.Cli;
using Milo.Tests.Programs;

namespace Milo.Tests.Emit;

/// <summary>
/// A long display-append chain — an f-string or a string `+` chain with thousands of parts — becomes a bound tree
/// thousands of nodes deep (the lowered append chain; `+` is left-associative: ((a + b) + c) + …). A compiler pass
/// that recurses once per part overflows the stack and kills the process, so these compile on a thread with only
/// <see cref="SmallStack"/> bytes of stack:
/// <list type="bullet">
/// <item>the f-string (flat in the syntax and the binder) through <see cref="Compilation"/> directly: lowering, the
/// rewriter, drop insertion and the emitter (EmitDisplayAppend, BoundTreeShape.Any) must all iterate over the chain;</item>
/// <item>the `+` chain at the binder's nesting cap (2,000 levels, E0005 beyond) through the CLI entry point, which
/// runs every command on its own thread with <see cref="MiloCli.CompilerStackSize"/> of stack, whatever thread or OS
/// (1 MiB main thread on Windows) it is called from.</item>
/// </list>
/// </summary>
public class DeepDisplayChainTests
{
    private const int SmallStack = 256 * 1024;

    /// <summary>main: `let s = "<0>" + a + "<1>" + a + …` (2 × <paramref name="concat"/> - 1 operands), then an f-string with <paramref name="holes"/> holes.</summary>
    private static string Generate(int concat, int holes)
    {
        var sb = new StringBuilder();
        sb.Append("fn main(): i32 {\n    let a = \"x\"\n    let n: i64 = 7\n    let s = \"<0>\"");
        for (int i = 1; i < concat; i++) sb.Append(" + a + \"<").Append(i).Append(">\"");
        sb.Append("\n    print(s)\n    let t = $\"");
        for (int i = 0; i < holes; i++) sb.Append('[').Append(i).Append("]{n}");
        sb.Append("\"\n    print(t)\n    return 0\n}\n");
        return sb.ToString();
    }

    private static string Expected(int concat, int holes)
    {
        var s = new StringBuilder("<0>");
        for (int i = 1; i < concat; i++) s.Append("x<").Append(i).Append('>');
        var t = new StringBuilder();
        for (int i = 0; i < holes; i++) t.Append('[').Append(i).Append("]7");
        return s + "\n" + t + "\n";
    }

    /// <summary>Runs <paramref name="body"/> on a thread with <see cref="SmallStack"/> bytes of stack; rethrows what it threw.</summary>
    private static T OnSmallStack<T>(Func<T> body)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { result = body(); }
            catch (Exception e) { failure = e; }
        }, SmallStack);
        thread.Start();
        thread.Join();
        if (failure != null) throw new Xunit.Sdk.XunitException("the compile threw: " + failure);
        return result;
    }

    private static async Task RunAndExpect(string dll, string expected)
    {
        var run = await ProgramHarness.RunProcessAsync(ProgramHarness.DotnetHost(), [dll], Path.GetDirectoryName(dll)!, TimeSpan.FromSeconds(60));
        Assert.Equal("", run.Stderr);
        Assert.Equal(expected, run.Stdout.Replace("\r\n", "\n"));
        Assert.Equal(0, run.ExitCode);
    }

    private static string TempDir() => Path.Combine(Path.GetTempPath(), "milo-deep-chain", $"{Environment.ProcessId}_{Guid.NewGuid():N}");

    [Fact]
    public async Task AnFStringWithFiveThousandHolesCompilesOnASmallStack()
    {
        var dir = TempDir();
        var dll = Path.Combine(dir, "holes.dll");
        try
        {
            var (ok, diagnostics) = OnSmallStack(() =>
            {
                var c = Compilation.FromText("holes.milo", Generate(concat: 2, holes: 5_000));
                return (c.Emit(dll), string.Join("\n", c.Diagnostics.Select(d => d.Format())));
            });
            Assert.True(ok, diagnostics);
            await RunAndExpect(dll, Expected(2, 5_000));
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch { /* best effort */ }
        }
    }

    [Fact]
    public async Task APlusChainAtTheBindersNestingCapCompilesThroughTheCliFromASmallStack()
    {
        var dir = TempDir();
        Directory.CreateDirectory(dir);
        var src = Path.Combine(dir, "plus.milo");
        var dll = Path.Combine(dir, "out", "plus.dll");
        try
        {
            File.WriteAllText(src, Generate(concat: 999, holes: 1));   // 1,997 operands: 1,996 nested `+`
            int code = OnSmallStack(() => MiloCli.Run(["compile", src, "-o", dll]));
            Assert.Equal(0, code);
            await RunAndExpect(dll, Expected(999, 1));
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch { /* best effort */ }
        }
    }

    [Fact]
    public async Task APlusChainBeyondTheCapIsAnErrorNotACrash()
    {
        var dir = TempDir();
        Directory.CreateDirectory(dir);
        var src = Path.Combine(dir, "long.milo");
        try
        {
            File.WriteAllText(src, Generate(concat: 1_500, holes: 1));   // 2,999 operands
            var r = await Milo.Tests.Cli.MiloProcess.Run(dir, null, "check", "long.milo");
            Assert.Equal(1, r.ExitCode);
            Assert.StartsWith("long.milo:4:13: error: expression nesting too deep [E0005]\n", r.Stderr.Replace("\r\n", "\n"));
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch { /* best effort */ }
        }
    }
}
