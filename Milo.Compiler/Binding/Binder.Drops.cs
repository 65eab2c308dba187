using Milo.Compiler.Symbols;
using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

/// <summary>
/// Drop scheduling (checklist §5.8): owned values whose type has drop glue are dropped at function exit only — at every
/// `return` (after the return value is computed), every `?` early return and when the body falls off its end — in
/// declaration order, by-value parameters first. A variable declared in an inner block (if/else, loop body, match arm)
/// is dropped at function exit if its `let` ran; a `let` that runs again in a loop first drops the previous iteration's
/// value (after the new one is computed). Moved-out values are not dropped.
/// <para>
/// Each droppable parameter/local is a <see cref="DropCandidate"/> with a bool "owned" flag local (`$df_x`), set when
/// the value is stored and cleared by the move (an <see cref="IntrinsicKind.MoveOut"/> around the moved read). Exits
/// only record where their drops go (<see cref="NoteExit"/>); <see cref="FinishDrops"/> fills them in when the whole
/// body is bound, because in a loop a local declared textually after an exit may be live from an earlier iteration.
/// A variable declared at the top level of the body and statically not moved at an exit is dropped there
/// unconditionally; everything else tests its flag. Flags nothing tests are removed again, so straight-line code keeps
/// today's shape.
/// </para>
/// </summary>
internal sealed partial class Binder
{
    private sealed class DropCandidate(VariableSymbol v, LocalSymbol flag, int index, bool topLevel, bool initiallyOwned)
    {
        public VariableSymbol Var { get; } = v;
        public LocalSymbol Flag { get; } = flag;
        /// <summary>Declaration order (parameters first).</summary>
        public int Index { get; } = index;
        /// <summary>Declared in the body's outermost scope (a parameter or a top-level `let`): declared before any later exit.</summary>
        public bool TopLevel { get; } = topLevel;
        public bool InitiallyOwned { get; } = initiallyOwned;
        /// <summary>Some drop tests the flag, so the flag must be maintained.</summary>
        public bool FlagRead { get; set; }
        /// <summary>A drop of it may be emitted before its declaration (loops): give it storage at function entry.</summary>
        public bool PreDeclare { get; set; }
        public List<(List<BoundStmt> List, BoundStmt Stmt)> FlagWrites { get; } = new();
        public List<BoundIntrinsicExpr> MoveSites { get; } = new();
    }

    /// <summary>
    /// Where an exit's drops go (inserted into Target at Index), with the static facts of that point. For a `return`,
    /// Target holds just Return until drops turn out to be needed (then the value goes through a temporary first).
    /// </summary>
    private sealed record ExitSite(List<BoundStmt> Target, int Index, Location Location, int Declared, bool InLoop,
        HashSet<VariableSymbol> Live, BoundReturn? Return = null);

    private sealed class DropState
    {
        public Scope? Root { get; set; }
        public List<DropCandidate> Candidates { get; } = new();
        public Dictionary<VariableSymbol, DropCandidate> ByVar { get; } = new();
        public List<ExitSite> Exits { get; } = new();
    }

    private readonly Dictionary<FunctionContext, DropState> _dropStates = new();
    private DropState DropSt => _dropStates.TryGetValue(_ctx, out var s) ? s : _dropStates[_ctx] = new DropState();

    private static bool NeedsDrop(MiloType t) => DropGlue.Needs(t);

    private static BoundVariableExpr ReadVar(VariableSymbol v, Location loc) => new(loc, v, v.Type);
    private static BoundExpr BoolLit(Location loc, bool b) => new BoundLiteralExpr(loc, TypeFactory.Bool, b);

    /// <summary>Call when a function or closure body starts binding: its outermost scope decides "top level".</summary>
    private void BeginDrops() => DropSt.Root = _ctx.Scope;

    private DropCandidate? Register(VariableSymbol v, bool topLevel, bool initiallyOwned)
    {
        if (v.Type is RefType || !NeedsDrop(v.Type)) return null;
        var st = DropSt;
        if (st.ByVar.TryGetValue(v, out var existing)) return existing;
        var flag = new LocalSymbol("$df_" + v.Name, TypeFactory.Bool, true) { IsTemporary = true };
        var c = new DropCandidate(v, flag, st.Candidates.Count, topLevel, initiallyOwned);
        st.Candidates.Add(c);
        st.ByVar[v] = c;
        return c;
    }

    /// <summary>A by-value parameter: owned from entry, dropped at every exit unless moved.</summary>
    private void NoteDroppable(VariableSymbol param) => Register(param, topLevel: true, initiallyOwned: true);

