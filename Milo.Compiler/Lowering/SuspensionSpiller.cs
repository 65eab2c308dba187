using Milo.Compiler.Binding;
using Milo.Compiler.Diagnostics;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Lowering;

/// <summary>
/// Spilling for green threads (step 2 of <see cref="GreenLowering"/>): in a suspending body, every suspension point is
/// moved to statement level (`let tmp = call(...)`, `call(...)`, `return call(...)`, conditions), with operands evaluated
/// before it spilled to temporaries, so that the evaluation stack is empty wherever the state machine may return to the
/// scheduler. Statements here; expressions in SuspensionSpiller.Expressions.cs.
/// </summary>
internal sealed partial class SuspensionSpiller(GreenThreadFacts info, DiagnosticBag diagnostics)
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
                Assign(a, o);
                return;
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
            case BoundWhile w: While(w, o); return;
            case BoundForRange f: ForRange(f, o); return;
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

    /// <summary>`place = value`: the place's operands (index, receiver) are spilled too when they suspend.</summary>
    private void Assign(BoundAssign a, List<BoundStmt> o)
    {
        var target = a.Target;
        if (info.ContainsSuspend(target))
        {
            var kids = BoundTreeShape.Children(target).Select(k => Expr(k, o, top: false)).ToList();
            target = BoundTreeShape.With(target, kids);
        }
        o.Add(new BoundAssign(a.Location, target, Expr(a.Value, o, top: false)));
    }

    /// <summary>while c { B }  →  while true { pre; if c' {} else { break }; B } when c suspends.</summary>
    private void While(BoundWhile w, List<BoundStmt> o)
    {
        var body = Block(w.Body);
        if (!info.ContainsSuspend(w.Condition)) { o.Add(new BoundWhile(w.Location, w.Condition, body)); return; }
        var inner = new List<BoundStmt>();
        var cond = Expr(w.Condition, inner, top: true);
        inner.Add(new BoundIf(w.Location, cond, new BoundBlock(w.Location, new()), new BoundBreak(w.Location)));
        inner.AddRange(body.Statements);
        o.Add(new BoundWhile(w.Location, new BoundLiteralExpr(w.Location, TypeFactory.Bool, true), new BoundBlock(w.Location, inner)));
    }

    /// <summary>`for v in a..b`: bounds evaluated once, in order, before the loop.</summary>
    private void ForRange(BoundForRange f, List<BoundStmt> o)
    {
        var start = f.Start; var end = f.End;
        if (info.ContainsSuspend(end)) { start = ToTemp(Expr(start, o, false), o); end = Expr(end, o, false); }
        else if (info.ContainsSuspend(start)) start = Expr(start, o, false);
        o.Add(new BoundForRange(f.Location, f.Variable, start, end, Block(f.Body)));
    }
}
