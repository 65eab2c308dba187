using System.Diagnostics;
using Milo.Runtime;
using Xunit.Abstractions;

namespace Milo.Tests.Stress;

/// <summary>
/// Concurrency stress at the runtime API level (<see cref="MiloChannel{T}"/>, <see cref="MiloMutex"/>, green tasks):
/// exact message counts and checksums, no lost or duplicated message, no deadlock (every run is bounded in time and
/// reports how far it got). Sizes are chosen to fit in a few seconds on a 2-core CI machine; the full sizes of issue 12
/// (1M messages, 50 repetitions, 100k green threads) run with MILO_STRESS_FULL=1.
/// </summary>
[Collection("reliability-serial")]   // one at a time: they measure contention, not each other
public class StressTests(ITestOutputHelper output)
{
    private static bool Full => Environment.GetEnvironmentVariable("MILO_STRESS_FULL") == "1";

    /// <summary>Generous bound for one run; exceeding it is reported as a deadlock (with progress counters).</summary>
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(Full ? 600 : 60);

    private static void Bounded(string what, Action body, Func<string> progress)
    {
        Exception? error = null;
        var t = new Thread(() => { try { body(); } catch (Exception e) { error = e; } }) { IsBackground = true, Name = "stress-" + what };
        t.Start();
        if (!t.Join(RunLimit))
            Assert.Fail($"{what}: no progress within {RunLimit.TotalSeconds:0} s (deadlock?) — {progress()}");
        if (error != null) throw new Exception($"{what}: {error.GetType().Name}: {error.Message}", error);
    }

    /// <summary>
    /// P producers send disjoint ranges covering [0, total) over one capacity-1 channel; C consumers receive until the
    /// channel is closed and drained. Checks the count, the sum and that every value arrived exactly once.
    /// </summary>
    private static (long Received, long Sum) ProducersConsumers(int producers, int consumers, long total, long capacity, Action<string>? log = null)
    {
        var ch = new MiloChannel<long>(capacity);
        var seen = new int[total];
        long received = 0, sum = 0, sent = 0;
        Bounded($"{producers}x{consumers} cap {capacity}, {total} messages", () =>
        {
            var threads = new List<Thread>();
            for (int p = 0; p < producers; p++)
            {
                long from = total * p / producers, to = total * (p + 1) / producers;
                threads.Add(new Thread(() =>
                {
                    for (long v = from; v < to; v++)
                    {
                        if (!ch.Send(v)) throw new InvalidOperationException("send failed on an open channel");
                        Interlocked.Increment(ref sent);
                    }
                }));
            }
            var consumerThreads = new List<Thread>();
            for (int c = 0; c < consumers; c++)
                consumerThreads.Add(new Thread(() =>
                {
                    long localCount = 0, localSum = 0;
                    while (ch.Recv(out long v))
                    {
                        Interlocked.Increment(ref seen[v]);
                        localCount++;
                        localSum += v;
                    }
                    Interlocked.Add(ref received, localCount);
                    Interlocked.Add(ref sum, localSum);
                }));
            foreach (var t in threads.Concat(consumerThreads)) { t.IsBackground = true; t.Start(); }
            foreach (var t in threads) t.Join();
            ch.Close();   // consumers drain what is buffered, then Recv returns false
            foreach (var t in consumerThreads) t.Join();
        }, () => $"sent {Interlocked.Read(ref sent)}, buffered {ch.Len}, consumers finished with {Interlocked.Read(ref received)}");

        Assert.Equal(total, received);
        Assert.Equal(total * (total - 1) / 2, sum);
        int bad = Array.FindIndex(seen, n => n != 1);
        Assert.True(bad < 0, bad < 0 ? "" : $"value {bad} received {seen[bad]} times");
        return (received, sum);
    }

    /// <summary>Issue 12: 8 producers × 8 consumers over a capacity-1 channel. CI: 100k messages (~5 s on 2 busy cores; 1M with MILO_STRESS_FULL=1).</summary>
    [Fact]
    public void EightProducersEightConsumersCapacityOne()
    {
        long total = Full ? 1_000_000 : 100_000;
        var sw = Stopwatch.StartNew();
        ProducersConsumers(8, 8, total, capacity: 1);
        output.WriteLine($"8x8 over capacity 1: {total} messages in {sw.Elapsed.TotalSeconds:0.00} s");
    }

    /// <summary>Repeated smaller runs (different shapes) must never lose a message or deadlock. CI: 10 rounds, full: 50.</summary>
    [Fact]
    public void RepeatedRunsLoseNothing()
    {
        int rounds = Full ? 50 : 10;
        var sw = Stopwatch.StartNew();
        var shapes = new (int P, int C, long Cap)[] { (8, 8, 1), (1, 8, 1), (8, 1, 1), (4, 4, 3), (16, 2, 1), (2, 16, 64) };
        for (int r = 0; r < rounds; r++)
        {
            var (p, c, cap) = shapes[r % shapes.Length];
            ProducersConsumers(p, c, Full ? 100_000 : 10_000, cap);
        }
        output.WriteLine($"{rounds} rounds in {sw.Elapsed.TotalSeconds:0.00} s");
    }

