using Milo.Compiler.Text;

namespace Milo.Compiler.Syntax;

internal abstract class PatternSyntax(Location location) : SyntaxNode(location) { }

/// <summary>`_` as a whole pattern.</summary>
internal sealed class WildcardPatternSyntax(Location location) : PatternSyntax(location) { }

/// <summary>An int/char/float/string/bool literal, possibly negated (`-1`). Literal is a literal expression or a UnaryExpr(Negate, literal).</summary>
internal sealed class LiteralPatternSyntax(Location location, ExprSyntax literal) : PatternSyntax(location)
{
    public ExprSyntax Literal { get; } = literal;
}

/// <summary>`Enum.Variant` (Bindings null) or `Enum.Variant(a, b)`.</summary>
internal sealed class VariantPatternSyntax(Location location, NameSyntax enumName, NameSyntax variant, List<NameSyntax>? bindings) : PatternSyntax(location)
{
    public NameSyntax EnumName { get; } = enumName;
    public NameSyntax Variant { get; } = variant;
    public List<NameSyntax>? Bindings { get; } = bindings;
}
