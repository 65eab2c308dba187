using System.Diagnostics;

namespace Milo.Runtime;

/// <summary>
/// Watchdog of the green-thread schedulers (issue 18, docs/green-threads.md): a green thread that blocks its OS thread
/// (a blocking call in plain code the compiler could not turn into a suspension, e.g. inside a callback run by the
/// runtime) stalls every other green thread of that scheduler. The blocking operations of the runtime (channel
/// send/recv, join, mutex/rwlock, sleep, promise wait) call <see cref="BlockingInTask"/> before they block; if the
/// scheduler stays blocked longer than the limit while other tasks are runnable, the watchdog thread reports
/// <c>runtime error: green thread blocked the scheduler at FILE:LINE</c> (the innermost Milo frame of the blocking
/// call) and exits with status 1 instead of letting the program hang. Limit: <c>MILO_GREEN_WATCHDOG_MS</c>
/// (default 1000 ms; 0 turns the watchdog off).
/// </summary>
public sealed partial class Scheduler
{
    private static readonly List<Scheduler> s_blocked = new();
    private static Thread? s_watchdog;
    private static readonly int s_watchdogMs = ReadLimit();

    /// <summary>Where the running task blocked this scheduler's thread (null when it is not blocked), and since when.</summary>
    private string? _blockedAt;
    private long _blockedSince;
    private int _blockedDepth;

    private static int ReadLimit()
    {
        var v = Environment.GetEnvironmentVariable("MILO_GREEN_WATCHDOG_MS");
        return v != null && int.TryParse(v, out int ms) && ms >= 0 ? ms : 1000;
    }

    /// <summary>Whether the calling code runs inside a state-machine task of this thread's scheduler (so blocking here
    /// blocks every other green thread of the scheduler).</summary>
    internal static bool InStateMachineTask => t_instance?._running is { } r && r is not ThreadedGreenTask && ThreadedGreenTask.CurrentOnThread is null;

    /// <summary>Called by a runtime operation just before it blocks the OS thread. Inside a green thread, records the
    /// Milo source location for the watchdog; elsewhere does nothing. Pair with <see cref="BlockingInTaskDone"/>.</summary>
    public static void BlockingInTask()
    {
        if (s_watchdogMs == 0 || !InStateMachineTask) return;
        var s = t_instance!;
        if (s._blockedDepth++ > 0) return;
        string where = MiloCaller() ?? "an unknown location";
        lock (s_blocked)
        {
            s._blockedAt = where;
            s._blockedSince = NowMs;
            s_blocked.Add(s);
            if (s_watchdog == null)
            {
                s_watchdog = new Thread(WatchdogLoop) { IsBackground = true, Name = "milo green watchdog" };
                s_watchdog.Start();
            }
        }
    }

    /// <summary>The blocking operation returned.</summary>
    public static void BlockingInTaskDone()
    {
        var s = t_instance;
        if (s is null || s._blockedDepth == 0 || --s._blockedDepth > 0) return;
        lock (s_blocked)
        {
            s._blockedAt = null;
            s_blocked.Remove(s);
        }
    }

    /// <summary>`file.milo:line` of the innermost Milo frame on the calling thread's stack.</summary>
    private static string? MiloCaller()
    {
        try
        {
            foreach (var f in new StackTrace(2, fNeedFileInfo: true).GetFrames())
            {
                var file = f.GetFileName();
                if (file != null && file.EndsWith(".milo", StringComparison.Ordinal) && f.GetFileLineNumber() > 0)
                    return Path.GetFileName(file) + ":" + f.GetFileLineNumber();
            }
        }
        catch (Exception) { /* no symbols */ }
        return null;
    }

    /// <summary>Whether this (blocked) scheduler has other work it could run: a queued task, a wake-up handed over by
    /// another thread, or a due timer. Read from the watchdog thread while the owner is blocked (a hint; rechecked).</summary>
    private bool HasRunnableWork()
    {
        if (_run.Count > 0 || _inboxCount > 0) return true;
        return _timers is { Count: > 0 } timers && timers.TryPeek(out _, out var key) && key.Item1 <= NowMs;
    }

    private static void WatchdogLoop()
    {
        int period = Math.Clamp(s_watchdogMs / 4, 10, 250);
        while (true)
        {
            Thread.Sleep(period);
            string? report = null;
            lock (s_blocked)
            {
                foreach (var s in s_blocked)
                {
                    if (s._blockedAt is not { } at || NowMs - s._blockedSince < s_watchdogMs) continue;
                    bool runnable;
                    try { runnable = s.HasRunnableWork(); } catch (InvalidOperationException) { runnable = false; }
                    if (runnable) { report = at; break; }
                }
            }
            if (report == null) continue;
            try { throw Panics.Panic("runtime error: green thread blocked the scheduler at " + report); }
            catch (MiloPanicException e) { MiloProcess.TerminateProcess(e); }
        }
    }
}
