using Milo.Runtime;

namespace Milo.Tests.Runtime;

public class SchedulerTests
{
    /// <summary>The scheduler is per OS thread; run each scenario on a fresh thread so tests do not share queues.</summary>
    private static void OnFreshThread(Action body)
    {
        Exception? error = null;
        var t = new Thread(() => { try { body(); } catch (Exception e) { error = e; } });
        t.Start();
        Assert.True(t.Join(TimeSpan.FromSeconds(30)), "scheduler scenario timed out");
        if (error is not null) throw new Exception("scenario failed", error);
    }

    /// <summary>Hand-written equivalent of what the compiler generates: print, yield, print.</summary>
    private sealed class PrintYieldPrint : IGreenTask
    {
        private readonly string _name;
        private readonly List<string> _log;
        private int _state;
        public PrintYieldPrint(string name, List<string> log) { _name = name; _log = log; }
        public bool MoveNext()
        {
            switch (_state)
            {
                case 0: _log.Add(_name + "1"); _state = 1; return true;   // yield
                case 1: _log.Add(_name + "2"); _state = 2; return false;  // done
                default: return false;
            }
        }
    }

    [Fact]
    public void StateMachineTasksInterleaveFifo()
    {
        OnFreshThread(() =>
        {
            var log = new List<string>();
            Scheduler.Spawn(new PrintYieldPrint("A", log));
            Scheduler.Spawn(new PrintYieldPrint("B", log));
            Scheduler.Spawn(new PrintYieldPrint("C", log));
            Assert.Empty(log); // spawn only enqueues
            Scheduler.Drain();
            Assert.Equal(new[] { "A1", "B1", "C1", "A2", "B2", "C2" }, log);
            Assert.Equal(0, Scheduler.AliveCount);
        });
    }

    /// <summary>Logs "id:step" on every step and yields <c>Yields</c> times; the first task spawns more while running.</summary>
    private sealed class Stepper(int id, int yields, List<string> log, Action? onFirstStep = null) : IGreenTask
    {
        private int _step;
        public bool MoveNext()
        {
            log.Add(id + ":" + _step);
            if (_step == 0) onFirstStep?.Invoke();
            return _step++ < yields;
        }
    }

    /// <summary>
    /// The run queue (a ring that grows past 64 tasks and wraps around while tasks re-enqueue and spawn) keeps FIFO order:
    /// the scheduler's log equals a plain Queue simulation of the same tasks.
    /// </summary>
    [Fact]
    public void RunQueueKeepsFifoOrderAcrossGrowthAndWrapAround()
    {
        OnFreshThread(() =>
        {
            var log = new List<string>();
            var expected = new List<string>();
            var model = new Queue<(int Id, int Yields, int Step)>();
            int Yields(int k) => k * 7 % 5;
            const int first = 150, late = 200;   // the late spawns grow the ring while its head is not at 0
            for (int k = 0; k < first; k++)
            {
                int id = k;
                Action? spawnMore = k != 0 ? null : () => { for (int j = 0; j < late; j++) Scheduler.Spawn(new Stepper(1000 + j, Yields(j), log)); };
                Scheduler.Spawn(new Stepper(id, Yields(id), log, spawnMore));
                model.Enqueue((id, Yields(id), 0));
            }
            while (model.TryDequeue(out var t))
            {
                expected.Add(t.Id + ":" + t.Step);
                if (t.Id == 0 && t.Step == 0) for (int j = 0; j < late; j++) model.Enqueue((1000 + j, Yields(j), 0));
                if (t.Step < t.Yields) model.Enqueue((t.Id, t.Yields, t.Step + 1));
            }
            Scheduler.Drain();
            Assert.Equal(expected, log);
            Assert.Equal(0, Scheduler.AliveCount);
        });
    }

    [Fact]
    public void ThreadedTasksInterleaveFifo()
    {
        OnFreshThread(() =>
        {
            var log = new List<string>();
            foreach (var n in new[] { "A", "B" })
            {
                string name = n;
                Scheduler.SpawnAction(() =>
                {
                    Assert.NotNull(Scheduler.Current);
                    log.Add(name + "1");
                    Scheduler.Yield();
                    log.Add(name + "2");
                });
            }
            log.Add("main");
            Assert.Null(Scheduler.Current);
            Scheduler.Yield(); // no-op outside tasks
            Scheduler.Drain();
            Assert.Equal(new[] { "main", "A1", "B1", "A2", "B2" }, log);
        });
    }

