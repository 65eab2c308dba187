namespace Milo.Runtime;

/// <summary>Stable sorting for <see cref="MiloVec{T}"/> (insertion sort for short runs + bottom-up merge sort).</summary>
public sealed partial class MiloVec<T>
{
    /// <summary><c>v.sort()</c>: stable ascending (ints, floats, bool false&lt;true, strings bytewise).</summary>
    public void Sort() { EnsureUnshared(); StableSort.Sort(Items, Count, new StableSort.DefaultCmp<T>()); }

    /// <summary><c>v.sortBy(cmp)</c>: stable; an element moves left while <c>cmp(prev, cur) &gt; 0</c>.</summary>
    public void SortBy(Func<T, T, int> cmp) { EnsureUnshared(); StableSort.Sort(Items, Count, new StableSort.FuncCmp<T>(cmp)); }

    /// <summary><c>v.sortByKey(key)</c>: stable ascending by <c>key(x)</c> (key computed once per element).</summary>
    public void SortByKey<K>(Func<T, K> key)
    {
        int n = Count;
        if (n < 2) return;
        EnsureUnshared();
        var pairs = new StableSort.Keyed<K, T>[n];
        for (int i = 0; i < n; i++) pairs[i] = new StableSort.Keyed<K, T>(key(Items[i]), Items[i]);
        StableSort.Sort(pairs, n, new StableSort.KeyCmp<K, T>());
        for (int i = 0; i < n; i++) Items[i] = pairs[i].Value;
    }
}

/// <summary>Generic stable sort; comparers are structs so value-type instantiations do not box.</summary>
public static class StableSort
{
    public interface ICmp<X> { int Compare(X a, X b); }

    public readonly struct DefaultCmp<X> : ICmp<X>
    {
        public int Compare(X a, X b) => Comparer<X>.Default.Compare(a, b);
    }

    public readonly struct FuncCmp<X> : ICmp<X>
    {
        private readonly Func<X, X, int> _f;
        public FuncCmp(Func<X, X, int> f) { _f = f; }
        public int Compare(X a, X b) => _f(a, b);
    }

    public readonly struct Keyed<K, V>
    {
        public readonly K Key;
        public readonly V Value;
        public Keyed(K key, V value) { Key = key; Value = value; }
    }

    public readonly struct KeyCmp<K, V> : ICmp<Keyed<K, V>>
    {
        public int Compare(Keyed<K, V> a, Keyed<K, V> b) => Comparer<K>.Default.Compare(a.Key, b.Key);
    }

    private const int Run = 16;

    /// <summary>Stable in-place sort of <c>a[0..n)</c>.</summary>
    public static void Sort<X, C>(X[] a, int n, C cmp) where C : struct, ICmp<X>
    {
        if (n < 2) return;
        for (int lo = 0; lo < n; lo += Run) Insertion(a, lo, Math.Min(lo + Run, n), cmp);
        if (n <= Run) return;
        X[] src = a, dst = new X[n];
        for (int width = Run; width < n; width *= 2)
        {
            for (int lo = 0; lo < n; lo += 2 * width)
            {
                int mid = Math.Min(lo + width, n), hi = Math.Min(lo + 2 * width, n);
                Merge(src, dst, lo, mid, hi, cmp);
            }
            (src, dst) = (dst, src);
        }
        if (!ReferenceEquals(src, a)) Array.Copy(src, a, n);
    }

    private static void Insertion<X, C>(X[] a, int lo, int hi, C cmp) where C : struct, ICmp<X>
    {
        for (int i = lo + 1; i < hi; i++)
        {
            X cur = a[i];
            int j = i;
            while (j > lo && cmp.Compare(a[j - 1], cur) > 0) { a[j] = a[j - 1]; j--; }
            a[j] = cur;
        }
    }

    private static void Merge<X, C>(X[] src, X[] dst, int lo, int mid, int hi, C cmp) where C : struct, ICmp<X>
    {
        int i = lo, j = mid, k = lo;
        if (mid >= hi || cmp.Compare(src[mid - 1], src[mid]) <= 0)
        {
            Array.Copy(src, lo, dst, lo, hi - lo);
            return;
        }
        while (i < mid && j < hi) dst[k++] = cmp.Compare(src[i], src[j]) <= 0 ? src[i++] : src[j++];
        while (i < mid) dst[k++] = src[i++];
        while (j < hi) dst[k++] = src[j++];
    }
}
