namespace Milo.Runtime;

/// <summary>
/// Green threads parked on a lock until it is released. Every release wakes all of them and each retries (a woken
/// task that loses the race parks again), so a stale registration can never swallow a wake-up. The count is read
/// without the lock on the release path: one volatile read when nobody waits.
/// </summary>
internal sealed class GreenWaiters
{
    private readonly List<GreenWaker> _wakers = new();
    private volatile int _count;

    public void Add(GreenWaker w)
    {
        lock (_wakers) { _wakers.Add(w); _count = _wakers.Count; }
    }

    public void WakeAllIfAny()
    {
        if (_count == 0) return;
        GreenWaker[] ws;
        lock (_wakers) { ws = _wakers.ToArray(); _wakers.Clear(); _count = 0; }
        foreach (var w in ws) w.Wake();
    }
}

/// <summary>
/// Suspending versions of the OS-level blocking operations of std/thread and std/sync (each blocking method names
/// its factory here with [SuspendsAs]): inside a
/// green thread, <c>t.join()</c>, <c>m.lock()</c>, <c>r.read()</c> and <c>r.write()</c> park the task until the thread
/// finishes or the lock is free, so the other green threads keep running.
/// </summary>
public static class GreenSyncOps
{
    /// <summary>Takes a lock: done when <c>TryTake</c> succeeds, else parks until a release and retries.</summary>
    private sealed class LockFrame(Func<bool> tryTake, GreenWaiters waiters) : GreenFrame<int>
    {
        public override bool MoveNext()
        {
            if (tryTake()) return false;
            var w = Scheduler.Park();
            waiters.Add(w);
            // Released between the attempt and the registration: take it now (the registration is harmless).
            if (tryTake()) { Scheduler.CancelPark(w); return false; }
            return true;
        }
    }

    /// <summary>Write lock: while parked it counts as a waiting writer, which holds back new green readers.</summary>
    private sealed class WriteFrame(MiloRwLock r) : GreenFrame<int>
    {
        private bool _counted;

        public override bool MoveNext()
        {
            if (r.TryWriteGreen()) { Uncount(); return false; }
            if (!_counted) { _counted = true; Interlocked.Increment(ref r.GreenWritersWaiting); }
            var w = Scheduler.Park();
            r.Waiters.Add(w);
            if (r.TryWriteGreen()) { Scheduler.CancelPark(w); Uncount(); return false; }
            return true;
        }

        private void Uncount()
        {
            if (!_counted) return;
            _counted = false;
            Interlocked.Decrement(ref r.GreenWritersWaiting);
            r.Waiters.WakeAllIfAny();   // readers held back by this writer retry (and wait for its unlock)
        }
    }

    /// <summary>
    /// <c>m.withLock(f)</c>, <c>r.withReadLock(f)</c>, <c>r.withWriteLock(f)</c> in a green thread: takes the lock as
    /// the lock frames do (parked meanwhile), runs f — driven as a frame when its closure suspends, so f may itself wait
    /// on channels — and releases the lock (also when f panics).
    /// </summary>
    private sealed class WithLockFrame(GreenFrame<int> acquire, Action body, Action release) : GreenFrame<int>
    {
        private GreenFrame? _body;

        public override bool MoveNext()
        {
            if (State == 0)
            {
                if (acquire.MoveNext()) return true;
                State = 1;
                if (body.Target is IGreenStart g) _body = g.StartFrame();
                else
                {
                    try { body(); } finally { release(); }
                    State = -1;
                    return false;
                }
            }
            if (_body is null) return false;
            bool suspended;
            try { suspended = _body.MoveNext(); }
            catch { release(); throw; }
            if (suspended) return true;
            _body = null;
            State = -1;
            release();
            return false;
        }
    }

    private sealed class JoinFrame(MiloThread t) : GreenFrame<int>
    {
        public override bool MoveNext()
        {
            if (t.Done.IsSet) { t.JoinOk(); return false; }
            var w = Scheduler.Park();
            if (!t.Done.AddWaker(w)) Scheduler.CancelPark(w);
            return true;
        }
    }

    /// <summary><c>t.join()</c> in a green thread: parks until the OS thread finishes.</summary>
    public static GreenFrame<int> Join(MiloThread t)
    {
        if (t.IsCurrent) throw Panics.Panic("runtime error: a thread cannot join itself");
        return new JoinFrame(t);
    }

    /// <summary><c>m.lock()</c> in a green thread.</summary>
    public static GreenFrame<int> Lock(MiloMutex m) => new LockFrame(m.TryLockGreen, m.Waiters);
    /// <summary><c>r.read()</c> in a green thread.</summary>
    public static GreenFrame<int> Read(MiloRwLock r) => new LockFrame(r.TryReadGreen, r.Waiters);
    /// <summary><c>r.write()</c> in a green thread.</summary>
    public static GreenFrame<int> Write(MiloRwLock r) => new WriteFrame(r);
    /// <summary><c>m.withLock(f)</c> in a green thread.</summary>
    public static GreenFrame<int> WithLock(MiloMutex m, Action f) => new WithLockFrame(Lock(m), f, m.Unlock);
    /// <summary><c>r.withReadLock(f)</c> in a green thread.</summary>
    public static GreenFrame<int> WithReadLock(MiloRwLock r, Action f) => new WithLockFrame(Read(r), f, r.Unlock);
    /// <summary><c>r.withWriteLock(f)</c> in a green thread.</summary>
    public static GreenFrame<int> WithWriteLock(MiloRwLock r, Action f) => new WithLockFrame(Write(r), f, r.Unlock);
}
