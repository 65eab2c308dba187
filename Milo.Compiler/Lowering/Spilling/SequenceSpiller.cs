using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Compiler.Text;

namespace Milo.Compiler.Lowering;

/// <summary>
/// Spilling of sequences that may return early (Roslyn's SpillSequenceSpiller), the last step of
/// <see cref="LocalRewriter"/> for every body: a lowered `?` is a <see cref="BoundSequenceExpr"/> whose statements may
/// `return`, and IL requires an empty evaluation stack at a `ret`. So no such sequence is left inside an expression:
/// its statements are hoisted in front of the statement that contains it, and every operand evaluated before it
/// (earlier arguments, a call's receiver, a builder chain, the left side of an operator) goes first into a
/// `let $spN = …` temporary — or, when the operand is used by address (a `&amp;mut` argument, an indexed receiver, a
/// mutated runtime receiver), stays the same place with only its index and pointer operands spilled. A sequence under a
/// `&amp;&amp;`/`||` right side or a conditional branch becomes an `if`; one in a `while` condition moves into the loop
/// body. Statements in this file; expressions in SequenceSpiller.Expressions.cs. The emitter throws on a returning
/// sequence it still meets (FunctionEmitter.EmitSequence).
/// </summary>
internal sealed partial class SequenceSpiller
{
    private int _temps;
    /// <summary>Whether a node's evaluation may return early, per node (memoized: the queries repeat down a spill path).</summary>
    private readonly Dictionary<BoundNode, bool> _returns = new(ReferenceEqualityComparer.Instance);

    private SequenceSpiller() { }

    /// <summary><paramref name="body"/> with no returning sequence left inside an expression (the same block when there was none).</summary>
    public static BoundBlock Spill(BoundBlock body)
    {
        if (!AnyReturningSequence(body)) return body;
        return new SequenceSpiller().Block(body);
    }

    /// <summary>Whether a returning sequence occurs anywhere under <paramref name="root"/> (closure bodies excluded).
    /// Iterative: a lowered format string is a chain of appends as long as the string has parts.</summary>
    internal static bool AnyReturningSequence(BoundNode root) =>
        BoundTreeShape.AnyNode(root, n => n is BoundSequenceExpr { MayReturn: true });

    private bool Returns(BoundNode n)
    {
        if (_returns.TryGetValue(n, out var r)) return r;
        r = n is BoundSequenceExpr { MayReturn: true } || BoundTreeShape.ChildNodes(n).Any(Returns);
        _returns[n] = r;
        return r;
    }

    private BoundBlock Block(BoundBlock b)
    {
        List<BoundStmt>? list = null;
        for (int i = 0; i < b.Statements.Count; i++)
        {
            var s = b.Statements[i];
            if (list == null && !Returns(s)) continue;
            list ??= b.Statements.Take(i).ToList();
            list.Add(Single(s));
        }
        return list == null ? b : new BoundBlock(b.Location, list);
    }

    /// <summary>
    /// A statement with its hoisted statements, together in a block of their own when there are any: blocks are not
    /// scopes (a `let` in it stays visible after it), but the temporaries' uses then share that block, so in a green
    /// thread's MoveNext they stay IL locals unless the statement itself suspends (StateMachineRewriter/HoistedLocals).
    /// </summary>
    private BoundStmt Single(BoundStmt s)
    {
        if (!Returns(s)) return s;
        if (s is BoundBlock b) return Block(b);
        var list = new List<BoundStmt>();
        Stmt(s, list);
        return list.Count == 1 ? list[0] : new BoundBlock(s.Location, list);
    }

    /// <summary>Appends to <paramref name="o"/> the statements that run <paramref name="s"/> with its returning sequences hoisted.</summary>
    private void Stmt(BoundStmt s, List<BoundStmt> o)
    {
        if (!Returns(s)) { o.Add(s); return; }
        switch (s)
        {
            case BoundBlock b: o.Add(Block(b)); return;
            case BoundLocalDecl d:
                o.Add(new BoundLocalDecl(d.Location, d.Local, Value(d.Initializer!, o)) { Owner = d.Owner });
                return;
            case BoundAssign a: Assign(a, o); return;
            case BoundExprStmt e: o.Add(new BoundExprStmt(e.Location, Value(e.Expression, o))); return;
            case BoundReturn r: o.Add(new BoundReturn(r.Location, Value(r.Value!, o)) { Exit = r.Exit }); return;
            case BoundIf i:
                o.Add(new BoundIf(i.Location, Value(i.Condition, o), Single(i.Then), i.Else == null ? null : Single(i.Else)));
                return;
            case BoundWhile w: While(w, o); return;
            default: throw BoundTreeShape.UnknownKind(s);
        }
    }

    /// <summary>
    /// `place = value`: the value's sequences are hoisted and, unless the place is a variable, the value is computed
    /// before the place's index and receiver (the emitter's order for a value that may return early).
    /// </summary>
    private void Assign(BoundAssign a, List<BoundStmt> o)
    {
        var target = Returns(a.Target) ? Value(a.Target, o) : a.Target;
        var value = a.Value;
        if (Returns(value))
        {
            value = Value(value, o);
            if (target is not BoundVariableExpr && !IsStable(value)) value = ToTemp(value, o);
        }
        o.Add(new BoundAssign(a.Location, target, value) { OldValueMaybeMoved = a.OldValueMaybeMoved });
    }

    /// <summary>`while c { B } step S` with c returning early → `while true { pre(c); if c' {} else { break }; B } step S`.</summary>
    private void While(BoundWhile w, List<BoundStmt> o)
    {
        var body = Block(w.Body);
        var step = w.Step == null ? null : Single(w.Step);
        if (!Returns(w.Condition)) { o.Add(new BoundWhile(w.Location, w.Condition, body, step)); return; }
        var loc = w.Location;
        var inner = new List<BoundStmt>();
        var cond = Value(w.Condition, inner);
        inner.Add(new BoundIf(loc, cond, new BoundBlock(loc, new()), new BoundBreak(loc)));
        inner.AddRange(body.Statements);
        o.Add(new BoundWhile(loc, new BoundLiteralExpr(loc, TypeFactory.Bool, true), new BoundBlock(loc, inner), step));
    }

    // ------------------------------------------------------------------ temporaries

    private LocalSymbol NewTemp(MiloType t) => new("$sp" + (++_temps), t is RefType r ? r.Inner : t, true) { IsTemporary = true };

    private static BoundVariableExpr Read(LocalSymbol l, Location loc) => new(loc, l, l.Type);

    /// <summary>`let $spN = e` before the statement; the read of $spN in its place (a literal or void value stays).</summary>
    private BoundExpr ToTemp(BoundExpr e, List<BoundStmt> o)
    {
        if (e is BoundLiteralExpr or BoundStringLiteralExpr || e.Type.IsVoid) return e;
        var t = NewTemp(e.Type);
        o.Add(new BoundLocalDecl(e.Location, t, e));
        return Read(t, e.Location);
    }
}
