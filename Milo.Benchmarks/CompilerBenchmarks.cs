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
/// `--compile-times [LINES...] [--reps N]`: one cold and N-1 warm in-process check + emit of the generated 1k/10k/100k-line
/// programs, each with the per-phase breakdown of the emit (<see cref="Compilation.Timings"/>: parse, bind, drops, …,
/// write), then the medians of the warm runs. `--compile-times 10000 --reps 9` runs only that size, 8 warm.
/// </summary>
public static class CompileTimes
{
    public static void Run(string[] args)
    {
        int reps = 2;
        var sizes = new List<int>();
        for (int i = 0; i < args.Length; i++)
            if (args[i] == "--reps") reps = Math.Max(2, int.Parse(args[++i]));
            else sizes.Add(int.Parse(args[i]));
        if (sizes.Count == 0) sizes.AddRange([1_000, 10_000, 100_000]);
        foreach (var lines in sizes)
        {
            var text = ProgramGenerator.Generate(lines);
            var dll = Path.Combine(Path.GetTempPath(), "milo-bench", "ct", $"gen{lines}.dll");
            var warm = new List<Sample>();
            for (int i = 0; i < reps; i++)
            {
                var s = Measure(lines, text, dll);
                Print(lines, s, i == 0 ? "cold" : "warm");
                if (i > 0) warm.Add(s);
            }
            PrintMedians(lines, warm);
        }
    }

    private sealed record Sample(double Check, double Emit, double CpuCheck, double CpuEmit, double AllocMb, double PauseMs,
        bool Ok, List<(string Stage, double Ms, double Cpu, double Mb)> Stages);

    private static Sample Measure(int lines, string text, string dll)
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
        sw.Restart();
        var c = Compilation.FromText($"gen{lines}.milo", text);
        ok &= c.Emit(dll);
        var te = sw.Elapsed.TotalMilliseconds;
        proc.Refresh();
        var cpuEmit = proc.TotalProcessorTime - cpu;
        alloc = GC.GetTotalAllocatedBytes(precise: true) - alloc;
        return new Sample(tc, te, cpuCheck.TotalMilliseconds, cpuEmit.TotalMilliseconds, alloc / 1048576.0,
            (GC.GetTotalPauseDuration() - pause).TotalMilliseconds, ok, c.Timings.Entries.Select(e => (e.Stage, e.Time.TotalMilliseconds, e.Cpu.TotalMilliseconds, e.Allocated / 1048576.0)).ToList());
    }

    private static void Print(int lines, Sample s, string kind)
    {
        var stages = string.Join("  ", s.Stages.Select(e => $"{e.Stage} {e.Ms:F0}"));
        Console.WriteLine($"{lines,7} lines  check {s.Check,8:F0} ms  emit {s.Emit,8:F0} ms  ({kind}) {(s.Ok ? "" : "FAILED")}  [{stages}]");
        Console.WriteLine($"{"",14}CPU time (all threads): check {s.CpuCheck:F0} ms, emit {s.CpuEmit:F0} ms; emit allocated {s.AllocMb:F0} MB, GC pauses {s.PauseMs:F0} ms");
    }

    private static double Median(IEnumerable<double> xs)
    {
        var a = xs.OrderBy(x => x).ToArray();
        return a.Length == 0 ? double.NaN : a.Length % 2 == 1 ? a[a.Length / 2] : (a[a.Length / 2 - 1] + a[a.Length / 2]) / 2;
    }

    private static void PrintMedians(int lines, List<Sample> warm)
    {
        if (warm.Count < 2) return;
        var names = warm.SelectMany(s => s.Stages.Select(e => e.Stage)).Distinct();
        double Of(Sample s, string n, Func<(string Stage, double Ms, double Cpu, double Mb), double> f) => s.Stages.Where(e => e.Stage == n).Sum(f);
        var stages = string.Join("  ", names.Select(n => $"{n} {Median(warm.Select(s => Of(s, n, e => e.Ms))):F0}/" +
                                                          $"{Median(warm.Select(s => Of(s, n, e => e.Cpu))):F0} ms/" +
                                                          $"{Median(warm.Select(s => Of(s, n, e => e.Mb))):F1} MB"));
        Console.WriteLine($"{lines,7} lines  MEDIAN of {warm.Count} warm: check {Median(warm.Select(s => s.Check)):F0} ms (CPU {Median(warm.Select(s => s.CpuCheck)):F0}), " +
                          $"emit {Median(warm.Select(s => s.Emit)):F0} ms (CPU {Median(warm.Select(s => s.CpuEmit)):F0}, min {warm.Min(s => s.Emit):F0}, max {warm.Max(s => s.Emit):F0}), " +
                          $"allocated {Median(warm.Select(s => s.AllocMb)):F0} MB, GC pauses {Median(warm.Select(s => s.PauseMs)):F0} ms");
        Console.WriteLine($"{"",14}phases (wall/CPU ms/allocated MB): {stages}");
    }
}