    private bool AtTopLevel => DropSt.Root is { } r && ReferenceEquals(_ctx.Scope, r);

    private BoundStmt SetFlag(DropCandidate c, List<BoundStmt> list, Location loc)
    {
        var s = new BoundAssign(loc, ReadVar(c.Flag, loc), BoolLit(loc, true));
        c.FlagWrites.Add((list, s));
        return s;
    }

    /// <summary>`if $df_x { drop x }`.</summary>
    private static BoundStmt DropIfOwned(DropCandidate c, Location loc)
    {
        c.FlagRead = true;
        return new BoundIf(loc, ReadVar(c.Flag, loc), new BoundDropLocal(loc, c.Var), null);
    }

    /// <summary>
    /// A `let` of an owned value: marks it owned; in a loop (not at top level) the previous iteration's value is dropped
    /// first if still owned — after the initializer is evaluated, like a reassignment.
    /// </summary>
    private BoundStmt DeclareOwned(BoundLocalDecl decl) => DeclareOwned(decl, AtTopLevel);

    private BoundStmt DeclareOwned(BoundLocalDecl decl, bool topLevel)
    {
        var c = Register(decl.Local, topLevel, initiallyOwned: false);
        if (c == null) return decl;
        var loc = decl.Location;
        var list = new List<BoundStmt>();
        if (_ctx.LoopDepth > 0 && !topLevel && decl.Initializer != null)
        {
            var tmp = new LocalSymbol("$new", decl.Local.Type, false) { IsTemporary = true };
            list.Add(new BoundLocalDecl(loc, tmp, decl.Initializer));
            list.Add(DropIfOwned(c, loc));
            c.PreDeclare = true; // the test above comes before the declaration in the IL
            list.Add(new BoundLocalDecl(loc, decl.Local, ReadVar(tmp, loc)));
        }
        else list.Add(decl);
        list.Add(SetFlag(c, list, loc));
        return new BoundBlock(loc, list);
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
            stmts.Add(DeclareOwned(new BoundLocalDecl(vp.Location, b, ReadVar(hidden, vp.Location)), topLevel: false));
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
        var list = new List<BoundStmt>();
        var owned = new List<DropCandidate>();
        bool top = AtTopLevel;
        foreach (var (local, _) in p.Bindings)
        {
            if (Register(local, top, initiallyOwned: false) is not { } c) continue;
            if (_ctx.LoopDepth > 0 && !top) { list.Add(DropIfOwned(c, p.Location)); c.PreDeclare = true; }
            owned.Add(c);
        }
        if (owned.Count == 0) return p;
        list.Add(p);
        foreach (var c in owned) list.Add(SetFlag(c, list, p.Location));
        return new BoundBlock(p.Location, list);
    }

    /// <summary>A whole owned variable in a move position: it is no longer owned once read.</summary>
    private BoundExpr MovedOut(VariableSymbol v, BoundExpr read)
    {
        if (!DropSt.ByVar.TryGetValue(v, out var c)) return read;
        var m = new BoundIntrinsicExpr(read.Location, IntrinsicKind.MoveOut, new() { read, ReadVar(c.Flag, read.Location) }, read.Type);
        c.MoveSites.Add(m);
        return m;
    }

    /// <summary>
    /// `x = value` where x is a droppable variable: the old value is dropped right after the new one is computed (§5.8
    /// rule 5) — unconditionally when x is statically owned, else if its flag says so — then x is owned again.
    /// </summary>
    private BoundStmt AssignDropping(Location loc, BoundExpr target, BoundExpr value, HashSet<VariableSymbol> movedBefore)
    {
        if (target is not BoundVariableExpr { Variable: var v } || v.Type is RefType || !NeedsDrop(v.Type))
            return new BoundAssign(loc, target, value);
        bool maybeMoved = movedBefore.Contains(v);
        DropSt.ByVar.TryGetValue(v, out var c);
        if (maybeMoved && c == null) return new BoundAssign(loc, target, value);
        var tmp = new LocalSymbol("$new", value.Type, false) { IsTemporary = true };
        var list = new List<BoundStmt> { new BoundLocalDecl(loc, tmp, value) };
        list.Add(maybeMoved ? DropIfOwned(c!, loc) : new BoundDropLocal(loc, v));
        list.Add(new BoundAssign(loc, target, ReadVar(tmp, loc)));
        if (maybeMoved) list.Add(SetFlag(c!, list, loc));
        return new BoundBlock(loc, list);
    }

