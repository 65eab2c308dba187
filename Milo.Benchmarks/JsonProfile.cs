using System.Diagnostics;
using Milo.Runtime;

namespace Milo.Benchmarks;

/// <summary>
/// `--json-profile [ROUNDS [PHASE]]`: where std/json's time and allocation go in the json row. Calls the phases of
/// Programs/json.milo (<c>parseOnly</c>, <c>parseWalk</c>, <c>parseStringify</c>, <c>benchDoc</c>) and the C# twin on the
/// 1 MB document and prints, per phase, the fastest call's wall time, the mean GC pause per call, and counters that do
/// not depend on load: bytes allocated per call (<see cref="GC.GetAllocatedBytesForCurrentThread"/>) and collections
/// per call (the gen0 count includes the gen1 and gen2 ones). A profile aid, not a measurement (BenchmarkDotNet's json row is that).
/// </summary>
internal static class JsonProfile
{
    public static void Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0]) : 10;
        string? only = args.Length > 1 ? args[1] : null; // e.g. "parse": one phase only (for perf record)
        var program = MiloProgramLoader.Load("json", "benchDoc").DeclaringType!;
        var text = program.GetMethod("document")!.CreateDelegate<Func<long, MiloString>>()(JsonWorkload.Items);
        Func<MiloString, long> Phase(string name) => program.GetMethod(name)!.CreateDelegate<Func<MiloString, long>>();
        var phases = new (string Name, Func<long> Run)[]
        {
            ("parse", () => Phase("parseOnly")(text)),
            ("parse+walk", () => Phase("parseWalk")(text)),
            ("parse+stringify", () => Phase("parseStringify")(text)),
            ("benchDoc (parse, walk, stringify, parse, walk)", () => Phase("benchDoc")(text)),
            ("C# JsonNode twin", JsonWorkload.CSharp),
        };
        foreach (var (name, run) in phases)
        {
            if (only != null && name != only) continue;
            for (int i = 0; i < 3; i++) run(); // warm-up (tier-up)
            double best = double.MaxValue;
            long bytes = 0;
            var pause = GC.GetTotalPauseDuration();
            int g0 = GC.CollectionCount(0), g1 = GC.CollectionCount(1), g2 = GC.CollectionCount(2);
            for (int i = 0; i < rounds; i++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                var sw = Stopwatch.StartNew();
                run();
                best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
                bytes += GC.GetAllocatedBytesForCurrentThread() - before;
            }
            double pauseMs = (GC.GetTotalPauseDuration() - pause).TotalMilliseconds / rounds;
            Console.WriteLine($"{name,-48} best {best,7:F1} ms  GC pause {pauseMs,6:F1} ms/call  {bytes / rounds / 1e6,7:F2} MB/call  " +
                              $"gen0 {(GC.CollectionCount(0) - g0) / (double)rounds:F1} gen1 {(GC.CollectionCount(1) - g1) / (double)rounds:F1} " +
                              $"gen2 {(GC.CollectionCount(2) - g2) / (double)rounds:F1} per call");
        }
    }
}