    [Fact]
    public void GreenThreadLoopOrder()
    {
        OnFreshThread(() =>
        {
            var log = new List<string>();
            log.Add("start");
            for (int i = 0; i < 10; i++) { int k = i; Scheduler.SpawnAction(() => log.Add("green " + k)); }
            log.Add("spawned");
            Scheduler.Drain();
            Assert.Equal(new[] { "start", "spawned" }.Concat(Enumerable.Range(0, 10).Select(i => "green " + i)), log);
        });
    }

    [Fact]
    public void SleepingTasksLetOthersRun()
    {
        OnFreshThread(() =>
        {
            var log = new List<string>();
            for (int i = 0; i < 3; i++)
            {
                Scheduler.SpawnAction(() =>
                {
                    log.Add("sleeping!");
                    Scheduler.SleepMs(30);
                    log.Add("done!");
                });
            }
            Scheduler.Drain();
            Assert.Equal(new[] { "sleeping!", "sleeping!", "sleeping!", "done!", "done!", "done!" }, log);
        });
    }

    [Fact]
    public void ChannelBetweenThreadedTasks()
    {
        OnFreshThread(() =>
        {
            var ch = new MiloChannel<long>(1);
            var log = new List<string>();
            Scheduler.SpawnAction(() =>
            {
                for (long i = 1; i <= 3; i++) { log.Add("send " + i); ch.Send(i); }
            });
            Scheduler.SpawnAction(() =>
            {
                for (int i = 0; i < 3; i++) { ch.Recv(out long v); log.Add("recv " + v); }
            });
            Scheduler.Drain();
            Assert.Equal(6, log.Count);
            Assert.Equal(new[] { "recv 1", "recv 2", "recv 3" }, log.Where(s => s.StartsWith("recv")));
        });
    }

    /// <summary>State-machine receiver parked on a channel, woken by a state-machine sender.</summary>
    private sealed class Receiver : IGreenTask
    {
        private readonly MiloChannel<long> _ch; private readonly List<string> _log; private int _got;
        public Receiver(MiloChannel<long> ch, List<string> log) { _ch = ch; _log = log; }
        public bool MoveNext()
        {
            while (_got < 2)
            {
                int r = _ch.RecvOrPark(out long v);
                if (r == 0) { _log.Add("park"); return true; }
                if (r < 0) return false;
                _log.Add("got " + v); _got++;
            }
            return false;
        }
    }

    private sealed class Sender : IGreenTask
    {
        private readonly MiloChannel<long> _ch; private readonly List<string> _log; private int _state;
        public Sender(MiloChannel<long> ch, List<string> log) { _ch = ch; _log = log; }
        public bool MoveNext()
        {
            _state++;
            _log.Add("send " + _state);
            _ch.TrySend(_state);
            return _state < 2;
        }
    }

    [Fact]
    public void ParkAndWakeStateMachines()
    {
        OnFreshThread(() =>
        {
            var ch = new MiloChannel<long>(4);
            var log = new List<string>();
            Scheduler.Spawn(new Receiver(ch, log));
            Scheduler.Spawn(new Sender(ch, log));
            Scheduler.Drain();
            Assert.Equal(new[] { "park", "send 1", "got 1", "park", "send 2", "got 2" }, log);
        });
    }

    [Fact]
    public void MainBlockingRecvRunsTasks()
    {
        OnFreshThread(() =>
        {
            var ch = new MiloChannel<long>(1);
            Scheduler.SpawnAction(() => ch.Send(120));
            Assert.True(ch.Recv(out long v)); // like Promise.await from main
            Assert.Equal(120, v);
            Scheduler.Drain();
        });
    }

    [Fact]
    public void SleepForTimersOrderByWakeTime()
    {
        OnFreshThread(() =>
        {
            var log = new List<string>();
            Scheduler.Spawn(new Sleeper("slow", 60, log));
            Scheduler.Spawn(new Sleeper("fast", 10, log));
            Scheduler.Drain();
            Assert.Equal(new[] { "slow start", "fast start", "fast end", "slow end" }, log);
        });
    }

    private sealed class Sleeper : IGreenTask
    {
        private readonly string _n; private readonly long _ms; private readonly List<string> _log; private bool _started;
        public Sleeper(string n, long ms, List<string> log) { _n = n; _ms = ms; _log = log; }
        public bool MoveNext()
        {
            if (!_started) { _started = true; _log.Add(_n + " start"); Scheduler.SleepFor(_ms); return true; }
            _log.Add(_n + " end");
            return false;
        }
    }
}
