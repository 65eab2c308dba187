using System.Diagnostics;
using BenchmarkDotNet.Running;
using Milo.Benchmarks;

// Usage: ./build.sh bench [FILTER]  (short job; MILO_BENCH_JOB=default for the full BenchmarkDotNet job), or
//   dotnet run -c Release --project Milo.Benchmarks -- --filter '*Runtime*' --job short
// `--il NAME [FN...]` prints the IL emitted for Programs/NAME.milo. `--json-profile [ROUNDS]`: time/allocation per phase of the json row. `--smoke` compiles every Milo program, checks its checksum against the C# twin and prints one timing of each
// (a quick sanity check, not a measurement). `--compile-times [LINES...] [--reps N]` times check/emit in-process (cold, then warm with per-phase medians).
if (args.Length > 0 && args[0] == "--smoke")
{
    Smoke.Run(args.Skip(1).ToArray());
    return;
}
if (args.Length > 1 && args[0] == "--il")
{
    IlDump.Run(args[1], args.Skip(2).ToArray());
    return;
}
if (args.Length > 0 && args[0] == "--json-profile")
{
    JsonProfile.Run(args.Skip(1).ToArray());   // per-phase time and allocation of the json row (JsonProfile.cs)
    return;
}
if (args.Length > 0 && args[0] == "--aspnet-server")
{
    WebLoad.RunAspNetServer();   // the ASP.NET Core child process of WebServerBenchmarks
    return;
}
if (args.Length > 0 && args[0] == "--lsp-keystroke")
{
    LspKeystrokeTimes.Run(args.Skip(1).ToArray());   // wall and CPU time per keystroke re-check (LspBenchmarks.cs)
    return;
}
if (args.Length > 0 && args[0] == "--compile-times")
{
    CompileTimes.Run(args.Skip(1).ToArray());
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(ParserBenchmarks).Assembly).Run(args);

namespace Milo.Benchmarks
{
    internal static class Smoke
    {
        private static readonly (string Name, Func<long> CSharp)[] Programs =
        [
            ("fib", CSharpBaselines.FibBench), ("binarytrees", CSharpBaselines.BinaryTrees), ("sieve", CSharpBaselines.Sieve),
            ("quicksort", CSharpBaselines.QuickSort), ("matmul", CSharpBaselines.MatMul), ("maplookup", CSharpBaselines.MapLookup),
            ("stringops", CSharpBaselines.StringOps), ("forloops", CSharpBaselines.ForLoops), ("nbody", CSharpBaselines.NBody),
            ("mutex", CSharpBaselines.MutexContention), ("pingpong", CSharpBaselines.ChannelPingPong),
            ("greenyield", CSharpBaselines.GreenYieldStateMachine), ("greenyield-async", CSharpBaselines.GreenYield), ("greenpingpong", CSharpBaselines.GreenPingPong),
            ("json", JsonWorkload.CSharp),
        ];

        /// <summary>Programs whose Milo side is not a plain <c>fn bench(): i64</c>.</summary>
        private static readonly Dictionary<string, Func<Func<long>>> MiloLoaders = new()
        {
            ["json"] = JsonWorkload.LoadMilo,
            ["greenyield-async"] = () => MiloProgramLoader.LoadBench("greenyield"), // the same Milo program against C# async
        };

        public static void Run(string[] only)
        {
            foreach (var (name, cs) in Programs)
            {
                if (only.Length > 0 && !only.Contains(name)) continue;
                try
                {
                    var milo = MiloLoaders.TryGetValue(name, out var load) ? load() : MiloProgramLoader.LoadBench(name);
                    long a = 0, b = 0; double ta = double.MaxValue, tb = double.MaxValue;
                    for (int i = 0; i < 3; i++)
                    {
                        var sw = Stopwatch.StartNew(); a = cs(); ta = Math.Min(ta, sw.Elapsed.TotalMilliseconds);
                        sw.Restart(); b = milo(); tb = Math.Min(tb, sw.Elapsed.TotalMilliseconds);
                    }
                    Console.WriteLine($"{name,-12} C# {ta,9:F1} ms  Milo {tb,9:F1} ms  ratio {tb / ta,5:F2}  {(a == b ? "ok" : $"CHECKSUM MISMATCH {a} vs {b}")}");
                }
                catch (Exception e)
                {
                    Console.WriteLine($"{name,-12} FAILED: {e.Message.Split('\n')[0]}");
                }
            }
        }
    }
}
