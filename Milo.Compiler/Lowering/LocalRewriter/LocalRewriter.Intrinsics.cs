using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Runtime;

namespace Milo.Compiler.Lowering;

/// <summary>
/// Built-ins that are rewrites rather than core operations: `max`/`min` (each operand evaluated once, then a
/// conditional) and `exit` (the runtime's exit, whose returned exception is thrown, so the JIT sees the call as a dead
/// end). The other intrinsics stay in the emitter: a couple of instructions each, or a helper chosen per type.
/// </summary>
internal sealed partial class LocalRewriter
{
    private static readonly System.Reflection.MethodInfo ExitMethod = typeof(MiloProcess).GetMethod(nameof(MiloProcess.Exit), [typeof(int)])!;

    protected override BoundExpr RewriteIntrinsic(BoundIntrinsicExpr node) => node.Kind switch
    {
        IntrinsicKind.Max or IntrinsicKind.Min => MinMax(node),
        IntrinsicKind.Exit => Exit(node),
        _ => base.RewriteIntrinsic(node),
    };

    /// <summary>
    /// `max(a, b)` → <c>{ let $a = a; let $b = b } yields ($a &lt; $b ? $b : $a)</c>; `min` tests `$a &gt; $b`. The
    /// emitter branches on the comparison directly (FunctionEmitter.EmitConditional).
    /// </summary>
    private BoundExpr MinMax(BoundIntrinsicExpr node)
    {
        var loc = node.Location;
        var t = ValueType(node.Arguments[0].Type);
        var a = NewTemp("a", t);
        var b = NewTemp("b", t);
        var first = new BoundLocalDecl(loc, a, RewriteExpr(node.Arguments[0]));
        var second = new BoundLocalDecl(loc, b, RewriteExpr(node.Arguments[1]));
        var op = node.Kind == IntrinsicKind.Max ? BinaryOp.Lt : BinaryOp.Gt;
        var pick = new BoundConditionalExpr(loc, Binary(loc, op, Read(a, loc), Read(b, loc), TypeFactory.Bool), Read(b, loc), Read(a, loc), node.Type);
        return new BoundSequenceExpr(loc, [first, second], pick, mayReturn: false);
    }

    /// <summary>`exit(code)` (void, Binder.Builtins) → the runtime call; the emitter throws the exception it returns and
    /// converts the code to i32 as for any runtime argument.</summary>
    private BoundExpr Exit(BoundIntrinsicExpr node)
        => new BoundRuntimeCallExpr(node.Location, ExitMethod, null, null, [RewriteExpr(node.Arguments[0])], TypeFactory.Void);
}
