using Milo.Compiler.Text;

namespace Milo.Compiler.Syntax;

internal abstract class StmtSyntax(Location location) : SyntaxNode(location) { }

internal sealed class BlockStmtSyntax(Location location, List<StmtSyntax> statements, Location closeBrace) : StmtSyntax(location)
{
    public List<StmtSyntax> Statements { get; } = statements;
    /// <summary>The closing `}` (where end-of-function code is attributed).</summary>
    public Location CloseBrace { get; } = closeBrace;
}

/// <summary>`let x[: T] = e` or `var x[: T] = e`.</summary>
internal sealed class LetStmtSyntax(Location location, bool isMutable, NameSyntax name, TypeSyntax? type, ExprSyntax initializer) : StmtSyntax(location)
{
    public bool IsMutable { get; } = isMutable;
    public NameSyntax Name { get; } = name;
    public TypeSyntax? Type { get; } = type;
    public ExprSyntax Initializer { get; } = initializer;
}

/// <summary>`target = value` (target: name, field chain, index, deref).</summary>
internal sealed class AssignStmtSyntax(Location location, ExprSyntax target, ExprSyntax value) : StmtSyntax(location)
{
    public ExprSyntax Target { get; } = target;
    public ExprSyntax Value { get; } = value;
}

internal sealed class ReturnStmtSyntax(Location location, ExprSyntax? value) : StmtSyntax(location)
{
    public ExprSyntax? Value { get; } = value;
}

/// <summary>`if c { } [else if … | else { }]`. Else is an IfStmtSyntax, IfLetStmtSyntax or a BlockStmtSyntax.</summary>
internal sealed class IfStmtSyntax(Location location, ExprSyntax condition, BlockStmtSyntax then, StmtSyntax? @else) : StmtSyntax(location)
{
    public ExprSyntax Condition { get; } = condition;
    public BlockStmtSyntax Then { get; } = then;
    public StmtSyntax? Else { get; } = @else;
}

/// <summary>`if let Enum.V(a, b) = subject { } [else { }]`.</summary>
internal sealed class IfLetStmtSyntax(Location location, PatternSyntax pattern, ExprSyntax subject, BlockStmtSyntax then, BlockStmtSyntax? @else) : StmtSyntax(location)
{
    public PatternSyntax Pattern { get; } = pattern;
    public ExprSyntax Subject { get; } = subject;
    public BlockStmtSyntax Then { get; } = then;
    public BlockStmtSyntax? Else { get; } = @else;
}

internal sealed class WhileStmtSyntax(Location location, ExprSyntax condition, BlockStmtSyntax body) : StmtSyntax(location)
{
    public ExprSyntax Condition { get; } = condition;
    public BlockStmtSyntax Body { get; } = body;
}

/// <summary>`for i in a..b { }`.</summary>
internal sealed class ForRangeStmtSyntax(Location location, NameSyntax variable, ExprSyntax start, ExprSyntax end, BlockStmtSyntax body) : StmtSyntax(location)
{
    public NameSyntax Variable { get; } = variable;
    public ExprSyntax Start { get; } = start;
    public ExprSyntax End { get; } = end;
    public BlockStmtSyntax Body { get; } = body;
}

/// <summary>`for x in coll { }` or `for i, x in coll { }` (IndexVariable set in the second form).</summary>
internal sealed class ForEachStmtSyntax(Location location, NameSyntax? indexVariable, NameSyntax variable, ExprSyntax collection, BlockStmtSyntax body) : StmtSyntax(location)
{
    public NameSyntax? IndexVariable { get; } = indexVariable;
    public NameSyntax Variable { get; } = variable;
    public ExprSyntax Collection { get; } = collection;
    public BlockStmtSyntax Body { get; } = body;
}

internal sealed class BreakStmtSyntax(Location location) : StmtSyntax(location) { }
internal sealed class ContinueStmtSyntax(Location location) : StmtSyntax(location) { }

internal sealed class MatchArmSyntax(Location location, PatternSyntax pattern, BlockStmtSyntax body) : SyntaxNode(location)
{
    public PatternSyntax Pattern { get; } = pattern;
    public BlockStmtSyntax Body { get; } = body;
}

internal sealed class MatchStmtSyntax(Location location, ExprSyntax subject, List<MatchArmSyntax> arms) : StmtSyntax(location)
{
    public ExprSyntax Subject { get; } = subject;
    public List<MatchArmSyntax> Arms { get; } = arms;
}

internal sealed class UnsafeStmtSyntax(Location location, BlockStmtSyntax body) : StmtSyntax(location)
{
    public BlockStmtSyntax Body { get; } = body;
}

/// <summary>`parallel { let a = e1  let b = e2 }`.</summary>
internal sealed class ParallelStmtSyntax(Location location, List<LetStmtSyntax> bindings) : StmtSyntax(location)
{
    public List<LetStmtSyntax> Bindings { get; } = bindings;
}

internal sealed class ExprStmtSyntax(Location location, ExprSyntax expression) : StmtSyntax(location)
{
    public ExprSyntax Expression { get; } = expression;
}
