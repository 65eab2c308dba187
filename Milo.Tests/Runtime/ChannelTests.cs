using Milo.Runtime;

namespace Milo.Tests.Runtime;

/// <summary>MiloChannel between plain OS threads: the spin-then-block path (no green tasks on either thread).</summary>
public class ChannelTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public void PingPongOverCapacityOneChannelsKeepsEveryMessage()
    {
        const long n = 20_000;
        var ping = new MiloChannel<long>(1);
        var pong = new MiloChannel<long>(1);
        var echo = new Thread(() =>
        {
            for (long i = 0; i < n; i++) pong.SendOk(ping.RecvOk() * 2 + 1);
        });
        echo.Start();
        long sum = 0;
        for (long i = 0; i < n; i++)
        {
            ping.SendOk(i);
            sum += pong.RecvOk();
        }
        Assert.True(echo.Join(Limit));
        Assert.Equal(n * (n - 1) + n, sum);   // Σ (2i + 1)
        Assert.Equal(0, ping.Len);
        Assert.Equal(0, pong.Len);
    }

    [Fact]
    public void FifoAcrossWrapAroundWithManyProducers()
    {
        var ch = new MiloChannel<string>(3);
        const int producers = 4, per = 5_000;
        var threads = Enumerable.Range(0, producers).Select(p => new Thread(() =>
        {
            for (int i = 0; i < per; i++) Assert.True(ch.Send($"{p}:{i}"));
        })).ToList();
        threads.ForEach(t => t.Start());
        var last = new int[producers];
        Array.Fill(last, -1);
        for (int k = 0; k < producers * per; k++)
        {
            Assert.True(ch.Recv(out var s));
            var parts = s.Split(':');
            int p = int.Parse(parts[0]), i = int.Parse(parts[1]);
            Assert.Equal(last[p] + 1, i);   // each producer's items arrive in order
            last[p] = i;
        }
        foreach (var t in threads) Assert.True(t.Join(Limit));
        Assert.All(last, l => Assert.Equal(per - 1, l));
        Assert.False(ch.TryRecv(out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(50)]
    public void CloseWakesBlockedSenderAndReceiver(int delayMs)
    {
        // delay 0: close usually lands while the other side is still spinning; 50 ms: after it blocked on the monitor.
        var full = new MiloChannel<int>(1);
        Assert.True(full.TrySend(1));
        var empty = new MiloChannel<int>(1);
        bool sent = true, received = true;
        var sender = new Thread(() => sent = full.Send(2));
        var receiver = new Thread(() => received = empty.Recv(out _));
        sender.Start();
        receiver.Start();
        if (delayMs > 0) Thread.Sleep(delayMs);
        full.Close();
        empty.Close();
        Assert.True(sender.Join(Limit));
        Assert.True(receiver.Join(Limit));
        Assert.False(sent);
        Assert.False(received);
        // Receivers still drain what was buffered before the close, then fail.
        Assert.True(full.Recv(out int v));
        Assert.Equal(1, v);
        Assert.False(full.Recv(out _));
    }

    [Fact]
    public void SendAndRecvOnClosedChannelPanicWithMessage()
    {
        var ch = new MiloChannel<long>(1);
        ch.Close();
        var e = Assert.Throws<MiloPanicException>(() => ch.SendOk(1));
        Assert.Equal("runtime error: send on a destroyed channel", e.Message);
        e = Assert.Throws<MiloPanicException>(() => ch.RecvOk());
        Assert.Equal("runtime error: recv on a destroyed channel", e.Message);
    }
}
