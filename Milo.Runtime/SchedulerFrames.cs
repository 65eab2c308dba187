namespace Milo.Runtime;

/// <summary>
/// The heap frame of one activation of a compiler-generated state machine (a suspending Milo function, closure body or a
/// runtime suspension primitive). <see cref="MoveNext"/> runs the activation until it suspends (<c>true</c>: the task must
/// give the scheduler back — a caller frame returns <c>true</c> as well) or completes (<c>false</c>: <see cref="GreenFrame{T}.Result"/>
/// holds the value). A frame spawned as a green thread is itself the <see cref="IGreenTask"/>.
/// <para>Generated frames keep their parameters in fields and copy their IL locals into fields when they suspend; State 0 =
/// not started, k &gt; 0 = suspended at resume point k, -1 = finished.</para>
/// </summary>
public abstract class GreenFrame : GreenTask
{
    public int State;
    public GreenFrame() { }
}

/// <summary>A frame whose activation produces a value.</summary>
public abstract class GreenFrame<T> : GreenFrame
{
    public T Result = default!;
    public GreenFrame() { }
}

/// <summary>Implemented by closure objects whose body (with no parameters) suspends: starts a fresh activation.</summary>
public interface IGreenStart
{
    GreenFrame StartFrame();
}

/// <summary>A spawned closure that never suspends: runs in one step.</summary>
internal sealed class ActionTask(Action body) : GreenTask
{
    public override bool MoveNext() { body(); return false; }
}

/// <summary>
/// A one-shot completion flag shared between tasks and OS threads (what a <c>Promise</c> waits on). Waiting inside a
/// green thread parks the task (<see cref="GreenOps.EventWait"/>); waiting on an OS thread runs that thread's green tasks
/// until the event is set (so <c>main</c> awaiting a promise makes the scheduler progress) or blocks on a monitor.
/// </summary>
public sealed class GreenEvent
{
    private readonly object _lock = new();
    private volatile bool _set;
    private List<GreenWaker>? _wakers;
    private int _osWaiters;
    /// <summary>Schedulers of OS threads (main) that run their green threads while waiting for this event: pulsed by
    /// <see cref="Set"/> so their idle wait ends without polling.</summary>
    private List<Scheduler>? _schedulers;

    public bool IsSet => _set;

    public void Set()
    {
        List<GreenWaker>? w;
        List<Scheduler>? ss;
        lock (_lock)
        {
            if (_set) return;
            _set = true;
            w = _wakers;
            _wakers = null;
            ss = _schedulers;
            _schedulers = null;
            if (_osWaiters > 0) Monitor.PulseAll(_lock);
        }
        if (w != null) foreach (var x in w) x.Wake();
        if (ss != null) foreach (var s in ss) s.Pulse();
        Scheduler.NotifyExternal();
    }

    /// <summary>Registers <paramref name="w"/> to be woken when set; false (not registered) if already set.</summary>
    internal bool AddWaker(GreenWaker w)
    {
        lock (_lock)
        {
            if (_set) return false;
            (_wakers ??= new()).Add(w);
            return true;
        }
    }

    /// <summary>Registers (true) or removes a scheduler to pulse when set; registering fails when already set.</summary>
    internal bool WatchFrom(Scheduler s, bool add)
    {
        lock (_lock)
        {
            if (!add) { _schedulers?.Remove(s); return false; }
            if (_set) return false;
            (_schedulers ??= new()).Add(s);
            return true;
        }
    }

    /// <summary>Blocking wait (outside green threads).</summary>
    public void Wait()
    {
        if (_set) return;
        var sched = Scheduler.CurrentInstance;
        if (sched != null && !WatchFrom(sched, true)) return;
        try
        {
            if (Scheduler.BlockUntil(() => _set)) return;
        }
        finally { if (sched != null) WatchFrom(sched, false); }
        Scheduler.BlockingInTask();
        lock (_lock)
        {
            _osWaiters++;
            while (!_set) Monitor.Wait(_lock);
            _osWaiters--;
        }
        Scheduler.BlockingInTaskDone();
    }
}

/// <summary>
/// Suspension primitives as frames: the state-machine versions of the blocking operations (yield, sleep, channel
/// send/recv, event wait). Each blocking CLR method names its frame factory here with
/// [SuspendsAs] (resolved by Milo.Compiler/Lowering/SuspensionPrimitives.cs).
/// </summary>
public static class GreenOps
{
    private sealed class YieldFrame : GreenFrame
    {
        public override bool MoveNext()
        {
            if (State == 0) { State = 1; return true; }
            State = -1;
            return false;
        }
    }

    private sealed class SleepFrame(long ms) : GreenFrame
    {
        public override bool MoveNext()
        {
            if (State == 0) { State = 1; Scheduler.SleepFor(ms); return true; }
            State = -1;
            return false;
        }
    }

    private sealed class EventFrame(GreenEvent e) : GreenFrame
    {
        public override bool MoveNext()
        {
            if (e.IsSet) return false;
            var w = Scheduler.Park();
            if (!e.AddWaker(w)) Scheduler.CancelPark(w);
            return true;
        }
    }

