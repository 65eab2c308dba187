using System.Diagnostics;
using BenchmarkDotNet.Running;
using Milo.Benchmarks;

// Usage: ./build.sh bench [FILTER]  (short job; MILO_BENCH_JOB=default for the full BenchmarkDotNet job), or
//   dotnet run -c Release --project Milo.Benchmarks -- --filter '*Runtime*' --job short
// `--il NAME [FN...]` prints the IL emitted for Programs/NAME.milo. `--smoke` compiles every Milo program, checks its checksum against the C# twin and prints one timing of each
// (a quick sanity check, not a measurement). `--compile-times` times 100k-line check/emit once in-process.
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
if (args.Length > 0 && args[0] == "--compile-times")
{
    Smoke.CompileTimes();
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
            ("stringops", CSharpBaselines.StringOps), ("nbody", CSharpBaselines.NBody),
            ("mutex", CSharpBaselines.MutexContention), ("pingpong", CSharpBaselines.ChannelPingPong),
            ("greenyield", CSharpBaselines.GreenYield),
        ];

        public static void Run(string[] only)
        {
            foreach (var (name, cs) in Programs)
            {
                if (only.Length > 0 && !only.Contains(name)) continue;
                try
                {
                    var milo = MiloProgramLoader.LoadBench(name);
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

        public static void CompileTimes()
        {
            foreach (var lines in new[] { 1_000, 10_000, 100_000 })
            {
                var text = ProgramGenerator.Generate(lines);
                var dll = Path.Combine(Path.GetTempPath(), "milo-bench", "ct", $"gen{lines}.dll");
                for (int i = 0; i < 2; i++)
                {
                    var sw = Stopwatch.StartNew();
                    bool ok = Milo.Compiler.Compilation.FromText($"gen{lines}.milo", text).Check();
                    var tc = sw.Elapsed.TotalMilliseconds; sw.Restart();
                    ok &= Milo.Compiler.Compilation.FromText($"gen{lines}.milo", text).Emit(dll);
                    var te = sw.Elapsed.TotalMilliseconds;
                    Console.WriteLine($"{lines,7} lines  check {tc,8:F0} ms  emit {te,8:F0} ms  ({(i == 0 ? "cold" : "warm")}) {(ok ? "" : "FAILED")}");
                }
            }
        }
    }
}
