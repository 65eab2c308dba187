using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Compiler.Text;

namespace Milo.Compiler.Lowering;

/// <summary>Exits (`return`, `?`, the end of the body): where their drops go, and filling them in once the body is walked.</summary>
internal sealed partial class DropInsertion
{
    /// <summary>
    /// Where an exit's drops go (inserted into Target at Index), with the static facts of that point. For a `return`,
    /// Target holds just Return until drops turn out to be needed (then the value goes through a temporary first).
    /// </summary>
    private sealed record ExitSite(List<BoundStmt> Target, int Index, Location Location, int Declared, bool InLoop,
        HashSet<VariableSymbol> Live, BoundReturn? Return = null);

    private readonly List<ExitSite> _exits = new();

    /// <summary>Records an exit whose drops are inserted into <paramref name="target"/> at <paramref name="index"/> later.</summary>
    private bool NoteExit(List<BoundStmt> target, int index, ExitOwnership? exit, BoundReturn? ret = null)
    {
        if (exit == null || (_candidates.Count == 0 && !exit.InLoop)) return false;
        var live = new HashSet<VariableSymbol>();
        foreach (var c in _candidates)
            if (c.TopLevel && !exit.Moved.Contains(c.Var) && !_transferredToClosure.Contains(c.Var)) live.Add(c.Var);
        _exits.Add(new ExitSite(target, index, exit.Location, _candidates.Count, exit.InLoop, live, ret));
        return true;
    }

    /// <summary>`return e` that may need drops: a block holding it, rewritten by <see cref="Finish"/> if so.</summary>
    protected override void VisitReturn(BoundReturn ret)
    {
        base.VisitReturn(ret);
        var list = new List<BoundStmt> { ret };
        if (NoteExit(list, 0, ret.Exit, ret)) Replace(new BoundBlock(ret.Location, list));
    }

    /// <summary>`e?`: the early return's drops go into the node's Drops list.</summary>
    protected override void VisitPropagate(BoundPropagateExpr node)
    {
        base.VisitPropagate(node);
        NoteExit(node.Drops, 0, node.Exit);
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
    private void Finish(BoundBlock body, ExitOwnership? endExit)
    {
        ResolveClosureTransfers();
        if (body.Statements.Count == 0 || body.Statements[^1] is not (BoundReturn or BoundBlock { Statements: [.., BoundReturn] }))
            NoteExit(body.Statements, body.Statements.Count, endExit);
        foreach (var exit in _exits) FillExit(exit);
        var prologue = new List<BoundStmt>();
        foreach (var c in _candidates)
        {
            if (!c.FlagRead)
            {
                foreach (var (list, s) in c.FlagWrites) list.Remove(s);
                foreach (var m in c.MoveSites) m.Arguments.RemoveAt(1);
                continue;
            }
            prologue.Add(new BoundLocalDecl(body.Location, c.Flag, new BoundLiteralExpr(body.Location, TypeFactory.Bool, c.InitiallyOwned)));
            if (c.PreDeclare && c.Var is LocalSymbol l) prologue.Add(new BoundLocalDecl(body.Location, l, null));
        }
        body.Statements.InsertRange(0, prologue);
    }

    /// <summary>The drops of one exit: statically owned top-level values unconditionally, the others if their flag says so.</summary>
    private void FillExit(ExitSite exit)
    {
        var drops = new List<BoundStmt>();
        foreach (var c in _candidates)
        {
            if (exit.Live.Contains(c.Var)) { drops.Add(new BoundDropLocal(exit.Location, c.Var)); continue; }
            bool declaredBefore = c.Index < exit.Declared;
            if (c.TopLevel ? !declaredBefore : !(declaredBefore || exit.InLoop)) continue;
            drops.Add(DropIfOwned(c, exit.Location));
            if (!declaredBefore) c.PreDeclare = true;
        }
        if (drops.Count == 0) return;
        if (exit.Return != null) ReturnAfterDrops(exit.Target, exit.Return, drops);
        else exit.Target.InsertRange(exit.Index, drops);
    }
}
