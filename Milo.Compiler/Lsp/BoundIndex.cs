using Milo.Compiler.Binding;
using Milo.Compiler.Lowering;
using Milo.Compiler.Symbols;
using Milo.Compiler.Text;

namespace Milo.Compiler.Lsp;

/// <summary>A named local or parameter and the source span where it is visible (its block, or the function body).</summary>
internal sealed record ScopedVariable(VariableSymbol Variable, int VisibleFrom, int VisibleTo);

/// <summary>
/// The bound tree of one document, indexed by source span: the link from a syntax node (found by position) to what the
/// binder decided about it — the variable a name reads, the function a call binds to, the field an access selects, the
/// type of every expression. Only nodes located in <see cref="Source"/> are indexed.
/// </summary>
internal sealed class BoundIndex
{
    private readonly Dictionary<(int Start, int Length), List<BoundNode>> _bySpan = new();

    public SourceText Source { get; }
    /// <summary>Every named local/parameter declared in this document (one entry per generic instance).</summary>
    public List<ScopedVariable> Variables { get; } = new();
    /// <summary>Every read of a local/parameter in this document.</summary>
    public List<BoundVariableExpr> VariableReads { get; } = new();
    /// <summary>Every expression in this document, for "which expression ends here" queries (completion after `.`).</summary>
    public List<BoundExpr> Expressions { get; } = new();

    public BoundIndex(BoundProgram program, SourceText source)
    {
        Source = source;
        foreach (var f in program.Functions) Function(f);
    }

    /// <summary>Bound nodes whose location is exactly this span (innermost last).</summary>
    public IReadOnlyList<BoundNode> At(Location loc)
        => _bySpan.TryGetValue((loc.Start, loc.Length), out var l) ? l : Array.Empty<BoundNode>();

    public T? First<T>(Location loc) where T : BoundNode => At(loc).OfType<T>().FirstOrDefault();

    private bool Mine(Location loc) => ReferenceEquals(loc.Source, Source);

    private void Add(BoundNode n)
    {
        if (!Mine(n.Location)) return;
        var key = (n.Location.Start, n.Location.Length);
        if (!_bySpan.TryGetValue(key, out var list)) _bySpan[key] = list = new();
        list.Add(n);
    }

    private void Declare(VariableSymbol v, Location scope)
    {
        if (v.DeclaredAt is not { } at || !Mine(at) || v is LocalSymbol { IsTemporary: true }) return;
        Variables.Add(new ScopedVariable(v, at.Start, Mine(scope) ? scope.End : Source.Text.Length));
    }

    private void Function(BoundFunction f)
    {
        if (f.Body == null) return;
        foreach (var p in f.Symbol.Parameters) Declare(p, f.Body.Location);
        Node(f.Body, f.Body.Location);
    }

    /// <summary>
    /// Indexes <paramref name="n"/> and, through <see cref="BoundTreeShape.ChildNodes"/> (which throws on a node kind it
    /// does not know), everything under it. <paramref name="scope"/> is where a local declared here stays visible: the
    /// innermost block. Loop variables are visible in their loop, match bindings in their arm, closure parameters in the
    /// closure's body (closures are separate functions, indexed where they appear).
    /// </summary>
    private void Node(BoundNode n, Location scope)
    {
        Add(n);
        switch (n)
        {
            case BoundVariableExpr v:
                if (Mine(v.Location)) { Expressions.Add(v); VariableReads.Add(v); }
                break;
            case BoundClosureExpr c:
                if (Mine(c.Location)) Expressions.Add(c);
                Function(c.Function);
                break;
            case BoundPropagateExpr p:
                if (Mine(p.Location)) Expressions.Add(p);
                foreach (var d in p.Drops) Node(d, p.Location);
                break;
            case BoundExpr e:
                if (Mine(e.Location)) Expressions.Add(e);
                break;
            case BoundBlock b:
                scope = b.Location;
                break;
            case BoundLocalDecl d:
                Declare(d.Local, scope);
                break;
            case BoundForRange fr:
                Declare(fr.Variable, fr.Location);
                break;
            case BoundForEach fe:
                if (fe.Index != null) Declare(fe.Index, fe.Location);
                Declare(fe.Element, fe.Location);
                break;
            case BoundMatch m:
                foreach (var arm in m.Arms)
                    if (arm.Pattern is BoundVariantPattern vp)
                        foreach (var b in vp.Bindings) if (b != null) Declare(b, arm.Body.Location);
                break;
            case BoundParallel p:
                foreach (var (local, _) in p.Bindings) Declare(local, scope);
                break;
        }
        foreach (var child in BoundTreeShape.ChildNodes(n)) Node(child, scope);
    }
}
