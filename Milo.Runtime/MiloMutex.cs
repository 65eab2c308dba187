using System.Runtime.CompilerServices;

namespace Milo.Runtime;

/// <summary>
/// <c>std/sync</c> Mutex. Not re-entrant-checked; <see cref="Unlock"/> may be called from the locking thread only.
/// </summary>
public sealed class MiloMutex
{
    // System.Threading.Lock (re-entrant, thread-affine like Monitor) is cheaper than Monitor on an object.
    private readonly Lock _gate = new();

    public static MiloMutex New() => new();

    public void Lock() => _gate.Enter();
    public void Unlock() => _gate.Exit();
    public bool TryLock() => _gate.TryEnter();

    /// <summary>Runs <paramref name="f"/> while holding the lock (released even if f panics).</summary>
    public void WithLock(Action f)
    {
        _gate.Enter();
        try { f(); } finally { _gate.Exit(); }
    }

    /// <summary>No-op (memory is garbage collected).</summary>
    public void Destroy() { }

    // Result<i32>-returning forms used by std/sync (the payload is always 0). `m.lock()!` / `m.unlock()!` call these
    // on every iteration of a contended loop: both inline into the caller (no exception-handling region — a method
    // with try/catch is not inlined) and the Result the binder wraps around the 0 is a struct the JIT promotes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int LockOk() { _gate.Enter(); return 0; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int UnlockOk()
    {
        // IsHeldByCurrentThread is one compare of the owner id with the current thread's; Exit repeats it, but an
        // explicit check keeps the panic message without a try/catch.
        if (!_gate.IsHeldByCurrentThread) throw NotHeld();
        _gate.Exit();
        return 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Exception NotHeld() => Rt.Panic("runtime error: unlock of a mutex not held by this thread");

    public int WithLockOk(Action f) { WithLock(f); return 0; }
}

/// <summary><c>std/sync</c> RwLock: many readers or one writer. <see cref="Unlock"/> releases whichever mode this thread holds.</summary>
public sealed class MiloRwLock
{
    private readonly ReaderWriterLockSlim _rw = new(LockRecursionPolicy.SupportsRecursion);

    public static MiloRwLock New() => new();

    public void Read() => _rw.EnterReadLock();
    public void Write() => _rw.EnterWriteLock();

    public void Unlock()
    {
        if (_rw.IsWriteLockHeld) _rw.ExitWriteLock();
        else if (_rw.IsReadLockHeld) _rw.ExitReadLock();
        else throw Rt.Panic("runtime error: unlock of an rwlock not held by this thread");
    }

    // Result<i32>-returning forms used by std/sync (the payload is always 0).
    public int ReadOk() { Read(); return 0; }
    public int WriteOk() { Write(); return 0; }
    public int UnlockOk() { Unlock(); return 0; }
    public int WithReadLockOk(Action f) { WithReadLock(f); return 0; }
    public int WithWriteLockOk(Action f) { WithWriteLock(f); return 0; }

    public void WithReadLock(Action f)
    {
        _rw.EnterReadLock();
        try { f(); } finally { _rw.ExitReadLock(); }
    }

    public void WithWriteLock(Action f)
    {
        _rw.EnterWriteLock();
        try { f(); } finally { _rw.ExitWriteLock(); }
    }

    public void Destroy() { }
}
