using Milo.Compiler.Symbols;
using MiloArrayType = Milo.Compiler.Symbols.ArrayType;

namespace Milo.Compiler.Emit;

/// <summary>
/// Which read-only reference parameters of a Milo function are passed by value. A <c>&amp;T</c> parameter whose
/// <c>T</c> is a CLR reference type (<c>Heap</c>, <c>Vec</c>, <c>HashMap</c>, <c>string</c>, arrays) is a CLR byref to
/// a variable that holds an object reference: the caller's variable becomes address-exposed (the JIT keeps it in
/// memory) and every use in the callee loads twice. Passed by value, the callee receives the object reference itself.
/// <para>That is only the same program when nothing can store another object into the caller's variable while the call
/// runs: a Milo <c>&amp;T</c> is an alias, and <c>f(s, s)</c> with a <c>&amp;mut</c> second parameter, or a closure
/// that reassigns <c>s</c>, must be seen by the callee (the reference compiler passes a pointer). So a parameter is
/// passed by value only when every parameter of the function is <see cref="Inert"/>: no <c>&amp;mut</c>, no function
/// value, interface, .NET object, runtime handle or raw pointer — nothing through which the callee (or anything it
/// calls, since Milo has no mutable globals) can write a variable of its caller. The call site keeps the order of
/// evaluation: when a later argument could write variables, the referenced place's address is taken in order and its
/// value read after the remaining arguments (FunctionEmitter.Calls).</para>
/// <para>Not affected: <c>&amp;mut</c> (always a byref), <c>&amp;T</c> of value types (structs, enums, primitives:
/// a byref avoids the copy), closures, function values and interface methods (every `&amp;T` of their signatures is
/// a byref: <see cref="TypeMapper.SigByRef"/>), extern and .NET-implemented functions
/// (their signatures are fixed). Generic
/// functions are monomorphised before emission, so <c>T</c> is always known here.</para>
/// </summary>
internal sealed class RefParamPassing
{
    private readonly Dictionary<FunctionSymbol, bool> _inert = new();
    private readonly Dictionary<MiloType, bool> _inertTypes = new();

    /// <summary>Parameter <paramref name="index"/> of <paramref name="fn"/> is a `&amp;T` passed as the value of T.</summary>
    public bool ByValue(FunctionSymbol fn, int index)
        => index < fn.Parameters.Count && IsCandidate(fn.Parameters[index].Type) && Eligible(fn);

    /// <summary>Parameter <paramref name="index"/> of <paramref name="fn"/> is passed as a CLR byref.</summary>
    public bool ByRef(FunctionSymbol fn, int index)
        => index < fn.Parameters.Count && fn.Parameters[index].Type is RefType && !ByValue(fn, index);

    /// <summary>A read-only reference to a value whose CLR type is a class.</summary>
    public static bool IsCandidate(MiloType t)
        => t is RefType { IsMutable: false } r && r.Inner.StripRange() is HeapType or VecType or MapType or StringType or MiloArrayType;

    /// <summary>A function with a Milo body whose parameters cannot reach a variable of its caller.</summary>
    private bool Eligible(FunctionSymbol fn)
    {
        if (fn.Kind is FunctionKind.Extern or FunctionKind.Closure || fn.ClrMethod != null || fn.IsVariadic) return false;
        if (_inert.TryGetValue(fn, out var ok)) return ok;
        ok = fn.Parameters.All(p => Inert(p.Type));
        _inert[fn] = ok;
        return ok;
    }

    /// <summary>
    /// A value of this type gives no way to write a variable other than one the holder owns: plain data (primitives,
    /// strings, and Vec/HashMap/Heap/arrays/structs/enums of plain data) and read-only references to it.
    /// </summary>
    public bool Inert(MiloType t)
    {
        t = t.StripRange();
        if (!_inertTypes.TryGetValue(t, out var ok)) _inertTypes[t] = ok = Inert(t, new HashSet<MiloType>());
        return ok;
    }

    private static bool Inert(MiloType t, HashSet<MiloType> visiting)
    {
        t = t.StripRange();
        if (!visiting.Add(t)) return true;   // a recursive type (enum Tree { Node(Heap<Tree>, …) }): decided by its other parts
        return t switch
        {
            PrimitiveType or StringType => true,
            RefType { IsMutable: false } r => Inert(r.Inner, visiting),
            VecType v => Inert(v.Element, visiting),
            MapType m => Inert(m.Key, visiting) && Inert(m.Value, visiting),
            HeapType h => Inert(h.Inner, visiting),
            MiloArrayType a => Inert(a.Element, visiting),
            StructType s => s.Fields.All(f => Inert(f.Type, visiting)),
            EnumType e => e.Variants.All(v => v.Payload.All(p => Inert(p, visiting))),
            _ => false,   // &mut, function values, interfaces, .NET objects, runtime handles (Mutex, Channel, …), pointers
        };
    }
}
