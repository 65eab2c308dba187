using System.Runtime.CompilerServices;

namespace Milo.Runtime;

/// <summary>
/// <c>std/sync</c> Channel: bounded FIFO shared between OS threads and green tasks.
/// Blocking <see cref="Send"/>/<see cref="Recv"/> on a plain OS thread spin briefly, then wait on a condition object
/// of their side (senders / receivers), woken one at a time; inside a
/// <see cref="ThreadedGreenTask"/> they park the task instead, and on a thread that owns runnable green tasks they run
/// those while waiting. State-machine tasks use <see cref="SendOrPark"/>/<see cref="RecvOrPark"/>.
/// After <see cref="Close"/> (alias <see cref="Destroy"/>) blocked and future operations fail (receivers first drain
/// remaining items).
/// </summary>
public sealed class MiloChannel<T>
{
    private readonly object _lock = new();
    private readonly T[] _buf;
    private int _head, _count;
    private bool _closed;
    // OS threads that also run green tasks (main), blocked here while those tasks are all parked: their schedulers idle
    // until a task is woken, a timer is due, or this channel pulses them (any item or slot) — no polling.
    private readonly List<Scheduler> _schedWaiters = new();
    private int _schedWaiterCount;
    // Plain OS threads blocked in send/recv wait on one condition object per side, and an item/slot pulses one waiter
    // of the side that can now proceed (a woken waiter that loses the race waits again), instead of a PulseAll that
    // woke every blocked sender and receiver on each operation.
    private readonly object _recvCond = new(), _sendCond = new();
    private int _osRecvWaiters, _osSendWaiters;
    private readonly Queue<GreenWaker> _recvWakers = new();
    private readonly Queue<GreenWaker> _sendWakers = new();

    /// <summary><c>Channel.new(capacity)</c>; capacity &lt; 1 is treated as 1.</summary>
    public MiloChannel(long capacity)
    {
        _buf = new T[capacity < 1 ? 1 : capacity];
    }

    /// <summary><c>Channel&lt;T&gt;.new(capacity)</c> (the binder wraps the result in <c>Result.Ok</c>).</summary>
    public static MiloChannel<T> New(long capacity) => new(capacity);

    /// <summary><c>ch.send(v)!</c>: blocks while full; returns 0 (the <c>Result&lt;i32&gt;</c> payload). Sending on a
    /// destroyed channel panics.</summary>
    [SuspendsAs(typeof(GreenChannelOps<>), nameof(GreenChannelOps<T>.SendOk))]
    public int SendOk(T value)
    {
        if (!Send(value)) throw Panics.Panic("runtime error: send on a destroyed channel");
        return 0;
    }

    /// <summary><c>ch.recv()!</c>: blocks while empty; receiving from a destroyed, drained channel panics.</summary>
    [SuspendsAs(typeof(GreenChannelOps<>), nameof(GreenChannelOps<T>.RecvOk))]
    public T RecvOk()
    {
        if (!Recv(out var v)) throw Panics.Panic("runtime error: recv on a destroyed channel");
        return v;
    }

    /// <summary>Items currently buffered.</summary>
    public long Len { get { lock (_lock) return _count; } }

    /// <summary>Capacity.</summary>
    public long Capacity => _buf.Length;

    public bool IsClosed { get { lock (_lock) return _closed; } }

    // ---- core (call with _lock held) ----

    private void Put(T v)
    {
        var buf = _buf;
        int tail = _head + _count;
        if (tail >= buf.Length) tail -= buf.Length;
        buf[tail] = v;
        _count++;
        if (_osRecvWaiters > 0) PulseOne(_recvCond);
        Notify(_recvWakers);
    }

