using System.Reflection;
using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Runtime;

namespace Milo.Compiler.Lowering;

/// <summary>
/// A counted loop that only pushes one invariant plain value onto a Vec — <c>while i &lt; n { v.push(x); i = i + 1 }</c>
/// (or <c>&lt;=</c>, the two statements in either order) and <c>for i in a..b { v.push(x) }</c> — becomes one call of
/// <c>MiloVec.PushRangeI64</c> / <c>PushRangeI32</c> in release builds (Milo.Runtime/MiloVec.Fill.cs): a block fill
/// with one growth to the capacity the pushes would have reached. Each <c>push</c> in the loop stored the Vec's count
/// and reloaded it in the next iteration (RyuJIT/ILC keep heap fields in memory), about 3 ns per element; clang keeps
/// the reference's length in a register. Only where nothing can tell the difference: the counter is a plain i32/i64
/// local (the for-range variable, or a while counter stepped by 1 and compared with a literal or another plain local),
/// the Vec a local or by-value parameter of type <c>Vec&lt;P&gt;</c> with P a plain number or bool, the pushed value a
/// literal, a cast of one, or a plain local other than the counter — evaluated only when the loop runs at least once,
/// as before. The while form keeps its condition as an <c>if</c> and assigns the counter its final value.
/// </summary>
internal static class VecFillLoops
{
    private static readonly MethodInfo RangeI64 = typeof(MiloVec<>).GetMethod(nameof(MiloVec<int>.PushRangeI64))!;
    private static readonly MethodInfo RangeI32 = typeof(MiloVec<>).GetMethod(nameof(MiloVec<int>.PushRangeI32))!;

    public static void Run(BoundProgram program)
    {
        if (program.Debug) return;
        new Rewriter().RewriteBodies(program);
    }

    private sealed class Rewriter : FunctionBodyRewriter
    {
        protected override BoundStmt RewriteWhile(BoundWhile node)
        {
            if (node.Step == null && node.Condition is BoundBinaryExpr { Op: BinaryOp.Lt or BinaryOp.Le } cond
                && cond.Left is BoundVariableExpr { Variable: var counter } && PlainCounter(counter) is { } ct
                && IsInvariantOperand(cond.Right, ct, counter) && node.Body.Statements.Count == 2)
            {
                var (s0, s1) = (node.Body.Statements[0], node.Body.Statements[1]);
                var push = Push(s0, counter) ?? Push(s1, counter);
                var step = IsIncrement(s0, counter) ? s0 : IsIncrement(s1, counter) ? s1 : null;
                if (push != null && step != null && !ReferenceEquals(push.Value.Stmt, step))
                {
                    var loc = node.Location;
                    var call = Call(push.Value, ct, Copy(cond.Left), Copy(cond.Right), cond.Op == BinaryOp.Le, loc);
                    var assign = new BoundAssign(loc, new BoundVariableExpr(loc, counter, counter.Type), call);
                    return new BoundIf(loc, cond, new BoundBlock(loc, new List<BoundStmt> { assign }), null);
                }
            }
            return base.RewriteWhile(node);
        }

        protected override BoundStmt RewriteForRange(BoundForRange node)
        {
            if (PlainCounter(node.Variable) is { } ct && node.Body.Statements.Count == 1
                && ReferenceEquals(node.Start.Type.StripRange(), ct) && ReferenceEquals(node.End.Type.StripRange(), ct)
                && Push(node.Body.Statements[0], node.Variable) is { } push)
            {
                // bounds evaluated once, start first, as the loop does; the value only when the range is not empty
                var loc = node.Location;
                var start = new LocalSymbol("$fillStart", ct, false) { IsTemporary = true };
                var end = new LocalSymbol("$fillEnd", ct, false) { IsTemporary = true };
                BoundExpr Read(LocalSymbol s) => new BoundVariableExpr(loc, s, ct);
                var call = Call(push, ct, Read(start), Read(end), inclusive: false, loc);
                var nonEmpty = new BoundBinaryExpr(loc, BinaryOp.Lt, Read(start), Read(end), TypeFactory.Bool, false);
                return new BoundBlock(loc, new List<BoundStmt>
                {
                    new BoundLocalDecl(loc, start, node.Start),
                    new BoundLocalDecl(loc, end, node.End),
                    new BoundIf(loc, nonEmpty, new BoundBlock(loc, new List<BoundStmt> { new BoundExprStmt(loc, call) }), null),
                });
            }
            return base.RewriteForRange(node);
        }

