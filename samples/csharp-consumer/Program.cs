// A C# program calling Milo code (milo/stats.milo, compiled to StatsLib.dll by Milo.targets). See docs/interop.md.
using Milo.Runtime;
using StatsLib;

double[] temps = [12.5, 14.0, 13.25, 17.5, 19.0];

// Vec<f64> parameters accept C# arrays (copied) or MiloVec<double>; Option<Summary> comes back as the shared
// Milo.Runtime.Option<Summary>.
Option<Summary> summary = Stats.Summarize(temps);
if (summary.IsSome)
{
    Summary s = summary.Value;                        // a value type with PascalCase fields
    Console.WriteLine($"count={s.Count} mean={s.Mean} min={s.Min} max={s.Max}");
    string text = Stats.Describe("temps", s);         // string → MiloString → string, implicitly
    Console.WriteLine(text);
}
Console.WriteLine($"empty sample: IsNone={Stats.Summarize(new MiloVec<double>()).IsNone}");

// Enums: IsVariant properties, TryGetVariant(out payload), Match, ToString in Milo's display form.
Trend t = Stats.Trend(temps);
t.TryGetRising(out double by);
Console.WriteLine($"trend: {t} (rising: {t.IsRising}, by {by})");
Console.WriteLine($"flat: {Stats.Trend(new double[] { 1.0 }).IsFlat}");
Console.WriteLine(t.Match(rising: d => $"up {d}", falling: d => $"down {d}", flat: () => "flat"));

// Vec<f64> results are MiloVec<double>: IReadOnlyList<double>, indexable, LINQ-friendly.
MiloVec<double> running = Stats.Cumulative(temps);
Console.WriteLine($"cumulative: {string.Join(", ", running)} (last {running[running.Count - 1]}, max {running.Max()})");
Console.WriteLine($"sum of squares: {Stats.SumOfSquares(new MiloVec<double> { 1, 2, 3 })}");

// Result<i64, string>: IsOk/Value, IsErr/Error.
foreach (var input in new[] { "42", "250", "4x", "" })
{
    var r = Stats.ParsePercent(input);
    Console.WriteLine(r.IsOk ? $"parse '{input}': {r.Value}%" : $"parse '{input}': error: {(string)r.Error}");
}

// A Milo panic is a MiloPanicException naming the Milo line; nothing is printed unless it is not caught. Its stack trace
// points into stats.milo too (the .pdb is copied beside StatsLib.dll).
try
{
    Stats.Nth(temps, 10);
}
catch (MiloPanicException e)
{
    var frame = e.StackTrace!.Split('\n').First(l => l.Contains(".milo:line"));
    Console.WriteLine($"caught: {e.Message}");
    Console.WriteLine($"  at {Path.GetFileName(frame.Trim().Split(" in ")[1])}");
}
