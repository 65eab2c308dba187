using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;

namespace Milo.Compiler.Analysis;

/// <summary>
/// What one function body (closures included) does with its variables, read off the bound tree: which are read, which
/// are moved somewhere, where each local is declared, and which expression statements discard an Option/Result.
/// A read is any use of the variable except as the whole target of an assignment (`x = v` writes x; `x.f = v`,
/// `x[i] = v` and `x = x + 1` read it). Compiler temporaries are ignored.
/// </summary>
internal sealed class VariableUse
{
    public HashSet<VariableSymbol> Read { get; } = new();
    public HashSet<VariableSymbol> Moved { get; } = new();
    /// <summary>Source declarations of the body's locals (`let`/`var` and `parallel` bindings) by symbol.</summary>
    public List<(LocalSymbol Local, BoundNode Declaration)> Declarations { get; } = new();
    public List<BoundExprStmt> DiscardedResults { get; } = new();

    /// <summary>Runtime methods that store (take ownership of) their arguments; every other runtime call only looks at them.</summary>
    private static readonly HashSet<string> StoringRuntimeMethods = new(StringComparer.Ordinal)
    {
        "Push", "Insert", "Replace", "Set", "Send", "TrySend",
    };

    public static VariableUse Of(BoundBlock body)
    {
        var u = new VariableUse();
        new Collector(u).VisitStmt(body);
        return u;
    }

    /// <summary>The walk: statements and expressions that read, move or declare; everything else just descends.</summary>
    private sealed class Collector(VariableUse u) : BoundTreeWalker
    {
        protected override void VisitLocalDecl(BoundLocalDecl d)
        {
            if (!d.Local.IsTemporary && d.Initializer != null) u.Declarations.Add((d.Local, d));
            if (d.Initializer != null) { VisitExpr(d.Initializer); u.Move(d.Initializer); }
        }

        protected override void VisitAssign(BoundAssign a)
        {
            if (a.Target is not BoundVariableExpr) VisitExpr(a.Target);
            VisitExpr(a.Value); u.Move(a.Value);
        }

        protected override void VisitExprStmt(BoundExprStmt e)
        {
            if (e.Expression.Type is EnumType { MiloName: "Result" or "Option" }) u.DiscardedResults.Add(e);
            VisitExpr(e.Expression);
        }

        protected override void VisitReturn(BoundReturn r)
        {
            if (r.Value != null) { VisitExpr(r.Value); u.Move(r.Value); }
        }

        protected override void VisitMatch(BoundMatch m)
        {
            VisitExpr(m.Subject); u.Move(m.Subject);
            foreach (var arm in m.Arms) VisitStmt(arm.Body);
        }

        protected override void VisitParallel(BoundParallel p)
        {
            foreach (var (local, branch) in p.Bindings) { u.Declarations.Add((local, p)); VisitExpr(branch); }
        }

        // a range check or drop is compiler bookkeeping, not a read
        protected override void VisitRangeCheck(BoundRangeCheck node) { }
        protected override void VisitDropLocal(BoundDropLocal node) { }

        protected override void VisitVariable(BoundVariableExpr v) => u.Read.Add(v.Variable);

        protected override void VisitClosure(BoundClosureExpr c) => VisitClosureBody(c);

        protected override void VisitCall(BoundCallExpr call)
        {
            for (int i = 0; i < call.Arguments.Count; i++)
                if (i >= call.Function.Parameters.Count || call.Function.Parameters[i].Type is not RefType) u.Move(call.Arguments[i]);
            base.VisitCall(call);
        }

        protected override void VisitClosureCall(BoundClosureCallExpr cc)
        {
            if (cc.Callee.Type is FunctionType ft)
                for (int i = 0; i < cc.Arguments.Count && i < ft.Parameters.Count; i++)
                    if (ft.Parameters[i] is not RefType) u.Move(cc.Arguments[i]);
            base.VisitClosureCall(cc);
        }

        protected override void VisitInterfaceCall(BoundInterfaceCallExpr ic)
        {
            for (int i = 0; i < ic.Arguments.Count && i < ic.Method.Parameters.Count; i++)
                if (ic.Method.Parameters[i] is not RefType) u.Move(ic.Arguments[i]);
            base.VisitInterfaceCall(ic);
        }

        protected override void VisitRuntimeCall(BoundRuntimeCallExpr rc)
        {
            if (StoringRuntimeMethods.Contains(rc.Method.Name)) foreach (var a in rc.Arguments) u.Move(a);
            base.VisitRuntimeCall(rc);
        }

        protected override void VisitStructLiteral(BoundStructLiteralExpr sl) { foreach (var (_, v) in sl.Fields) u.Move(v); base.VisitStructLiteral(sl); }
        protected override void VisitEnum(BoundEnumExpr en) { foreach (var a in en.Arguments) u.Move(a); base.VisitEnum(en); }
        protected override void VisitArrayLiteral(BoundArrayLiteralExpr al) { foreach (var a in al.Elements) u.Move(a); base.VisitArrayLiteral(al); }
        protected override void VisitArrayRepeat(BoundArrayRepeatExpr ar) { u.Move(ar.Value); base.VisitArrayRepeat(ar); }
        protected override void VisitHeap(BoundHeapExpr h) { u.Move(h.Value); base.VisitHeap(h); }
        // a `?`'s early-exit drops are compiler-generated and not visited (they are not children)
    }

    /// <summary>A value in a position that takes ownership: a whole variable there is moved.</summary>
    private void Move(BoundExpr e)
    {
        while (true)
        {
            switch (e)
            {
                case BoundIntrinsicExpr { Kind: IntrinsicKind.MoveOut } mo: e = mo.Arguments[0]; continue;
                case BoundInterfaceBoxExpr box: e = box.Value; continue;
                case BoundVariableExpr v: Moved.Add(v.Variable); return;
                default: return;
            }
        }
    }
}
