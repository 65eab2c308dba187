using Milo.Compiler.Diagnostics;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

/// <summary>
/// Move checking (checklist §5.6, docs/ownership.md): a non-Copy variable used in a move position (initialiser,
/// assignment value, by-value argument, return value, struct field, enum payload, Heap(x), container insertion, a match
/// subject whose payload an arm binds) becomes invalid until it is assigned again. Branches (if/else, match arms) are
/// alternatives: each starts from the state before them and the states of those that fall through are merged. A path
/// that leaves (return, break, continue) does not leak its moves into the code after the branch. A loop body may move an
/// outer variable only if it is valid again whenever the body goes round (at the end of the body and at every
/// `continue`); moves on `break` paths flow to the code after the loop.
/// </summary>
internal sealed partial class Binder
{
    private sealed class LoopFrame(HashSet<VariableSymbol> before, int depth)
    {
        public HashSet<VariableSymbol> Before { get; } = before;
        /// <summary>Loop depth outside the loop: variables declared at this depth or less are outer variables.</summary>
        public int Depth { get; } = depth;
        public HashSet<VariableSymbol> AtContinue { get; } = new();
        public HashSet<VariableSymbol> AtBreak { get; } = new();
    }

    private sealed class MoveState
    {
        public HashSet<VariableSymbol> Moved { get; set; } = new();
        public Dictionary<VariableSymbol, int> LoopDepthOf { get; } = new();
        /// <summary>Where each variable was last moved (a move out of a loop is reported there).</summary>
        public Dictionary<VariableSymbol, Location> MovedAt { get; } = new();
        public List<LoopFrame> Loops { get; } = new();
    }

    private readonly Dictionary<FunctionContext, MoveState> _moveStates = new();
    private MoveState Moves => _moveStates.TryGetValue(_ctx, out var s) ? s : _moveStates[_ctx] = new MoveState();

    private void NoteDeclared(VariableSymbol v)
    {
        Moves.LoopDepthOf[v] = _ctx.LoopDepth;
        Moves.Moved.Remove(v);
    }

    /// <summary>Reports a use of a variable that has been moved.</summary>
    private void CheckNotMoved(VariableSymbol v, Location loc)
    {
        if (!Moves.Moved.Contains(v)) return;
        var lost = $"ownership of '{v.Name}' was transferred earlier and it can no longer be used here.";
        _diagnostics.Report(loc, Errors.UseMovedVariable.With(v.Name), HasCloneMethod(v.Type)
            ? $"{lost} To keep it alive, clone it at the point of transfer: '{v.Name}.clone()'."
            // A Vec, HashMap or struct without a clone() method: suggesting `.clone()` pointed at code that does not compile.
            : $"{lost} '{v.Type.Name}' has no clone(): borrow it at the point of transfer (a '&' parameter) or use it before the transfer.");
    }

    /// <summary>Does `x.clone()` exist for this type: strings, and structs/enums with a `clone` method of their own or from a trait default.</summary>
    private bool HasCloneMethod(MiloType t)
    {
        if (t.StripRange().IsString) return true;
        if (ImplTargetName(t) is not { } name || !_decls.Impls.TryGetValue(name, out var impls)) return false;
        return impls.Any(x => x.Decl.Methods.Any(m => m.Name.Text == "clone")
            || (x.Decl.TraitName is { } tn && _decls.Traits.TryGetValue(tn.Text, out var trait) && trait.Decl.Methods.Any(m => m.Name.Text == "clone" && m.Body != null)));
    }

    /// <summary>
    /// A value in a move position. A whole non-Copy variable becomes moved; a non-Copy value read out of a place that stays
    /// valid (Vec or array element, struct field, Heap contents, a for-loop element that views its collection, a value behind a
    /// reference parameter) is deep-copied so the container or lender keeps its own (checklist §5.7).
    /// </summary>
    private BoundExpr Consume(BoundExpr e)
    {
        if (e.Type.IsCopy || e.Type.IsError) return e;
        // `*h` of a non-Copy payload moves the payload out of the box (checklist §5.7): a whole Heap variable is moved like
        // the variable itself (so the box is neither dropped again nor read afterwards); a Heap read out of a field,
        // element, capture or reference is copied. Before, the new owner shared the boxed value with `h`.
        if (e is BoundDerefExpr { Operand: var box } deref && box.Type.StripRange() is HeapType)
            return new BoundDerefExpr(deref.Location, Consume(box), deref.Type);
        if (e is BoundIndexExpr { Receiver.Type: VecType or ArrayType } or BoundFieldExpr) // `hall[1]` of `[[i32; 3]; 2]` too
            return new BoundIntrinsicExpr(e.Location, IntrinsicKind.DeepCopy, new() { e }, e.Type);
        if (e is not BoundVariableExpr { Variable: var v }) return e;
        // A borrowed value (`src: &J`) in an owning position (`var x: J = src`) stays the lender's: the new owner gets a
        // deep copy, as for a field or element read (before: a shallow copy whose Vec/Map the two then shared).
        if (v.Type is RefType) return e.Type is RefType ? e : new BoundIntrinsicExpr(e.Location, IntrinsicKind.DeepCopy, new() { e }, e.Type);
        if (v.IsElementView)
            return new BoundIntrinsicExpr(e.Location, IntrinsicKind.DeepCopy, new() { e }, e.Type);
        // A closure's capture is not moved (the enclosing function, or the next call, still has it): the new owner gets a
        // deep copy — before, `() => name`, `items.push(captured)` or `W { s: captured }` shared the captured buffer.
        if (!_ctx.Owned.Contains(v)) return new BoundIntrinsicExpr(e.Location, IntrinsicKind.DeepCopy, new() { e }, e.Type);
        if (v.IsCapturedByReference)
        {
            _diagnostics.Report(e.Location, Errors.CannotMoveCaptured.With(v.Name));
            return e;
        }
        CheckNotMoved(v, e.Location); // e.g. the same variable moved by two arguments of one call
        var st = Moves;
        st.Moved.Add(v);
        st.MovedAt[v] = e.Location;
        return MovedOut(v, e);
    }

