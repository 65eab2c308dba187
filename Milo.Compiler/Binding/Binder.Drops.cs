using Milo.Compiler.Symbols;
using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

/// <summary>
/// Drop scheduling (checklist §5.8): owned values whose type has drop glue are dropped at function exit only — at every
/// `return` (after the return value is computed) and when the body falls off its end — in declaration order, parameters
/// first. Values moved away (statically) are not dropped.
/// </summary>
public sealed partial class Binder
{
    private readonly Dictionary<FunctionContext, List<VariableSymbol>> _dropCandidates = new();

    private static bool NeedsDrop(MiloType t) => DropGlue.Needs(t);

    private void NoteDroppable(VariableSymbol v)
    {
        if (v.Type is RefType || !NeedsDrop(v.Type)) return;
        if (!_dropCandidates.TryGetValue(_ctx, out var list)) _dropCandidates[_ctx] = list = new();
        list.Add(v);
    }

    /// <summary>Drops for every still-owned droppable variable visible here, in declaration order.</summary>
    private List<BoundStmt> DropsAt(Location loc)
    {
        var result = new List<BoundStmt>();
        if (!_dropCandidates.TryGetValue(_ctx, out var list)) return result;
        foreach (var v in list)
            if (ReferenceEquals(_ctx.Scope.Lookup(v.Name), v) && !Moves.Moved.Contains(v))
                result.Add(new BoundDropLocal(loc, v));
        return result;
    }

    /// <summary>`return e` with drops: evaluate e into a temporary, run the drops, return the temporary.</summary>
    private BoundStmt WithDrops(BoundReturn ret)
    {
        var drops = DropsAt(ret.Location);
        if (drops.Count == 0) return ret;
        var list = new List<BoundStmt>();
        if (ret.Value != null && !ret.Value.Type.IsVoid)
        {
            var tmp = new LocalSymbol("$ret", ret.Value.Type, false) { IsTemporary = true };
            list.Add(new BoundLocalDecl(ret.Location, tmp, ret.Value));
            list.AddRange(drops);
            list.Add(new BoundReturn(ret.Location, new BoundVariableExpr(ret.Location, tmp, tmp.Type)));
        }
        else
        {
            if (ret.Value != null) list.Add(new BoundExprStmt(ret.Location, ret.Value));
            list.AddRange(drops);
            list.Add(new BoundReturn(ret.Location, null));
        }
        return new BoundBlock(ret.Location, list);
    }
}
