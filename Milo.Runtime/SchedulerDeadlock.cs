namespace Milo.Runtime;

/// <summary>
/// Deadlock detection of the green-thread scheduler (issue #12, docs/green-threads.md): when the program's main thread
/// finds every task parked — nothing runnable, no timer, no wake-up handed over — and nothing outside can still wake one
/// (no live Milo OS thread, no pending socket operation or fd watch), it reports a runtime error instead of waiting
/// forever. Main blocked on a channel or promise counts as one more waiter.
/// </summary>
public sealed partial class Scheduler
{

    /// <summary>Milo OS threads (<c>Thread.spawn</c>) that have not finished.</summary>
    private static int s_osThreads;
    /// <summary>Wake sources outside every scheduler still in flight: socket operations a task is parked on, fd watches.</summary>
    private static int s_pendingIo;
    /// <summary>Set on the thread that runs the program's <c>main</c> (<see cref="MiloProcess.RunMain"/>): the only place a deadlock is
    /// reported (an OS thread's scheduler could still be woken by main).</summary>
    [ThreadStatic] private static bool t_programMain;

    /// <summary>The scheduler of the program's main thread: pulsed when a wake source ends (an OS thread or an external
    /// operation finishes), so its idle wait re-checks for a deadlock instead of polling.</summary>
    private static Scheduler? s_programScheduler;

    /// <summary>Called by <see cref="MiloProcess.RunMain"/> on the thread that runs <c>main</c>.</summary>
    public static void EnterProgramMain()
    {
        t_programMain = true;
        s_programScheduler = Instance;
    }
    /// <summary>A Milo OS thread is about to start (call before <c>Thread.Start</c>, so no window where it is not counted).</summary>
    public static void OsThreadStarting() => Interlocked.Increment(ref s_osThreads);
    /// <summary>A Milo OS thread finished (after its last send/wake).</summary>
    public static void OsThreadFinished()
    {
        Interlocked.Decrement(ref s_osThreads);
        s_programScheduler?.Pulse();
    }
    /// <summary>An external operation that will wake a task (or set an event) later was started.</summary>
    internal static void ExternalWaitStarted() => Interlocked.Increment(ref s_pendingIo);
    /// <summary>The operation completed; call after its wake/set, so a reader that sees the count drop also sees the wake.</summary>
    internal static void ExternalWaitFinished()
    {
        if (Interlocked.Decrement(ref s_pendingIo) == 0) s_programScheduler?.Pulse();
    }

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
        return Panics.Panic("runtime error: deadlock: all green threads are blocked (" + who + ")");
    }
}