    private sealed class AnyEventFrame(MiloVec<GreenEvent> es) : GreenFrame<long>
    {
        public override bool MoveNext()
        {
            for (int i = 0; i < es.Count; i++) if (es.Items[i].IsSet) { Result = i; return false; }
            if (es.Count == 0) { Result = -1; return false; }
            var w = Scheduler.Park();
            for (int i = 0; i < es.Count; i++)
                if (!es.Items[i].AddWaker(w)) { Scheduler.CancelPark(w); break; }
            return true;
        }
    }

    /// <summary><c>schedulerYield()</c> in a green thread.</summary>
    public static GreenFrame Yield() => new YieldFrame();
    /// <summary><c>schedulerWaitRead(fd)</c> in a green thread: parks until the fd is readable (<see cref="FdPoller"/>).</summary>
    public static GreenFrame WaitFd(int fd) => new EventFrame(FdPoller.Watch(fd, false));
    public static GreenFrame WaitRead(int fd) => new EventFrame(FdPoller.Watch(fd, false));
    /// <summary><c>schedulerWaitWrite(fd)</c> in a green thread: parks until the fd is writable.</summary>
    public static GreenFrame WaitWrite(int fd) => new EventFrame(FdPoller.Watch(fd, true));
    /// <summary><c>sleepMs(ms)</c> in a green thread: only this task sleeps.</summary>
    public static GreenFrame Sleep(long ms) => new SleepFrame(ms);
    /// <summary>Waits (parked) until <paramref name="e"/> is set.</summary>
    public static GreenFrame EventWait(GreenEvent e) => new EventFrame(e);
    /// <summary>Waits (parked) until one of <paramref name="es"/> is set; its index.</summary>
    public static GreenFrame<long> EventWaitAny(MiloVec<GreenEvent> es) => new AnyEventFrame(es);

    /// <summary>Blocking version of <see cref="EventWaitAny"/>.</summary>
    public static long EventWaitAnyBlocking(MiloVec<GreenEvent> es)
    {
        long idx = -1;
        bool Ready()
        {
            for (int i = 0; i < es.Count; i++) if (es.Items[i].IsSet) { idx = i; return true; }
            return es.Count == 0;
        }
        if (Ready()) return idx;
        var sched = Scheduler.CurrentInstance;
        if (sched != null) for (int i = 0; i < es.Count; i++) es.Items[i].WatchFrom(sched, true);
        try
        {
            if (!Scheduler.BlockUntil(Ready))
                while (!Ready()) Thread.Sleep(1);
        }
        finally { if (sched != null) for (int i = 0; i < es.Count; i++) es.Items[i].WatchFrom(sched, false); }
        return idx;
    }
}

/// <summary>Channel operations of green threads: park the task instead of blocking the scheduler thread.</summary>
public static class GreenChannelOps<T>
{
    private sealed class RecvFrame(MiloChannel<T> ch) : GreenFrame<T>
    {
        public override bool MoveNext()
        {
            int r = ch.RecvOrPark(out var v);
            if (r == 1) { Result = v; return false; }
            if (r == 0) return true;
            throw Panics.Panic("runtime error: recv on a destroyed channel");
        }
    }

    private sealed class SendFrame(MiloChannel<T> ch, T value) : GreenFrame<int>
    {
        public override bool MoveNext()
        {
            int r = ch.SendOrPark(value);
            if (r == 1) return false;
            if (r == 0) return true;
            throw Panics.Panic("runtime error: send on a destroyed channel");
        }
    }

    /// <summary>
    /// The frame of an operation that completed when it was started (an item or a free slot was there): it only hands
    /// the result to the caller, which drives it at once (compiled code calls <c>MoveNext</c> right after the factory
    /// and reads <c>Result</c> when it returns false, with no other task running in between), so one per thread is
    /// reused instead of allocating a frame per message.
    /// </summary>
    private sealed class DoneFrame : GreenFrame<T>
    {
        public override bool MoveNext() => false;
    }

    private sealed class SentFrame : GreenFrame<int>
    {
        public override bool MoveNext() => false;
    }

    [ThreadStatic] private static DoneFrame? t_received;
    private static readonly SentFrame s_sent = new();

    /// <summary>State-machine version of <see cref="MiloChannel{T}.RecvOk"/>: receives at once when an item is there,
    /// else a frame that parks the task until one arrives (or panics when the channel is closed and drained).</summary>
    public static GreenFrame<T> RecvOk(MiloChannel<T> ch)
    {
        if (!ch.TryRecv(out var v)) return new RecvFrame(ch);
        var done = t_received ??= new DoneFrame();
        done.Result = v;
        return done;
    }

    /// <summary>State-machine version of <see cref="MiloChannel{T}.SendOk"/>: sends at once when there is room, else a
    /// frame that parks the task until there is (or panics when the channel is closed).</summary>
    public static GreenFrame<int> SendOk(MiloChannel<T> ch, T value) => ch.TrySend(value) ? s_sent : new SendFrame(ch, value);
}
