using System.Diagnostics;

namespace Milo.Runtime;

/// <summary>
/// Single-threaded cooperative green-thread scheduler (§7.3) with a FIFO run queue, timers and park/unpark.
/// Each OS thread that spawns tasks gets its own instance (thread-static); the static members act on it.
/// <list type="bullet">
/// <item><see cref="Spawn"/> only enqueues; tasks run in <see cref="Drain"/> (called by <see cref="Rt.RunMain"/> after
/// main returns), in <see cref="RunOnce"/>, or while the spawning thread blocks on a channel.</item>
/// <item>State-machine tasks suspend by returning <c>true</c> from <see cref="IGreenTask.MoveNext"/>: a plain return is a
/// yield (re-queued at the back); call <see cref="Park"/> or <see cref="SleepFor"/> first to wait instead.</item>
/// <item>Ordinary code spawned with <see cref="SpawnAction"/> uses the blocking-style <see cref="Yield"/>,
/// <see cref="SleepMs"/> and channel operations.</item>
/// </list>
/// </summary>
public sealed class Scheduler
{
    [ThreadStatic] private static Scheduler? t_instance;

    internal enum SlotState { Queued, Running, Parked, Sleeping, Done }

    internal sealed class Slot
    {
        public readonly IGreenTask Task;
        public SlotState State;
        public bool ParkRequested;
        public bool WakePending;
        public long SleepUntil = -1;
        public long Id;
        public Slot(IGreenTask task) { Task = task; }
    }

    private readonly object _lock = new();
    private readonly Queue<Slot> _run = new();
    private readonly PriorityQueue<Slot, (long, long)> _timers = new();
    private long _timerSeq;
    private long _spawned;
    private int _alive;
    private Slot? _running;
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    /// <summary>The scheduler of the calling OS thread (created on first use).</summary>
    public static Scheduler Instance => t_instance ??= new Scheduler();

    internal static void BindThread(Scheduler s) => t_instance = s;

    /// <summary>Monotonic milliseconds used for timers.</summary>
    public static long NowMs => Clock.ElapsedMilliseconds;

    /// <summary>The task currently running on this thread's scheduler, or null outside tasks (<c>schedulerCurrent()</c>).</summary>
    public static IGreenTask? Current => t_instance?._running?.Task;

    /// <summary>Whether code is running inside a green task.</summary>
    public static bool InTask => t_instance?._running is not null;

    /// <summary>Id of the task spawned last on this thread.</summary>
    public static long LastSpawnedId => t_instance?._spawned ?? 0;

    /// <summary>Number of spawned tasks that have not finished.</summary>
    public static int AliveCount => t_instance?._alive ?? 0;

    /// <summary><c>Task.spawn</c> for a compiler-generated state machine: enqueue only.</summary>
    public static void Spawn(IGreenTask task) => Instance.Enqueue(task);

    /// <summary><c>Task.spawn</c> for ordinary code (runs on a baton-passing helper thread, see <see cref="ThreadedGreenTask"/>).</summary>
    public static void SpawnAction(Action body)
    {
        var s = Instance;
        s.Enqueue(new ThreadedGreenTask(body, s));
    }

    private void Enqueue(IGreenTask task)
    {
        lock (_lock)
        {
            _run.Enqueue(new Slot(task) { State = SlotState.Queued, Id = ++_spawned });
            _alive++;
            Monitor.PulseAll(_lock);
        }
    }

    // ---------------- suspension requests (called by the running task) ----------------

    private static Slot RunningSlot()
    {
        var s = t_instance?._running;
        if (s is null) throw new InvalidOperationException("not inside a green task");
        return s;
    }

    /// <summary>Marks the running task as parked (call just before returning <c>true</c> from MoveNext). It stays off the
    /// run queue until the returned waker's <see cref="GreenWaker.Wake"/> is called.</summary>
    public static GreenWaker Park()
    {
        var slot = RunningSlot();
        var s = t_instance!;
        lock (s._lock) { slot.ParkRequested = true; slot.WakePending = false; }
        return new GreenWaker(s, slot);
    }

    /// <summary>Undoes <see cref="Park"/> when the awaited condition turned true while registering (the return of
    /// <c>true</c> from MoveNext then becomes a plain yield).</summary>
    public static void CancelPark(GreenWaker w)
    {
        lock (w.Owner._lock) { w.Slot.ParkRequested = false; }
    }

    /// <summary>Id of the running green task (1-based spawn order), 0 outside tasks (<c>schedulerCurrent()</c>).</summary>
    public static long CurrentId => t_instance?._running?.Id ?? 0;

