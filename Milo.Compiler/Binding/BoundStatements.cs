using Milo.Compiler.Symbols;
using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

internal abstract class BoundStmt(Location location) : BoundNode(location) { }

internal sealed class BoundBlock(Location location, List<BoundStmt> statements) : BoundStmt(location)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.Block;
    public List<BoundStmt> Statements { get; } = statements;
}

/// <summary>`let`/`var` (and compiler temporaries). Initializer null = default value.</summary>
internal sealed class BoundLocalDecl(Location location, LocalSymbol local, BoundExpr? initializer) : BoundStmt(location)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.LocalDecl;
    public LocalSymbol Local { get; } = local;
    public BoundExpr? Initializer { get; } = initializer;
    /// <summary>Set by the binder when the local owns a droppable value (Lowering/DropInsertion maintains its drop flag).</summary>
    public OwnedDeclaration? Owner { get; set; }
}

/// <summary>`target = value`. Target is an lvalue: BoundVariableExpr, BoundFieldExpr, BoundIndexExpr or BoundDerefExpr.</summary>
internal sealed class BoundAssign(Location location, BoundExpr target, BoundExpr value) : BoundStmt(location)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.Assign;
    public BoundExpr Target { get; } = target;
    public BoundExpr Value { get; } = value;
    /// <summary>
    /// Set by the binder when Target is a droppable variable: whether its old value may have been moved before this
    /// assignment (dropped only if its flag says it is still owned) or not (dropped unconditionally). Lowering/DropInsertion.
    /// </summary>
    public bool? OldValueMaybeMoved { get; set; }
}

/// <summary>An expression evaluated for effect; a non-void result is discarded.</summary>
internal sealed class BoundExprStmt(Location location, BoundExpr expression) : BoundStmt(location)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.ExprStmt;
    public BoundExpr Expression { get; } = expression;
}

internal sealed class BoundIf(Location location, BoundExpr condition, BoundStmt then, BoundStmt? @else) : BoundStmt(location)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.If;
    public BoundExpr Condition { get; } = condition;
    public BoundStmt Then { get; } = then;
    public BoundStmt? Else { get; } = @else;
}

/// <summary>
/// `while cond { body }`. <see cref="Step"/> (only Lowering sets it) runs after each iteration, also on `continue`: the
/// increment of a lowered `for` loop.
/// </summary>
internal sealed class BoundWhile(Location location, BoundExpr condition, BoundBlock body, BoundStmt? step = null) : BoundStmt(location)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.While;
    public BoundExpr Condition { get; } = condition;
    public BoundBlock Body { get; } = body;
    public BoundStmt? Step { get; } = step;
}

/// <summary>`for v in start..end` — bounds evaluated once; End is exclusive; Variable's type is the loop type.</summary>
internal sealed class BoundForRange(Location location, LocalSymbol variable, BoundExpr start, BoundExpr end, BoundBlock body) : BoundStmt(location)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.ForRange;
    public LocalSymbol Variable { get; } = variable;
    public BoundExpr Start { get; } = start;
    public BoundExpr End { get; } = end;
    public BoundBlock Body { get; } = body;
}

internal enum ForEachKind { Array, Vec, String, MapKeys, MapEntries }

/// <summary>
/// `for [i,] x in collection`. Element/Index locals are plain copies of the element (i64 index).
/// For MapEntries, Index is the key local and Element the value local; for MapKeys only Element (the key) is set.
/// </summary>
internal sealed class BoundForEach(Location location, ForEachKind kind, LocalSymbol? index, LocalSymbol element, BoundExpr collection, BoundBlock body) : BoundStmt(location)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.ForEach;
    public ForEachKind Kind { get; } = kind;
    public LocalSymbol? Index { get; } = index;
    public LocalSymbol Element { get; } = element;
    public BoundExpr Collection { get; } = collection;
    public BoundBlock Body { get; } = body;
}

internal sealed class BoundBreak(Location location) : BoundStmt(location)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.Break;
}
internal sealed class BoundContinue(Location location) : BoundStmt(location)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.Continue;
}

internal sealed class BoundReturn(Location location, BoundExpr? value) : BoundStmt(location)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.Return;
    public BoundExpr? Value { get; } = value;
    /// <summary>Set by the binder on a user `return` that may need drops (Lowering/DropInsertion).</summary>
    public ExitOwnership? Exit { get; set; }
}

internal abstract class BoundPattern(Location location) : BoundNode(location) { }
internal sealed class BoundWildcardPattern(Location location) : BoundPattern(location)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.WildcardPattern;
}
/// <summary>Value is long/ulong (integers, compared at the subject's type), double, bool, or byte[] (string contents).</summary>
internal sealed class BoundLiteralPattern(Location location, object value) : BoundPattern(location)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.LiteralPattern;
    public object Value { get; } = value;
}
/// <summary>Enum variant; Bindings[i] receives payload slot i (null entries are not bound).</summary>
internal sealed class BoundVariantPattern(Location location, VariantSymbol variant, List<LocalSymbol?> bindings) : BoundPattern(location)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.VariantPattern;
    public VariantSymbol Variant { get; } = variant;
    public List<LocalSymbol?> Bindings { get; } = bindings;
}

internal sealed class BoundMatchArm(BoundPattern pattern, BoundBlock body)
{
    public BoundPattern Pattern { get; } = pattern;
    public BoundBlock Body { get; } = body;
}

/// <summary>`match` (and `if let`, bound as a match with an optional wildcard arm). First matching arm wins; no match = nothing runs.</summary>
internal sealed class BoundMatch(Location location, BoundExpr subject, List<BoundMatchArm> arms) : BoundStmt(location)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.Match;
    public BoundExpr Subject { get; } = subject;
    public List<BoundMatchArm> Arms { get; } = arms;
}

/// <summary>Ranged-type runtime check of a just-initialised local: panics `value out of range at FILE:LINE` unless Lo ≤ value ≤ Hi.</summary>
internal sealed class BoundRangeCheck(Location location, LocalSymbol local, long low, long high) : BoundStmt(location)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.RangeCheck;
    public LocalSymbol Local { get; } = local;
    public long Low { get; } = low;
    public long High { get; } = high;
}

/// <summary>`parallel { let a = e1 … }`: each Branch is a zero-parameter closure computing its binding; the locals are assigned after all threads join.</summary>
internal sealed class BoundParallel(Location location, List<(LocalSymbol Local, BoundClosureExpr Branch)> bindings) : BoundStmt(location)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.Parallel;
    public List<(LocalSymbol Local, BoundClosureExpr Branch)> Bindings { get; } = bindings;
    /// <summary>Set by the binder when some binding owns a droppable value (Lowering/DropInsertion).</summary>
    public OwnedDeclaration? Owner { get; set; }
}

/// <summary>Runs the Drop glue of a local (user drop, then fields in reverse order) if Flag (when present) says it is still owned.</summary>
internal sealed class BoundDropLocal(Location location, VariableSymbol local) : BoundStmt(location)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.DropLocal;
    /// <summary>A local or a by-value parameter.</summary>
    public VariableSymbol Local { get; } = local;
}
