using Milo.Compiler.Binding;
using Milo.Compiler.Lowering;
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
        u.Stmt(body);
        return u;
    }

    private void Stmt(BoundStmt s)
    {
        switch (s)
        {
            case BoundBlock b: foreach (var x in b.Statements) Stmt(x); break;
            case BoundLocalDecl d:
                if (!d.Local.IsTemporary && d.Initializer != null) Declarations.Add((d.Local, d));
                if (d.Initializer != null) { Expr(d.Initializer); Move(d.Initializer); }
                break;
            case BoundAssign a:
                if (a.Target is not BoundVariableExpr) Expr(a.Target);
                Expr(a.Value); Move(a.Value);
                break;
            case BoundExprStmt e:
                if (e.Expression.Type is EnumType { MiloName: "Result" or "Option" }) DiscardedResults.Add(e);
                Expr(e.Expression);
                break;
            case BoundIf i: Expr(i.Condition); Stmt(i.Then); if (i.Else != null) Stmt(i.Else); break;
            case BoundWhile w: Expr(w.Condition); Stmt(w.Body); break;
            case BoundForRange f: Expr(f.Start); Expr(f.End); Stmt(f.Body); break;
            case BoundForEach f: Expr(f.Collection); Stmt(f.Body); break;
            case BoundReturn r: if (r.Value != null) { Expr(r.Value); Move(r.Value); } break;
            case BoundMatch m:
                Expr(m.Subject); Move(m.Subject);
                foreach (var arm in m.Arms) Stmt(arm.Body);
                break;
            case BoundParallel p:
                foreach (var (local, branch) in p.Bindings) { Declarations.Add((local, p)); Expr(branch); }
                break;
            case BoundBreak or BoundContinue or BoundRangeCheck or BoundDropLocal:
                break;   // no operands the source wrote (a range check or drop is compiler bookkeeping, not a read)
            default:
                // A statement kind added later: at least see every expression in it (reads), never miss one.
                BoundTreeShape.Walk(s, n =>
                {
                    if (ReferenceEquals(n, s)) return true;
                    if (n is BoundExpr e) Expr(e); else if (n is BoundStmt x) Stmt(x);
                    return false;
                });
                break;
        }
    }

    private void Expr(BoundExpr e)
    {
        switch (e)
        {
            case BoundVariableExpr v: Read.Add(v.Variable); return;
            case BoundClosureExpr c:
                if (c.Function.Body != null) Stmt(c.Function.Body);
                return;
            case BoundCallExpr call:
                for (int i = 0; i < call.Arguments.Count; i++)
                    if (i >= call.Function.Parameters.Count || call.Function.Parameters[i].Type is not RefType) Move(call.Arguments[i]);
                break;
            case BoundClosureCallExpr cc when cc.Callee.Type is FunctionType ft:
                for (int i = 0; i < cc.Arguments.Count && i < ft.Parameters.Count; i++)
                    if (ft.Parameters[i] is not RefType) Move(cc.Arguments[i]);
                break;
            case BoundInterfaceCallExpr ic:
                for (int i = 0; i < ic.Arguments.Count && i < ic.Method.Parameters.Count; i++)
                    if (ic.Method.Parameters[i] is not RefType) Move(ic.Arguments[i]);
                break;
            case BoundRuntimeCallExpr rc when StoringRuntimeMethods.Contains(rc.Method.Name):
                foreach (var a in rc.Arguments) Move(a);
                break;
            case BoundStructLiteralExpr sl: foreach (var (_, v) in sl.Fields) Move(v); break;
            case BoundEnumExpr en: foreach (var a in en.Arguments) Move(a); break;
            case BoundArrayLiteralExpr al: foreach (var a in al.Elements) Move(a); break;
            case BoundArrayRepeatExpr ar: Move(ar.Value); break;
            case BoundHeapExpr h: Move(h.Value); break;
        }
        // Operands; a `?`'s early-exit drops are compiler-generated and not visited.
        foreach (var c in BoundTreeShape.Children(e)) Expr(c);
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
