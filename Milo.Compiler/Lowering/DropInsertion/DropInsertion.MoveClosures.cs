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
        foreach (var t in _closureTransfers)
        {
            if (Escapes(body, t.Outer))
                foreach (var (wrap, c) in t.Moves) c.MoveSites.Add(wrap);
            else
                foreach (var (wrap, _) in t.Moves) wrap.Arguments.RemoveAt(1);
        }
    }

    /// <summary>Whether the closure value <paramref name="outer"/> can outlive the body: anything but `let f = closure` with
    /// every later use of `f` a call `f(…)`.</summary>
    private static bool Escapes(BoundBlock body, BoundExpr outer)
    {
        LocalSymbol? f = null;
        BoundTreeShape.Walk(body, n =>
        {
            if (n is BoundLocalDecl d && ReferenceEquals(d.Initializer, outer)) f = d.Local;
            return f == null;
        });
        if (f == null) return true;
        int uses = 0, calls = 0;
        bool captured = false;
        BoundTreeShape.Walk(body, n =>
        {
            switch (n)
            {
                case BoundVariableExpr ve when ReferenceEquals(ve.Variable, f): uses++; break;
                case BoundClosureCallExpr { Callee: BoundVariableExpr cv } when ReferenceEquals(cv.Variable, f): calls++; break;
                case BoundClosureExpr ce when ce.Captures.Contains(f): captured = true; break;
            }
            return true;
        });
        return captured || uses != calls;
    }
}
