using Milo.Compiler.Symbols;
using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

/// <summary>
/// Ownership facts for drop scheduling (checklist §5.8). The binder only records what it alone knows on the bound tree
/// (Binding/BoundDropFacts.cs): which declarations own a droppable value (<see cref="OwnedDeclaration"/>: by-value
/// parameters are owners too), which reads move one out (an <see cref="IntrinsicKind.MoveOut"/> around the read), which
/// assignments replace an owned value and whether it may have moved before, and at every exit (`return`, `?`, end of
/// body) which owned values are statically moved (<see cref="ExitOwnership"/>). Lowering/DropInsertion turns these into
/// drop flags and <see cref="BoundDropLocal"/> statements right after binding (docs/lowering.md).
/// </summary>
internal sealed partial class Binder
{
    /// <summary>The owned droppable variables of one function or closure body, and its outermost scope.</summary>
    private sealed class DropOwners
    {
        public Scope? Root { get; set; }
        public HashSet<VariableSymbol> Vars { get; } = new();
    }

    private readonly Dictionary<FunctionContext, DropOwners> _dropOwners = new();
    private DropOwners DropSt => _dropOwners.TryGetValue(_ctx, out var s) ? s : _dropOwners[_ctx] = new DropOwners();

    private static bool NeedsDrop(MiloType t) => DropGlue.Needs(t);

    /// <summary>Call when a function or closure body starts binding: its outermost scope decides "top level".</summary>
    private void BeginDrops() => DropSt.Root = _ctx.Scope;

    /// <summary>Whether <paramref name="v"/> owns a droppable value (registers it: the drop pass sees declarations in the same order).</summary>
    private bool Register(VariableSymbol v)
    {
        if (v.Type is RefType || !NeedsDrop(v.Type)) return false;
        DropSt.Vars.Add(v);
        return true;
    }

    /// <summary>A by-value parameter: owned from entry, dropped at every exit unless moved.</summary>
    private void NoteDroppable(VariableSymbol param) => Register(param);

    private bool AtTopLevel => DropSt.Root is { } r && ReferenceEquals(_ctx.Scope, r);

    /// <summary>A `let` of an owned value.</summary>
    private BoundStmt DeclareOwned(BoundLocalDecl decl) => DeclareOwned(decl, AtTopLevel);

    private BoundStmt DeclareOwned(BoundLocalDecl decl, bool topLevel)
    {
        if (Register(decl.Local)) decl.Owner = new OwnedDeclaration(topLevel, _ctx.LoopDepth > 0);
        return decl;
    }

    /// <summary>
    /// Match-arm bindings own the payload of a moved (or freshly computed) subject. The pattern binds hidden temporaries;
    /// the returned prologue (insert it at the start of the arm body) declares the real locals from them, so they get the
    /// same treatment as a `let` at the start of the arm. Call before binding the arm body (declaration order).
    /// </summary>
    private BoundBlock? OwnPatternBindings(BoundPattern? pattern, BoundExpr subject)
    {
        if (pattern is not BoundVariantPattern vp) return null;
        if (!IsFreshValue(subject)) return null; // a borrowed or still-owned place: its owner drops it
        List<BoundStmt>? stmts = null;
        for (int i = 0; i < vp.Bindings.Count; i++)
        {
            if (vp.Bindings[i] is not { } b || b.Type is RefType || !NeedsDrop(b.Type)) continue;
            var hidden = new LocalSymbol("$p_" + b.Name, b.Type, false) { IsTemporary = true };
            vp.Bindings[i] = hidden;
            stmts ??= new();
            stmts.Add(DeclareOwned(new BoundLocalDecl(vp.Location, b, new BoundVariableExpr(vp.Location, hidden, hidden.Type)), topLevel: false));
        }
        return stmts == null ? null : new BoundBlock(vp.Location, stmts);
    }

    /// <summary>A value nobody else owns: a moved variable, a deep copy, a call result or a new enum value.</summary>
    private static bool IsFreshValue(BoundExpr e) => e switch
    {
        BoundIntrinsicExpr { Kind: IntrinsicKind.MoveOut or IntrinsicKind.DeepCopy } => true,
        BoundCallExpr or BoundClosureCallExpr or BoundInterfaceCallExpr or BoundEnumExpr => true,
        BoundUnwrapExpr u => IsFreshValue(u.Operand),
        BoundPropagateExpr p => IsFreshValue(p.Operand),
        _ => false,
    };

    /// <summary>`parallel { let a = … }`: the bindings are owned once the statement completes.</summary>
    private BoundStmt OwnParallelBindings(BoundParallel p)
    {
        bool owned = false;
        foreach (var (local, _) in p.Bindings) owned |= Register(local);
        if (owned) p.Owner = new OwnedDeclaration(AtTopLevel, _ctx.LoopDepth > 0);
        return p;
    }

    /// <summary>A whole owned variable in a move position: marks the read as moving it out.</summary>
    private BoundExpr MovedOut(VariableSymbol v, BoundExpr read)
        => DropSt.Vars.Contains(v) ? new BoundIntrinsicExpr(read.Location, IntrinsicKind.MoveOut, new() { read }, read.Type) : read;

    /// <summary>
    /// `x = value` where x is a droppable variable: records whether x may have been moved before (§5.8 rule 5: the old
    /// value is dropped right after the new one is computed — unconditionally when x is statically owned).
    /// </summary>
    private BoundStmt AssignDropping(Location loc, BoundExpr target, BoundExpr value, HashSet<VariableSymbol> movedBefore)
    {
        var assign = new BoundAssign(loc, target, value);
        if (target is BoundVariableExpr { Variable: var v } && v.Type is not RefType && NeedsDrop(v.Type))
            assign.OldValueMaybeMoved = movedBefore.Contains(v);
        return assign;
    }

    /// <summary>HashMap insert/remove of droppable values: the runtime hands back the replaced/removed value, dropped here.</summary>
    private BoundExpr DropReplaced(Location loc, BoundExpr call, MiloType valueType)
    {
        if (call is not BoundRuntimeCallExpr rc) return call;
        var old = new BoundTryToOptionExpr(loc, rc, (EnumType)OptionTypeOf(valueType, loc));
        return new BoundIntrinsicExpr(loc, IntrinsicKind.DropValue, new() { old }, TypeFactory.Void);
    }

    /// <summary>The ownership state at an exit, or null when nothing can need dropping there (no owners yet, not in a loop).</summary>
    private ExitOwnership? ExitHere(Location loc)
    {
        var owners = DropSt.Vars;
        if (owners.Count == 0 && _ctx.LoopDepth == 0) return null;
        var moved = new HashSet<VariableSymbol>();
        foreach (var v in Moves.Moved) if (owners.Contains(v)) moved.Add(v);
        return new ExitOwnership(loc, _ctx.LoopDepth > 0, moved);
    }

    /// <summary>`return e`: the drops are inserted before it by the drop pass.</summary>
    private BoundStmt WithDrops(BoundReturn ret)
    {
        ret.Exit = ExitHere(ret.Location);
        return ret;
    }

    /// <summary>End of a function or closure body: the ownership state when falling off its end.</summary>
    private ExitOwnership? FinishDrops(Location end)
    {
        var exit = ExitHere(end);
        _dropOwners.Remove(_ctx);
        return exit;
    }
}
