using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Compiler.Text;

namespace Milo.Compiler.Lowering;

/// <summary>
/// Drop insertion (checklist §5.8), the first lowering: right after binding, from the ownership facts the binder recorded
/// (Binding/BoundDropFacts.cs). Owned values whose type has drop glue are dropped at function exit only — at every
/// `return` (after the return value is computed), every `?` early return and when the body falls off its end — in
/// declaration order, by-value parameters first. A variable declared in an inner block (if/else, loop body, match arm)
/// is dropped at function exit if its `let` ran; a `let` that runs again in a loop first drops the previous iteration's
/// value (after the new one is computed). Moved-out values are not dropped.
/// <para>
/// Each owned droppable parameter/local is a <see cref="DropCandidate"/> with a bool flag local. Exits only record where
/// their drops go while the body is walked in evaluation order (the binder's order); they are filled in at the end,
/// because in a loop a local declared textually after an exit may be live from an earlier iteration. A variable declared
/// at the top level of the body and statically not moved at an exit is dropped there unconditionally; everything else
/// tests its flag. Flags nothing tests are removed again, so straight-line code keeps the plain shape.
/// </para>
/// Every body is rewritten in place: replaced statements are swapped in their block's list.
/// </summary>
internal sealed partial class DropInsertion : BoundTreeWalker
{
    private readonly List<DropCandidate> _candidates = new();
    private readonly Dictionary<VariableSymbol, DropCandidate> _byVar = new();
    /// <summary>The replacement for the statement just visited (picked up by the enclosing block).</summary>
    private BoundStmt? _replacement;

    private DropInsertion() { }

    /// <summary>Inserts the drops of every function, method and closure body of <paramref name="program"/>.</summary>
    public static void Run(BoundProgram program)
    {
        foreach (var f in program.Functions) LowerBody(f, ownsParameters: true);
    }

    /// <summary>One body: by-value parameters of functions and methods are owned from entry (closure parameters are not).</summary>
    private static void LowerBody(BoundFunction f, bool ownsParameters)
    {
        if (f.Body == null) return;
        var pass = new DropInsertion();
        if (ownsParameters)
            foreach (var p in f.Symbol.Parameters) pass.Register(p, topLevel: true, initiallyOwned: true);
        pass.VisitStmt(f.Body);
        if (pass._replacement != null) throw new InvalidOperationException("DropInsertion: a rewritten statement outside a block");
        pass.Finish(f.Body, f.EndExit);
    }

    private DropCandidate? Register(VariableSymbol v, bool topLevel, bool initiallyOwned)
    {
        if (v.Type is RefType || !DropGlue.Needs(v.Type)) return null;
        if (_byVar.TryGetValue(v, out var existing)) return existing;
        var c = new DropCandidate(v, _candidates.Count, topLevel, initiallyOwned);
        _candidates.Add(c);
        _byVar[v] = c;
        return c;
    }

    private static BoundVariableExpr ReadVar(VariableSymbol v, Location loc) => new(loc, v, v.Type);

    private static BoundStmt SetFlag(DropCandidate c, List<BoundStmt> list, Location loc)
    {
        var s = new BoundAssign(loc, ReadVar(c.Flag, loc), new BoundLiteralExpr(loc, TypeFactory.Bool, true));
        c.FlagWrites.Add((list, s));
        return s;
    }

    /// <summary>`if $df_x { drop x }`.</summary>
    private static BoundStmt DropIfOwned(DropCandidate c, Location loc)
    {
        c.FlagRead = true;
        return new BoundIf(loc, ReadVar(c.Flag, loc), new BoundDropLocal(loc, c.Var), null);
    }

    private static LocalSymbol NewValueTemp(MiloType type) => new("$new", type, false) { IsTemporary = true };

    // ------------------------------------------------------------------ the walk (evaluation order = the binder's order)

    protected override void VisitBlock(BoundBlock node)
    {
        var list = node.Statements;
        for (int i = 0; i < list.Count; i++)
        {
            VisitStmt(list[i]);
            if (_replacement != null) { list[i] = _replacement; _replacement = null; }
        }
    }

