using System.Diagnostics;

namespace Milo.Compiler.Cli;

/// <summary>
/// The whole-process lines of `--timings` (docs/compile-times.md), below the phases: what the process spent before the
/// first phase (runtime start-up, loading the compiler, the command line), its CPU time and allocation up to the print
/// (so the difference to the phases' sum is visible: work between phases, the JIT's background thread, the GC), and
/// how many garbage collections ran and how long they paused the program.
/// </summary>
internal static class ProcessTimings
{
    private static TimeSpan? s_startUpCpu;
    private static DateTime s_startUpEnd;

    /// <summary>Records the end of start-up: called when the CLI starts loading the program (the first phase).</summary>
    public static void MarkStartUp()
    {
        if (s_startUpCpu != null) return;
        s_startUpCpu = Environment.CpuUsage.TotalTime;
        s_startUpEnd = DateTime.Now;
    }

    public static string Format()
    {
        var sb = new System.Text.StringBuilder();
        if (s_startUpCpu is { } cpu)
        {
            var wall = s_startUpEnd - Process.GetCurrentProcess().StartTime;
            sb.Append($"  {"start-up",-14}{wall.TotalMilliseconds,9:F1} ms{cpu.TotalMilliseconds,9:F1} ms   (process start to the first phase)\n");
        }
        sb.Append($"  {"process",-14}{"",12}{Environment.CpuUsage.TotalTime.TotalMilliseconds,9:F1} ms" +
                  $"{GC.GetTotalAllocatedBytes() / 1048576.0,9:F1} MB   (CPU and allocation of the whole process so far)\n");
        sb.Append($"  {"gc",-14}{GC.CollectionCount(0),5} gen0 {GC.CollectionCount(1),3} gen1 {GC.CollectionCount(2),3} gen2, " +
                  $"paused {GC.GetTotalPauseDuration().TotalMilliseconds:F1} ms\n");
        return sb.ToString();
    }
}