    /// <summary>Mutex-protected (non-atomic) counter incremented from 16 threads: Lock/Unlock, WithLock and LockOk/UnlockOk.</summary>
    [Fact]
    public void MutexProtectedCountersFromSixteenThreads()
    {
        const int threads = 16;
        int perThread = Full ? 200_000 : 50_000;
        var m = MiloMutex.New();
        long counter = 0, counter2 = 0, counter3 = 0;
        var sw = Stopwatch.StartNew();
        Bounded("mutex counters", () =>
        {
            var ts = Enumerable.Range(0, threads).Select(i => new Thread(() =>
            {
                for (int k = 0; k < perThread; k++)
                {
                    switch ((i + k) % 3)
                    {
                        case 0:
                            m.Lock();
                            counter = counter + 1;
                            m.Unlock();
                            break;
                        case 1:
                            m.WithLock(() => { counter2 = counter2 + 1; });
                            break;
                        default:
                            m.LockOk();
                            counter3 = counter3 + 1;
                            m.UnlockOk();
                            break;
                    }
                }
            }) { IsBackground = true }).ToList();
            ts.ForEach(t => t.Start());
            ts.ForEach(t => t.Join());
        }, () => $"counters {counter} + {counter2} + {counter3}");
        Assert.Equal((long)threads * perThread, counter + counter2 + counter3);
        output.WriteLine($"16 threads × {perThread} mutex increments in {sw.Elapsed.TotalSeconds:0.00} s");
    }

    /// <summary>A green task (compiled-state-machine style) that sends its id to the server and waits for id*2 back.</summary>
    private sealed class Client(int id, MiloChannel<(int, MiloChannel<long>)> requests, Action done) : IGreenTask
    {
        private readonly MiloChannel<long> _reply = new(1);
        private int _state;

        public bool MoveNext()
        {
            if (_state == 0)
            {
                int r = requests.SendOrPark((id, _reply));
                if (r == 0) return true;          // parked: the server will wake us
                if (r < 0) throw new InvalidOperationException("requests closed");
                _state = 1;
            }
            int got = _reply.RecvOrPark(out long v);
            if (got == 0) return true;
            if (got < 0 || v != id * 2L) throw new InvalidOperationException($"client {id}: bad reply {v} ({got})");
            done();
            return false;
        }
    }

    /// <summary>The server task: answers <paramref name="n"/> requests.</summary>
    private sealed class Server(int n, MiloChannel<(int, MiloChannel<long>)> requests, Action served) : IGreenTask
    {
        private int _left = n;

        public bool MoveNext()
        {
            while (_left > 0)
            {
                int r = requests.RecvOrPark(out var req);
                if (r == 0) return true;
                if (r < 0) throw new InvalidOperationException("requests closed");
                if (!req.Item2.TrySend(req.Item1 * 2L)) throw new InvalidOperationException("reply channel full");
                _left--;
                served();
            }
            return false;
        }
    }

    /// <summary>
    /// Issue 12: 100k green threads doing channel round trips (state-machine tasks, as the compiler generates them for
    /// Task.spawn), all on one scheduler thread. CI: 20,000 tasks × 3 rounds; MILO_STRESS_FULL=1: 100,000 × 50 rounds
    /// (18 s on the 2-core machine since channels wake one parked task per operation).
    /// </summary>
    [Fact]
    public void StateMachineGreenThreadsChannelRoundTrips()
    {
        int n = Full ? 100_000 : 20_000;
        int rounds = Full ? 50 : 3;
        var sw = Stopwatch.StartNew();
        for (int round = 0; round < rounds; round++)
        {
            long served = 0, replies = 0;
            Bounded($"green state machines round {round}", () =>
            {
                var requests = new MiloChannel<(int, MiloChannel<long>)>(8);
                Scheduler.Spawn(new Server(n, requests, () => served++));
                for (int i = 0; i < n; i++) Scheduler.Spawn(new Client(i, requests, () => replies++));
                Scheduler.Drain();
            }, () => $"served {served}, replies {replies} of {n}");
            Assert.Equal(n, served);
            Assert.Equal(n, replies);
        }
        output.WriteLine($"{rounds} × {n} green round trips in {sw.Elapsed.TotalSeconds:0.00} s");
    }

