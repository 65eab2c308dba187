namespace Milo.Runtime;

/// <summary>
/// <c>std/sync</c> Mutex. Not re-entrant-checked; <see cref="Unlock"/> may be called from the locking thread only.
/// </summary>
public sealed class MiloMutex
{
    private readonly object _gate = new();

    public static MiloMutex New() => new();

    public void Lock() => Monitor.Enter(_gate);
    public void Unlock() => Monitor.Exit(_gate);
    public bool TryLock() => Monitor.TryEnter(_gate);

    /// <summary>Runs <paramref name="f"/> while holding the lock (released even if f panics).</summary>
    public void WithLock(Action f)
    {
        Monitor.Enter(_gate);
        try { f(); } finally { Monitor.Exit(_gate); }
    }

    /// <summary>No-op (memory is garbage collected).</summary>
    public void Destroy() { }

    // Result<i32>-returning forms used by std/sync (the payload is always 0).
    public int LockOk() { Lock(); return 0; }
    public int UnlockOk()
    {
        if (!Monitor.IsEntered(_gate)) throw Rt.Panic("runtime error: unlock of a mutex not held by this thread");
        Unlock(); return 0;
    }
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
