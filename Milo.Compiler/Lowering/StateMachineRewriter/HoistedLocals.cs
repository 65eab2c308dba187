using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;

namespace Milo.Compiler.Lowering;

/// <summary>
/// Which locals of a MoveNext body live in frame fields: those that may be live across a suspension point. A local's
/// occurrences (declaration, reads and writes, closure captures, drops) have a smallest enclosing node; if that node
/// contains no suspension point, no resume can land between two of them, so the local stays an IL local (loops that never
/// suspend keep their counters in registers). Otherwise it is hoisted. Blocks are not scopes here: the binder and the
/// lowering wrap declarations in blocks of their own while the variable stays visible after them.
/// </summary>
internal sealed class HoistedLocals
{
    private readonly List<BoundNode> _path = new();
    private readonly Dictionary<LocalSymbol, List<BoundNode>> _common = new();
    private readonly List<LocalSymbol> _order = new();
    /// <summary>Locals declared in this body (a closure body also reads its captures, which live elsewhere).</summary>
    private readonly HashSet<LocalSymbol> _declared = new();

    public static List<LocalSymbol> Of(BoundBlock body)
    {
        var h = new HoistedLocals();
        h.Walk(body);
        return h._order.Where(l => h._declared.Contains(l) && HasSuspensionPoint(h._common[l][^1])).ToList();
    }

    /// <summary>Whether <paramref name="node"/> contains a suspension point (closure bodies excluded). Iterative: a
    /// 60,000-part interpolation is a chain that deep.</summary>
    public static bool HasSuspensionPoint(BoundNode node)
    {
        var pending = new Stack<BoundNode>();
        pending.Push(node);
        while (pending.Count > 0)
        {
            var n = pending.Pop();
            if (n is BoundSuspensionExpr) return true;
            foreach (var child in BoundTreeShape.ChildNodes(n)) pending.Push(child);
        }
        return false;
    }

    /// <summary>Visits the tree depth-first with <see cref="_path"/> the nodes from the root (iterative, as above).</summary>
    private void Walk(BoundNode root)
    {
        var pending = new Stack<(BoundNode Node, bool Leave)>();
        pending.Push((root, false));
        var children = new List<BoundNode>();
        while (pending.Count > 0)
        {
            var (node, leave) = pending.Pop();
            if (leave) { _path.RemoveAt(_path.Count - 1); continue; }
            _path.Add(node);
            Visit(node);
            pending.Push((node, true));
            children.Clear();
            children.AddRange(BoundTreeShape.ChildNodes(node));
            for (int i = children.Count - 1; i >= 0; i--) pending.Push((children[i], false));
        }
    }

    private void Visit(BoundNode node)
    {
        switch (node)
        {
            case BoundLocalDecl d: _declared.Add(d.Local); Occurs(d.Local); break;
            case BoundVariableExpr { Variable: LocalSymbol l }: Occurs(l); break;
            case BoundClosureExpr c: foreach (var v in c.Captures) if (v is LocalSymbol l) Occurs(l); break;
            case BoundParallel p: foreach (var (l, _) in p.Bindings) { _declared.Add(l); Occurs(l); } break;
            case BoundRangeCheck rc: Occurs(rc.Local); break;
            case BoundDropLocal { Local: LocalSymbol dl }: Occurs(dl); break;
            case BoundVariantPattern vp: foreach (var l in vp.Bindings) if (l != null) { _declared.Add(l); Occurs(l); } break;
        }
    }

    /// <summary>Narrows the local's common ancestor path to the prefix it shares with the current path.</summary>
    private void Occurs(LocalSymbol l)
    {
        if (!_common.TryGetValue(l, out var common))
        {
            _common[l] = new List<BoundNode>(_path);
            _order.Add(l);
            return;
        }
        int n = 0;
        while (n < common.Count && n < _path.Count && ReferenceEquals(common[n], _path[n])) n++;
        if (n < common.Count) common.RemoveRange(n, common.Count - n);
    }
}