    /// <summary>
    /// Green threads doing channel round trips: N tasks (threaded green tasks on one scheduler) each send a request to a
    /// server task over one shared channel and wait for the reply on their own capacity-1 channel. CI: 300 tasks
    /// (threaded green tasks are backed by helper threads); MILO_STRESS_FULL=1: 5,000.
    /// </summary>
    [Fact]
    public void GreenThreadsChannelRoundTrips()
    {
        int n = Full ? 5_000 : 300;
        long served = 0, replies = 0;
        var sw = Stopwatch.StartNew();
        Bounded("green round trips", () =>
        {
            var requests = new MiloChannel<(int Id, MiloChannel<long> Reply)>(16);
            Scheduler.SpawnAction(() =>
            {
                for (int i = 0; i < n; i++)
                {
                    if (!requests.Recv(out var req)) throw new InvalidOperationException("request channel closed early");
                    req.Reply.Send(req.Id * 2L);
                    Interlocked.Increment(ref served);
                }
            });
            for (int i = 0; i < n; i++)
            {
                int id = i;
                Scheduler.SpawnAction(() =>
                {
                    var reply = new MiloChannel<long>(1);
                    requests.Send((id, reply));
                    if (!reply.Recv(out long v) || v != id * 2L) throw new InvalidOperationException($"task {id}: wrong reply {v}");
                    Interlocked.Increment(ref replies);
                });
            }
            Scheduler.Drain();
        }, () => $"served {Interlocked.Read(ref served)}, replies {Interlocked.Read(ref replies)} of {n}");
        Assert.Equal(n, served);
        Assert.Equal(n, replies);
        output.WriteLine($"{n} green round trips in {sw.Elapsed.TotalSeconds:0.00} s");
    }

    /// <summary>A green task that forwards every value from <paramref name="input"/> to <paramref name="output"/> until
    /// input is closed; both channels are driven by OS threads on the other side, so every wake-up it gets comes
    /// through the scheduler's cross-thread inbox.</summary>
    private sealed class Forwarder(MiloChannel<long> input, MiloChannel<long> output) : GreenFrame
    {
        private long _value;
        private bool _holding;

        public override bool MoveNext()
        {
            while (true)
            {
                if (!_holding)
                {
                    int r = input.RecvOrPark(out _value);
                    if (r == 0) return true;
                    if (r < 0) return false;
                    _holding = true;
                }
                int s = output.SendOrPark(_value);
                if (s == 0) return true;
                if (s < 0) throw new InvalidOperationException("output closed early");
                _holding = false;
            }
        }
    }

    /// <summary>
    /// Cross-thread wakes under contention: 4 OS producer threads feed a small channel that 64 green tasks (one
    /// scheduler thread) read from; the tasks forward into another small channel drained by 2 OS consumer threads.
    /// Green tasks park on both sides and are woken only from other threads. Exact count and sum; no deadlock.
    /// CI: 4 × 10,000 values; MILO_STRESS_FULL=1: 4 × 250,000.
    /// </summary>
    [Fact]
    public void GreenTasksBetweenOsThreadProducersAndConsumers()
    {
        const int producers = 4, consumers = 2, tasks = 64;
        long perProducer = Full ? 250_000 : 10_000;
        long total = producers * perProducer;
        var input = new MiloChannel<long>(4);
        var outCh = new MiloChannel<long>(2);
        long received = 0, sum = 0;
        var sw = Stopwatch.StartNew();
        var consumerThreads = Enumerable.Range(0, consumers).Select(_ => new Thread(() =>
        {
            long n = 0, s = 0;
            while (outCh.Recv(out long v)) { n++; s += v; }
            Interlocked.Add(ref received, n);
            Interlocked.Add(ref sum, s);
        }) { IsBackground = true }).ToList();
        consumerThreads.ForEach(t => t.Start());
        Bounded("green forwarders between OS threads", () =>
        {
            var producerThreads = Enumerable.Range(0, producers).Select(p => new Thread(() =>
            {
                for (long i = p * perProducer; i < (p + 1) * perProducer; i++)
                    if (!input.Send(i)) throw new InvalidOperationException("input closed early");
            }) { IsBackground = true }).ToList();
            for (int i = 0; i < tasks; i++) Scheduler.Spawn(new Forwarder(input, outCh));
            producerThreads.ForEach(t => t.Start());
            var closer = new Thread(() => { producerThreads.ForEach(t => t.Join()); input.Close(); }) { IsBackground = true };
            closer.Start();
            Scheduler.Drain();   // returns when every forwarder saw the closed, drained input
            closer.Join();
            outCh.Close();
            consumerThreads.ForEach(t => t.Join());
        }, () => $"received {Interlocked.Read(ref received)} of {total}");
        Assert.Equal(total, received);
        Assert.Equal(total * (total - 1) / 2, sum);
        output.WriteLine($"{total} values through {tasks} green forwarders in {sw.Elapsed.TotalSeconds:0.00} s");
    }
}
