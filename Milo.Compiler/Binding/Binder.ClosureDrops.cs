using Milo.Compiler.Symbols;

namespace Milo.Compiler.Binding;

/// <summary>
/// Drops of values captured by a `move` closure. The docs: "the value moves into the closure and the original is gone";
/// the closure is "self-contained — safe to return from functions, store in structs, or send to another thread". So a
/// droppable local or by-value parameter captured by a move closure that ESCAPES its function (returned, stored, passed
/// on, captured by another closure) is no longer dropped by that function: its drop flag is cleared where the closure is
/// created (an <see cref="IntrinsicKind.MoveOut"/> around the closure). Closures are plain copyable values without drop
/// glue, so the closure's copy is never dropped (a leak, like a value kept alive by a task) — never too early.
/// A closure that does not escape — `let f = move … ` with `f` only ever called — keeps today's behaviour: the captured
/// value is dropped at function exit, when the closure dies too (the reference's output for such programs).
/// Reading the captured variable after the closure stays allowed, as in the reference.
/// </summary>
internal sealed partial class Binder
{
    private sealed record ClosureTransfer(BoundClosureExpr Closure, BoundExpr Outer, List<(BoundIntrinsicExpr Wrap, DropCandidate Candidate)> Moves);

    private readonly Dictionary<FunctionContext, List<ClosureTransfer>> _closureTransfers = new();
    private readonly HashSet<VariableSymbol> _transferredToClosure = new();

    /// <summary>Wraps a move closure so that creating it clears the drop flags of the droppable variables it captures.</summary>
    private BoundExpr TransferMoveCaptures(BoundClosureExpr closure)
    {
        if (!closure.IsMove) return closure;
        BoundExpr result = closure;
        List<(BoundIntrinsicExpr, DropCandidate)>? moves = null;
        foreach (var v in closure.Captures)
        {
            if (!DropSt.ByVar.TryGetValue(v, out var c)) continue;
            var wrap = new BoundIntrinsicExpr(closure.Location, IntrinsicKind.MoveOut, new() { result, ReadVar(c.Flag, closure.Location) }, closure.Type);
            (moves ??= new()).Add((wrap, c));
            _transferredToClosure.Add(v);
            result = wrap;
        }
        if (moves == null) return closure;
        if (!_closureTransfers.TryGetValue(_ctx, out var list)) _closureTransfers[_ctx] = list = new();
        list.Add(new ClosureTransfer(closure, result, moves));
        return result;
    }

    /// <summary>The closure literal under the flag-clearing wrappers of <see cref="TransferMoveCaptures"/>, or null.</summary>
    private static BoundClosureExpr? ClosureLiteral(BoundExpr e) => e switch
    {
        BoundClosureExpr c => c,
        BoundIntrinsicExpr { Kind: IntrinsicKind.MoveOut } m => ClosureLiteral(m.Arguments[0]),
        _ => null,
    };

    /// <summary>
    /// End of a body: a transfer whose closure does not escape is undone (the flag stays set, the function drops the value
    /// at exit); an escaping one keeps clearing the flag.
    /// </summary>
    private void ResolveClosureTransfers(BoundBlock body)
    {
        if (!_closureTransfers.Remove(_ctx, out var transfers)) return;
        foreach (var t in transfers)
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
