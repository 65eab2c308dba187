using Milo.Compiler.Syntax;

namespace Milo.Compiler.Symbols;

internal sealed class FieldSymbol(string name, MiloType type, int index)
{
    public string Name { get; } = name;
    public MiloType Type { get; internal set; } = type;
    public int Index { get; } = index;
    public override string ToString() => Name;
}

/// <summary>A user struct (one per generic instantiation). Emitted as a CLR value type.</summary>
internal sealed class StructType : MiloType
{
    public StructType(string name, StructDeclSyntax? declaration, List<MiloType> typeArgs)
    {
        MiloName = name; Declaration = declaration; TypeArgs = typeArgs;
    }
    /// <summary>Name as written (`Pair`).</summary>
    public string MiloName { get; }
    public StructDeclSyntax? Declaration { get; }
    public List<MiloType> TypeArgs { get; }
    public List<FieldSymbol> Fields { get; } = new();
    public override string Name => TypeArgs.Count == 0 ? MiloName : $"{MiloName}_{string.Join("_", TypeArgs.Select(t => t.MangledName))}";
    /// <summary>Copy when every field is Copy and there is no Drop impl. (An invalid recursive type is reported by the binder; here a cycle counts as not Copy.)</summary>
    public override bool IsCopy => CopyGuard.Check(this, () => !HasDrop && Fields.All(f => f.Type.IsCopy));
    /// <summary>The user's `impl Drop` method, if any.</summary>
    public FunctionSymbol? DropMethod { get; set; }
    public bool HasDrop => DropMethod != null;
    public bool IsSendAnnotated { get; set; }
    public bool IsSyncAnnotated { get; set; }
    /// <summary>`==` on this struct calls this method (user/derived/automatic Eq), or null when not comparable.</summary>
    public FunctionSymbol? EqMethod { get; set; }
    /// <summary>True for automatic/derived field-wise equality (EqMethod is then null and the emitter compares fields).</summary>
    public bool HasStructuralEq { get; set; }
    public FieldSymbol? FindField(string name) => Fields.FirstOrDefault(f => f.Name == name);
}

internal sealed class VariantSymbol(string name, int tag, List<MiloType> payload)
{
    public string Name { get; } = name;
    public int Tag { get; } = tag;
    public List<MiloType> Payload { get; internal set; } = payload;
    public override string ToString() => Name;
}

/// <summary>
/// A user or built-in enum (one per generic instantiation), including Option and Result. Emitted as a CLR value type (layout: Emit/EnumLayout.cs) with
/// an int Tag and one field per payload slot of every variant.
/// </summary>
internal sealed class EnumType : MiloType
{
    public EnumType(string name, EnumDeclSyntax? declaration, List<MiloType> typeArgs)
    {
        MiloName = name; Declaration = declaration; TypeArgs = typeArgs;
    }
    public string MiloName { get; }
    public EnumDeclSyntax? Declaration { get; }
    public List<MiloType> TypeArgs { get; }
    public List<VariantSymbol> Variants { get; } = new();
    public override string Name => TypeArgs.Count == 0 ? MiloName : $"{MiloName}_{string.Join("_", TypeArgs.Select(t => t.MangledName))}";
    public override bool IsCopy => CopyGuard.Check(this, () => !HasDrop && Variants.All(v => v.Payload.All(p => p.IsCopy)));
    public FunctionSymbol? DropMethod { get; set; }
    public bool HasDrop => DropMethod != null;
    public VariantSymbol? FindVariant(string name) => Variants.FirstOrDefault(v => v.Name == name);
    public bool HasPayloads => Variants.Any(v => v.Payload.Count > 0);

    /// <summary>Option-like: has variants Some(x) and None (by name).</summary>
    public bool IsOptionLike => FindVariant("Some") is { Payload.Count: 1 } && FindVariant("None") is { Payload.Count: 0 };
    /// <summary>Result-like: has variants Ok(x) and Err(e).</summary>
    public bool IsResultLike => FindVariant("Ok") is { Payload.Count: 1 } && FindVariant("Err") is { Payload.Count: 1 };
    /// <summary>The Some/Ok payload type of an Option- or Result-like enum.</summary>
    public MiloType? SuccessType => (FindVariant("Some") ?? FindVariant("Ok"))?.Payload.FirstOrDefault();
}

internal sealed class InterfaceMethod(string name, List<MiloType> parameters, MiloType returnType)
{
    public string Name { get; } = name;
    /// <summary>Parameters after self.</summary>
    public List<MiloType> Parameters { get; } = parameters;
    public MiloType ReturnType { get; } = returnType;
}

/// <summary>An interface (structural, dynamic dispatch). Values are a reference to the boxed concrete value.</summary>
internal sealed class InterfaceType(string name, InterfaceDeclSyntax declaration) : MiloType
{
    public InterfaceDeclSyntax Declaration { get; } = declaration;
    public List<InterfaceMethod> Methods { get; } = new();
    public override string Name { get; } = name;
    public override string MangledName => $"iface_{Name}";
    public override bool IsCopy => false;
}

/// <summary>Evaluates a recursive type property with cycle detection (a type that contains itself is reported elsewhere).</summary>
internal static class CopyGuard
{
    [ThreadStatic] private static HashSet<MiloType>? _visiting;

    public static bool Check(MiloType t, Func<bool> compute)
    {
        _visiting ??= new HashSet<MiloType>(ReferenceEqualityComparer.Instance);
        if (!_visiting.Add(t)) return false;
        try { return compute(); }
        finally { _visiting.Remove(t); }
    }
}