    private void Revalidate(BoundExpr target)
    {
        if (target is BoundVariableExpr { Variable: var v }) Moves.Moved.Remove(v);
    }

    private HashSet<VariableSymbol> SnapshotMoves() => new(Moves.Moved);
    private void RestoreMoves(HashSet<VariableSymbol> s) => Moves.Moved = new(s);

    /// <summary>Binds an argument only to learn its type (generic inference): its moves are not kept, so the real binding is the only one.</summary>
    private BoundExpr BindWithoutMoves(ExprSyntax e, MiloType? hint)
    {
        var saved = SnapshotMoves();
        try { return BindExpr(e, hint); }
        finally { RestoreMoves(saved); }
    }

    /// <summary>
    /// Binds a loop body (the loop's own variables are declared by the caller before, and are not outer variables).
    /// An outer variable still moved when the body goes round again is a move out of the loop.
    /// </summary>
    private BoundBlock BindLoopBody(BlockStmtSyntax body, params LocalSymbol?[] loopVariables)
    {
        var st = Moves;
        foreach (var lv in loopVariables) if (lv != null) st.LoopDepthOf[lv] = _ctx.LoopDepth + 1;
        var frame = new LoopFrame(SnapshotMoves(), _ctx.LoopDepth);
        st.Loops.Add(frame);
        _ctx.LoopDepth++;
        BoundBlock bound;
        try { bound = BindBlock(body); }
        finally { _ctx.LoopDepth--; st.Loops.RemoveAt(st.Loops.Count - 1); }
        var again = AlwaysLeaves(body.Statements) ? new HashSet<VariableSymbol>() : SnapshotMoves();
        again.UnionWith(frame.AtContinue);
        var after = new HashSet<VariableSymbol>(frame.Before);
        foreach (var v in again.OrderBy(v => st.MovedAt.TryGetValue(v, out var l) ? l.Start : 0))
        {
            if (frame.Before.Contains(v) || !st.LoopDepthOf.TryGetValue(v, out var d) || d > frame.Depth) continue;
            var at = st.MovedAt.TryGetValue(v, out var l) ? l : body.Location;
            _diagnostics.Report(at, Errors.CannotMoveOutOfLoop.With(v.Name), "clone it inside the loop, or move it after the loop");
        }
        foreach (var v in frame.AtBreak) after.Add(v);
        RestoreMoves(after);
        return bound;
    }

    /// <summary>`break`/`continue`: the moves of this path reach the code after the loop / the next iteration.</summary>
    private void NoteLoopExit(bool isBreak)
    {
        var st = Moves;
        if (st.Loops.Count == 0) return;
        var f = st.Loops[^1];
        (isBreak ? f.AtBreak : f.AtContinue).UnionWith(st.Moved);
    }

    /// <summary>
    /// Whether a statement list never falls through: some statement in it returns, breaks, continues or exits, or is an
    /// if/else, match or block all of whose branches do.
    /// </summary>
    private static bool AlwaysLeaves(IEnumerable<StmtSyntax> stmts) => stmts.Any(Leaves);

    private static bool Leaves(StmtSyntax s) => s switch
    {
        ReturnStmtSyntax or BreakStmtSyntax or ContinueStmtSyntax => true,
        ExprStmtSyntax { Expression: CallExprSyntax { Callee: NameExprSyntax { Name: "exit" or "panic" } } } => true,
        BlockStmtSyntax b => AlwaysLeaves(b.Statements),
        UnsafeStmtSyntax u => AlwaysLeaves(u.Body.Statements),
        IfStmtSyntax { Else: { } e } i => AlwaysLeaves(i.Then.Statements) && Leaves(e),
        IfLetStmtSyntax { Else: { } e } il => AlwaysLeaves(il.Then.Statements) && AlwaysLeaves(e.Statements),
        MatchStmtSyntax m => m.Arms.Count > 0 && m.Arms.All(a => AlwaysLeaves(a.Body.Statements)),
        _ => false,
    };

    /// <summary>Whether a block cannot fall through.</summary>
    private static bool Terminates(BlockStmtSyntax b) => AlwaysLeaves(b.Statements);
}
