using System.Diagnostics;

namespace Milo.Runtime;

/// <summary>
/// Single-threaded cooperative green-thread scheduler (§7.3) with a FIFO run queue, timers and park/unpark.
/// Each OS thread that spawns tasks gets its own instance (thread-static); the static members act on it.
/// <list type="bullet">
/// <item><see cref="Spawn"/> only enqueues; tasks run in <see cref="Drain"/> (called by <see cref="MiloProcess.RunMain"/> after
/// main returns), in <see cref="RunOnce"/>, or while the spawning thread blocks on a channel.</item>
/// <item>State-machine tasks suspend by returning <c>true</c> from <see cref="IGreenTask.MoveNext"/>: a plain return is a
/// yield (re-queued at the back); call <see cref="Park"/> or <see cref="SleepFor"/> first to wait instead.</item>
/// <item>Ordinary code spawned with <see cref="SpawnAction"/> uses the blocking-style <see cref="Yield"/>,
/// <see cref="SleepMs"/> and channel operations.</item>
/// </list>
/// <para>Only the owning thread touches the run queue, the timers and the tasks' scheduling fields (a
/// <see cref="ThreadedGreenTask"/> body runs on its helper thread only while it holds the baton, so it counts as the
/// owner): spawning, yielding and local wake-ups take no lock. Other OS threads (a channel operation there, a socket
/// completion, the fd poller) hand their wake-ups over through a small locked inbox, which the owner drains before each
/// step and waits on when idle.</para>
/// </summary>
public sealed partial class Scheduler
{
    [ThreadStatic] private static Scheduler? t_instance;

    private readonly RunQueue _run = new();
    // Sleeping tasks by wake-up time; created by the first sleep (a program that never sleeps does not construct, and in
    // JIT mode does not compile, the PriorityQueue instantiation at start-up).
    private PriorityQueue<GreenTask, (long, long)>? _timers;
    private long _timerSeq;
    private long _spawned;
    private int _alive;
    private GreenTask? _running;
    /// <summary>Wake-up time requested by the running task (<see cref="SleepFor"/>), -1 when none.</summary>
    private long _sleepUntil = -1;

    // Wake-ups from other OS threads (guarded by _inboxLock; _inboxCount is also read without the lock as a hint).
    private readonly object _inboxLock = new();
    private List<GreenTask> _inbox = new();
    private List<GreenTask> _inboxSpare = new();
    private volatile int _inboxCount;
    private bool _idle;
    /// <summary>Set by <see cref="Pulse"/> (under _inboxLock): the next idle wait returns at once, so a pulse that
    /// arrives between a waiter's last check and its wait is not lost.</summary>
    private bool _pulsed;
    private long _idleWaits;

    /// <summary>How many times this thread's scheduler went to sleep waiting for work (diagnostics: a blocked main
    /// thread sleeps once per wake-up, it does not poll).</summary>
    public static long IdleWaitCount => t_instance?._idleWaits ?? 0;

    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    /// <summary>The scheduler of the calling OS thread (created on first use).</summary>
    public static Scheduler Instance => t_instance ??= new Scheduler();

    internal static void BindThread(Scheduler s) => t_instance = s;

    /// <summary>The calling thread's scheduler if it has one (no creation).</summary>
    internal static Scheduler? CurrentInstance => t_instance;

    /// <summary>Monotonic milliseconds used for timers.</summary>
    public static long NowMs => Clock.ElapsedMilliseconds;

    /// <summary>The task currently running on this thread's scheduler, or null outside tasks.</summary>
    public static IGreenTask? Current => t_instance?._running?.Inner;

    /// <summary>Whether code is running inside a green task.</summary>
    public static bool InTask => t_instance?._running is not null;

    /// <summary>Id of the task spawned last on this thread.</summary>
    public static long LastSpawnedId => t_instance?._spawned ?? 0;

    /// <summary>Number of spawned tasks that have not finished.</summary>
    public static int AliveCount => t_instance?._alive ?? 0;

