using Milo.Runtime;

namespace Milo.Tests.Stress;

/// <summary>
/// Closing/destroying a channel wakes everybody blocked on it with an error instead of deadlocking: OS threads blocked
/// in Send/Recv, threaded green tasks, and parked state-machine tasks; the Ok-forms panic with a Milo message.
/// </summary>
[Collection("reliability-serial")]
public class ChannelFaultTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static void JoinAll(IEnumerable<Thread> threads, string what)
    {
        foreach (var t in threads)
            Assert.True(t.Join(Limit), $"{what}: a blocked thread was not woken by close (deadlock)");
    }

    /// <summary>Waits until <paramref name="n"/> threads are blocked (best effort: they are in Send/Recv or about to be).</summary>
    private static void SettleBlocked(ref int started, int n)
    {
        var until = DateTime.UtcNow + Limit;
        while (Volatile.Read(ref started) < n && DateTime.UtcNow < until) Thread.Sleep(1);
        Thread.Sleep(100);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CloseWakesBlockedReceivers(bool destroy)
    {
        var ch = new MiloChannel<long>(1);
        int started = 0, failed = 0;
        var threads = Enumerable.Range(0, 8).Select(_ => new Thread(() =>
        {
            Interlocked.Increment(ref started);
            if (!ch.Recv(out long _)) Interlocked.Increment(ref failed);
        }) { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        SettleBlocked(ref started, 8);
        if (destroy) ch.Destroy(); else ch.Close();
        JoinAll(threads, "receivers");
        Assert.Equal(8, failed);
        Assert.True(ch.IsClosed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CloseWakesBlockedSenders(bool destroy)
    {
        var ch = new MiloChannel<long>(1);
        Assert.True(ch.Send(-1));   // full
        int started = 0, failed = 0;
        var threads = Enumerable.Range(0, 8).Select(i => new Thread(() =>
        {
            Interlocked.Increment(ref started);
            if (!ch.Send(i)) Interlocked.Increment(ref failed);
        }) { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        SettleBlocked(ref started, 8);
        if (destroy) ch.Destroy(); else ch.Close();
        JoinAll(threads, "senders");
        Assert.Equal(8, failed);
        // The buffered item is still delivered, then receive reports the close.
        Assert.True(ch.Recv(out long v));
        Assert.Equal(-1, v);
        Assert.False(ch.Recv(out long _));
    }

    [Fact]
    public void OkFormsPanicWithAMiloMessageAfterClose()
    {
        var ch = new MiloChannel<long>(2);
        ch.SendOk(5);
        ch.Close();
        var send = Assert.Throws<MiloPanicException>(() => ch.SendOk(6));
        Assert.Contains("destroyed channel", send.Message);
        Assert.Equal(5, ch.RecvOk());   // drains first
        var recv = Assert.Throws<MiloPanicException>(() => ch.RecvOk());
        Assert.Contains("destroyed channel", recv.Message);
    }

    [Fact]
    public void OkFormsBlockedInOtherThreadsPanicOnClose()
    {
        var ch = new MiloChannel<long>(1);
        Exception? recvError = null;
        int started = 0;
        var t = new Thread(() =>
        {
            Interlocked.Increment(ref started);
            try { ch.RecvOk(); } catch (Exception e) { recvError = e; }
        }) { IsBackground = true };
        t.Start();
        SettleBlocked(ref started, 1);
        ch.Destroy();
        JoinAll([t], "RecvOk");
        Assert.IsType<MiloPanicException>(recvError);
    }

    [Fact]
    public void CloseWhileSendersAndReceiversRaceNeverHangs()
    {
        // Many rounds of: producers and consumers running flat out, the channel closed at a random moment.
        var rng = new Random(12);
        for (int round = 0; round < 30; round++)
        {
            var ch = new MiloChannel<int>(rng.Next(1, 4));
            long sent = 0, received = 0;
            var threads = new List<Thread>();
            for (int i = 0; i < 4; i++)
            {
                threads.Add(new Thread(() => { while (ch.Send(1)) Interlocked.Increment(ref sent); }) { IsBackground = true });
                threads.Add(new Thread(() => { while (ch.Recv(out int _)) Interlocked.Increment(ref received); }) { IsBackground = true });
            }
            threads.ForEach(t => t.Start());
            Thread.Sleep(rng.Next(0, 5));
            ch.Close();
            JoinAll(threads, $"round {round}");
            Assert.Equal(sent, received);   // everything sent before the close was delivered
        }
    }

    /// <summary>Threaded green tasks blocked in Recv (parked on the scheduler) are woken by a close from the main thread.</summary>
    [Fact]
    public void CloseWakesGreenTasks()
    {
        int failed = 0;
        var done = false;
        var t = new Thread(() =>
        {
            var ch = new MiloChannel<long>(1);
            for (int i = 0; i < 4; i++)
                Scheduler.SpawnAction(() => { if (!ch.Recv(out long _)) Interlocked.Increment(ref failed); });
            Scheduler.SpawnAction(() => { Scheduler.SleepMs(50); ch.Close(); });
            Scheduler.Drain();
            done = true;
        }) { IsBackground = true };
        t.Start();
        Assert.True(t.Join(Limit), "green tasks blocked on a closed channel were not woken (scheduler hung)");
        Assert.True(done);
        Assert.Equal(4, failed);
    }

    private sealed class ParkedReceiver(MiloChannel<long> ch, Action<int> result) : IGreenTask
    {
        public bool MoveNext()
        {
            int r = ch.RecvOrPark(out _);
            if (r == 0) return true;
            result(r);
            return false;
        }
    }

    private sealed class ParkedSender(MiloChannel<long> ch, Action<int> result) : IGreenTask
    {
        public bool MoveNext()
        {
            int r = ch.SendOrPark(7);
            if (r == 0) return true;
            result(r);
            return false;
        }
    }

    /// <summary>State-machine tasks parked in RecvOrPark/SendOrPark get -1 after a close from another OS thread.</summary>
    [Fact]
    public void CloseFromAnotherThreadWakesParkedStateMachines()
    {
        var results = new List<int>();
        var recvCh = new MiloChannel<long>(1);
        var sendCh = new MiloChannel<long>(1);
        Assert.True(sendCh.TrySend(1));   // full
        var t = new Thread(() =>
        {
            for (int i = 0; i < 3; i++)
            {
                Scheduler.Spawn(new ParkedReceiver(recvCh, r => { lock (results) results.Add(r); }));
                Scheduler.Spawn(new ParkedSender(sendCh, r => { lock (results) results.Add(r); }));
            }
            Scheduler.Drain();
        }) { IsBackground = true };
        t.Start();
        Thread.Sleep(100);
        recvCh.Destroy();
        sendCh.Destroy();
        Assert.True(t.Join(Limit), "parked state machines were not woken by close");
        Assert.Equal(Enumerable.Repeat(-1, 6), results);
    }
}
