using Milo.Compiler.Binding;
using Milo.Compiler.Diagnostics;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Lowering;

/// <summary>
/// Green-thread lowering, run between binding and emission (docs/green-threads.md); the results are stored on the
/// program (<see cref="BoundProgram.Suspension"/>):
/// <list type="number">
/// <item>suspension analysis (<see cref="SuspensionAnalysis"/>) — which functions/closures can suspend;</item>
/// <item>spilling — in every suspending body, each suspension point is moved to statement level
/// (`let tmp = call(...)`, `call(...)`, `return call(...)`, conditions), with operands evaluated before it spilled to
/// temporaries, so that the IL evaluation stack is empty wherever the state machine may return to the scheduler;</item>
/// <item>later, after desugaring (<see cref="LocalRewriter"/>, right before emit), the state machines
/// (<see cref="StateMachineRewriter"/>) — frame fields and a MoveNext body with explicit suspension points; the emitter then compiles each suspending body twice: the plain body as IL, and a frame class
/// whose MoveNext is the rewritten body (Emit/StateMachineEmitter.cs).</item>
/// </list>
/// </summary>
internal static class GreenLowering
{
    public static SuspensionInfo Lower(BoundProgram program, DiagnosticBag diagnostics)
    {
        var info = SuspensionAnalysis.Analyze(program);
        program.Suspension = info;
        foreach (var fn in info.Suspending)
        {
            var f = info.Bodies[fn];
            if (f.Body == null) continue;
            var sp = new Spiller(info, diagnostics);
            f.Body = sp.Block(f.Body);
        }
        return info;
    }

    private sealed class Spiller(SuspensionInfo info, DiagnosticBag diagnostics)
    {
        private int _temps;

        private LocalSymbol Temp(MiloType t) => new("$g" + (++_temps), t is RefType r ? r.Inner : t, true) { IsTemporary = true };

        private static BoundVariableExpr Read(LocalSymbol l, Location loc) => new(loc, l, l.Type);

        public BoundBlock Block(BoundBlock b)
        {
            var list = new List<BoundStmt>();
            foreach (var s in b.Statements) Stmt(s, list);
            return new BoundBlock(b.Location, list);
        }

        private BoundStmt Single(BoundStmt s)
        {
            var list = new List<BoundStmt>();
            Stmt(s, list);
            return list.Count == 1 ? list[0] : new BoundBlock(s.Location, list);
        }

        private void Stmt(BoundStmt s, List<BoundStmt> o)
        {
            switch (s)
            {
                case BoundBlock b: o.Add(Block(b)); return;
                case BoundLocalDecl d when d.Initializer != null && info.ContainsSuspend(d.Initializer):
                    o.Add(new BoundLocalDecl(d.Location, d.Local, Expr(d.Initializer, o, top: true)));
                    return;
                case BoundAssign a when info.ContainsSuspend(a.Value) || info.ContainsSuspend(a.Target):
                {
                    var target = a.Target;
                    if (info.ContainsSuspend(target))
                    {
                        var kids = BoundTreeShape.Children(target).Select(k => Expr(k, o, top: false)).ToList();
                        target = BoundTreeShape.With(target, kids);
                    }
                    o.Add(new BoundAssign(a.Location, target, Expr(a.Value, o, top: false)));
                    return;
                }
                case BoundExprStmt e when info.ContainsSuspend(e.Expression):
                    o.Add(new BoundExprStmt(e.Location, Expr(e.Expression, o, top: true)));
                    return;
                case BoundReturn r when r.Value != null && info.ContainsSuspend(r.Value):
                    o.Add(new BoundReturn(r.Location, Expr(r.Value, o, top: true)));
                    return;
                case BoundIf i:
                {
                    var cond = info.ContainsSuspend(i.Condition) ? Expr(i.Condition, o, top: true) : i.Condition;
                    o.Add(new BoundIf(i.Location, cond, Single(i.Then), i.Else == null ? null : Single(i.Else)));
                    return;
                }
                case BoundWhile w:
                {
                    var body = Block(w.Body);
                    if (!info.ContainsSuspend(w.Condition)) { o.Add(new BoundWhile(w.Location, w.Condition, body)); return; }
                    // while c { B }  →  while true { pre; if c' {} else { break }; B }
                    var inner = new List<BoundStmt>();
                    var cond = Expr(w.Condition, inner, top: true);
                    inner.Add(new BoundIf(w.Location, cond, new BoundBlock(w.Location, new()), new BoundBreak(w.Location)));
                    inner.AddRange(body.Statements);
                    o.Add(new BoundWhile(w.Location, new BoundLiteralExpr(w.Location, TypeFactory.Bool, true), new BoundBlock(w.Location, inner)));
                    return;
                }
                case BoundForRange f:
                {
                    var start = f.Start; var end = f.End;
                    if (info.ContainsSuspend(end)) { start = ToTemp(Expr(start, o, false), o); end = Expr(end, o, false); }
                    else if (info.ContainsSuspend(start)) start = Expr(start, o, false);
                    o.Add(new BoundForRange(f.Location, f.Variable, start, end, Block(f.Body)));
                    return;
                }
                case BoundForEach f:
                {
                    var coll = info.ContainsSuspend(f.Collection) ? Expr(f.Collection, o, top: true) : f.Collection;
                    o.Add(new BoundForEach(f.Location, f.Kind, f.Index, f.Element, coll, Block(f.Body)));
                    return;
                }
                case BoundMatch m:
                {
                    var subj = info.ContainsSuspend(m.Subject) ? Expr(m.Subject, o, top: true) : m.Subject;
                    o.Add(new BoundMatch(m.Location, subj, m.Arms.Select(a => new BoundMatchArm(a.Pattern, Block(a.Body))).ToList()));
                    return;
                }
                case BoundLocalDecl or BoundAssign or BoundExprStmt or BoundReturn // without a suspension point
                    or BoundBreak or BoundContinue or BoundRangeCheck or BoundDropLocal
                    or BoundParallel: // branches are closures: separate functions, spilled on their own
                    o.Add(s);
                    return;
                default: throw BoundTreeShape.UnknownKind(s);
            }
        }

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
}
