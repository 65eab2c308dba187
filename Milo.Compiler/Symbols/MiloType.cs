namespace Milo.Compiler.Symbols;

/// <summary>
/// A fully concrete Milo type. User generics are monomorphised by the binder, so after binding no type
/// parameters remain: `Pair&lt;i32, string&gt;` is a StructType named `Pair_i32_string`.
/// Types are interned: compare with <see cref="SameAs"/> (which ignores integer ranges).
/// </summary>
internal abstract class MiloType
{
    /// <summary>Display / mangled name (`i32`, `string`, `Vec_i32`, `Option_i64`, `Pair_i32_string`).</summary>
    public abstract string Name { get; }
    /// <summary>The name used inside other mangled names (§2.14 of the checklist).</summary>
    public virtual string MangledName => Name;
    /// <summary>Copy types are duplicated bitwise; others are moved.</summary>
    public abstract bool IsCopy { get; }
    public virtual MiloType StripRange() => this;
    public bool SameAs(MiloType other) => ReferenceEquals(StripRange(), other.StripRange());
    public override string ToString() => Name;

    public bool IsVoid => this is PrimitiveType { Kind: PrimitiveKind.Void };
    public bool IsBool => this is PrimitiveType { Kind: PrimitiveKind.Bool };
    public bool IsInteger => this is PrimitiveType p && p.Kind.IsInteger();
    public bool IsFloat => this is PrimitiveType { Kind: PrimitiveKind.F32 or PrimitiveKind.F64 };
    public bool IsNumeric => IsInteger || IsFloat;
    public bool IsString => this is StringType;
    public bool IsError => this is ErrorType;
}

internal enum PrimitiveKind { I8, I16, I32, I64, U8, U16, U32, U64, F32, F64, Bool, Void }

internal static class PrimitiveKindExtensions
{
    public static bool IsInteger(this PrimitiveKind k) => k <= PrimitiveKind.U64;
    public static bool IsSigned(this PrimitiveKind k) => k is PrimitiveKind.I8 or PrimitiveKind.I16 or PrimitiveKind.I32 or PrimitiveKind.I64;
    public static int Bits(this PrimitiveKind k) => k switch
    {
        PrimitiveKind.I8 or PrimitiveKind.U8 => 8,
        PrimitiveKind.I16 or PrimitiveKind.U16 => 16,
        PrimitiveKind.I32 or PrimitiveKind.U32 or PrimitiveKind.F32 => 32,
        PrimitiveKind.Bool => 8,
        PrimitiveKind.Void => 0,
        _ => 64,
    };
    public static (Int128 Min, Int128 Max) IntRange(this PrimitiveKind k) => k switch
    {
        PrimitiveKind.I8 => (sbyte.MinValue, sbyte.MaxValue),
        PrimitiveKind.I16 => (short.MinValue, short.MaxValue),
        PrimitiveKind.I32 => (int.MinValue, int.MaxValue),
        PrimitiveKind.I64 => (long.MinValue, long.MaxValue),
        PrimitiveKind.U8 => (0, byte.MaxValue),
        PrimitiveKind.U16 => (0, ushort.MaxValue),
        PrimitiveKind.U32 => (0, uint.MaxValue),
        PrimitiveKind.U64 => (0, ulong.MaxValue),
        _ => (0, 0),
    };
}

/// <summary>Integers, floats, bool, void. A ranged integer (`i32(0..100)`) is a PrimitiveType with Range set whose StripRange() is the plain type.</summary>
internal sealed class PrimitiveType : MiloType
{
    private readonly PrimitiveType? _base;
    internal PrimitiveType(PrimitiveKind kind, (long Lo, long Hi)? range = null, PrimitiveType? @base = null)
    {
        Kind = kind; Range = range; _base = @base;
    }
    public PrimitiveKind Kind { get; }
    /// <summary>Inclusive bounds of a ranged integer type, else null.</summary>
    public (long Lo, long Hi)? Range { get; }
    public override string Name => Range is { } r
        ? $"{KindName}({r.Lo}..{r.Hi})" : KindName;
    public string KindName => Kind.ToString().ToLowerInvariant();
    public override string MangledName => KindName;
    public override bool IsCopy => true;
    public override MiloType StripRange() => _base ?? this;
    public PrimitiveType WithRange(long lo, long hi) => new(Kind, (lo, hi), (PrimitiveType)StripRange());
}

/// <summary>The owned UTF-8 byte string. IsSlice marks the `&amp;string` view produced by `s[a..b]`.</summary>
internal sealed class StringType : MiloType
{
    internal StringType() { }
    public override string Name => "string";
    public override bool IsCopy => false;
}

/// <summary>Placeholder after an error; compatible with everything so one mistake gives one diagnostic.</summary>
internal sealed class ErrorType : MiloType
{
    internal ErrorType() { }
    public override string Name => "?";
    public override bool IsCopy => true;
}
