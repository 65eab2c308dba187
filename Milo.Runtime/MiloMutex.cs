namespace Milo.Runtime;

/// <summary>
/// <c>std/sync</c> Mutex. Not re-entrant-checked; <see cref="Unlock"/> may be called from the locking thread only.
/// </summary>
public sealed class MiloMutex
{
    private readonly object _gate = new();

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
}

/// <summary><c>std/sync</c> RwLock: many readers or one writer. <see cref="Unlock"/> releases whichever mode this thread holds.</summary>
public sealed class MiloRwLock
{
    private readonly ReaderWriterLockSlim _rw = new(LockRecursionPolicy.NoRecursion);

    public void Read() => _rw.EnterReadLock();
    public void Write() => _rw.EnterWriteLock();

    public void Unlock()
    {
        if (_rw.IsWriteLockHeld) _rw.ExitWriteLock();
        else if (_rw.IsReadLockHeld) _rw.ExitReadLock();
    }

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
