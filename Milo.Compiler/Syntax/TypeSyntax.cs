using Milo.Compiler.Text;

namespace Milo.Compiler.Syntax;

internal abstract class TypeSyntax(Location location) : SyntaxNode(location) { }

/// <summary>`i32`, `string`, `Point`, `Vec<T>`, `HashMap<K, V>`, `Self`.</summary>
internal sealed class NamedTypeSyntax(Location location, string name, List<TypeSyntax> typeArgs) : TypeSyntax(location)
{
    public string Name { get; } = name;
    public List<TypeSyntax> TypeArgs { get; } = typeArgs;
}

/// <summary>`i32(0..50000)` — both bounds inclusive.</summary>
internal sealed class RangedTypeSyntax(Location location, NamedTypeSyntax baseType, long low, long high) : TypeSyntax(location)
{
    public NamedTypeSyntax BaseType { get; } = baseType;
    public long Low { get; } = low;
    public long High { get; } = high;
}

/// <summary>`T?` — sugar for Option&lt;T&gt;.</summary>
internal sealed class OptionTypeSyntax(Location location, TypeSyntax inner) : TypeSyntax(location)
{
    public TypeSyntax Inner { get; } = inner;
}

/// <summary>`&T` or `&mut T`.</summary>
internal sealed class RefTypeSyntax(Location location, bool isMutable, TypeSyntax inner) : TypeSyntax(location)
{
    public bool IsMutable { get; } = isMutable;
    public TypeSyntax Inner { get; } = inner;
}

/// <summary>`*T` raw pointer.</summary>
internal sealed class PointerTypeSyntax(Location location, TypeSyntax inner) : TypeSyntax(location)
{
    public TypeSyntax Inner { get; } = inner;
}

/// <summary>`[T; N]` (Size null for `[T]`).</summary>
internal sealed class ArrayTypeSyntax(Location location, TypeSyntax element, long? size) : TypeSyntax(location)
{
    public TypeSyntax Element { get; } = element;
    public long? Size { get; } = size;
}

/// <summary>`(A, &B) => R`.</summary>
internal sealed class FunctionTypeSyntax(Location location, List<TypeSyntax> parameters, TypeSyntax returnType) : TypeSyntax(location)
{
    public List<TypeSyntax> Parameters { get; } = parameters;
    public TypeSyntax ReturnType { get; } = returnType;
}
