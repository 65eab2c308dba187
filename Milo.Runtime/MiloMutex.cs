using System.Runtime.CompilerServices;

namespace Milo.Runtime;

/// <summary>
/// <c>std/sync</c> Mutex. Not re-entrant-checked; <see cref="Unlock"/> may be called from the locking thread only.
/// <para>Green threads (issue 18): all green threads of a scheduler share one OS thread, and the underlying lock is
/// thread-affine, so a green thread locks through <see cref="GreenSyncOps.Lock"/>: it takes the lock only if no other
/// green thread of its OS thread holds it, and otherwise parks until an unlock wakes it (<see cref="GreenWaiters"/>).
/// Plain OS threads block as before.</para>
/// </summary>
public sealed class MiloMutex
{
    // System.Threading.Lock (re-entrant, thread-affine like Monitor) is cheaper than Monitor on an object.
    private readonly Lock _gate = new();
    /// <summary>Green threads parked until the mutex is released.</summary>
    internal readonly GreenWaiters Waiters = new();

    public static MiloMutex New() => new();

    public void Lock()
    {
        if (!_gate.TryEnter()) LockSlow();
    }

    public void Unlock()
    {
        _gate.Exit();
        Waiters.WakeAllIfAny();
    }

    public bool TryLock() => _gate.TryEnter();

    /// <summary>Green-thread attempt: fails while this OS thread (another green thread) or another thread holds it.</summary>
    internal bool TryLockGreen() => !_gate.IsHeldByCurrentThread && _gate.TryEnter();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void LockSlow()
    {
        Scheduler.BlockingInTask();
        _gate.Enter();
        Scheduler.BlockingInTaskDone();
    }

    /// <summary>Runs <paramref name="f"/> while holding the lock (released even if f panics).</summary>
    public void WithLock(Action f)
    {
        Lock();
        try { f(); } finally { Unlock(); }
    }

    /// <summary>No-op (memory is garbage collected).</summary>
    public void Destroy() { }

    // Result<i32>-returning forms used by std/sync (the payload is always 0). `m.lock()!` / `m.unlock()!` call these
    // on every iteration of a contended loop: both inline into the caller (no exception-handling region — a method
    // with try/catch is not inlined) and the Result the binder wraps around the 0 is a struct the JIT promotes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    [SuspendsAs(typeof(GreenSyncOps), nameof(GreenSyncOps.Lock))]
    public int LockOk()
    {
        if (!_gate.TryEnter()) LockSlow();
        return 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int UnlockOk()
    {
        // IsHeldByCurrentThread is one compare of the owner id with the current thread's; Exit repeats it, but an
        // explicit check keeps the panic message without a try/catch.
        if (!_gate.IsHeldByCurrentThread) throw NotHeld();
        _gate.Exit();
        Waiters.WakeAllIfAny();
        return 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Exception NotHeld() => Panics.Panic("runtime error: unlock of a mutex not held by this thread");

    [SuspendsAs(typeof(GreenSyncOps), nameof(GreenSyncOps.WithLock))]
    public int WithLockOk(Action f) { WithLock(f); return 0; }
}

/// <summary><c>std/sync</c> RwLock: many readers or one writer. <see cref="Unlock"/> releases whichever mode this thread
/// holds. Green threads take it through <see cref="GreenSyncOps.Read"/>/<see cref="GreenSyncOps.Write"/> (park
/// instead of blocking, see <see cref="MiloMutex"/>).</summary>
public sealed class MiloRwLock
{
    private readonly ReaderWriterLockSlim _rw = new(LockRecursionPolicy.SupportsRecursion);
    internal readonly GreenWaiters Waiters = new();

    public static MiloRwLock New() => new();

    public void Read()
    {
        if (_rw.TryEnterReadLock(0)) return;
        Scheduler.BlockingInTask();
        _rw.EnterReadLock();
        Scheduler.BlockingInTaskDone();
    }

    public void Write()
    {
        if (_rw.TryEnterWriteLock(0)) return;
        Scheduler.BlockingInTask();
        _rw.EnterWriteLock();
        Scheduler.BlockingInTaskDone();
    }

    /// <summary>Green-thread attempts: a read fails while a writer (possibly another green thread of this OS thread)
    /// holds it; a write fails while anyone holds it.</summary>
    internal bool TryReadGreen() => !_rw.IsWriteLockHeld && Volatile.Read(ref GreenWritersWaiting) == 0 && _rw.TryEnterReadLock(0);
    /// <summary>Green writers parked for the lock: new green readers wait behind them (no writer starvation).</summary>
    internal int GreenWritersWaiting;
    internal bool TryWriteGreen() => !_rw.IsWriteLockHeld && !_rw.IsReadLockHeld && _rw.TryEnterWriteLock(0);

    public void Unlock()
    {
        if (_rw.IsWriteLockHeld) _rw.ExitWriteLock();
        else if (_rw.IsReadLockHeld) _rw.ExitReadLock();
        else throw Panics.Panic("runtime error: unlock of an rwlock not held by this thread");
        Waiters.WakeAllIfAny();
    }

    // Result<i32>-returning forms used by std/sync (the payload is always 0).
    [SuspendsAs(typeof(GreenSyncOps), nameof(GreenSyncOps.Read))]
    public int ReadOk() { Read(); return 0; }
    [SuspendsAs(typeof(GreenSyncOps), nameof(GreenSyncOps.Write))]
    public int WriteOk() { Write(); return 0; }
    public int UnlockOk() { Unlock(); return 0; }
    [SuspendsAs(typeof(GreenSyncOps), nameof(GreenSyncOps.WithReadLock))]
    public int WithReadLockOk(Action f) { WithReadLock(f); return 0; }
    [SuspendsAs(typeof(GreenSyncOps), nameof(GreenSyncOps.WithWriteLock))]
    public int WithWriteLockOk(Action f) { WithWriteLock(f); return 0; }

    public void WithReadLock(Action f)
    {
        Read();
        try { f(); } finally { Unlock(); }
    }

    public void WithWriteLock(Action f)
    {
        Write();
        try { f(); } finally { Unlock(); }
    }

    public void Destroy() { }
}
