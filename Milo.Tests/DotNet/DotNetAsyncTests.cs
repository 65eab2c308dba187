namespace Milo.Tests.DotNet;

/// <summary>`t.await()` on a .NET Task inside a green thread parks only that green thread.</summary>
public class DotNetAsyncTests
{
    [Fact]
    public void Awaiting_A_Task_Lets_Other_Green_Threads_Run()
    {
        var r = DotNetHarness.CompileAndRun("""
            from "std/runtime" import { Task, schedulerYield }
            from "dotnet:System.Threading.Tasks" import { Task as NetTask }
            from "dotnet:System.Diagnostics" import { Stopwatch }

            fn main() {
                let sw = Stopwatch.StartNew()
                Task.spawn(() => {
                    print("waiter: start")
                    NetTask.Delay(300).await()
                    print($"waiter: done after {sw.ElapsedMilliseconds >= 250}")
                })
                Task.spawn(() => {
                    var ticks: i64 = 0
                    while sw.ElapsedMilliseconds < 200 {
                        ticks = ticks + 1
                        schedulerYield()
                    }
                    print($"ticker: ran while the task was pending: {ticks > 10}")
                })
                print("main: spawned")
            }
            """);
        Assert.Equal("main: spawned\nwaiter: start\nticker: ran while the task was pending: true\nwaiter: done after true\n", r.Stdout);
        Assert.Equal(0, r.ExitCode);
    }
}