    /// <summary>HashMap insert/remove of droppable values: the runtime hands back the replaced/removed value, dropped here.</summary>
    private BoundExpr DropReplaced(Location loc, BoundExpr call, MiloType valueType)
    {
        if (call is not BoundRuntimeCallExpr rc) return call;
        var old = new BoundTryToOptionExpr(loc, rc, (EnumType)OptionTypeOf(valueType, loc));
        return new BoundIntrinsicExpr(loc, IntrinsicKind.DropValue, new() { old }, TypeFactory.Void);
    }

    /// <summary>Records an exit whose drops are inserted into <paramref name="target"/> at <paramref name="index"/> later.</summary>
    private bool NoteExit(List<BoundStmt> target, int index, Location loc, BoundReturn? ret = null)
    {
        var st = DropSt;
        if (st.Candidates.Count == 0 && _ctx.LoopDepth == 0) return false;
        var live = new HashSet<VariableSymbol>();
        foreach (var c in st.Candidates)
            if (c.TopLevel && !Moves.Moved.Contains(c.Var) && !_transferredToClosure.Contains(c.Var)) live.Add(c.Var);
        st.Exits.Add(new ExitSite(target, index, loc, st.Candidates.Count, _ctx.LoopDepth > 0, live, ret));
        return true;
    }

    /// <summary>`return e` that may need drops: a block holding it, rewritten by <see cref="FinishDrops"/> if so.</summary>
    private BoundStmt WithDrops(BoundReturn ret)
    {
        var list = new List<BoundStmt> { ret };
        return NoteExit(list, 0, ret.Location, ret) ? new BoundBlock(ret.Location, list) : ret;
    }

    /// <summary>`return e` with drops: evaluate e into a temporary, run the drops, return the temporary.</summary>
    private static void ReturnAfterDrops(List<BoundStmt> target, BoundReturn ret, List<BoundStmt> drops)
    {
        target.Clear();
        if (ret.Value != null && !ret.Value.Type.IsVoid)
        {
            var tmp = new LocalSymbol("$ret", ret.Value.Type, false) { IsTemporary = true };
            target.Add(new BoundLocalDecl(ret.Location, tmp, ret.Value));
            target.AddRange(drops);
            target.Add(new BoundReturn(ret.Location, new BoundVariableExpr(ret.Location, tmp, tmp.Type)));
        }
        else
        {
            if (ret.Value != null) target.Add(new BoundExprStmt(ret.Location, ret.Value));
            target.AddRange(drops);
            target.Add(new BoundReturn(ret.Location, null));
        }
    }

    /// <summary>
    /// End of a function or closure body: drops for falling off the end, then every recorded exit's drops, the flag
    /// locals (and early storage for locals that may be dropped before their declaration) at entry; unused flags vanish.
    /// </summary>
    private void FinishDrops(BoundBlock body, Location end)
    {
        var st = DropSt;
        ResolveClosureTransfers(body);
        if (body.Statements.Count == 0 || body.Statements[^1] is not (BoundReturn or BoundBlock { Statements: [.., BoundReturn] }))
            NoteExit(body.Statements, body.Statements.Count, end);
        foreach (var exit in st.Exits)
        {
            var drops = new List<BoundStmt>();
            foreach (var c in st.Candidates)
            {
                if (exit.Live.Contains(c.Var)) { drops.Add(new BoundDropLocal(exit.Location, c.Var)); continue; }
                bool declaredBefore = c.Index < exit.Declared;
                if (c.TopLevel ? !declaredBefore : !(declaredBefore || exit.InLoop)) continue;
                drops.Add(DropIfOwned(c, exit.Location));
                if (!declaredBefore) c.PreDeclare = true;
            }
            if (drops.Count == 0) continue;
            if (exit.Return != null) ReturnAfterDrops(exit.Target, exit.Return, drops);
            else exit.Target.InsertRange(exit.Index, drops);
        }
        var prologue = new List<BoundStmt>();
        foreach (var c in st.Candidates)
        {
            if (!c.FlagRead)
            {
                foreach (var (list, s) in c.FlagWrites) list.Remove(s);
                foreach (var m in c.MoveSites) m.Arguments.RemoveAt(1);
                continue;
            }
            prologue.Add(new BoundLocalDecl(body.Location, c.Flag, BoolLit(body.Location, c.InitiallyOwned)));
            if (c.PreDeclare && c.Var is LocalSymbol l) prologue.Add(new BoundLocalDecl(body.Location, l, null));
        }
        body.Statements.InsertRange(0, prologue);
        _dropStates.Remove(_ctx);
    }
}
