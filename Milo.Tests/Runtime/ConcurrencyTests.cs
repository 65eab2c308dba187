using Milo.Runtime;

namespace Milo.Tests.Runtime;

public class ConcurrencyTests
{
    [Fact]
    public void ChannelBlocksBetweenThreads()
    {
        var ch = new MiloChannel<long>(2);
        var got = new List<long>();
        var t = MiloThread.Spawn(() =>
        {
            for (long i = 1; i <= 1000; i++) Assert.True(ch.Send(i));
            ch.Send(0);
        });
        while (true)
        {
            Assert.True(ch.Recv(out long v));
            if (v == 0) break;
            got.Add(v);
        }
        t.Join();
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), got);
        Assert.Equal(0, ch.Len);
    }

    [Fact]
    public void ChannelTryOpsAndClose()
    {
        var ch = new MiloChannel<int>(1);
        Assert.True(ch.TrySend(1));
        Assert.False(ch.TrySend(2));
        Assert.Equal(1, ch.Len);
        Assert.True(ch.TryRecv(out int v));
        Assert.Equal(1, v);
        Assert.False(ch.TryRecv(out _));

        bool recvResult = true;
        var t = MiloThread.Spawn(() => recvResult = ch.Recv(out _));
        Thread.Sleep(50);
        ch.Close();
        t.Join();
        Assert.False(recvResult);
        Assert.False(ch.Send(3));
    }

    [Fact]
    public void AtomicsUnderContention()
    {
        var a = new AtomicI64(0);
        var threads = new MiloThread[8];
        for (int i = 0; i < threads.Length; i++)
            threads[i] = MiloThread.Spawn(() => { for (int k = 0; k < 10000; k++) { a.Add(2); a.Sub(1); } });
        foreach (var t in threads) t.Join();
        Assert.Equal(80000, a.Load());
        Assert.Equal(80000, a.Cas(80000, 5));
        Assert.Equal(5, a.Cas(1, 9));
        Assert.Equal(5, a.Swap(6));
        Assert.Equal(6, a.Add(1));

        var flag = new AtomicBool(false);
        int winners = 0;
        ParallelBlock.Run(
            () => { if (!flag.Swap(true)) Interlocked.Increment(ref winners); },
            () => { if (!flag.Swap(true)) Interlocked.Increment(ref winners); },
            () => { if (!flag.Swap(true)) Interlocked.Increment(ref winners); });
        Assert.Equal(1, winners);
        Assert.True(flag.Load());
        Assert.True(flag.Cas(true, false));
        Assert.False(flag.Load());
    }

    [Fact]
    public void MutexAndRwLockProtectCounter()
    {
        var m = new MiloMutex();
        var rw = new MiloRwLock();
        long x = 0, y = 0;
        ParallelBlock.Run(
            () => { for (int i = 0; i < 10000; i++) m.WithLock(() => x++); },
            () => { for (int i = 0; i < 10000; i++) { m.Lock(); x++; m.Unlock(); } },
            () => { for (int i = 0; i < 10000; i++) rw.WithWriteLock(() => y++); },
            () => { for (int i = 0; i < 10000; i++) { rw.Write(); y++; rw.Unlock(); } },
            () => { for (int i = 0; i < 1000; i++) rw.WithReadLock(() => _ = y); });
        Assert.Equal(20000, x);
        Assert.Equal(20000, y);
    }

    [Fact]
    public void MutexUnlockWithoutHoldingPanics()
    {
        var m = new MiloMutex();
        var e = Assert.Throws<MiloPanicException>(() => m.UnlockOk());
        Assert.Equal("runtime error: unlock of a mutex not held by this thread", e.Message);

        Assert.Equal(0, m.LockOk());
        Exception? fromOther = null;
        var t = new Thread(() => { try { m.UnlockOk(); } catch (Exception x) { fromOther = x; } });
        t.Start();
        t.Join();
        Assert.Equal("runtime error: unlock of a mutex not held by this thread", Assert.IsType<MiloPanicException>(fromOther).Message);
        Assert.Equal(0, m.UnlockOk());   // still held by this thread until here
        Assert.True(m.TryLock());
        m.Unlock();
    }

    [Fact]
    public void ParallelRunsAllBranches()
    {
        long a = 0, b = 0;
        ParallelBlock.Run(() => a = 42, () => b = 99);
        Assert.Equal(141, a + b);
    }
}
