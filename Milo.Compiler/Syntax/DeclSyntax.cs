using Milo.Compiler.Text;

namespace Milo.Compiler.Syntax;

/// <summary>`@name` or `@name(A, B)` before a declaration.</summary>
internal sealed class AnnotationSyntax(Location location, string name, List<string> args) : SyntaxNode(location)
{
    public string Name { get; } = name;
    public List<string> Args { get; } = args;
}

internal abstract class DeclSyntax(Location location) : SyntaxNode(location)
{
    public List<AnnotationSyntax> Annotations { get; } = new();
    public bool HasAnnotation(string name) => Annotations.Any(a => a.Name == name);
    /// <summary>
    /// Written with the `pub` modifier. The language itself has no visibility (everything is visible to importers); the flag
    /// only decides which items of a `--library` build become public CLR API (docs/interop.md).
    /// </summary>
    public bool IsPublic { get; set; }
}

/// <summary>`from "path" import { a, b }`.</summary>
internal sealed class ImportDeclSyntax(Location location, string path, Location pathLocation, List<NameSyntax> names) : DeclSyntax(location)
{
    public string Path { get; } = path;
    public Location PathLocation { get; } = pathLocation;
    public List<NameSyntax> Names { get; } = names;
    /// <summary>`import { Task as NetTask }` (only in `dotnet:` imports): imported name → the local name.</summary>
    public Dictionary<string, NameSyntax> Aliases { get; } = new();
}

/// <summary>`T` or `T: A + B` in a type-parameter list.</summary>
internal sealed class TypeParamSyntax(Location location, string name, List<string> bounds) : SyntaxNode(location)
{
    public string Name { get; } = name;
    public List<string> Bounds { get; } = bounds;
}

internal sealed class ParamSyntax(Location location, string name, TypeSyntax type) : SyntaxNode(location)
{
    public string Name { get; } = name;
    public TypeSyntax Type { get; } = type;
}

/// <summary>A function, method, trait/interface method signature (Body null), or `extern fn`.</summary>
internal sealed class FunctionDeclSyntax(Location location, NameSyntax name, List<TypeParamSyntax> typeParams,
    List<ParamSyntax> parameters, TypeSyntax? returnType, BlockStmtSyntax? body, bool isExtern, bool isVariadic) : DeclSyntax(location)
{
    public NameSyntax Name { get; } = name;
    public List<TypeParamSyntax> TypeParams { get; } = typeParams;
    public List<ParamSyntax> Parameters { get; } = parameters;
    /// <summary>Null means void.</summary>
    public TypeSyntax? ReturnType { get; } = returnType;
    public BlockStmtSyntax? Body { get; } = body;
    public bool IsExtern { get; } = isExtern;
    public bool IsVariadic { get; } = isVariadic;
}

internal sealed class FieldSyntax(Location location, string name, TypeSyntax type) : SyntaxNode(location)
{
    public string Name { get; } = name;
    public TypeSyntax Type { get; } = type;
}

internal sealed class StructDeclSyntax(Location location, NameSyntax name, List<TypeParamSyntax> typeParams, List<FieldSyntax> fields) : DeclSyntax(location)
{
    public NameSyntax Name { get; } = name;
    public List<TypeParamSyntax> TypeParams { get; } = typeParams;
    public List<FieldSyntax> Fields { get; } = fields;
}

internal sealed class VariantSyntax(Location location, string name, List<TypeSyntax> payload) : SyntaxNode(location)
{
    public string Name { get; } = name;
    public List<TypeSyntax> Payload { get; } = payload;
}

internal sealed class EnumDeclSyntax(Location location, NameSyntax name, List<TypeParamSyntax> typeParams, List<VariantSyntax> variants) : DeclSyntax(location)
{
    public NameSyntax Name { get; } = name;
    public List<TypeParamSyntax> TypeParams { get; } = typeParams;
    public List<VariantSyntax> Variants { get; } = variants;
}

/// <summary>`impl Type { … }`, `impl Name&lt;T&gt; { … }`, or `impl Trait for Type { … }`.</summary>
internal sealed class ImplDeclSyntax(Location location, NameSyntax? traitName, NamedTypeSyntax target, List<FunctionDeclSyntax> methods) : DeclSyntax(location)
{
    public NameSyntax? TraitName { get; } = traitName;
    /// <summary>The implemented type; its TypeArgs (if any) name the impl's type parameters.</summary>
    public NamedTypeSyntax Target { get; } = target;
    public List<FunctionDeclSyntax> Methods { get; } = methods;
}

internal sealed class TraitDeclSyntax(Location location, NameSyntax name, List<TypeParamSyntax> typeParams, List<NameSyntax> supertraits, List<FunctionDeclSyntax> methods) : DeclSyntax(location)
{
    public NameSyntax Name { get; } = name;
    public List<TypeParamSyntax> TypeParams { get; } = typeParams;
    public List<NameSyntax> Supertraits { get; } = supertraits;
    /// <summary>Methods with Body == null are required; others are defaults.</summary>
    public List<FunctionDeclSyntax> Methods { get; } = methods;
}

internal sealed class InterfaceDeclSyntax(Location location, NameSyntax name, List<FunctionDeclSyntax> methods) : DeclSyntax(location)
{
    public NameSyntax Name { get; } = name;
    public List<FunctionDeclSyntax> Methods { get; } = methods;
}

/// <summary>`type Name = Type`.</summary>
/// <summary>`let NAME[: T] = literal` at top level: a named constant (the reference's std/signal `SIGINT` &amp; co.).</summary>
internal sealed class ConstDeclSyntax(Location location, NameSyntax name, TypeSyntax? type, ExprSyntax init) : DeclSyntax(location)
{
    public NameSyntax Name { get; } = name;
    public TypeSyntax? Type { get; } = type;
    public ExprSyntax Init { get; } = init;
}

internal sealed class TypeAliasDeclSyntax(Location location, NameSyntax name, TypeSyntax type) : DeclSyntax(location)
{
    public NameSyntax Name { get; } = name;
    public TypeSyntax Type { get; } = type;
}
