using Milo.Compiler.Binding;
using Milo.Compiler.Diagnostics;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Lowering;

/// <summary>Spilling inside expressions: operands before the last suspending one go to temporaries; `&amp;&amp;`/`||` with a
/// suspending right side become an `if`.</summary>
internal sealed partial class SuspensionSpiller
{
    private BoundExpr ToTemp(BoundExpr e, List<BoundStmt> o)
    {
        if (e is BoundLiteralExpr or BoundStringLiteralExpr || e.Type.IsVoid) return e;
        var t = Temp(e.Type);
        o.Add(new BoundLocalDecl(e.Location, t, e));
        return Read(t, e.Location);
    }

    /// <summary>
    /// Rewrites <paramref name="e"/> so that statements added to <paramref name="o"/> followed by the result evaluate
    /// the same, with suspension points only at the root (when <paramref name="top"/>) or not at all.
    /// </summary>
    private BoundExpr Expr(BoundExpr e, List<BoundStmt> o, bool top)
    {
        if (!info.ContainsSuspend(e)) return e;
        if (e is BoundBinaryExpr { Op: BinaryOp.And or BinaryOp.Or } b && info.ContainsSuspend(b.Right))
        {
            // a && b  →  var t = a; if t { pre(b); t = b' }      a || b  →  var t = a; if t {} else { pre(b); t = b' }
            var t = Temp(TypeFactory.Bool);
            o.Add(new BoundLocalDecl(b.Location, t, Expr(b.Left, o, false)));
            var inner = new List<BoundStmt>();
            var r = Expr(b.Right, inner, false);
            inner.Add(new BoundAssign(b.Location, Read(t, b.Location), r));
            var blk = new BoundBlock(b.Location, inner);
            var empty = new BoundBlock(b.Location, new());
            o.Add(b.Op == BinaryOp.And
                ? new BoundIf(b.Location, Read(t, b.Location), blk, null)
                : new BoundIf(b.Location, Read(t, b.Location), empty, blk));
            return Read(t, b.Location);
        }
        if (e is BoundCoalesceExpr co && info.ContainsSuspend(co.Right))
        {
            diagnostics.Report(co.Location, Errors.SuspendingCallInCoalesce.With());
            return e;
        }
        var kids = BoundTreeShape.Children(e);
        int last = kids.FindLastIndex(info.ContainsSuspend);
        var nk = new List<BoundExpr>(kids.Count);
        for (int i = 0; i < kids.Count; i++)
        {
            if (i < last) nk.Add(IsStable(kids[i]) ? kids[i] : ToTemp(Expr(kids[i], o, false), o));
            else if (i == last) nk.Add(Expr(kids[i], o, false));
            else nk.Add(kids[i]);
        }
        var ne = BoundTreeShape.With(e, nk);
        if (!info.IsSuspendPoint(ne) || top) return ne;
        return ToTemp(ne, o);
    }

    /// <summary>Operands that can be re-read after a suspension without changing meaning (or must stay lvalues).</summary>
    private static bool IsStable(BoundExpr e) => e is BoundLiteralExpr or BoundStringLiteralExpr or BoundFunctionRefExpr
        || e is BoundVariableExpr;
}
