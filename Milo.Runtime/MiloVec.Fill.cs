namespace Milo.Runtime;

/// <summary>
/// Counted push loops (Milo.Compiler/Lowering/VecFillLoops.cs, docs/performance.md "Vec fill loops"): in release builds a
/// loop whose body only pushes one invariant value and steps its counter, <c>while i &lt; n { v.push(x); i = i + 1 }</c>
/// or <c>for i in a..b { v.push(x) }</c>, calls <see cref="PushRangeI64"/> / <see cref="PushRangeI32"/> instead: one
/// capacity check, the same doubling growth (so the same final capacity, with one array instead of one per doubling),
/// and a block fill — where the loop kept <see cref="Count"/> in memory and reloaded it after every store. The result
/// is the counter's value after the loop. A loop that would not end before the Vec outgrows the largest array (only
/// an out-of-memory crash ends it) runs as written, push by push.
/// </summary>
public sealed partial class MiloVec<T>
{
    /// <summary>
    /// <c>while i &lt; limit { push(value); i = i + 1 }</c> (<c>&lt;=</c> when <paramref name="inclusive"/>), with a wrapping
    /// i64 counter. Returns the counter's final value.
    /// </summary>
    public long PushRangeI64(T value, long i, long limit, bool inclusive)
    {
        if (inclusive ? i > limit : i >= limit) return i;
        // limit >= i, so the difference is exact as an unsigned number; inclusive up to i64::MAX never ends.
        ulong n = (ulong)limit - (ulong)i + (inclusive ? 1UL : 0UL);
        if ((inclusive && limit == long.MaxValue) || n > (ulong)(Array.MaxLength - Count))
        {
            while (inclusive ? i <= limit : i < limit) { Push(value); i = unchecked(i + 1); }
            return i;
        }
        PushRepeat(value, (int)n);
        return unchecked(i + (long)n);
    }

    /// <summary>The i32-counter form of <see cref="PushRangeI64"/>.</summary>
    public int PushRangeI32(T value, int i, int limit, bool inclusive)
    {
        if (inclusive ? i > limit : i >= limit) return i;
        ulong n = (ulong)((long)limit - i) + (inclusive ? 1UL : 0UL);
        if ((inclusive && limit == int.MaxValue) || n > (ulong)(Array.MaxLength - Count))
        {
            while (inclusive ? i <= limit : i < limit) { Push(value); i = unchecked(i + 1); }
            return i;
        }
        PushRepeat(value, (int)n);
        return unchecked((int)(i + (long)n));
    }

    /// <summary>Appends <paramref name="n"/> (&gt; 0, fitting in an array) copies of a plain value.</summary>
    private void PushRepeat(T value, int n)
    {
        EnsureUnshared();
        int c = Count, need = c + n;
        bool fresh = false;
        if (need > Items.Length)
        {
            // the capacity n single pushes would have reached: 8, then doubling
            long cap = Items.Length == 0 ? 8 : Items.Length;
            while (cap < need) cap *= 2;
            var grown = new T[(int)Math.Min(cap, Array.MaxLength)];
            Array.Copy(Items, grown, c);
            Items = grown;
            fresh = true;
        }
        // a new array is already zeroed: filling it with the zero value again would touch every page twice
        if (!fresh || !IsZero(value)) Items.AsSpan(c, n).Fill(value);
        Count = need;
    }

    private static bool IsZero(T value) => EqualityComparer<T>.Default.Equals(value, default!) && !IsNegativeZero(value);

    /// <summary>-0.0 equals 0.0 but is not all-zero bits.</summary>
    private static bool IsNegativeZero(T value) => value switch
    {
        double d => d == 0 && double.IsNegative(d),
        float f => f == 0 && float.IsNegative(f),
        _ => false,
    };
}
