using Milo.Compiler.Text;

namespace Milo.Compiler.Syntax;

/// <summary>Base of every syntax tree node. Location points at the node's first token.</summary>
internal abstract class SyntaxNode
{
    protected SyntaxNode(Location location) { Location = location; }
    public Location Location { get; }
}

/// <summary>One parsed file.</summary>
internal sealed class CompilationUnitSyntax(Location location, SourceText source, List<DeclSyntax> decls) : SyntaxNode(location)
{
    public SourceText Source { get; } = source;
    public List<DeclSyntax> Decls { get; } = decls;
}

/// <summary>A name together with where it was written.</summary>
internal readonly record struct NameSyntax(string Text, Location Location);
