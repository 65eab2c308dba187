using System.Diagnostics;

namespace Milo.Compiler.Diagnostics;

/// <summary>
/// Wall-clock time per compiler stage (parse, bind, lower, emit IL, write PE/PDB, …) of one compilation, for
/// `milo compile --timings` / MILO_TIMINGS=1. Stages are recorded in the order they finish; a stage recorded twice
/// accumulates.
/// </summary>
public sealed class StageTimings
{
    private readonly List<(string Stage, TimeSpan Time)> _entries = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>True when MILO_TIMINGS=1 asks every compilation to print its stage times to stderr.</summary>
    public static bool FromEnvironment => Environment.GetEnvironmentVariable("MILO_TIMINGS") == "1";

    public IReadOnlyList<(string Stage, TimeSpan Time)> Entries => _entries;

    /// <summary>Records the time since the previous mark (or since construction) as <paramref name="stage"/>.</summary>
    public void Mark(string stage)
    {
        var t = _clock.Elapsed;
        _clock.Restart();
        for (int i = 0; i < _entries.Count; i++)
            if (_entries[i].Stage == stage) { _entries[i] = (stage, _entries[i].Time + t); return; }
        _entries.Add((stage, t));
    }

    /// <summary>Restarts the clock without recording (time between stages that belongs to no stage).</summary>
    public void Skip() => _clock.Restart();

    public TimeSpan Total => _entries.Aggregate(TimeSpan.Zero, (a, e) => a + e.Time);

    /// <summary>One line per stage plus a total, e.g. `  parse        12.3 ms`.</summary>
    public string Format()
    {
        var sb = new System.Text.StringBuilder();
        foreach (var (stage, time) in _entries)
            sb.Append("  ").Append(stage.PadRight(14)).Append($"{time.TotalMilliseconds,10:F1} ms\n");
        sb.Append("  ").Append("total".PadRight(14)).Append($"{Total.TotalMilliseconds,10:F1} ms\n");
        return sb.ToString();
    }
}
