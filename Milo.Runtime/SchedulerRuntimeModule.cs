namespace Milo.Runtime;

/// <summary>
/// .NET side of <c>std/runtime</c> (Milo.Compiler/Modules/std/runtime.milo): `extern fn NAME` there binds to the static
/// method NAME here. The blocking versions below run when the calling code is not a state machine (main, OS threads,
/// non-suspending code); inside green threads the compiler calls the frame versions in <see cref="GreenOps"/> instead
/// (declared by [SuspendsAs] on each blocking method).
/// </summary>
public static class RuntimeModule
{
    /// <summary><c>Task.spawn(f)</c>: enqueue a green thread on this OS thread's scheduler; its id.</summary>
    public static long _taskSpawn(Action f)
    {
        return Scheduler.Spawn(f.Target is IGreenStart g ? g.StartFrame() : new ActionTask(f));
    }

    /// <summary><c>Task.spawn(closure literal)</c> of a suspending closure: the compiler built the frame itself (no
    /// closure object, no delegate); enqueue it.</summary>
    public static long _taskSpawnFrame(GreenTask frame) => Scheduler.SpawnFrame(frame);

    /// <summary><c>schedulerYield()</c> outside a green thread: nothing to give up to (returns at once).</summary>
    [SuspendsAs(typeof(GreenOps), nameof(GreenOps.Yield))]
    public static void schedulerYield() => Scheduler.Yield();

    /// <summary><c>schedulerCurrent()</c>: the running task's id, 0 outside green threads.</summary>
    public static long schedulerCurrent() => Scheduler.CurrentId;

    /// <summary>Number of spawned tasks that have not finished on this thread's scheduler.</summary>
    public static long _taskAlive() => Scheduler.AliveCount;

    /// <summary><c>schedulerWaitRead(fd)</c>/<c>schedulerWaitWrite(fd)</c> outside a state machine: until the fd is ready
    /// (poll(2) on the <see cref="FdPoller"/> thread), running this thread's other green tasks meanwhile. Inside green
    /// threads the frame versions <see cref="GreenOps.WaitRead"/>/<see cref="GreenOps.WaitWrite"/> park the task.</summary>
    [SuspendsAs(typeof(GreenOps), nameof(GreenOps.WaitRead))]
    public static void schedulerWaitRead(int fd) => FdPoller.WaitBlocking(fd, forWrite: false);
    [SuspendsAs(typeof(GreenOps), nameof(GreenOps.WaitWrite))]
    public static void schedulerWaitWrite(int fd) => FdPoller.WaitBlocking(fd, forWrite: true);

    public static GreenEvent _eventNew() => new();
    public static void _eventSet(GreenEvent e) => e.Set();
    public static bool _eventIsSet(GreenEvent e) => e.IsSet;
    /// <summary>Blocking wait: outside green threads runs this thread's tasks until the event is set.</summary>
    [SuspendsAs(typeof(GreenOps), nameof(GreenOps.EventWait))]
    public static void _eventWait(GreenEvent e) => e.Wait();
    /// <summary>Blocking wait for any event; its index (-1 for an empty list).</summary>
    [SuspendsAs(typeof(GreenOps), nameof(GreenOps.EventWaitAny))]
    public static long _eventWaitAny(MiloVec<GreenEvent> es) => GreenOps.EventWaitAnyBlocking(es);
}
