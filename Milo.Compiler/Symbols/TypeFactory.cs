namespace Milo.Compiler.Symbols;

/// <summary>Interns every structural type so identical types are the same object.</summary>
internal sealed class TypeFactory
{
    private readonly Dictionary<string, MiloType> _interned = new();

    public static readonly PrimitiveType I8 = new(PrimitiveKind.I8), I16 = new(PrimitiveKind.I16), I32 = new(PrimitiveKind.I32), I64 = new(PrimitiveKind.I64);
    public static readonly PrimitiveType U8 = new(PrimitiveKind.U8), U16 = new(PrimitiveKind.U16), U32 = new(PrimitiveKind.U32), U64 = new(PrimitiveKind.U64);
    public static readonly PrimitiveType F32 = new(PrimitiveKind.F32), F64 = new(PrimitiveKind.F64), Bool = new(PrimitiveKind.Bool), Void = new(PrimitiveKind.Void);
    public static readonly StringType String = new();
    public static readonly ErrorType Error = new();

    public static PrimitiveType Primitive(PrimitiveKind k) => k switch
    {
        PrimitiveKind.I8 => I8, PrimitiveKind.I16 => I16, PrimitiveKind.I32 => I32, PrimitiveKind.I64 => I64,
        PrimitiveKind.U8 => U8, PrimitiveKind.U16 => U16, PrimitiveKind.U32 => U32, PrimitiveKind.U64 => U64,
        PrimitiveKind.F32 => F32, PrimitiveKind.F64 => F64, PrimitiveKind.Bool => Bool, _ => Void,
    };

    /// <summary>The Milo numeric primitive of a CLR numeric type (a by-ref type: of its element), else
    /// <paramref name="fallback"/>; adapts int/long mismatches between a runtime method and the Milo type bound for it.</summary>
    public static MiloType FromClrNumeric(Type t, MiloType fallback)
    {
        if (t.IsByRef) t = t.GetElementType()!;
        if (t == typeof(int)) return I32;
        if (t == typeof(long)) return I64;
        if (t == typeof(uint)) return U32;
        if (t == typeof(ulong)) return U64;
        if (t == typeof(short)) return I16;
        if (t == typeof(ushort)) return U16;
        if (t == typeof(byte)) return U8;
        if (t == typeof(sbyte)) return I8;
        if (t == typeof(double)) return F64;
        if (t == typeof(float)) return F32;
        return fallback;
    }

    private T Intern<T>(string key, Func<T> create) where T : MiloType
    {
        if (_interned.TryGetValue(key, out var t)) return (T)t;
        var n = create();
        _interned[key] = n;
        return n;
    }

    private static string K(MiloType t) => t.StripRange() is var s ? $"{s.GetType().Name}:{System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(s)}" : "";

    public ArrayType Array(MiloType e, int n) => Intern($"arr({K(e)},{n})", () => new ArrayType(e.StripRange(), n));
    public VecType Vec(MiloType e) => Intern($"vec({K(e)})", () => new VecType(e.StripRange()));
    public MapType Map(MiloType k, MiloType v) => Intern($"map({K(k)},{K(v)})", () => new MapType(k.StripRange(), v.StripRange()));
    public HeapType Heap(MiloType e) => Intern($"heap({K(e)})", () => new HeapType(e.StripRange()));
    public RefType Ref(MiloType e, bool mut) => Intern($"ref({K(e)},{mut})", () => new RefType(e.StripRange(), mut));
    public PointerType Pointer(MiloType e) => Intern($"ptr({K(e)})", () => new PointerType(e.StripRange()));
    public FunctionType Function(List<MiloType> ps, MiloType r)
        => Intern($"fn({string.Join(",", ps.Select(K))})->{K(r)}", () => new FunctionType(ps.Select(p => p.StripRange()).ToList(), r.StripRange()));
    public RuntimeClassType RuntimeClass(string miloName, Type clr, List<MiloType> args, bool send, bool sync)
        => Intern($"rt({miloName},{string.Join(",", args.Select(K))})", () => new RuntimeClassType(miloName, clr, args.Select(a => a.StripRange()).ToList(), send, sync));
}
