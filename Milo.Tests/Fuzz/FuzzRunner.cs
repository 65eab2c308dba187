using System.Collections.Concurrent;
using System.Text;
using Milo.Compiler;
using Milo.Tests.Programs;

namespace Milo.Tests.Fuzz;

/// <summary>
/// Compiles fuzz inputs in-process (parse + bind + emit via <see cref="Compilation"/>) and checks the only acceptable
/// outcomes: success (and then the assembly loads and JITs), or failure with at least one error diagnostic whose
/// formatting works. An exception escaping the compiler, or a case that does not finish in time, is a failure.
/// Each case runs on its own thread (default stack size, like the program-test harness) so a hang can be detected.
/// </summary>
public sealed class FuzzRunner
{
    private readonly string _workDir;
    private int _counter;

    public FuzzRunner()
    {
        _workDir = Path.Combine(Path.GetTempPath(), $"milo-fuzz-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(_workDir);
    }

    /// <summary>Where failing inputs are written (MILO_FUZZ_OUT, default: a temp folder).</summary>
    public static string FailureDir =>
        Environment.GetEnvironmentVariable("MILO_FUZZ_OUT") is { Length: > 0 } d ? d : Path.Combine(Path.GetTempPath(), "milo-fuzz-failures");

    public int Compiled, Succeeded, Rejected, Verified;

    /// <summary>Cases that took longer than <see cref="SlowCase"/> (reported, not failed).</summary>
    public readonly List<string> Slow = new();
    public static readonly TimeSpan SlowCase = TimeSpan.FromSeconds(2);

    /// <summary>Null when the case ended with diagnostics or success; else what went wrong.</summary>
    public string? Run(FuzzCase c, TimeSpan timeout, bool emit = true)
    {
        string? problem = null;
        Exception? crash = null;
        int id = Interlocked.Increment(ref _counter);
        var dll = Path.Combine(_workDir, $"c{id % 4}", "fuzz.dll");
        int tid = 0;
        var thread = new Thread(() =>
        {
            tid = ThreadCpu.CurrentThreadId();
            try { problem = CompileOne(c, dll, emit); }
            catch (Exception e) { crash = e; }
        }) { IsBackground = true, Name = "milo-fuzz-case" };
        var wall = System.Diagnostics.Stopwatch.StartNew();
        thread.Start();
        // The limit is on the case's own CPU time where the OS tells us (Linux), so a loaded CI machine does not turn a
        // slow case into a "hang"; wall-clock time is capped too (at 10× the limit).
        while (!thread.Join(TimeSpan.FromMilliseconds(100)))
        {
            var cpu = tid != 0 ? ThreadCpu.CpuTime(tid) : null;
            if ((cpu ?? wall.Elapsed) > timeout || wall.Elapsed > timeout * 10)
                return $"hang: did not finish within {timeout.TotalSeconds:0.#} s of {(cpu != null ? "CPU" : "wall-clock")} time";
        }
        Interlocked.Increment(ref Compiled);
        if (crash != null) return $"unhandled {crash.GetType().FullName}: {crash.Message}\n{Trim(crash.StackTrace)}";
        return problem;
    }

    private string? CompileOne(FuzzCase c, string dll, bool emit)
    {
        var compilation = Compilation.FromText(c.Path, c.Text);
        bool ok = emit ? compilation.Emit(dll) : compilation.Check();
        var diags = compilation.Diagnostics.ToList();
        foreach (var d in diags) _ = d.Format();    // locations must be printable
        if (!ok)
        {
            if (!compilation.Diagnostics.HasErrors) return "compilation failed without an error diagnostic";
            Interlocked.Increment(ref Rejected);
            return null;
        }
        if (compilation.Diagnostics.HasErrors) return "compilation succeeded but reported errors";
        Interlocked.Increment(ref Succeeded);
        if (!emit) return null;
        var bad = AssemblyVerifier.Verify(dll);
        if (bad != null) return "emitted invalid IL:\n" + bad;
        Interlocked.Increment(ref Verified);
        return null;
    }

    private static string Trim(string? stack)
    {
        if (stack == null) return "";
        var lines = stack.Split('\n').Take(12);
        return string.Join('\n', lines);
    }

    /// <summary>A short key for deduplicating failures: first line + first stack frame in the compiler.</summary>
    public static string Signature(string failure)
    {
        var lines = failure.Split('\n');
        var frame = lines.FirstOrDefault(l => l.Contains("Milo.Compiler", StringComparison.Ordinal))?.Trim() ?? "";
        var head = lines[0];
        int colon = head.IndexOf(':', head.IndexOf(':') + 1);
        if (head.StartsWith("unhandled", StringComparison.Ordinal) && colon > 0) head = head[..colon];
        if (head.StartsWith("emitted invalid IL", StringComparison.Ordinal) && lines.Length > 1) head += " " + lines[1];
        return head + " @ " + frame;
    }

    /// <summary>Saves the input of a failing case; returns its path.</summary>
    public static string Save(FuzzCase c, string failure, string tag)
    {
        Directory.CreateDirectory(FailureDir);
        var path = Path.Combine(FailureDir, $"{tag}.milo");
        File.WriteAllText(path, c.Text, new UTF8Encoding(false));
        File.WriteAllText(Path.ChangeExtension(path, ".txt"), $"{c.Description}\nsource path: {c.Path}\n\n{failure}\n");
        return path;
    }

    public void Cleanup()
    {
        try { Directory.Delete(_workDir, recursive: true); } catch { /* best effort */ }
    }

    /// <summary>
    /// Runs <paramref name="cases"/> and returns one line per distinct failure signature (with the saved input), or an
    /// empty list. At most <paramref name="maxFailures"/> distinct failures are collected.
    /// </summary>
    public List<string> RunAll(IEnumerable<FuzzCase> cases, TimeSpan perCase, string tag, bool emit = true, int maxFailures = 25,
        TimeSpan? budget = null)
    {
        var seen = new ConcurrentDictionary<string, string>();
        var report = new List<string>();
        var started = DateTime.UtcNow;
        int i = 0;
        foreach (var c in cases)
        {
            i++;
            if (budget is { } b && DateTime.UtcNow - started > b) break;
            var t0 = DateTime.UtcNow;
            var failure = Run(c, perCase, emit);
            var took = DateTime.UtcNow - t0;
            if (took > SlowCase) Slow.Add($"{took.TotalSeconds:0.0} s: {c.Description}");
            if (failure == null) continue;
            var sig = Signature(failure);
            if (!seen.TryAdd(sig, failure)) continue;
            var saved = Save(c, failure, $"{tag}-{i}");
            report.Add($"[{c.Description}] {failure}\n  input: {saved}");
            if (report.Count >= maxFailures || failure.StartsWith("hang", StringComparison.Ordinal)) break;
        }
        return report;
    }
}

/// <summary>Per-thread CPU time from /proc (Linux); null elsewhere.</summary>
internal static class ThreadCpu
{
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "gettid")]
    private static extern int gettid();

    private static readonly long TicksPerSecond = 100;   // USER_HZ: 100 on every Linux architecture .NET supports

    public static int CurrentThreadId()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        try { return gettid(); }
        catch (Exception) { return 0; }   // EntryPointNotFoundException on an old libc, DllNotFoundException on musl
    }

    public static TimeSpan? CpuTime(int tid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/self/task/{tid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // after "pid (comm) ": state=0 … utime=11 stime=12
            long ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
            return TimeSpan.FromSeconds((double)ticks / TicksPerSecond);
        }
        catch (Exception) { return null; }
    }
}
