namespace Milo.Runtime;

/// <summary>
/// An OS thread running a Milo closure (<c>Thread.spawn</c>). A panic or <c>exit()</c> on the thread prints its message
/// (already done by the panic helper) and terminates the whole process.
/// </summary>
public sealed class MiloThread
{
    /// <summary>Stack size for Milo threads (8 MiB, like the pthread default).</summary>
    public const int StackSize = 8 * 1024 * 1024;

    private readonly Thread _thread;
    /// <summary>Set when the body has finished: green threads joining this thread park on it (<see cref="GreenSyncOps.Join"/>).</summary>
    internal readonly GreenEvent Done = new();

    private MiloThread(Action body)
    {
        // Counted while alive: a live OS thread may still wake a parked green task (Scheduler's deadlock detection).
        // Done is set (waking joiners) before the count drops, so a joiner is never taken for a deadlock.
        _thread = new Thread(() => { try { RunGuarded(body); } finally { Done.Set(); Scheduler.OsThreadFinished(); } }, StackSize) { IsBackground = true };
    }

    /// <summary>Whether the calling OS thread is this thread (joining itself).</summary>
    internal bool IsCurrent => ReferenceEquals(Thread.CurrentThread, _thread);

    /// <summary>Starts <paramref name="body"/> on a new OS thread.</summary>
    public static MiloThread Spawn(Action body)
    {
        MiloProcess.InstallHooks();
        var t = new MiloThread(body);
        Scheduler.OsThreadStarting();
        t._thread.Start();
        return t;
    }

    /// <summary>Waits for the thread to finish (joining twice is fine).</summary>
    public void Join() => _thread.Join();

    /// <summary><c>t.join()!</c>: waits; returns 0 (the <c>Result&lt;i32&gt;</c> payload, as in the reference).</summary>
    [SuspendsAs(typeof(GreenSyncOps), nameof(GreenSyncOps.Join))]
    public int JoinOk()
    {
        if (ReferenceEquals(Thread.CurrentThread, _thread)) throw Panics.Panic("runtime error: a thread cannot join itself");
        if (!Done.IsSet) Scheduler.BlockingInTask();
        _thread.Join();
        return 0;
    }

    /// <summary>Whether the thread has finished.</summary>
    public bool IsFinished => !_thread.IsAlive;

    /// <summary><c>Thread.sleep(ms)</c> / <c>sleepMs</c> outside green tasks.</summary>
    [SuspendsAs(typeof(GreenOps), nameof(GreenOps.Sleep))]
    public static void Sleep(long ms)
    {
        if (ms <= 0) return;
        Scheduler.BlockingInTask();
        Thread.Sleep(TimeSpan.FromMilliseconds(ms));
        Scheduler.BlockingInTaskDone();
    }

    /// <summary>Runs <paramref name="body"/>, then the green threads it spawned on this OS thread until they finish (as the
    /// end of <c>main</c> does — before, they were dropped with the thread); any escaping exception terminates the
    /// process the Milo way.</summary>
    public static void RunGuarded(Action body)
    {
        try
        {
            body();
            Scheduler.Drain();
        }
        catch (Exception e) { MiloProcess.TerminateProcess(e); }
    }
}
