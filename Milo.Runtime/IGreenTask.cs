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

/// <summary>Handle that makes a parked task runnable again. Thread-safe; waking twice or waking a running task is harmless.</summary>
public sealed class GreenWaker
{
    internal readonly Scheduler Owner;
    internal readonly Scheduler.Slot Slot;
    internal GreenWaker(Scheduler owner, Scheduler.Slot slot) { Owner = owner; Slot = slot; }

    /// <summary>Re-queues the parked task (at the back of its scheduler's run queue).</summary>
    public void Wake() => Owner.WakeSlot(Slot);
}