    private T Take()
    {
        var buf = _buf;
        int head = _head;
        T v = buf[head];
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>()) buf[head] = default!;
        _head = head + 1 == buf.Length ? 0 : head + 1;
        _count--;
        if (_osSendWaiters > 0) PulseOne(_sendCond);
        Notify(_sendWakers);
        return v;
    }

    private static void PulseOne(object cond)
    {
        lock (cond) Monitor.Pulse(cond);
    }

    /// <summary>
    /// One item or one free slot became available: wake the longest-waiting parked task (FIFO). It retries and re-parks
    /// if someone else got there first, so no wake-up is lost; waking only one keeps a channel with many parked tasks
    /// O(1) per operation instead of O(waiters). Closing the channel still wakes everyone.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Notify(Queue<GreenWaker> wakers)
    {
        if (_schedWaiterCount > 0) PulseSchedulers();
        if (wakers.Count > 0) wakers.Dequeue().Wake();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PulseSchedulers()
    {
        foreach (var s in _schedWaiters) s.Pulse();
    }

    // ---- non-blocking ----

    /// <summary><c>ch.trySend(v)</c>: false when full or closed.</summary>
    public bool TrySend(T value)
    {
        lock (_lock)
        {
            if (_closed || _count == _buf.Length) return false;
            Put(value);
            return true;
        }
    }

    /// <summary><c>ch.tryRecv()</c>: false when empty.</summary>
    public bool TryRecv(out T value)
    {
        lock (_lock)
        {
            if (_count == 0) { value = default!; return false; }
            value = Take();
            return true;
        }
    }

    // ---- state-machine tasks ----

    /// <summary>For compiler-generated green tasks: 1 = sent; 0 = full, the current task is parked (return <c>true</c>
    /// from MoveNext and retry when resumed); -1 = closed.</summary>
    public int SendOrPark(T value)
    {
        lock (_lock)
        {
            if (_closed) return -1;
            if (_count < _buf.Length) { Put(value); return 1; }
            _sendWakers.Enqueue(Scheduler.Park());
            return 0;
        }
    }

    /// <summary>For compiler-generated green tasks: 1 = received; 0 = empty, the current task is parked (return
    /// <c>true</c> and retry when resumed); -1 = closed and empty.</summary>
    public int RecvOrPark(out T value)
    {
        lock (_lock)
        {
            if (_count > 0) { value = Take(); return 1; }
            value = default!;
            if (_closed) return -1;
            _recvWakers.Enqueue(Scheduler.Park());
            return 0;
        }
    }

    // ---- blocking ----

    /// <summary><c>ch.send(v)</c>: blocks while full. Returns false if the channel is closed.</summary>
    public bool Send(T value)
    {
        SpinWait spin = default;
        while (true)
        {
            Wait how;
            lock (_lock)
            {
                if (_closed) return false;
                if (_count < _buf.Length) { Put(value); return true; }
                how = ShouldSpin(ref spin) ? Wait.Spin : BlockOrHelp(_sendWakers);
            }
            if (how == Wait.Help) Scheduler.RunOnce();
            else if (how == Wait.Spin) SpinUntil(ref spin, forSend: true);
        }
    }

    /// <summary><c>ch.recv()</c>: blocks while empty. Returns false if the channel is closed and empty.</summary>
    public bool Recv(out T value)
    {
        SpinWait spin = default;
        while (true)
        {
            Wait how;
            lock (_lock)
            {
                if (_count > 0) { value = Take(); return true; }
                if (_closed) { value = default!; return false; }
                how = ShouldSpin(ref spin) ? Wait.Spin : BlockOrHelp(_recvWakers);
            }
            if (how == Wait.Help) Scheduler.RunOnce();
            else if (how == Wait.Spin) SpinUntil(ref spin, forSend: false);
        }
    }

    private enum Wait { Retry, Help, Spin }

    /// <summary>
    /// Spin iterations (<see cref="SpinWait"/>, the same budget SemaphoreSlim and BlockingCollection use) before a
    /// plain OS thread blocks on the monitor. A ping-pong partner on another core usually answers within that window,
    /// which saves two futex sleeps/wake-ups and a context switch per message. On one core SpinWait yields at once.
    /// </summary>
    private const int SpinLimit = 35;

    /// <summary>Called with _lock held. Spin only on a plain OS thread that has no green tasks to run meanwhile (a
    /// threaded green task parks, a thread with tasks runs them): those paths are unchanged.</summary>
    private bool ShouldSpin(ref SpinWait spin)
        => spin.Count < SpinLimit && ThreadedGreenTask.CurrentOnThread is null && !Scheduler.HasWorkHere(out _);

    /// <summary>Outside the lock: spins until the operation looks possible (a lock-free peek; the caller re-checks under
    /// the lock) or the budget is used up.</summary>
    private void SpinUntil(ref SpinWait spin, bool forSend)
    {
        do
        {
            spin.SpinOnce(sleep1Threshold: -1);
            if (Volatile.Read(ref _closed)) return;
            int n = Volatile.Read(ref _count);
            if (forSend ? n < _buf.Length : n > 0) return;
        } while (spin.Count < SpinLimit);
    }

    /// <summary>Called with _lock held when the operation cannot proceed. Either parks the current threaded green task
    /// (releasing the lock while suspended), waits on the monitor, or returns <see cref="Wait.Help"/> to ask the caller
    /// to run one green task step outside the lock.</summary>
    private Wait BlockOrHelp(Queue<GreenWaker> wakers)
    {
        if (ThreadedGreenTask.CurrentOnThread is not null)
        {
            Monitor.Exit(_lock);
            try
            {
                Scheduler.ParkBlocking(w =>
                {
                    lock (_lock)
                    {
                        bool ready = ReferenceEquals(wakers, _recvWakers) ? (_count > 0 || _closed) : (_count < _buf.Length || _closed);
                        if (ready) return false;
                        wakers.Enqueue(w);
                        return true;
                    }
                });
            }
            finally { Monitor.Enter(_lock); }
            return Wait.Retry;
        }
        if (Scheduler.HasWorkHere(out bool runnable))
        {
            if (runnable) return Wait.Help;
            var sched = Scheduler.CurrentInstance!;
            _schedWaiters.Add(sched);
            _schedWaiterCount++;
            Monitor.Exit(_lock);
            try { sched.IdleForWork(); }
            finally
            {
                Monitor.Enter(_lock);
                _schedWaiters.Remove(sched);
                _schedWaiterCount--;
            }
            return Wait.Retry;
        }
        // Take the side's condition before letting go of _lock: a notifier needs _lock and then the condition, so it
        // cannot pulse between our release of _lock and our Wait (no lost wake-up).
        bool recv = ReferenceEquals(wakers, _recvWakers);
        object cond = recv ? _recvCond : _sendCond;
        if (recv) _osRecvWaiters++; else _osSendWaiters++;
        Monitor.Enter(cond);
        Monitor.Exit(_lock);
        Scheduler.BlockingInTask();   // inside a green thread (plain code): the watchdog reports a stalled scheduler
        try { Monitor.Wait(cond); }
        finally
        {
            Scheduler.BlockingInTaskDone();
            Monitor.Exit(cond);
            Monitor.Enter(_lock);
            if (recv) _osRecvWaiters--; else _osSendWaiters--;
        }
        return Wait.Retry;
    }

    /// <summary>Closes the channel: wakes every blocked sender/receiver; later sends fail, receives drain then fail.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            PulseSchedulers();
            lock (_recvCond) Monitor.PulseAll(_recvCond);
            lock (_sendCond) Monitor.PulseAll(_sendCond);
            foreach (var w in _recvWakers) w.Wake();
            foreach (var w in _sendWakers) w.Wake();
            _recvWakers.Clear();
            _sendWakers.Clear();
        }
    }

    /// <summary><c>ch.destroy()</c> = <see cref="Close"/>.</summary>
    public void Destroy() => Close();
}
