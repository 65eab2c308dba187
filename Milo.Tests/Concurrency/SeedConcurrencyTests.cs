using Milo.Tests.Programs;

namespace Milo.Tests.Concurrency;

/// <summary>
/// seed-concurrency.md examples whose output order is decided by the OS scheduler (so they cannot be annotated
/// `// @expect:` programs): compiled and run like the program tests, output compared as a multiset of lines.
/// The deterministic examples live in Milo.Tests/Programs/concurrency/.
/// </summary>
public class SeedConcurrencyTests
{
    private static async Task<List<string>> CompileAndRun(string name, string source)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"milo-concurrency-tests-{Environment.ProcessId}", name);
        Directory.CreateDirectory(dir);
        var src = Path.Combine(dir, name + ".milo");
        await File.WriteAllTextAsync(src, source);
        var dll = Path.Combine(dir, name + ".dll");
        var compiled = ProgramHarness.Compile(src, dll, debug: false);
        Assert.True(compiled.Success, compiled.Output);
        var run = await ProgramHarness.RunProcessAsync(ProgramHarness.DotnetHost(), [dll], dir, ProgramHarness.Timeout);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        return PyText.OutputLines(run.Stdout);
    }

    [Fact]
    public async Task VecOfThreads_EachThreadPrintsItsId()
    {
        // "Spawning Threads", second example, verbatim inside main.
        const string source = """
            from "std/thread" import { Thread }

            fn main(): i32 {
                var threads: Vec<Thread> = Vec.new()
                for i in 0..4 {
                    let id = i as i64
                    let t = Thread.spawn(move (): void => {
                        print($"thread {id}")
                    })!
                    threads.push(t)
                }
                for i in 0..4 {
                    threads[i].join()!
                }
                return 0
            }
            """;
        var lines = await CompileAndRun("vec_of_threads", source);
        lines.Sort(StringComparer.Ordinal);
        Assert.Equal(new[] { "thread 0", "thread 1", "thread 2", "thread 3" }, lines);
    }

    [Fact]
    public async Task ThreadsReallyRunConcurrently()
    {
        // Two threads rendezvous through two capacity-1 channels: impossible unless both run at the same time.
        const string source = """
            from "std/thread" import { Thread }
            from "std/sync" import { Channel }

            fn main(): i32 {
                let ping = Channel.new(1)!
                let pong = Channel.new(1)!
                let t = Thread.spawn(move (): void => {
                    var i = 0
                    while i < 50 {
                        let v = ping.recv()!
                        pong.send(v + 1)!
                        i = i + 1
                    }
                })!
                var x: i64 = 0
                var k = 0
                while k < 50 {
                    ping.send(x)!
                    x = pong.recv()!
                    k = k + 1
                }
                t.join()!
                print(x)
                return 0
            }
            """;
        var lines = await CompileAndRun("ping_pong", source);
        Assert.Equal(new[] { "50" }, lines);
    }
}
