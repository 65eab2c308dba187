using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;

namespace Milo.Compiler.Lowering;

/// <summary>
/// A conditional counter, <c>if a &lt; b { n = n + 1 }</c> (or <c>- 1</c>), becomes <c>n = n + (a &lt; b) as T</c> in
/// release builds: the comparison's 0/1 is added instead of branching on it. RyuJIT/ILC do not if-convert inside loops,
/// and a data-dependent branch (counting primes in a sieve, matches in a scan) mispredicts often; clang turns the
/// reference's C into the same select (or vectorises it). Only for a numeric comparison (whose IL result is exactly
/// 0 or 1) guarding a lone assignment of a plain, unranged integer local to itself ± 1, with no else: the condition is
/// evaluated exactly as before, and adding 0 leaves the local unchanged.
/// </summary>
internal static class BranchlessCounters
{
    public static void Run(BoundProgram program)
    {
        if (program.Debug) return;
        new Rewriter().RewriteBodies(program);
    }

    private sealed class Rewriter : FunctionBodyRewriter
    {
        protected override BoundStmt RewriteIf(BoundIf node)
        {
            if (node.Else == null && IsComparison(node.Condition) && Counter(node.Then) is { } a)
            {
                var bin = (BoundBinaryExpr)a.Value;
                var step = new BoundCastExpr(node.Condition.Location, node.Condition, a.Target.Type);
                return new BoundAssign(a.Location, a.Target, new BoundBinaryExpr(bin.Location, bin.Op, bin.Left, step, bin.Type, bin.Checked));
            }
            return base.RewriteIf(node);
        }

        /// <summary><c>n = n + 1</c> / <c>n = n - 1</c> on a plain integer local (alone in a block or bare).</summary>
        private static BoundAssign? Counter(BoundStmt s)
        {
            while (s is BoundBlock { Statements.Count: 1 } b) s = b.Statements[0];
            if (s is not BoundAssign { Target: BoundVariableExpr { Variable: LocalSymbol local } target } a) return null;
            if (local.IsCapturedByReference || target.Type is not PrimitiveType p || !p.Kind.IsInteger() || !ReferenceEquals(p.StripRange(), p))
                return null;
            if (a.Value is not BoundBinaryExpr { Op: BinaryOp.Add or BinaryOp.Sub } bin || !ReferenceEquals(bin.Type, p)) return null;
            if (bin.Left is not BoundVariableExpr { Variable: var v } || !ReferenceEquals(v, local)) return null;
            if (bin.Right is not BoundLiteralExpr { Value: var one } || !IsOne(one)) return null;
            return a;
        }

        private static bool IsOne(object v) => v switch { long l => l == 1, ulong u => u == 1, int i => i == 1, _ => false };

        private static bool IsComparison(BoundExpr e) =>
            e is BoundBinaryExpr { Op: BinaryOp.Eq or BinaryOp.Ne or BinaryOp.Lt or BinaryOp.Le or BinaryOp.Gt or BinaryOp.Ge } b
            && b.Type.IsBool && b.Left.Type.StripRange() is PrimitiveType { IsNumeric: true } && b.Right.Type.StripRange() is PrimitiveType { IsNumeric: true };
    }
}
