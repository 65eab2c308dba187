using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;

namespace Milo.Compiler.Lowering;

/// <summary>
/// Drops of values captured by a `move` closure (docs/ownership.md). The docs: "the value moves into the closure and the
/// original is gone"; the closure is "self-contained — safe to return from functions, store in structs, or send to
/// another thread". So a droppable owned variable captured by a move closure that ESCAPES its function (returned, stored,
/// passed on, captured by another closure) is no longer dropped by that function: its drop flag is cleared where the
/// closure is created (the binder's <see cref="IntrinsicKind.MoveOut"/> wrappers around the closure get the flag).
/// Closures are plain copyable values without drop glue, so the closure's copy is never dropped (a leak, like a value kept
/// alive by a task) — never too early. A closure that does not escape — `let f = move …` with `f` only ever called —
/// keeps the reference's behaviour: the captured value is dropped at function exit, when the closure dies too.
/// Either way the captured variable is not statically owned at later exits (its flag decides).
/// </summary>
internal sealed partial class DropInsertion
{
    private sealed record ClosureTransfer(BoundExpr Outer, List<(BoundIntrinsicExpr Wrap, DropCandidate Candidate)> Moves);

    private readonly List<ClosureTransfer> _closureTransfers = new();
    private readonly HashSet<VariableSymbol> _transferredToClosure = new();

    /// <summary>
    /// `MoveOut(…MoveOut(closure))`: one wrapper per captured owned droppable variable, innermost first in capture order.
    /// </summary>
    private void VisitMoveClosure(BoundIntrinsicExpr outer)
    {
        var wraps = new List<BoundIntrinsicExpr>();
        BoundExpr e = outer;
        while (e is BoundIntrinsicExpr { Kind: IntrinsicKind.MoveOut, Arguments.Count: 1 } w) { wraps.Add(w); e = w.Arguments[0]; }
        if (e is not BoundClosureExpr closure)
            throw new InvalidOperationException("DropInsertion: a moving read of a variable that owns nothing droppable");
        VisitClosure(closure);
        wraps.Reverse();
        var moves = new List<(BoundIntrinsicExpr, DropCandidate)>();
        foreach (var v in closure.Captures)
        {
            if (!_byVar.TryGetValue(v, out var c)) continue;
            var wrap = wraps[moves.Count];
            wrap.Arguments.Add(ReadVar(c.Flag, closure.Location));
            moves.Add((wrap, c));
            _transferredToClosure.Add(v);
        }
        if (moves.Count != wraps.Count) throw new InvalidOperationException("DropInsertion: move-closure wrappers do not match its owned captures");
        _closureTransfers.Add(new ClosureTransfer(outer, moves));
    }

    /// <summary>
    /// End of a body: a transfer whose closure does not escape is undone (the flag stays set, the function drops the value
    /// at exit); an escaping one keeps clearing the flag.
    /// </summary>
    private void ResolveClosureTransfers(BoundBlock body)
    {
        if (_closureTransfers.Count == 0) return;
        var escaping = Escaping(body);
        foreach (var t in _closureTransfers)
        {
            if (escaping.Contains(t.Outer))
                foreach (var (wrap, c) in t.Moves) c.MoveSites.Add(wrap);
            else
                foreach (var (wrap, _) in t.Moves) wrap.Arguments.RemoveAt(1);
        }
    }

    /// <summary>One use count per closure local: `let f = closure`, how often f is read, how often called, whether captured.</summary>
    private sealed class ClosureLocalUses
    {
        public int Uses, Calls;
        public bool Captured;
    }

    /// <summary>
    /// The transferred closure values that can outlive the body: all but those of a `let f = closure` with every later use
    /// of `f` a call `f(…)`. One pre-order walk: a closure local is declared before its uses.
    /// </summary>
    private HashSet<BoundExpr> Escaping(BoundBlock body)
    {
        var outers = new HashSet<BoundExpr>(_closureTransfers.Select(t => t.Outer), ReferenceEqualityComparer.Instance);
        var localOf = new Dictionary<BoundExpr, LocalSymbol>(ReferenceEqualityComparer.Instance);
        var uses = new Dictionary<VariableSymbol, ClosureLocalUses>();
        BoundTreeShape.Walk(body, n =>
        {
            switch (n)
            {
                case BoundLocalDecl { Initializer: { } init } d when outers.Contains(init) && !localOf.ContainsKey(init):
                    localOf[init] = d.Local;
                    uses[d.Local] = new ClosureLocalUses();
                    break;
                case BoundVariableExpr ve when uses.TryGetValue(ve.Variable, out var u): u.Uses++; break;
                case BoundClosureCallExpr { Callee: BoundVariableExpr cv } when uses.TryGetValue(cv.Variable, out var u): u.Calls++; break;
                case BoundClosureExpr ce when uses.Count > 0:
                    foreach (var cap in ce.Captures) if (uses.TryGetValue(cap, out var u)) u.Captured = true;
                    break;
            }
            return true;
        });
        var escaping = new HashSet<BoundExpr>(ReferenceEqualityComparer.Instance);
        foreach (var outer in outers)
            if (!localOf.TryGetValue(outer, out var f) || uses[f] is { } u && (u.Captured || u.Uses != u.Calls)) escaping.Add(outer);
        return escaping;
    }
}
