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

            fn main() {
                let delay = NetTask.Delay(500)
                Task.spawn(() => {
                    print("waiter: start")
                    delay.await()
                    print($"waiter: done, task completed: {delay.IsCompleted}")
                })
                Task.spawn(() => {
                    var ticks: i64 = 0
                    while !delay.IsCompleted {
                        ticks = ticks + 1
                        schedulerYield()
                    }
                    print($"ticker: ran while the task was pending: {ticks > 0}")
                })
                print("main: spawned")
            }
            """);
        Assert.Equal("main: spawned\nwaiter: start\nticker: ran while the task was pending: true\nwaiter: done, task completed: true\n", r.Stdout);
        Assert.Equal(0, r.ExitCode);
    }
}
