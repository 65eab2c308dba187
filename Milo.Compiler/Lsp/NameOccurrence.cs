using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Lsp;

/// <summary>What role an identifier plays where it is written.</summary>
internal enum OccurrenceKind
{
    /// <summary>A NameExprSyntax: a local, parameter, function, constant or builtin.</summary>
    Name,
    /// <summary>`recv.name(…)`: Node is the MethodCallExprSyntax.</summary>
    Method,
    /// <summary>`recv.name`: Node is the FieldExprSyntax.</summary>
    Field,
    /// <summary>A type name (NamedTypeSyntax, the enum of a pattern, the target of an impl).</summary>
    Type,
    /// <summary>`Type.Member` (variant or static method): Node is the TypeMemberExprSyntax.</summary>
    TypeMember,
    /// <summary>`Enum.Variant` in a pattern: Node is the VariantPatternSyntax.</summary>
    PatternVariant,
    /// <summary>`field: value` in a struct literal: Node is the StructLiteralExprSyntax.</summary>
    FieldInit,
    /// <summary>Declared here: let/var, parameter, loop variable or pattern binding.</summary>
    LocalDecl,
    /// <summary>Declared here: function or method (Node is the FunctionDeclSyntax).</summary>
    FunctionDecl,
    /// <summary>Declared here: struct, enum, trait, interface, alias or constant (Node is the DeclSyntax).</summary>
    TypeDecl,
    /// <summary>Declared here: a struct field (Node is the StructDeclSyntax).</summary>
    FieldDecl,
    /// <summary>Declared here: an enum variant (Node is the EnumDeclSyntax).</summary>
    VariantDecl,
    /// <summary>A name in `from "…" import { name }` (Node is the ImportDeclSyntax).</summary>
    Import,
}

/// <summary>One identifier in the source: where its name is written, its role, and the syntax node that gives it meaning.</summary>
internal sealed record NameOccurrence(Location Name, OccurrenceKind Kind, SyntaxNode Node)
{
    public string Text => Name.Source.Text.Substring(Name.Start, Name.Length);
    public bool Contains(int offset) => offset >= Name.Start && offset <= Name.End;
}
