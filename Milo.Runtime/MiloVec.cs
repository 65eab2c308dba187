using System.Collections;
using System.Runtime.CompilerServices;

namespace Milo.Runtime;

/// <summary>
/// Milo <c>Vec&lt;T&gt;</c>: growable array (growth 0→8→×2). <see cref="Items"/> and <see cref="Count"/> are public
/// fields so compiled code can emit fast index loops (valid elements are <c>Items[0..Count)</c>); compiled code only
/// reads them — <c>Items</c> may be shared copy-on-write with other Vecs (MiloVec.Share.cs), so every write goes
/// through a method that unshares first. Sorting lives in MiloVec.Sort.cs.
/// </summary>
public sealed partial class MiloVec<T> : IReadOnlyList<T>
{
    /// <summary>Backing storage; length is the capacity.</summary>
    public T[] Items;
    /// <summary>Number of valid elements.</summary>
    public int Count;

    /// <summary><c>Vec.new()</c>.</summary>
    public MiloVec() { Items = Array.Empty<T>(); }

    /// <summary>Empty Vec with reserved capacity.</summary>
    public MiloVec(int capacity) { Items = capacity > 0 ? new T[capacity] : Array.Empty<T>(); }

    /// <summary>Wraps <paramref name="items"/> (takes ownership, no copy). Used for array literals in a Vec context.</summary>
    public static MiloVec<T> FromArray(T[] items)
    {
        var v = new MiloVec<T>();
        v.Items = items;
        v.Count = items.Length;
        return v;
    }

    /// <summary><c>v.len</c>.</summary>
    public long Len
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Count;
    }

    int IReadOnlyCollection<T>.Count => Count;
    T IReadOnlyList<T>.this[int index] => Get(index);

    /// <summary><c>v[i]</c> read, bounds-checked (panic <c>milo: array index out of bounds: I/LEN</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Get(long i)
    {
        if ((ulong)i >= (ulong)Count) throw Panics.IndexOutOfBounds(i, Count);
        return Items[(int)i];
    }

    /// <summary>Bounds-checked reference to element i (for <c>v[i].f = x</c> and in-place mutation).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref T GetRef(long i)
    {
        if ((ulong)i >= (ulong)Count) throw Panics.IndexOutOfBounds(i, Count);
        EnsureUnshared();
        return ref Items[(int)i];
    }

    /// <summary><c>v[i] = x</c>, bounds-checked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Set(long i, T value)
    {
        if ((ulong)i >= (ulong)Count) throw Panics.IndexOutOfBounds(i, Count);
        EnsureUnshared();
        Items[(int)i] = value;
    }

    /// <summary><c>v.push(x)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(T value)
    {
        EnsureUnshared();
        // Locals so the JIT proves c < items.Length once: no second bounds check, no reloads after the capacity test.
        T[] items = Items;
        int c = Count;
        if ((uint)c < (uint)items.Length)
        {
            items[c] = value;
            Count = c + 1;
        }
        else PushGrow(value);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PushGrow(T value)
    {
        Grow();
        Items[Count++] = value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow()
    {
        int cap = Items.Length == 0 ? 8 : Items.Length * 2;
        var n = new T[cap];
        Array.Copy(Items, n, Count);
        Items = n;
    }

    /// <summary><c>v.pop()</c>; empty → panic <c>pop on empty Vec at FILE:L:C</c> (FILE when the caller has Milo symbols).</summary>
    public T Pop(int line, int col)
    {
        if (Count == 0) throw Panics.PopEmpty(line, col);
        EnsureUnshared();
        T v = Items[--Count];
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>()) Items[Count] = default!;
        return v;
    }

    /// <summary><c>v.isEmpty()</c>.</summary>
    public bool IsEmpty() => Count == 0;

    /// <summary><c>v.contains(x)</c> using <see cref="EqualityComparer{T}.Default"/> (MiloString compares by content).</summary>
    public bool Contains(T value)
    {
        var cmp = EqualityComparer<T>.Default;
        for (int i = 0; i < Count; i++) if (cmp.Equals(Items[i], value)) return true;
        return false;
    }

    /// <summary><c>v.reverse()</c> in place.</summary>
    public void Reverse()
    {
        EnsureUnshared();
        Array.Reverse(Items, 0, Count);
    }

    /// <summary><c>v.map(f)</c>: new Vec.</summary>
    public MiloVec<R> Map<R>(Func<T, R> f)
    {
        EnsureUnshared(); // the callback gets the elements themselves: never those of a shared array (MiloVec.Share.cs)
        var r = new MiloVec<R>(Count);
        for (int i = 0; i < Count; i++) r.Items[i] = f(Items[i]);
        r.Count = Count;
        return r;
    }

    /// <summary><c>v.filter(f)</c>: new Vec of the selected elements (the compiler deep-copies non-Copy elements if needed).</summary>
    public MiloVec<T> Filter(Func<T, bool> f)
    {
        EnsureUnshared();
        var r = new MiloVec<T>();
        for (int i = 0; i < Count; i++) { T x = Items[i]; if (f(x)) r.Push(x); }
        return r;
    }

    /// <summary><c>v.find(f)</c>: true and the first match in <paramref name="found"/>, else false.</summary>
    public bool Find(Func<T, bool> f, out T found)
    {
        EnsureUnshared();
        for (int i = 0; i < Count; i++) { T x = Items[i]; if (f(x)) { found = x; return true; } }
        found = default!;
        return false;
    }

    /// <summary><c>v.any(f)</c>.</summary>
    public bool Any(Func<T, bool> f)
    {
        EnsureUnshared();
        for (int i = 0; i < Count; i++) if (f(Items[i])) return true;
        return false;
    }

    /// <summary><c>v.all(f)</c>.</summary>
    public bool All(Func<T, bool> f)
    {
        EnsureUnshared();
        for (int i = 0; i < Count; i++) if (!f(Items[i])) return false;
        return true;
    }

    /// <summary><c>v.each(f)</c>.</summary>
    public void Each(Action<T> f)
    {
        EnsureUnshared();
        for (int i = 0; i < Count; i++) f(Items[i]);
    }

    /// <summary><c>v.enumerate(f)</c>: f(index, element).</summary>
    public void Enumerate(Action<long, T> f)
    {
        EnsureUnshared();
        for (int i = 0; i < Count; i++) f(i, Items[i]);
    }

    /// <summary>Struct enumerator over the first <see cref="Count"/> elements.</summary>
    public Enumerator GetEnumerator() => new Enumerator(this);
    IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public struct Enumerator : IEnumerator<T>
    {
        private readonly MiloVec<T> _v;
        private int _i;
        internal Enumerator(MiloVec<T> v) { _v = v; _i = -1; }
        public T Current => _v.Items[_i];
        object? IEnumerator.Current => Current;
        public bool MoveNext() => ++_i < _v.Count;
        public void Reset() => _i = -1;
        public void Dispose() { }
    }
}

/// <summary>Non-generic helpers for specific Vec instantiations.</summary>
public static class MiloVecOps
{
    /// <summary><c>v.join(sep)</c> for <c>Vec&lt;string&gt;</c>.</summary>
    public static MiloString Join(MiloVec<MiloString> parts, MiloString sep)
    {
        long total = 0;
        for (int i = 0; i < parts.Count; i++) total += parts.Items[i]._len;
        if (parts.Count > 1) total += (long)sep._len * (parts.Count - 1);
        var r = MiloString.WithCapacity(total);
        for (int i = 0; i < parts.Count; i++)
        {
            if (i > 0) r.PushStr(sep);
            r.PushStr(parts.Items[i]);
        }
        return r;
    }
}
