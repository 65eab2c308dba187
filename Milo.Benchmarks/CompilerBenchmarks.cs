using BenchmarkDotNet.Attributes;
using Milo.Compiler;

namespace Milo.Benchmarks;

/// <summary>
/// Compiler suite: in-process compile of generated programs (<see cref="ProgramGenerator"/>: structs, impls, loops,
/// ifs, strings, f-strings) of 1k, 10k and 100k lines. <c>Check</c> = parse + bind + type-check;
/// <c>Emit</c> = the whole pipeline to a .dll on disk. Divide Lines by Mean for lines/second; the Allocated column
/// shows memory per compile. Cost should grow linearly with Lines (×10 lines ≈ ×10 time).
/// </summary>
[MemoryDiagnoser]
public class CompilerBenchmarks
{
    private string _text = null!;
    private string _outDll = null!;

    [Params(1_000, 10_000, 100_000)]
    public int Lines;

    [GlobalSetup]
    public void Setup()
    {
        _text = ProgramGenerator.Generate(Lines);
        _outDll = Path.Combine(Path.GetTempPath(), "milo-bench", Environment.ProcessId.ToString(), $"gen{Lines}", $"gen{Lines}.dll");
        var c = Compilation.FromText($"gen{Lines}.milo", _text);
        if (!c.Emit(_outDll))
            throw new InvalidOperationException("generated program does not compile: " + c.Diagnostics.First());
    }

    [Benchmark]
    public bool Check() => Compilation.FromText($"gen{Lines}.milo", _text).Check();

    [Benchmark]
    public bool Emit() => Compilation.FromText($"gen{Lines}.milo", _text).Emit(_outDll);
}

/// <summary>
/// `--compile-times`: one cold and one warm in-process check and emit of the generated 1k/10k/100k-line programs, with
/// the per-stage breakdown of the emit (parse, bind, lower, emit IL, write PE+PDB). `--compile-times 100000` runs only
/// that size.
/// </summary>
public static class CompileTimes
{
    public static void Run(string[] sizes)
    {
        var list = sizes.Length > 0 ? sizes.Select(int.Parse).ToArray() : new[] { 1_000, 10_000, 100_000 };
        foreach (var lines in list)
        {
            var text = ProgramGenerator.Generate(lines);
            var dll = Path.Combine(Path.GetTempPath(), "milo-bench", "ct", $"gen{lines}.dll");
            for (int i = 0; i < 2; i++)
            {
                var proc = System.Diagnostics.Process.GetCurrentProcess();
                var sw = System.Diagnostics.Stopwatch.StartNew();
                var cpu = proc.TotalProcessorTime;
                bool ok = Compilation.FromText($"gen{lines}.milo", text).Check();
                var tc = sw.Elapsed.TotalMilliseconds;
                proc.Refresh();
                var cpuCheck = proc.TotalProcessorTime - cpu;
                cpu = proc.TotalProcessorTime;
                long alloc = GC.GetTotalAllocatedBytes(precise: true);
                var pause = GC.GetTotalPauseDuration();
                int g0 = GC.CollectionCount(0), g1 = GC.CollectionCount(1), g2 = GC.CollectionCount(2);
                sw.Restart();
                var c = Compilation.FromText($"gen{lines}.milo", text);
                ok &= c.Emit(dll);
                var te = sw.Elapsed.TotalMilliseconds;
                proc.Refresh();
                var cpuEmit = proc.TotalProcessorTime - cpu;
                alloc = GC.GetTotalAllocatedBytes(precise: true) - alloc;
                var stages = string.Join("  ", c.Timings.Entries.Select(e => $"{e.Stage} {e.Time.TotalMilliseconds:F0}"));
                Console.WriteLine($"{lines,7} lines  check {tc,8:F0} ms  emit {te,8:F0} ms  ({(i == 0 ? "cold" : "warm")}) {(ok ? "" : "FAILED")}  [{stages}]");
                Console.WriteLine($"{"",14}CPU time (all threads): check {cpuCheck.TotalMilliseconds:F0} ms, emit {cpuEmit.TotalMilliseconds:F0} ms");
                Console.WriteLine($"{"",14}emit allocated {alloc / 1048576.0:F0} MB, GC pauses {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds:F0} ms, " +
                                  $"collections gen0 {GC.CollectionCount(0) - g0} gen1 {GC.CollectionCount(1) - g1} gen2 {GC.CollectionCount(2) - g2}");
            }
        }
    }
}
