using Milo.Compiler.Symbols;

namespace Milo.Compiler.Binding;

/// <summary>
/// Drops of values captured by a `move` closure (docs/ownership.md): a droppable owned variable captured by a move
/// closure that escapes its function is no longer dropped by that function. The binder marks the closure with one
/// <see cref="IntrinsicKind.MoveOut"/> wrapper per captured owned droppable variable (in capture order, innermost
/// first); Lowering/DropInsertion decides whether the closure escapes and, if so, makes creating it clear their drop flags.
/// </summary>
internal sealed partial class Binder
{
    /// <summary>Wraps a move closure once per droppable variable of this body it captures.</summary>
    private BoundExpr TransferMoveCaptures(BoundClosureExpr closure)
    {
        if (!closure.IsMove) return closure;
        BoundExpr result = closure;
        foreach (var v in closure.Captures)
            if (DropSt.Vars.Contains(v))
                result = new BoundIntrinsicExpr(closure.Location, IntrinsicKind.MoveOut, new() { result }, closure.Type);
        return result;
    }

    /// <summary>The closure literal under the wrappers of <see cref="TransferMoveCaptures"/>, or null.</summary>
    private static BoundClosureExpr? ClosureLiteral(BoundExpr e) => e switch
    {
        BoundClosureExpr c => c,
        BoundIntrinsicExpr { Kind: IntrinsicKind.MoveOut } m => ClosureLiteral(m.Arguments[0]),
        _ => null,
    };
}