    /// <summary><c>Task.spawn</c> for a compiler-generated state machine (or any task): enqueue only; its id.</summary>
    public static long Spawn(IGreenTask task) => Instance.Enqueue(task as GreenTask ?? new ForeignTask(task));

    /// <summary><c>Task.spawn</c> of a frame the compiler built directly: enqueue only; its id.</summary>
    public static long SpawnFrame(GreenTask task) => Instance.Enqueue(task);

    /// <summary><c>Task.spawn</c> for ordinary code (runs on a baton-passing helper thread, see <see cref="ThreadedGreenTask"/>).</summary>
    public static void SpawnAction(Action body)
    {
        var s = Instance;
        s.Enqueue(new ThreadedGreenTask(body, s));
    }

    private long Enqueue(GreenTask task)
    {
        task.SchedState = GreenTask.Queued;
        long id = task.SchedId = ++_spawned;
        _run.Enqueue(task);
        _alive++;
        return id;
    }

    // ---------------- suspension requests (called by the running task) ----------------

    private static GreenTask RunningTask()
    {
        var t = t_instance?._running;
        if (t is null) throw new InvalidOperationException("not inside a green task");
        return t;
    }

    /// <summary>Marks the running task as parked (call just before returning <c>true</c> from MoveNext). It stays off the
    /// run queue until the returned waker's <see cref="GreenWaker.Wake"/> is called.</summary>
    public static GreenWaker Park()
    {
        var t = RunningTask();
        t.ParkRequested = true;
        t.WakePending = false;
        return new GreenWaker(t_instance!, t);
    }

    /// <summary>Undoes <see cref="Park"/> when the awaited condition turned true while registering (the return of
    /// <c>true</c> from MoveNext then becomes a plain yield). Called by the running task.</summary>
    public static void CancelPark(GreenWaker w) => w.Task.ParkRequested = false;

    /// <summary>Id of the running green task (1-based spawn order), 0 outside tasks (<c>schedulerCurrent()</c>).</summary>
    public static long CurrentId => t_instance?._running?.SchedId ?? 0;

    /// <summary>Wakes this thread's scheduler if it is idle-waiting (or makes its next idle wait return at once): called
    /// by whatever may end the wait of an OS thread that runs this scheduler while it blocks (a channel item or slot, a
    /// promise set, an OS thread or I/O operation finishing).</summary>
    public void Pulse()
    {
        lock (_inboxLock)
        {
            _pulsed = true;
            Monitor.PulseAll(_inboxLock);
        }
    }

    /// <summary>Called after state changes that may unblock a waiting OS thread's scheduler loop.</summary>
    public static void NotifyExternal() { }

    /// <summary>
    /// Blocking wait of ordinary code (main or a plain function called outside green threads): runs this thread's green
    /// tasks until <paramref name="cond"/> holds. Returns false without waiting when this thread has no scheduler work
    /// (or is itself inside a task): the caller then blocks on its own primitive. Idle periods sleep until the next timer
    /// or a wake (no spinning).
    /// </summary>
    public static bool BlockUntil(Func<bool> cond)
    {
        var s = t_instance;
        if (s is null || s._running is not null || ThreadedGreenTask.CurrentOnThread is not null) return false;
        while (!cond())
        {
            if (s.Step()) continue;
            bool noWakeSource = NoExternalWakeSource();   // read before the queues: see NoExternalWakeSource
            if (s.TakeInbox()) continue;
            if (s._alive == 0)
            {
                if (noWakeSource && !cond()) throw Deadlock(0, mainBlocked: true);
                return false;
            }
            s.MoveDueTimers();
            if (s._run.Count > 0) continue;
            // No polling: a wake-up from another thread, the next timer, or a Pulse (the awaited event was set
            // elsewhere, an OS thread or I/O operation finished) ends the wait.
            long wait = -1;
            if (s._timers is { } timers && timers.TryPeek(out _, out var key)) wait = Math.Max(0, key.Item1 - NowMs);
            else if (noWakeSource && !cond()) throw Deadlock(s._alive, mainBlocked: true);
            if (wait != 0) s.IdleWait(wait);
        }
        return true;
    }