    /// <summary>Wakes this thread's scheduler if it is idle-waiting (an event it may be blocked on was set).</summary>
    public void Pulse()
    {
        lock (_lock) Monitor.PulseAll(_lock);
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
            bool noWakeSource = NoExternalWakeSource();
            lock (s._lock)
            {
                if (cond()) return true;
                if (s._alive == 0)
                {
                    if (noWakeSource) throw Deadlock(0, mainBlocked: true);
                    return false;
                }
                s.MoveDueTimers();
                if (s._run.Count > 0) continue;
                long wait = 50;
                if (s._timers.TryPeek(out _, out var key)) wait = Math.Clamp(key.Item1 - NowMs, 0, 50);
                else if (noWakeSource && !cond()) throw Deadlock(s._alive, mainBlocked: true);
                if (wait > 0) Monitor.Wait(s._lock, (int)wait);
            }
        }
        return true;
    }

    /// <summary>Marks the running task to sleep <paramref name="ms"/> milliseconds (call just before returning <c>true</c>).</summary>
    public static void SleepFor(long ms)
    {
        var slot = RunningSlot();
        slot.SleepUntil = NowMs + Math.Max(0, ms);
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
        if (!register(waker))
        {
            // Condition became true while registering: cancel the park (becomes a plain yield).
            var s = t_instance!;
            lock (s._lock) { waker.Slot.ParkRequested = false; }
        }
        tt.Suspend();
        return true;
    }

    // ---------------- running ----------------

    internal void WakeSlot(Slot slot)
    {
        lock (_lock)
        {
            if (slot.State == SlotState.Parked)
            {
                slot.State = SlotState.Queued;
                _run.Enqueue(slot);
                Monitor.PulseAll(_lock);
            }
            else if (slot.State == SlotState.Running && slot.ParkRequested) slot.WakePending = true;
        }
    }

    private void MoveDueTimers()
    {
        long now = NowMs;
        while (_timers.TryPeek(out var slot, out var key) && key.Item1 <= now)
        {
            _timers.Dequeue();
            slot.State = SlotState.Queued;
            _run.Enqueue(slot);
        }
    }

    /// <summary>Runs one ready task step on this thread's scheduler. Returns false if no task was ready.</summary>
    public static bool RunOnce() => t_instance is { } s && s.Step();

    private bool Step()
    {
        Slot slot;
        lock (_lock)
        {
            MoveDueTimers();
            if (!_run.TryDequeue(out slot!)) return false;
            slot.State = SlotState.Running;
            slot.ParkRequested = false;
            slot.WakePending = false;
            slot.SleepUntil = -1;
        }
        var prev = _running;
        _running = slot;
        bool alive;
        try { alive = slot.Task.MoveNext(); }
        catch
        {
            lock (_lock) { slot.State = SlotState.Done; _alive--; }
            _running = prev;
            throw;
        }
        _running = prev;
        lock (_lock)
        {
            if (!alive) { slot.State = SlotState.Done; _alive--; }
            else if (slot.ParkRequested && !slot.WakePending) slot.State = SlotState.Parked;
            else if (slot.SleepUntil >= 0 && !slot.ParkRequested)
            {
                slot.State = SlotState.Sleeping;
                _timers.Enqueue(slot, (slot.SleepUntil, _timerSeq++));
            }
            else { slot.State = SlotState.Queued; _run.Enqueue(slot); }
        }
        return true;
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
            lock (s._lock)
            {
                if (s._alive == 0) return;
                s.MoveDueTimers();
                if (s._run.Count > 0) continue;
                if (s._timers.TryPeek(out _, out var key))
                {
                    long wait = key.Item1 - NowMs;
                    if (wait > 0) Monitor.Wait(s._lock, (int)Math.Min(wait, int.MaxValue));
                }
                else if (noWakeSource) throw Deadlock(s._alive, mainBlocked: false);
                else Monitor.Wait(s._lock, 50); // parked tasks: wait for a wake from another thread
            }
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
        lock (s._lock)
        {
            s.MoveDueTimers();
            runnable = s._run.Count > 0;
            if (!runnable && noWakeSource && s._timers.Count == 0)
                throw Deadlock(s._alive, mainBlocked: true);
            return s._alive > 0;
        }
    }

    // ---------------- deadlock detection ----------------

    /// <summary>Milo OS threads (<c>Thread.spawn</c>) that have not finished.</summary>
    private static int s_osThreads;
    /// <summary>Wake sources outside every scheduler still in flight: socket operations a task is parked on, fd watches.</summary>
    private static int s_pendingIo;
    /// <summary>Set on the thread that runs the program's <c>main</c> (<see cref="Rt.RunMain"/>): the only place a deadlock is
    /// reported (an OS thread's scheduler could still be woken by main).</summary>
    [ThreadStatic] private static bool t_programMain;

    /// <summary>Called by <see cref="Rt.RunMain"/> on the thread that runs <c>main</c>.</summary>
    public static void EnterProgramMain() => t_programMain = true;
    /// <summary>A Milo OS thread is about to start (call before <c>Thread.Start</c>, so no window where it is not counted).</summary>
    public static void OsThreadStarting() => Interlocked.Increment(ref s_osThreads);
    /// <summary>A Milo OS thread finished (after its last send/wake).</summary>
    public static void OsThreadFinished() => Interlocked.Decrement(ref s_osThreads);
    /// <summary>An external operation that will wake a task (or set an event) later was started.</summary>
    internal static void ExternalWaitStarted() => Interlocked.Increment(ref s_pendingIo);
    /// <summary>The operation completed; call after its wake/set, so a reader that sees the count drop also sees the wake.</summary>
    internal static void ExternalWaitFinished() => Interlocked.Decrement(ref s_pendingIo);

    /// <summary>
    /// Whether nothing outside this thread can wake one of its parked tasks (or the main thread itself): this is the
    /// program's main thread, every Milo OS thread has finished and no socket operation / fd watch is pending.
    /// Read it <em>before</em> looking at the run queue: whoever decrements a counter has already made its wake-ups
    /// (interlocked operations are full fences), so "count is 0, then the queue is empty" means nobody is left to wake.
    /// </summary>
    private static bool NoExternalWakeSource() =>
        t_programMain && Volatile.Read(ref s_osThreads) == 0 && Volatile.Read(ref s_pendingIo) == 0;

    /// <summary>The runtime error for a program whose green threads (and main, when <paramref name="mainBlocked"/>) all
    /// wait for something that can no longer happen.</summary>
    private static Exception Deadlock(int parked, bool mainBlocked)
    {
        string tasks = parked == 1 ? "1 task waiting" : parked + " tasks waiting";
        string who = !mainBlocked ? tasks : parked == 0 ? "main waiting, no other tasks" : "main and " + tasks;
        return Rt.Panic("runtime error: deadlock: all green threads are blocked (" + who + ")");
    }
}
