using System.Runtime.CompilerServices;

namespace Milo.Runtime;

/// <summary>
/// Copy-on-write storage (docs/performance.md, "std/json: copy-on-write Vec"). A deep copy of a <c>Vec&lt;T&gt;</c>
/// whose elements own storage (strings, Vecs, structs holding them) is O(1): <see cref="ShareCopy"/> hands the copy the
/// same <see cref="Items"/> array and marks both Vecs shared. The rule that makes this safe without counts, across
/// OS threads too: <b>an array reachable from a shared Vec is never written</b>. Every write path (Set, GetRef, Push,
/// Pop, Reverse, the sorts) first calls <see cref="Unshare"/> on a shared Vec, which gives that Vec a fresh array of
/// element copies (made by <see cref="ElementCopy"/>, which is itself copy-on-write one level down), so the old array
/// and the objects in it are only ever read. The flag is sticky: after the copy is dropped, the original still copies
/// once on its next write (a cost, never a corruption). Only the compiler's copy helpers share, and they register
/// <see cref="ElementCopy"/> for T first; Vecs of plain values (no references in T) are never shared, so their write
/// paths keep no check at all (<see cref="RuntimeHelpers.IsReferenceOrContainsReferences{T}"/> is a JIT constant).
/// </summary>
public sealed partial class MiloVec<T>
{
    /// <summary>True while <see cref="Items"/> may be referenced by another Vec: it must not be written.</summary>
    internal bool _shared;

    /// <summary>
    /// The deep copy of one element, used when a shared Vec is first written. Set by compiled code (the generated copy
    /// helper of <c>Vec&lt;T&gt;</c>) before it shares a Vec; strings are registered here.
    /// </summary>
    public static Func<T, T>? ElementCopy = typeof(T) == typeof(MiloString)
        ? (Func<T, T>)(object)new Func<MiloString, MiloString>(static s => s.Clone())
        : null;

    /// <summary>True when this Vec's storage is shared with another Vec (it copies before its next write).</summary>
    public bool IsShared => _shared;

    /// <summary>
    /// An independent copy that shares this Vec's array until either side writes (both are marked shared). The caller
    /// must have registered <see cref="ElementCopy"/>; an empty Vec copies to a fresh empty one.
    /// </summary>
    public MiloVec<T> ShareCopy()
    {
        if (Count == 0) return new MiloVec<T>();
        if (!RuntimeHelpers.IsReferenceOrContainsReferences<T>()) return FromArray(Items.AsSpan(0, Count).ToArray());
        if (ElementCopy == null) throw new InvalidOperationException($"Vec<{typeof(T).Name}>: no element copy registered");
        _shared = true;
        return new MiloVec<T> { Items = Items, Count = Count, _shared = true };
    }

    /// <summary>Before any write: a shared Vec takes a private array of element copies.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnsureUnshared()
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>() && _shared) Unshare();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Unshare()
    {
        var copy = ElementCopy ?? throw new InvalidOperationException($"Vec<{typeof(T).Name}>: no element copy registered");
        T[] src = Items;
        int n = Count;
        var dst = n == 0 ? Array.Empty<T>() : new T[n];
        for (int i = 0; i < n; i++) dst[i] = copy(src[i]);
        Items = dst;
        _shared = false;
    }

    /// <summary>
    /// Reference to element i for reading only (field reads, <c>&amp;</c> borrows): no copy of a shared array. Compiled
    /// code never stores through it; writes take <see cref="GetRef"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref T GetReadRef(long i)
    {
        if ((ulong)i >= (ulong)Count) Get(i); // throws the Milo index panic
        return ref Items[(int)i];
    }
}