    /// <summary>Marks the running task to sleep <paramref name="ms"/> milliseconds (call just before returning <c>true</c>).</summary>
    public static void SleepFor(long ms)
    {
        RunningTask();
        t_instance!._sleepUntil = NowMs + Math.Max(0, ms);
    }

    // ---------------- blocking-style API (ordinary code) ----------------

    /// <summary><c>schedulerYield()</c> for blocking-style code: inside a <see cref="ThreadedGreenTask"/> re-queues it at the back;
    /// elsewhere a no-op (state machines return <c>true</c> from MoveNext instead).</summary>
    public static void Yield() => ThreadedGreenTask.CurrentOnThread?.Suspend();

    /// <summary><c>sleepMs(ms)</c>: inside a threaded task sleeps via a timer (other tasks run); otherwise blocks the OS thread.</summary>
    public static void SleepMs(long ms)
    {
        var tt = ThreadedGreenTask.CurrentOnThread;
        if (tt is null) { MiloThread.Sleep(ms); return; }
        SleepFor(ms);
        tt.Suspend();
    }

    /// <summary>Blocking-style park: parks the current threaded task until <paramref name="register"/>'s waker fires.
    /// Returns false (without parking) when not inside a threaded task.</summary>
    internal static bool ParkBlocking(Func<GreenWaker, bool> register)
    {
        var tt = ThreadedGreenTask.CurrentOnThread;
        if (tt is null) return false;
        var waker = Park();
        // Condition became true while registering: cancel the park (becomes a plain yield).
        if (!register(waker)) CancelPark(waker);
        tt.Suspend();
        return true;
    }

    // ---------------- running ----------------

    /// <summary>Makes a parked task runnable (<see cref="GreenWaker.Wake"/>). On the owning thread directly; from any other
    /// thread through the inbox (the owner applies it before its next step, so the task's fields stay single-threaded).</summary>
    internal void WakeTask(GreenTask t)
    {
        if (ReferenceEquals(t_instance, this)) { WakeLocal(t); return; }
        lock (_inboxLock)
        {
            _inbox.Add(t);
            _inboxCount = _inbox.Count;
            if (_idle) Monitor.Pulse(_inboxLock);
        }
    }

    private void WakeLocal(GreenTask t)
    {
        if (t.SchedState == GreenTask.Parked)
        {
            t.SchedState = GreenTask.Queued;
            _run.Enqueue(t);
        }
        else if (t.SchedState == GreenTask.Running && t.ParkRequested) t.WakePending = true;
    }

    /// <summary>Applies the wake-ups handed over by other threads; whether there were any.</summary>
    private bool TakeInbox()
    {
        if (_inboxCount == 0) return false;
        List<GreenTask> batch;
        lock (_inboxLock)
        {
            batch = _inbox;
            _inbox = _inboxSpare;
            _inboxSpare = batch;
            _inboxCount = 0;
        }
        foreach (var t in batch) WakeLocal(t);
        bool any = batch.Count > 0;
        batch.Clear();
        return any;
    }

    /// <summary>Sleeps until a wake-up arrives from another thread, a <see cref="Pulse"/>, or <paramref name="ms"/> pass
    /// (-1: no time limit).</summary>
    private void IdleWait(long ms)
    {
        lock (_inboxLock)
        {
            if (_inbox.Count > 0 || _pulsed) { _pulsed = false; return; }
            _idleWaits++;
            _idle = true;
            Monitor.Wait(_inboxLock, ms < 0 ? Timeout.Infinite : (int)Math.Min(ms, int.MaxValue));
            _idle = false;
            _pulsed = false;
        }
    }

    /// <summary>
    /// An OS thread blocked in a channel operation while its own green threads are all parked or sleeping (checked by
    /// <see cref="HasWorkHere"/>): waits until one of them is woken, the next timer is due, or a <see cref="Pulse"/> (the
    /// channel registered this scheduler and pulses it on every item/slot) — no polling.
    /// </summary>
    internal void IdleForWork()
    {
        if (TakeInbox()) return;
        MoveDueTimers();
        if (_run.Count > 0) return;
        long wait = _timers is { } timers && timers.TryPeek(out _, out var key) ? Math.Max(0, key.Item1 - NowMs) : -1;
        if (wait != 0) IdleWait(wait);
    }