    private void Replace(BoundStmt s)
    {
        if (_replacement != null) throw new InvalidOperationException("DropInsertion: a rewritten statement outside a block");
        _replacement = s;
    }

    /// <summary>
    /// A `let` of an owned value: marks it owned; in a loop (not at top level) the previous iteration's value is dropped
    /// first if still owned — after the initializer is evaluated, like a reassignment.
    /// </summary>
    protected override void VisitLocalDecl(BoundLocalDecl decl)
    {
        base.VisitLocalDecl(decl);
        NoteClosureLocal(decl);
        if (decl.Owner is not { } owner || Register(decl.Local, owner.TopLevel, initiallyOwned: false) is not { } c) return;
        var loc = decl.Location;
        var list = new List<BoundStmt>();
        if (owner.InLoop && !owner.TopLevel && decl.Initializer != null)
        {
            var tmp = NewValueTemp(decl.Local.Type);
            list.Add(new BoundLocalDecl(loc, tmp, decl.Initializer));
            list.Add(DropIfOwned(c, loc));
            c.PreDeclare = true; // the test above comes before the declaration in the IL
            list.Add(new BoundLocalDecl(loc, decl.Local, ReadVar(tmp, loc)));
        }
        else list.Add(decl);
        list.Add(SetFlag(c, list, loc));
        Replace(new BoundBlock(loc, list));
    }

    /// <summary>`parallel { let a = … }`: the bindings are owned once the statement completes.</summary>
    protected override void VisitParallel(BoundParallel p)
    {
        foreach (var (_, branch) in p.Bindings) VisitClosure(branch);
        if (p.Owner is not { } owner) return;
        var list = new List<BoundStmt>();
        var owned = new List<DropCandidate>();
        foreach (var (local, _) in p.Bindings)
        {
            if (Register(local, owner.TopLevel, initiallyOwned: false) is not { } c) continue;
            if (owner.InLoop && !owner.TopLevel) { list.Add(DropIfOwned(c, p.Location)); c.PreDeclare = true; }
            owned.Add(c);
        }
        if (owned.Count == 0) return;
        list.Add(p);
        foreach (var c in owned) list.Add(SetFlag(c, list, p.Location));
        Replace(new BoundBlock(p.Location, list));
    }

    /// <summary>
    /// `x = value` where x is a droppable variable: the old value is dropped right after the new one is computed (§5.8
    /// rule 5) — unconditionally when x is statically owned, else if its flag says so — then x is owned again.
    /// </summary>
    protected override void VisitAssign(BoundAssign a)
    {
        base.VisitAssign(a);
        if (a.OldValueMaybeMoved is not { } maybeMoved || a.Target is not BoundVariableExpr { Variable: var v }) return;
        _byVar.TryGetValue(v, out var c);
        if (maybeMoved && c == null) return;
        var loc = a.Location;
        var tmp = NewValueTemp(a.Value.Type);
        var list = new List<BoundStmt> { new BoundLocalDecl(loc, tmp, a.Value) };
        list.Add(maybeMoved ? DropIfOwned(c!, loc) : new BoundDropLocal(loc, v));
        list.Add(new BoundAssign(loc, a.Target, ReadVar(tmp, loc)));
        if (maybeMoved) list.Add(SetFlag(c!, list, loc));
        Replace(new BoundBlock(loc, list));
    }

    /// <summary>A moved read clears the variable's flag; a move closure's wrappers are handled by <see cref="VisitMoveClosure"/>.</summary>
    protected override void VisitIntrinsic(BoundIntrinsicExpr node)
    {
        if (node.Kind != IntrinsicKind.MoveOut || node.Arguments.Count != 1) { base.VisitIntrinsic(node); return; }
        if (node.Arguments[0] is BoundVariableExpr { Variable: var v } read && _byVar.TryGetValue(v, out var c))
        {
            node.Arguments.Add(ReadVar(c.Flag, read.Location));
            c.MoveSites.Add(node);
            return;
        }
        VisitMoveClosure(node);
    }

    /// <summary>A closure body is a separate function with its own owned values.</summary>
    protected override void VisitClosure(BoundClosureExpr node)
    {
        NoteCaptures(node);
        LowerBody(node.Function, ownsParameters: false);
    }
}