        private static BoundExpr Call((BoundStmt Stmt, BoundVariableExpr Vec, BoundExpr Value) push, PrimitiveType ct,
            BoundExpr from, BoundExpr limit, bool inclusive, Text.Location loc)
        {
            var method = ct.Kind == PrimitiveKind.I64 ? RangeI64 : RangeI32;
            var args = new List<BoundExpr> { push.Value, from, limit, new BoundLiteralExpr(loc, TypeFactory.Bool, inclusive) };
            return new BoundRuntimeCallExpr(loc, method, push.Vec.Type, push.Vec, args, ct);
        }
    }

    /// <summary>An unranged i32/i64 local that no closure shares.</summary>
    private static PrimitiveType? PlainCounter(VariableSymbol v) =>
        v is LocalSymbol && !v.IsCapturedByReference && v.Type is PrimitiveType { Kind: PrimitiveKind.I32 or PrimitiveKind.I64 } p
        && ReferenceEquals(p.StripRange(), p) ? p : null;

    /// <summary><c>v.push(x)</c> on a plain Vec variable with an invariant plain value that does not read the counter.</summary>
    private static (BoundStmt Stmt, BoundVariableExpr Vec, BoundExpr Value)? Push(BoundStmt s, VariableSymbol counter)
    {
        if (s is not BoundExprStmt { Expression: BoundRuntimeCallExpr call } || call.Method.Name != nameof(MiloVec<int>.Push)
            || call.Method.DeclaringType is not { IsGenericType: true } dt || dt.GetGenericTypeDefinition() != typeof(MiloVec<>))
            return null;
        if (call.Receiver is not BoundVariableExpr { Variable: var vec } recv || vec.IsCapturedByReference || vec.IsElementView
            || vec.Type is not VecType { Element: PrimitiveType el } || ReferenceEquals(vec, counter)
            || el.Kind == PrimitiveKind.Void || !ReferenceEquals(el.StripRange(), el) || call.Arguments.Count != 1)
            return null;
        var value = call.Arguments[0];
        bool invariant = value switch
        {
            BoundLiteralExpr => true,
            BoundCastExpr { Operand: BoundLiteralExpr } => true,
            BoundVariableExpr { Variable: var x } => !ReferenceEquals(x, counter) && !ReferenceEquals(x, vec) && !x.IsCapturedByReference,
            _ => false,
        };
        return invariant && value.Type is PrimitiveType ? (s, recv, value) : null;
    }

    /// <summary><c>i = i + 1</c> (wrapping: release builds).</summary>
    private static bool IsIncrement(BoundStmt s, VariableSymbol counter) =>
        s is BoundAssign { Target: BoundVariableExpr { Variable: var t }, Value: BoundBinaryExpr { Op: BinaryOp.Add, Checked: false } add }
        && ReferenceEquals(t, counter) && add.Left is BoundVariableExpr { Variable: var l } && ReferenceEquals(l, counter)
        && add.Right is BoundLiteralExpr { Value: long or int } one && Convert.ToInt64(one.Value) == 1
        && ReferenceEquals(add.Type, counter.Type);

    /// <summary>The loop bound: a literal or a plain local other than the counter, of the counter's type.</summary>
    private static bool IsInvariantOperand(BoundExpr e, PrimitiveType ct, VariableSymbol counter) =>
        ReferenceEquals(e.Type, ct) && e switch
        {
            BoundLiteralExpr => true,
            BoundVariableExpr { Variable: var x } => !ReferenceEquals(x, counter) && !x.IsCapturedByReference && x.Type is PrimitiveType,
            _ => false,
        };

    /// <summary>A second node for an operand the condition keeps (a literal or a variable read).</summary>
    private static BoundExpr Copy(BoundExpr e) => e switch
    {
        BoundLiteralExpr l => new BoundLiteralExpr(l.Location, l.Type, l.Value),
        BoundVariableExpr v => new BoundVariableExpr(v.Location, v.Variable, v.Type),
        _ => throw new InvalidOperationException("VecFillLoops: operand is not a literal or variable"),
    };
}
