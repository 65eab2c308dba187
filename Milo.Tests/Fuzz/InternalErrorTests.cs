using Milo.Tests.Programs;

namespace Milo.Tests.Fuzz;

/// <summary>
/// The `milo` CLI's failure paths, run as a child process (`dotnet milo.dll …`): an unexpected exception inside the
/// compiler is an "internal compiler error" with the file and position being compiled, a request to report it and exit
/// code 70 — never a stack trace; a Milo panic while `milo run` runs a program in-process prints the Milo message and
/// exits 1 (not an internal error); panics on spawned OS threads and green threads end the process non-zero, promptly.
/// MILO_TEST_ICE=parsing|binding|emitting makes the compiler throw on purpose (see Diagnostics/CompilerProgress).
/// </summary>
[Collection("reliability-serial")]
public class InternalErrorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static string MiloDll => Path.Combine(AppContext.BaseDirectory, "milo.dll");

    private static string Write(string name, string text)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"milo-ice-tests-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<RunOutcome> Milo(string? ice, params string[] args)
    {
        var all = new List<string> { MiloDll };
        all.AddRange(args);
        var env = new Dictionary<string, string> { ["MILO_DEBUG"] = "0", ["MILO_TEST_ICE"] = ice ?? "" };
        return await ProgramHarness.RunProcessAsync(ProgramHarness.DotnetHost(), all, Path.GetTempPath(), Timeout, env);
    }

    private const string Program = """
        fn twice(x: i32): i32 {
            return x * 2
        }

        fn main(): i32 {
            print(twice(21))
            return 0
        }
        """;

    private static void AssertInternalError(RunOutcome r, string file)
    {
        Assert.True(r.ExitCode == 70, $"exit {r.ExitCode}\nstdout: {r.Stdout}\nstderr: {r.Stderr}");
        Assert.Contains("internal compiler error", r.Stderr);
        Assert.Contains("please report", r.Stderr);
        Assert.Matches(@"\.milo:\d+:\d+: internal compiler error", r.Stderr);   // the file and position being compiled
        Assert.Contains($"compiling {file}", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);   // no stack trace
    }

    [Theory]
    [InlineData("binding", "check")]
    [InlineData("binding", "compile")]
    [InlineData("emitting", "compile")]
    [InlineData("emitting", "run")]
    public async Task UnexpectedExceptionIsAnInternalCompilerError(string stage, string command)
    {
        var file = Write($"ice_{stage}_{command}.milo", Program);
        var args = command == "compile" ? new[] { command, file, "-o", Path.ChangeExtension(file, ".dll") } : new[] { command, file };
        var r = await Milo(stage, args);
        AssertInternalError(r, file);
        Assert.Contains($"while {(stage == "binding" ? "type-checking" : "generating code for")} ", r.Stderr);
    }

    /// <summary>The parser turns its own unexpected exceptions into an "internal parser error" diagnostic (exit 1).</summary>
    [Fact]
    public async Task UnexpectedExceptionInTheParserIsADiagnostic()
    {
        var file = Write("ice_parsing.milo", Program);
        var r = await Milo("parsing", "check", file);
        Assert.True(r.ExitCode is 1 or 70, $"exit {r.ExitCode}\n{r.Stderr}");
        Assert.Contains("internal", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public async Task WithoutTheTriggerTheSameProgramRuns()
    {
        var file = Write("ice_none.milo", Program);
        var r = await Milo(null, "run", file);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("42", r.Stdout.Trim());
    }

    [Fact]
    public async Task UnwritableOutputIsAnOrdinaryError()
    {
        var file = Write("ice_output.milo", Program);
        var blocker = Write("ice_blocker", "a file, not a directory");
        var r = await Milo(null, "compile", file, "-o", Path.Combine(blocker, "out.dll"));
        Assert.True(r.ExitCode == 1, $"exit {r.ExitCode}: {r.Stderr}");
        Assert.DoesNotContain("internal compiler error", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public async Task PanicInRunIsTheMiloMessageNotAnInternalError()
    {
        var file = Write("ice_panic.milo", """
            fn lookup(k: i32): Option<i32> {
                return Option.None
            }

            fn main(): i32 {
                print("before")
                let v = lookup(1)!
                print(v)
                return 0
            }
            """);
        var r = await Milo(null, "run", file);
        Assert.True(r.ExitCode == 1, $"exit {r.ExitCode}\n{r.Stdout}\n{r.Stderr}");
        Assert.Contains("before", r.Stdout);
        Assert.Contains("unwrap called on None", r.Stdout + r.Stderr);
        Assert.Contains("7:", r.Stdout + r.Stderr);   // the location of the panic
        Assert.DoesNotContain("internal compiler error", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public async Task PanicOnASpawnedThreadEndsTheProcessWithTheMessage()
    {
        var file = Write("ice_thread_panic.milo", """
            from "std/thread" import { Thread }

            fn lookup(k: i32): Option<i32> {
                return Option.None
            }

            fn main(): i32 {
                let t = Thread.spawn(move (): void => {
                    let v = lookup(1)!
                    print(v)
                })!
                t.join()!
                print("joined")
                return 0
            }
            """);
        var r = await Milo(null, "run", file);
        Assert.True(r.ExitCode != 0 && r.ExitCode != 124 && r.ExitCode != 70, $"exit {r.ExitCode}\n{r.Stdout}\n{r.Stderr}");
        Assert.Contains("unwrap called on None", r.Stdout + r.Stderr);
        Assert.Contains("9:", r.Stdout + r.Stderr);
        Assert.DoesNotContain("joined", r.Stdout);
        Assert.DoesNotContain("internal compiler error", r.Stderr);
    }

    [Fact]
    public async Task PanicOnAGreenThreadEndsTheProcessWithTheMessage()
    {
        var file = Write("ice_green_panic.milo", """
            from "std/runtime" import { Task }
            from "std/sync" import { Channel }

            fn lookup(k: i32): Option<i32> {
                return Option.None
            }

            fn main(): i32 {
                let ch = Channel<i64>.new(1)!
                Task.spawn(move (): void => {
                    let v = lookup(1)!
                    ch.send(1)!
                })
                let got = ch.recv()!
                print("received")
                return 0
            }
            """);
        var r = await Milo(null, "run", file);
        Assert.True(r.ExitCode != 0 && r.ExitCode != 124 && r.ExitCode != 70, $"exit {r.ExitCode}\n{r.Stdout}\n{r.Stderr}");
        Assert.Contains("unwrap called on None", r.Stdout + r.Stderr);
        Assert.Contains("11:", r.Stdout + r.Stderr);
        Assert.DoesNotContain("received", r.Stdout);
        Assert.DoesNotContain("internal compiler error", r.Stderr);
    }
}
