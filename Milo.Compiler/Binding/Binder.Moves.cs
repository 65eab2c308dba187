using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

/// <summary>
/// Move checking (checklist §5.6): a non-Copy variable used in a move position (initialiser, assignment value, by-value
/// argument, return value, struct field, enum payload, Heap(x), container insertion, match subject) becomes invalid until it
/// is assigned again. Moves merge across branches; moving an outer variable inside a loop body is an error.
/// </summary>
public sealed partial class Binder
{
    private sealed class MoveState
    {
        public HashSet<VariableSymbol> Moved { get; set; } = new();
        public Dictionary<VariableSymbol, int> LoopDepthOf { get; } = new();
        public int ReturnDepth { get; set; }
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
        if (Moves.Moved.Contains(v))
            _diagnostics.Report(loc, $"use of moved variable '{v.Name}'",
                $"ownership of '{v.Name}' was transferred earlier and it can no longer be used here. To keep it alive, clone it at the point of transfer: '{v.Name}.clone()'.");
    }

    /// <summary>
    /// A value in a move position. A whole non-Copy variable becomes moved; a non-Copy value read out of a place that stays
    /// valid (Vec element, struct field, Heap contents) is deep-copied so the container keeps its own (checklist §5.7).
    /// </summary>
    private BoundExpr Consume(BoundExpr e)
    {
        if (e.Type.IsCopy || e.Type.IsError) return e;
        if (e is BoundIndexExpr { Receiver.Type: VecType } or BoundFieldExpr)
            return new BoundIntrinsicExpr(e.Location, IntrinsicKind.DeepCopy, new() { e }, e.Type);
        if (e is not BoundVariableExpr { Variable: var v } || v.Type is RefType) return e;
        if (!_ctx.Owned.Contains(v)) return e; // captured variables are copied/borrowed, not moved
        if (v.IsCapturedByReference)
        {
            _diagnostics.Report(e.Location, $"cannot move '{v.Name}' because it is captured by a closure");
            return e;
        }
        var st = Moves;
        if (st.LoopDepthOf.TryGetValue(v, out var declDepth) && _ctx.LoopDepth > declDepth && st.ReturnDepth == 0)
        {
            _diagnostics.Report(e.Location, $"cannot move '{v.Name}' out of a loop", "clone it inside the loop, or move it after the loop");
            return e;
        }
        st.Moved.Add(v);
        return MovedOut(v, e);
    }

    private void Revalidate(BoundExpr target)
    {
        if (target is BoundVariableExpr { Variable: var v }) Moves.Moved.Remove(v);
    }

    private HashSet<VariableSymbol> SnapshotMoves() => new(Moves.Moved);
    private void RestoreMoves(HashSet<VariableSymbol> s) => Moves.Moved = new(s);

    /// <summary>Whether a block cannot fall through (ends with return/break/continue).</summary>
    private static bool Terminates(BlockStmtSyntax b) => b.Statements.Count > 0 && b.Statements[^1] switch
    {
        ReturnStmtSyntax or BreakStmtSyntax or ContinueStmtSyntax => true,
        ExprStmtSyntax { Expression: CallExprSyntax { Callee: NameExprSyntax { Name: "exit" } } } => true,
        _ => false,
    };
}
