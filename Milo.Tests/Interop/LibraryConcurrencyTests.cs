using Milo.Runtime;

namespace Milo.Tests.Interop;

/// <summary>
/// A Milo library whose public functions use green threads (Promise, Task.spawn + channels) and OS threads, called
/// from C#: each call runs its green tasks to completion on the calling thread before returning, and calls from several
/// C# threads at once stay independent.
/// </summary>
[Collection("reliability-serial")]
public class LibraryConcurrencyTests
{
    private const string Source = """
        from "std/runtime" import { Task, Promise, schedulerYield }
        from "std/sync" import { Channel, AtomicI64 }
        from "std/thread" import { Thread }

        // Squares computed by green tasks, summed through Promise.all.
        pub fn squareSum(n: i64): i64 {
            var ps: Vec<Promise<i64>> = Vec.new()
            for i in 0..n {
                let k = i as i64
                ps.push(Promise<i64>.run(move (): i64 => {
                    schedulerYield()
                    return k * k
                }))
            }
            var total: i64 = 0
            for v in Promise<i64>.all(ps) { total = total + v }
            return total
        }

        // A producer task and the caller as consumer over a small channel.
        pub fn pipeline(n: i64): string {
            let ch = Channel<i64>.new(2)!
            Task.spawn(move (): void => {
                for i in 1..(n + 1) { ch.send(i as i64)! }
                ch.send(0)!
            })
            var out = ""
            while true {
                let v = ch.recv()!
                if v == 0 { break }
                out = out + v.toString() + ","
            }
            return out
        }

        // Fire-and-forget tasks: they have run when the call returns (the result is computed first, as main's is).
        pub fn announce(n: i64): i64 {
            for i in 0..n {
                let k = i as i64
                Task.spawn(move (): void => {
                    schedulerYield()
                    print($"task {k}")
                })
            }
            print("announce returns")
            return n
        }

        pub fn marker(): void {
            print("marker")
        }

        // OS threads joined before returning.
        pub fn threadSum(n: i64): i64 {
            let c = AtomicI64.new(0)
            var ts: Vec<Thread> = Vec.new()
            for i in 0..n {
                let k = i as i64
                ts.push(Thread.spawn(move (): void => { c.add(k) })!)
            }
            for t in ts { t.join()! }
            return c.load()
        }
        """;

    [Fact]
    public void Green_and_os_threads_work_inside_library_calls()
    {
        using var lib = MiloLibrary.Compile(Source, "conc.milo", "ConcLib");
        var result = lib.Run("""
            using System.Linq;
            using System.Threading.Tasks;
            public static class Test
            {
                public static object? Run()
                {
                    var a = ConcLib.Conc.SquareSum(10);
                    var b = ConcLib.Conc.Pipeline(5).ToString();
                    var d = ConcLib.Conc.ThreadSum(5);
                    var again = ConcLib.Conc.SquareSum(4);
                    var parallel = Enumerable.Range(1, 4).Select(i => Task.Run(() => ConcLib.Conc.SquareSum(i * 3))).ToArray();
                    Task.WaitAll(parallel);
                    return $"{a} {b} {d} {again} " + string.Join(",", parallel.Select(t => t.Result));
                }
            }
            """);
        Assert.Equal("285 1,2,3,4,5, 10 14 5,55,204,506", result);
    }

    [Fact]
    public void Fire_and_forget_tasks_finish_before_the_call_returns()
    {
        using var lib = MiloLibrary.Compile(Source, "conc.milo", "ConcLib");
        var outBuf = new MemoryStream();
        bool wasProgram = MiloProcess.ProgramMode;
        MiloProcess.ProgramMode = false;
        MiloProcess.Out.Redirect(outBuf);
        try
        {
            var result = lib.Run("""
                public static class Test
                {
                    public static object? Run()
                    {
                        long n = ConcLib.Conc.Announce(3);
                        ConcLib.Conc.Marker();
                        return n;
                    }
                }
                """);
            Assert.Equal(3L, result);
        }
        finally
        {
            MiloProcess.Out.Flush();
            MiloProcess.Out.Redirect(Console.OpenStandardOutput());
            MiloProcess.ProgramMode = wasProgram;
        }
        // Before the fix the tasks never ran (no main to drain them): only "announce returns" and "marker".
        Assert.Equal("announce returns\ntask 0\ntask 1\ntask 2\nmarker\n", System.Text.Encoding.UTF8.GetString(outBuf.ToArray()));
    }
}
