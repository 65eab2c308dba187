using Milo.Compiler;
using Milo.Compiler.Binding;
using Milo.Compiler.Lowering;
using Xunit;

namespace Milo.Tests.Lowering;

/// <summary>
/// Lowering/LocalRewriter/LocalRewriter.StringConcat.cs: which runtime append each `s = s + x` shape becomes. Short
/// literals (1–8 bytes) append from a packed constant, a leading f-string that cannot observe s formats straight into
/// it, everything else keeps <c>AppendInPlace</c>. (Values: Programs/lowering/string_append_shapes.milo.)
/// </summary>
public class StringAppendLoweringTests
{
    private sealed class CallCounter : BoundTreeWalker
    {
        public readonly List<string> Calls = new();
        protected override void VisitRuntimeCall(BoundRuntimeCallExpr node)
        {
            if (node.Method.Name is "AppendPacked" or "AppendTo" or "AppendInPlace" or "Concat" or "ToMiloString") Calls.Add(node.Method.Name);
            base.VisitRuntimeCall(node);
        }
    }

    private static List<string> LoweredCalls(string body, string fn = "f")
    {
        var path = Path.Combine(Path.GetTempPath(), "string-append-lowering.milo");
        var program = Compilation.FromText(path, body + "\nfn main(): i32 { return 0 }\n").Analyze()
                      ?? throw new InvalidOperationException("does not compile");
        LocalRewriter.Lower(program);
        var c = new CallCounter();
        c.VisitStmt(program.Functions.Single(f => f.Symbol.Name == fn).Body!);
        return c.Calls;
    }

    [Fact]
    public void ShortLiteralsArePacked()
    {
        Assert.Equal(["AppendPacked", "AppendPacked", "AppendInPlace"],
            LoweredCalls("fn f(): string { var s: string = \"\"\n s = s + \"a\"\n s = s + \"12345678\"\n s = s + \"123456789\"\n return s }"));
    }

    [Fact]
    public void ALeadingFStringFormatsIntoTheTarget()
    {
        // outermost call first: the literal is appended after the f-string was formatted into s
        Assert.Equal(["AppendPacked", "AppendTo"],
            LoweredCalls("fn f(n: i64): string { var s: string = \"\"\n s = s + $\"{n}\" + \"!\"\n return s }"));
        Assert.Equal(["AppendTo"], LoweredCalls("fn f(s: &mut string, n: i64): void { s = s + $\"<{n}>\" }"));
    }

    [Fact]
    public void AnFStringThatCanObserveTheTargetOrFollowsAnotherOperandKeepsTheTemporary()
    {
        Assert.Equal(["AppendInPlace", "ToMiloString"],
            LoweredCalls("fn f(): string { var s: string = \"x\"\n s = s + $\"{s.len}\"\n return s }"));
        Assert.Equal(["AppendInPlace", "AppendInPlace", "ToMiloString"],
            LoweredCalls("fn g(): string { return \"g\" }\nfn f(n: i64): string { var s: string = \"\"\n s = s + g() + $\"{n}\"\n return s }"));
    }
}
