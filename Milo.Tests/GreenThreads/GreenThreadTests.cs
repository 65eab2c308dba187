using System.Runtime.Loader;
using Milo.Compiler;
using Milo.Runtime;
using Xunit;

namespace Milo.Tests.GreenThreads;

/// <summary>
/// Green threads (docs/green-threads.md): the suspension analysis decides which functions become state machines, and
/// the runtime frames park/resume without blocking the scheduler thread. Whole programs (ordering, nested calls,
/// loops/match/closures, channels, the echo server) are in Programs/green/ and run with the harness's 20 s timeout.
/// </summary>
public class GreenThreadTests
{
    private const string Source = """
        from "std/runtime" import { Task, schedulerYield }

        fn plain(n: i64): i64 { return n + 1 }
        fn leaf(n: i64): i64 {
            schedulerYield()
            return n * 2
        }
        fn viaCall(n: i64): i64 { return leaf(n) + plain(n) }
        fn viaClosure(f: () => i64): i64 { return f() }
        fn pureClosureUser(f: (i64) => i64): i64 { return f(1) }

        fn main(): i32 {
            Task.spawn(move (): void => {
                print(viaCall(1))
                print(viaClosure((): i64 => leaf(3)))
                print(pureClosureUser((x: i64): i64 => x + 1))
            })
            return 0
        }
        """;

    private static List<string> FrameTypes(string source)
    {
        var dir = Path.Combine(Path.GetTempPath(), "milo-green-tests", Guid.NewGuid().ToString("N"));
        var dll = Path.Combine(dir, "prog.dll");
        var c = Compilation.FromText("prog.milo", source);
        Assert.True(c.Emit(dll), string.Join("\n", c.Diagnostics.Select(d => d.Format())));
        var alc = new AssemblyLoadContext("green-test", isCollectible: true);
        try
        {
            using var fs = File.OpenRead(dll);
            var asm = alc.LoadFromStream(fs);
            return asm.GetTypes().Where(t => t.Name.Contains("__Frame")).Select(t => t.Name).ToList();
        }
        finally { alc.Unload(); }
    }

    [Fact]
    public void OnlyFunctionsThatReachASuspensionBecomeStateMachines()
    {
        var frames = FrameTypes(Source);
        Assert.Contains(frames, n => n.StartsWith("leaf__Frame"));
        Assert.Contains(frames, n => n.StartsWith("viaCall__Frame"));      // through a nested call
        Assert.Contains(frames, n => n.StartsWith("viaClosure__Frame"));   // calls a function value of a suspending type
        Assert.DoesNotContain(frames, n => n.StartsWith("plain__Frame"));
        Assert.DoesNotContain(frames, n => n.StartsWith("pureClosureUser__Frame")); // (i64) => i64: no suspending closure of that type
        Assert.DoesNotContain(frames, n => n.StartsWith("main__Frame"));
    }

    /// <summary>Acceptance: the echo server on 127.0.0.1 serves 1000 concurrent green-thread clients from main's one
    /// scheduler thread, each getting its own reply (generous timeout: this also proves there is no deadlock).</summary>
    [Fact]
    public void EchoServerServesAThousandConcurrentClients()
    {
        var src = File.ReadAllText(Path.Combine(Programs.ProgramHarness.ProgramsRoot, "green", "echo_server.milo"))
            .Replace("let clients: i64 = 200", "let clients: i64 = 1000");
        var dir = Path.Combine(Path.GetTempPath(), "milo-green-tests", Guid.NewGuid().ToString("N"));
        var dll = Path.Combine(dir, "echo.dll");
        var c = Compilation.FromText("echo.milo", src);
        Assert.True(c.Emit(dll), string.Join("\n", c.Diagnostics.Select(d => d.Format())));
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet", dll) { RedirectStandardOutput = true, UseShellExecute = false };
        using var p = System.Diagnostics.Process.Start(psi)!;
        var outTask = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(180_000)) { p.Kill(true); Assert.Fail("echo server did not finish in 180 s"); }
        Assert.Contains("replies ok 1000", outTask.Result);
        Assert.Equal(0, p.ExitCode);
    }

    private static void OnFreshThread(Action body, int seconds = 20)
    {
        Exception? error = null;
        var t = new Thread(() => { try { body(); } catch (Exception e) { error = e; } }) { IsBackground = true };
        t.Start();
        Assert.True(t.Join(TimeSpan.FromSeconds(seconds)), "deadlock: scenario did not finish in time");
        if (error is not null) throw new Exception("scenario failed", error);
    }

    /// <summary>A task that receives n values through a frame (parks while the channel is empty).</summary>
    private sealed class Receiver(MiloChannel<long> ch, int n, List<long> got) : GreenFrame
    {
        private GreenFrame<long>? _child;
        private int _i;
        public override bool MoveNext()
        {
            while (_i < n)
            {
                _child ??= GreenChannelOps<long>.RecvOk(ch);
                if (_child.MoveNext()) return true;
                got.Add(_child.Result);
                _child = null;
                _i++;
            }
            return false;
        }
    }

    [Fact]
    public void GreenReceiverAndOsThreadSenderDoNotDeadlock()
    {
        OnFreshThread(() =>
        {
            var ch = new MiloChannel<long>(1);
            var got = new List<long>();
            Scheduler.Spawn(new Receiver(ch, 50, got));
            var os = new Thread(() => { for (int i = 0; i < 50; i++) ch.Send(i); });
            os.Start();
            Scheduler.Drain();   // sleeps while the task is parked; woken by the OS thread's sends
            os.Join();
            Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), got);
        });
    }

    [Fact]
    public void MainBlockingOnAnEventRunsTheScheduler()
    {
        OnFreshThread(() =>
        {
            var ev = new GreenEvent();
            var order = new List<string>();
            Scheduler.Spawn(new Setter(ev, order));
            ev.Wait();                // runs the task (which sleeps 20 ms first)
            order.Add("main");
            Assert.Equal(new[] { "task", "main" }, order);
        });
    }

    private sealed class Setter(GreenEvent ev, List<string> order) : GreenFrame
    {
        private GreenFrame? _sleep;
        public override bool MoveNext()
        {
            _sleep ??= GreenOps.Sleep(20);
            if (_sleep.MoveNext()) return true;
            order.Add("task");
            ev.Set();
            return false;
        }
    }

    [Fact]
    public void ManyYieldingFramesComplete()
    {
        OnFreshThread(() =>
        {
            int done = 0;
            for (int i = 0; i < 100_000; i++) Scheduler.Spawn(new YieldOnce(() => done++));
            Scheduler.Drain();
            Assert.Equal(100_000, done);
        });
    }

    private sealed class YieldOnce(Action onDone) : GreenFrame
    {
        public override bool MoveNext()
        {
            if (State == 0) { State = 1; return true; }
            onDone();
            return false;
        }
    }
}
