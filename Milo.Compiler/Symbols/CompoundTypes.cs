namespace Milo.Compiler.Symbols;

/// <summary>`[T; N]` — fixed-size array (a move type).</summary>
internal sealed class ArrayType(MiloType element, int size) : MiloType
{
    public MiloType Element { get; } = element;
    public int Size { get; } = size;
    public override string Name => $"[{Element.Name}; {Size}]";
    public override string MangledName => $"arr_{Element.MangledName}_{Size}";
    public override bool IsCopy => false;
}

/// <summary>`Vec&lt;T&gt;` → Milo.Runtime.MiloVec&lt;T&gt;.</summary>
internal sealed class VecType(MiloType element) : MiloType
{
    public MiloType Element { get; } = element;
    public override string Name => $"Vec<{Element.Name}>";
    public override string MangledName => $"Vec_{Element.MangledName}";
    public override bool IsCopy => false;
}

/// <summary>`HashMap&lt;K, V&gt;` → Milo.Runtime.MiloMap&lt;K, V&gt;.</summary>
internal sealed class MapType(MiloType key, MiloType value) : MiloType
{
    public MiloType Key { get; } = key;
    public MiloType Value { get; } = value;
    public override string Name => $"HashMap<{Key.Name}, {Value.Name}>";
    public override string MangledName => $"HashMap_{Key.MangledName}_{Value.MangledName}";
    public override bool IsCopy => false;
}

/// <summary>`Heap&lt;T&gt;` → Milo.Runtime.Box&lt;T&gt;.</summary>
internal sealed class HeapType(MiloType inner) : MiloType
{
    public MiloType Inner { get; } = inner;
    public override string Name => $"Heap<{Inner.Name}>";
    public override string MangledName => $"Heap_{Inner.MangledName}";
    public override bool IsCopy => false;
}

/// <summary>`&amp;T` / `&amp;mut T` — only as parameter types (CLR byref) and for string-slice locals.</summary>
internal sealed class RefType(MiloType inner, bool isMutable) : MiloType
{
    public MiloType Inner { get; } = inner;
    public bool IsMutable { get; } = isMutable;
    public override string Name => IsMutable ? $"&mut {Inner.Name}" : $"&{Inner.Name}";
    public override string MangledName => $"ref_{Inner.MangledName}";
    public override bool IsCopy => true;
}

/// <summary>`*T` raw pointer (unsafe; not Send). Emitted as native int.</summary>
internal sealed class PointerType(MiloType inner) : MiloType
{
    public MiloType Inner { get; } = inner;
    public override string Name => $"*{Inner.Name}";
    public override string MangledName => $"ptr_{Inner.MangledName}";
    public override bool IsCopy => true;
}

/// <summary>
/// `(A, &amp;B) => R` — closures and function values alike. Emitted as a delegate: System.Func/Action when no
/// parameter is a reference, otherwise a delegate type generated in the module (Emit/TypeMapper.SigByRef).
/// </summary>
internal sealed class FunctionType(List<MiloType> parameters, MiloType returnType) : MiloType
{
    public List<MiloType> Parameters { get; } = parameters;
    public MiloType ReturnType { get; } = returnType;
    public override string Name => $"({string.Join(", ", Parameters.Select(p => p.Name))}) => {ReturnType.Name}";
    public override string MangledName => $"fn_{string.Join("_", Parameters.Select(p => p.MangledName))}_ret_{ReturnType.MangledName}";
    public override bool IsCopy => true;
    public bool HasMutRefParameter => Parameters.Any(p => p is RefType { IsMutable: true });
}

/// <summary>
/// An opaque runtime-provided class (std/sync Channel, Mutex, AtomicI64, std/thread Thread, …), mapped to a CLR type in
/// Milo.Runtime / Milo.Stdlib. TypeArgs instantiate a generic CLR type (Channel&lt;T&gt; → MiloChannel&lt;T&gt;).
/// </summary>
internal sealed class RuntimeClassType(string miloName, Type clrType, List<MiloType> typeArgs, bool isSend, bool isSync) : MiloType
{
    public string MiloName { get; } = miloName;
    /// <summary>The CLR type (open generic definition when TypeArgs is non-empty).</summary>
    public Type ClrType { get; } = clrType;
    public List<MiloType> TypeArgs { get; } = typeArgs;
    public bool IsSend { get; } = isSend;
    public bool IsSync { get; } = isSync;
    public override string Name => TypeArgs.Count == 0 ? MiloName : $"{MiloName}<{string.Join(", ", TypeArgs.Select(t => t.Name))}>";
    public override string MangledName => TypeArgs.Count == 0 ? MiloName : $"{MiloName}_{string.Join("_", TypeArgs.Select(t => t.MangledName))}";
    public override bool IsCopy => true; // handles: copying shares the same underlying object
}
