namespace Milo.Runtime;

// Sequentially consistent loads are Volatile.Read (a plain load on x64, ldar on arm64; 64-bit volatile reads are atomic
// on 32-bit runtimes too) because every store/RMW is an Interlocked operation (a full fence). Interlocked.Read is a
// `lock cmpxchg` on the cache line — it made each `counter.load()` an exclusive write-back under contention.

/// <summary><c>AtomicI64</c>: all operations sequentially consistent.</summary>
public sealed class AtomicI64
{
    private long _v;
    public AtomicI64(long initial) { _v = initial; }
    public static AtomicI64 New(long initial) => new(initial);

    public long Load() => Volatile.Read(ref _v);
    public void Store(long v) => Interlocked.Exchange(ref _v, v);
    /// <summary>Adds and returns the old value.</summary>
    public long Add(long d) => Interlocked.Add(ref _v, d) - d;
    /// <summary>Subtracts and returns the old value.</summary>
    public long Sub(long d) => Interlocked.Add(ref _v, -d) + d;
    /// <summary>Compare-and-swap; returns the old value (success iff old == expected).</summary>
    public long Cas(long expected, long desired) => Interlocked.CompareExchange(ref _v, desired, expected);
    /// <summary>Stores and returns the old value.</summary>
    public long Swap(long v) => Interlocked.Exchange(ref _v, v);
    public void Destroy() { }
}

/// <summary><c>AtomicBool</c>: all operations sequentially consistent.</summary>
public sealed class AtomicBool
{
    private int _v;
    public AtomicBool(bool initial) { _v = initial ? 1 : 0; }
    public static AtomicBool New(bool initial) => new(initial);

    public bool Load() => Volatile.Read(ref _v) != 0;
    public void Store(bool v) => Interlocked.Exchange(ref _v, v ? 1 : 0);
    /// <summary>Stores and returns the old value.</summary>
    public bool Swap(bool v) => Interlocked.Exchange(ref _v, v ? 1 : 0) != 0;
    /// <summary>Compare-and-swap; returns the old value.</summary>
    public bool Cas(bool expected, bool desired) => Interlocked.CompareExchange(ref _v, desired ? 1 : 0, expected ? 1 : 0) != 0;
    public void Destroy() { }
}