    private void MoveDueTimers()
    {
        if (_timers is not { Count: > 0 } timers) return;
        long now = NowMs;
        while (timers.TryPeek(out var t, out var key) && key.Item1 <= now)
        {
            timers.Dequeue();
            t.SchedState = GreenTask.Queued;
            _run.Enqueue(t);
        }
    }

    /// <summary>Runs one ready task step on this thread's scheduler. Returns false if no task was ready.</summary>
    public static bool RunOnce() => t_instance is { } s && s.Step();

    private bool Step()
    {
        if (_inboxCount != 0) TakeInbox();
        if (_timers is { Count: > 0 }) MoveDueTimers();
        if (!_run.TryDequeue(out var t)) return false;
        t.SchedState = GreenTask.Running;
        t.ParkRequested = false;
        t.WakePending = false;
        var prev = _running;
        long prevSleep = _sleepUntil;
        _running = t;
        _sleepUntil = -1;
        bool alive;
        try { alive = t.MoveNext(); }
        catch
        {
            t.SchedState = GreenTask.Done;
            _alive--;
            _running = prev;
            _sleepUntil = prevSleep;
            throw;
        }
        _running = prev;
        if (!alive) { t.SchedState = GreenTask.Done; _alive--; }
        else if (!t.ParkRequested && _sleepUntil < 0) { t.SchedState = GreenTask.Queued; _run.Enqueue(t); } // a plain yield
        else AfterSuspend(t);
        _sleepUntil = prevSleep;
        return true;
    }

    /// <summary>The running task <paramref name="t"/> returned true after <see cref="Park"/> or <see cref="SleepFor"/>.</summary>
    private void AfterSuspend(GreenTask t)
    {
        if (t.ParkRequested)
        {
            if (t.WakePending) { t.SchedState = GreenTask.Queued; _run.Enqueue(t); }
            else t.SchedState = GreenTask.Parked;
        }
        else
        {
            t.SchedState = GreenTask.Sleeping;
            (_timers ??= new()).Enqueue(t, (_sleepUntil, _timerSeq++));
        }
    }

    /// <summary>Runs tasks until none remain (end of main). Waits for timers and for wakes from other OS threads.</summary>
    public static void Drain()
    {
        var s = t_instance;
        if (s is null) return;
        while (true)
        {
            if (s.Step()) continue;
            bool noWakeSource = NoExternalWakeSource();   // read before the queues: see NoExternalWakeSource
            if (s.TakeInbox()) continue;
            if (s._alive == 0) return;
            s.MoveDueTimers();
            if (s._run.Count > 0) continue;
            if (s._timers is { } timers && timers.TryPeek(out _, out var key))
            {
                long wait = key.Item1 - NowMs;
                if (wait > 0) s.IdleWait(wait);
            }
            else if (noWakeSource) throw Deadlock(s._alive, mainBlocked: false);
            else s.IdleWait(-1); // parked tasks: a wake from another thread, or a pulse when a wake source ends
        }
    }

    /// <summary>Whether this thread (outside any task) has green tasks it could run while blocking.</summary>
    internal static bool HasWorkHere(out bool runnable)
    {
        runnable = false;
        var s = t_instance;
        if (ThreadedGreenTask.CurrentOnThread is not null || s?._running is not null) return false;
        bool noWakeSource = NoExternalWakeSource();
        if (s is null)
        {
            if (noWakeSource) throw Deadlock(0, mainBlocked: true);
            return false;
        }
        s.TakeInbox();
        s.MoveDueTimers();
        runnable = s._run.Count > 0;
        if (!runnable && noWakeSource && s._timers is not { Count: > 0 })
            throw Deadlock(s._alive, mainBlocked: true);
        return s._alive > 0;
    }
}
