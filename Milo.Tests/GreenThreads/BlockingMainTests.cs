using Milo.Runtime;
using Xunit;

namespace Milo.Tests.GreenThreads;

/// <summary>
/// Main (an OS thread that owns green threads) blocked on a channel or a promise while all its green threads are parked
/// waits without polling (issue 18): it sleeps until the operation that unblocks it pulses its scheduler. Before, a
/// blocked channel operation re-checked every 5 ms and a promise wait every 50 ms.
/// </summary>
public class BlockingMainTests
{
    /// <summary>A green thread parked on a channel until it receives one item.</summary>
    private sealed class ParkedReceiver(MiloChannel<long> ch) : GreenTask
    {
        public long Got = -1;
        public override bool MoveNext()
        {
            int r = ch.RecvOrPark(out var v);
            if (r == 1) { Got = v; return false; }
            return true;
        }
    }

    private static void RunOnOwnThread(Action body)
    {
        Exception? error = null;
        var t = new Thread(() => { try { body(); } catch (Exception e) { error = e; } });
        t.Start();
        Assert.True(t.Join(TimeSpan.FromSeconds(20)), "timed out");
        if (error != null) throw new Xunit.Sdk.XunitException(error.ToString());
    }

    [Fact]
    public void ChannelReceiveWithParkedTasksSleepsUntilTheSend()
    {
        RunOnOwnThread(() =>
        {
            var parkedOn = new MiloChannel<long>(1);
            var task = new ParkedReceiver(parkedOn);
            Scheduler.Spawn(task);
            Assert.True(Scheduler.RunOnce());           // the task parks
            var ch = new MiloChannel<long>(1);
            var sender = new Thread(() => { Thread.Sleep(300); ch.Send(42); });
            long before = Scheduler.IdleWaitCount;
            sender.Start();
            Assert.Equal(42, ch.RecvOk());                // blocks ~300 ms with a parked task on this scheduler
            long sleeps = Scheduler.IdleWaitCount - before;
            Assert.InRange(sleeps, 1, 3);                 // polling every 5 ms would be ~60
            sender.Join();
            parkedOn.Send(7);                             // let the task finish (this thread's scheduler stays clean)
            Scheduler.Drain();
            Assert.Equal(7, task.Got);
        });
    }

    [Fact]
    public void PromiseWaitWithParkedTasksSleepsUntilSet()
    {
        RunOnOwnThread(() =>
        {
            var parkedOn = new MiloChannel<long>(1);
            var task = new ParkedReceiver(parkedOn);
            Scheduler.Spawn(task);
            Assert.True(Scheduler.RunOnce());
            var ev = new GreenEvent();
            var setter = new Thread(() => { Thread.Sleep(300); ev.Set(); });
            long before = Scheduler.IdleWaitCount;
            setter.Start();
            ev.Wait();                                    // runs this thread's scheduler until set
            Assert.InRange(Scheduler.IdleWaitCount - before, 1, 3);   // 50 ms polls would be ~6
            setter.Join();
            parkedOn.Send(1);
            Scheduler.Drain();
            Assert.Equal(1, task.Got);
        });
    }
}
