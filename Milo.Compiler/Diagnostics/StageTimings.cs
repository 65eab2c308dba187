using System.Diagnostics;

namespace Milo.Compiler.Diagnostics;

/// <summary>
/// Wall-clock time, CPU time and managed allocation per compiler phase (parse, bind, drops, rewrite, emit IL, write PE/PDB, …) of
/// one compilation, for `milo compile --timings` / MILO_TIMINGS=1. Phases are recorded in the order they finish; a phase
/// recorded twice accumulates. CPU time is the process's (the compiler is single-threaded; it includes the GC and the
/// JIT's background threads) and allocation is counted on the compiling thread: unlike wall time, neither depends much
/// on how loaded the machine is.
/// </summary>
public sealed class StageTimings
{
    private readonly List<(string Stage, TimeSpan Time, TimeSpan Cpu, long Allocated)> _entries = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _allocatedAtMark = GC.GetAllocatedBytesForCurrentThread();
    private TimeSpan _cpuAtMark = Environment.CpuUsage.TotalTime;

    /// <summary>True when MILO_TIMINGS=1 asks every compilation to print its stage times to stderr.</summary>
    public static bool FromEnvironment => Environment.GetEnvironmentVariable("MILO_TIMINGS") == "1";

    public IReadOnlyList<(string Stage, TimeSpan Time, TimeSpan Cpu, long Allocated)> Entries => _entries;

    /// <summary>Records the time and allocation since the previous mark (or construction, or skip) as <paramref name="stage"/>.</summary>
    public void Mark(string stage)
    {
        var t = _clock.Elapsed;
        long now = GC.GetAllocatedBytesForCurrentThread(), bytes = now - _allocatedAtMark;
        var cpuNow = Environment.CpuUsage.TotalTime;
        var cpu = cpuNow - _cpuAtMark;
        _clock.Restart();
        _allocatedAtMark = now;
        _cpuAtMark = cpuNow;
        for (int i = 0; i < _entries.Count; i++)
            if (_entries[i].Stage == stage)
            {
                _entries[i] = (stage, _entries[i].Time + t, _entries[i].Cpu + cpu, _entries[i].Allocated + bytes);
                return;
            }
        _entries.Add((stage, t, cpu, bytes));
    }

    /// <summary>Restarts the clock and the allocation count without recording (work between stages that belongs to no stage).</summary>
    public void Skip()
    {
        _clock.Restart();
        _allocatedAtMark = GC.GetAllocatedBytesForCurrentThread();
        _cpuAtMark = Environment.CpuUsage.TotalTime;
    }

    public TimeSpan Total => _entries.Aggregate(TimeSpan.Zero, (a, e) => a + e.Time);

    /// <summary>A header, then one line per stage plus a total, e.g. `  parse             12.3 ms     11.0 ms      4.2 MB`.</summary>
    public string Format()
    {
        var sb = new System.Text.StringBuilder();
        sb.Append("  ").Append("phase".PadRight(14)).Append("        wall         cpu   allocated\n");
        foreach (var (stage, time, cpu, bytes) in _entries) Line(sb, stage, time, cpu, bytes);
        Line(sb, "total", Total, _entries.Aggregate(TimeSpan.Zero, (a, e) => a + e.Cpu), _entries.Sum(e => e.Allocated));
        return sb.ToString();
    }

    private static void Line(System.Text.StringBuilder sb, string stage, TimeSpan time, TimeSpan cpu, long bytes) =>
        sb.Append("  ").Append(stage.PadRight(14))
          .Append($"{time.TotalMilliseconds,9:F1} ms{cpu.TotalMilliseconds,9:F1} ms{bytes / 1048576.0,9:F1} MB\n");
}
