namespace Milo.Runtime;

/// <summary>
/// A green thread as a resumable state machine (what the compiler generates for a suspending Milo closure).
/// <see cref="MoveNext"/> runs the task until it suspends (returns <c>true</c>) or completes (returns <c>false</c>).
/// Before returning <c>true</c> the task may call <see cref="Scheduler.Park"/> (wait for a <see cref="GreenWaker"/>)
/// or <see cref="Scheduler.SleepFor"/> (timer); otherwise returning <c>true</c> is a plain yield (re-queued at the back).
/// </summary>
public interface IGreenTask
{
    bool MoveNext();
}

/// <summary>
/// Base class of everything the scheduler runs (generated frames, <see cref="ThreadedGreenTask"/>, one-step closures):
/// the task carries its own scheduling fields, so spawning allocates no separate queue entry and the scheduler calls
/// <see cref="MoveNext"/> virtually. The fields belong to the owning scheduler's thread (see <see cref="Scheduler"/>).
/// Other <see cref="IGreenTask"/> implementations are wrapped on spawn.
/// </summary>
public abstract class GreenTask : IGreenTask
{
    internal const byte Queued = 0, Running = 1, Parked = 2, Sleeping = 3, Done = 4;
    internal byte SchedState;
    internal bool ParkRequested;
    internal bool WakePending;
    internal long SchedId;

    public abstract bool MoveNext();

    /// <summary>The task as spawned (differs only for wrapped <see cref="IGreenTask"/>s).</summary>
    internal virtual IGreenTask Inner => this;
}

/// <summary>An <see cref="IGreenTask"/> that does not derive from <see cref="GreenTask"/>, as the scheduler runs it.</summary>
internal sealed class ForeignTask(IGreenTask task) : GreenTask
{
    public override bool MoveNext() => task.MoveNext();
    internal override IGreenTask Inner => task;
}

/// <summary>Handle that makes a parked task runnable again. Thread-safe; waking twice or waking a running task is harmless.
/// A value (the task and its scheduler), so parking allocates nothing: a channel keeps its waiting tasks' wakers inline
/// in its queues.</summary>
public readonly struct GreenWaker
{
    internal readonly Scheduler Owner;
    internal readonly GreenTask Task;
    internal GreenWaker(Scheduler owner, GreenTask task) { Owner = owner; Task = task; }

    /// <summary>Re-queues the parked task (at the back of its scheduler's run queue).</summary>
    public void Wake() => Owner.WakeTask(Task);
}
