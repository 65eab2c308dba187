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
    private sealed class ClosureTransfer(BoundExpr outer, List<(BoundIntrinsicExpr Wrap, DropCandidate Candidate)> moves)
    {
        public BoundExpr Outer { get; } = outer;
        public List<(BoundIntrinsicExpr Wrap, DropCandidate Candidate)> Moves { get; } = moves;
        /// <summary>`let f = closure`: f, with how often it is read and called and whether a closure captures it.</summary>
        public ClosureLocalUses? Local { get; set; }
    }

    private sealed class ClosureLocalUses
    {
        public int Uses, Calls;
        public bool Captured;
    }

    private readonly List<ClosureTransfer> _closureTransfers = new();
    private readonly Dictionary<BoundExpr, ClosureTransfer> _transferOf = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<VariableSymbol, ClosureLocalUses> _closureLocals = new();
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
        var transfer = new ClosureTransfer(outer, moves);
        _closureTransfers.Add(transfer);
        _transferOf[outer] = transfer;
    }

    /// <summary>`let f = move …` of a transferring closure: from here on, the uses of f decide whether it escapes.</summary>
    private void NoteClosureLocal(BoundLocalDecl decl)
    {
        if (decl.Initializer is not { } init || !_transferOf.TryGetValue(init, out var t) || t.Local != null) return;
        t.Local = _closureLocals[decl.Local] = new ClosureLocalUses();
    }

    protected override void VisitVariable(BoundVariableExpr node)
    {
        if (_closureLocals.Count > 0 && _closureLocals.TryGetValue(node.Variable, out var u)) u.Uses++;
    }

    protected override void VisitClosureCall(BoundClosureCallExpr node)
    {
        if (_closureLocals.Count > 0 && node.Callee is BoundVariableExpr cv && _closureLocals.TryGetValue(cv.Variable, out var u)) u.Calls++;
        base.VisitClosureCall(node);
    }

    /// <summary>A closure (its body is lowered on its own) that captures a closure local makes that one escape.</summary>
    private void NoteCaptures(BoundClosureExpr closure)
    {
        if (_closureLocals.Count == 0) return;
        foreach (var cap in closure.Captures) if (_closureLocals.TryGetValue(cap, out var u)) u.Captured = true;
    }

    /// <summary>
    /// End of a body: a transfer whose closure does not escape is undone (the flag stays set, the function drops the value
    /// at exit); an escaping one keeps clearing the flag. A closure escapes unless it is `let f = closure` with every later
    /// use of f a call `f(…)`.
    /// </summary>
    private void ResolveClosureTransfers()
    {
        foreach (var t in _closureTransfers)
        {
            if (t.Local is not { } f || f.Captured || f.Uses != f.Calls)
                foreach (var (wrap, c) in t.Moves) c.MoveSites.Add(wrap);
            else
                foreach (var (wrap, _) in t.Moves) wrap.Arguments.RemoveAt(1);
        }
    }
}
