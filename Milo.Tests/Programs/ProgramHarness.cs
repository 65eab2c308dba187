using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Milo.Compiler;

namespace Milo.Tests.Programs;

/// <summary>
/// The annotations of a test program, read exactly like ../shared/conformance/milo-conformance:
/// every line whose stripped text starts with `// @expect:` adds an expected stdout line; the FIRST `// @error:` and the FIRST
/// `// @runtime-error:` win. Our own additions: `// @args: --debug` (compile with Debug=true) and the warning flags
/// (`--allow=NAME`, `--deny=NAME`, `--deny-all`); `// @warning: L:C: message [W0001]` lines — when present, the program's
/// warnings must be exactly these, in order (`// @warning: none`: no warnings at all).
/// </summary>
public sealed record ProgramAnnotations(IReadOnlyList<string> Expect, string? Error, string? RuntimeError, IReadOnlyList<string> Args)
{
    public bool IsTest => Expect.Count > 0 || Error != null || RuntimeError != null;
    public bool Debug => Args.Contains("--debug");
    /// <summary>Expected warnings (`L:C: message [CODE]`); null when the program has no `// @warning:` line.</summary>
    public IReadOnlyList<string>? Warnings { get; init; }

    /// <summary>The warning options of the `// @args:` flags.</summary>
    public Milo.Compiler.Analysis.WarningOptions WarningOptions => Milo.Compiler.Analysis.WarningOptions.Create(
        Args.Where(a => a.StartsWith("--allow=")).Select(a => a["--allow=".Length..]),
        Args.Where(a => a.StartsWith("--deny=")).Select(a => a["--deny=".Length..]),
        Args.Contains("--deny-all")).Options ?? throw new ArgumentException("unknown warning name in // @args: " + string.Join(" ", Args));

    public static ProgramAnnotations Parse(string text)
    {
        var expect = new List<string>();
        var args = new List<string>();
        List<string>? warnings = null;
        string? error = null, runtimeError = null;
        // Python's str.splitlines() splits on these too; annotations are normally on \n lines anyway.
        foreach (var line in Regex.Split(text, "\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]"))
        {
            var s = PyText.Strip(line);
            if (s.StartsWith("// @expect:", StringComparison.Ordinal))
                expect.Add(PyText.Strip(s["// @expect:".Length..]));
            else if (s.StartsWith("// @error:", StringComparison.Ordinal) && error == null)
                error = PyText.Strip(s["// @error:".Length..]);
            else if (s.StartsWith("// @runtime-error:", StringComparison.Ordinal) && runtimeError == null)
                runtimeError = PyText.Strip(s["// @runtime-error:".Length..]);
            else if (s.StartsWith("// @args:", StringComparison.Ordinal))
                args.AddRange(s["// @args:".Length..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            else if (s.StartsWith("// @warning:", StringComparison.Ordinal))
            {
                warnings ??= new();
                var w = PyText.Strip(s["// @warning:".Length..]);
                if (w != "none") warnings.Add(w);
            }
        }
        return new ProgramAnnotations(expect, error, runtimeError, args) { Warnings = warnings };
    }
}

/// <summary>Python <c>str.strip()</c> / <c>str.split("\n")</c> semantics, so comparisons match the conformance runner.</summary>
public static class PyText
{
    public static bool IsSpace(char c) =>
        c is ' ' or '\t' or '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x1f' or '\x85'
        || (c > 127 && char.IsWhiteSpace(c) && c != '\u200b');

    public static string Strip(string s)
    {
        int a = 0, b = s.Length;
        while (a < b && IsSpace(s[a])) a++;
        while (b > a && IsSpace(s[b - 1])) b--;
        return s[a..b];
    }

    /// <summary>`[l.strip() for l in so.strip().split("\n")] if so.strip() else []`.</summary>
    public static List<string> OutputLines(string stdout)
    {
        var all = Strip(stdout);
        if (all.Length == 0) return new List<string>();
        return all.Split('\n').Select(Strip).ToList();
    }

    /// <summary>Python's repr() of a str, for failure messages (close enough for ASCII).</summary>
    public static string Repr(string s)
    {
        var q = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        var sb = new StringBuilder().Append(q);
        foreach (var c in s)
        {
            if (c == q || c == '\\') sb.Append('\\').Append(c);
            else if (c == '\n') sb.Append("\\n");
            else if (c == '\r') sb.Append("\\r");
            else if (c == '\t') sb.Append("\\t");
            else if (c < ' ') sb.Append($"\\x{(int)c:x2}");
            else sb.Append(c);
        }
        return sb.Append(q).ToString();
    }

    public static string Head(string s, int n) => s.Length <= n ? s : s[..n];
    public static string Tail(string s, int n) => s.Length <= n ? s : s[^n..];
}

/// <summary>Outcome of compiling one program: success flag plus the diagnostics text (what the CLI would print).</summary>
public sealed record CompileOutcome(bool Success, string Output)
{
    /// <summary>The warnings reported, as `L:C: message [CODE]`.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>Outcome of running the compiled program.</summary>
public sealed record RunOutcome(int ExitCode, string Stdout, string Stderr);

/// <summary>The pass/fail rules of milo-conformance's <c>one()</c>, as pure functions. Null = pass.</summary>
public static class ProgramJudge
{
    /// <summary>Judges the compile step. Returns (done, failure): done=true means no run step is needed.</summary>
    public static (bool Done, string? Failure) JudgeCompile(ProgramAnnotations a, CompileOutcome c)
    {
        if (a.Warnings != null && !a.Warnings.SequenceEqual(c.Warnings))
            return (true, $"wrong warnings; wanted [{string.Join(" | ", a.Warnings)}], got [{string.Join(" | ", c.Warnings)}]");
        if (a.Error != null)
        {
            if (c.Success) return (true, "compiled, but an error was expected: " + a.Error);
            if (a.Error.Length > 0 && !c.Output.Contains(a.Error, StringComparison.Ordinal))
                return (true, $"wrong error; wanted '{a.Error}', got: {PyText.Head(PyText.Strip(c.Output), 300)}");
            return (true, null);
        }
        if (!c.Success) return (true, "compile failed: " + PyText.Head(PyText.Strip(c.Output), 400));
        return (false, null);
    }

    public static string? JudgeRun(ProgramAnnotations a, RunOutcome r)
    {
        if (a.RuntimeError != null)
        {
            if (r.ExitCode == 0) return "ran to success; runtime error expected: " + a.RuntimeError;
            var both = r.Stdout + r.Stderr;
            if (a.RuntimeError.Length > 0 && !both.Contains(a.RuntimeError, StringComparison.Ordinal))
                return $"wrong runtime error; wanted '{a.RuntimeError}', got: {PyText.Tail(PyText.Strip(both), 300)}";
            return null;
        }
        var got = PyText.OutputLines(r.Stdout);
        if (r.ExitCode != 0) return $"exit {r.ExitCode}; stderr: {PyText.Tail(PyText.Strip(r.Stderr), 300)}";
        for (int i = 0; i < Math.Max(got.Count, a.Expect.Count); i++)
        {
            var g = i < got.Count ? got[i] : "<missing>";
            var e = i < a.Expect.Count ? a.Expect[i] : "<extra>";
            if (g != e) return $"line {i + 1}: wanted {PyText.Repr(e)}, got {PyText.Repr(g)}";
        }
        return null;
    }
}

/// <summary>
/// Discovers, compiles and runs the annotated programs under Programs/ (copied to the test output directory).
/// All programs are started together on first use and throttled by a process-wide semaphore (2 × CPU, override with
/// MILO_TEST_JOBS), so the one xunit theory — whose cases xunit runs one after another — still runs the work in parallel.
/// </summary>
public static class ProgramHarness
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static string ProgramsRoot => Path.Combine(AppContext.BaseDirectory, "Programs");

    private static readonly SemaphoreSlim Throttle = new(
        int.TryParse(Environment.GetEnvironmentVariable("MILO_TEST_JOBS"), out var j) && j > 0 ? j : 2 * Environment.ProcessorCount);

    private static readonly ConcurrentDictionary<string, Lazy<Task<string?>>> Results = new();
    private static readonly Lazy<string> WorkDir = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), $"milo-program-tests-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        return dir;
    });
    private static int _startedAll;

    /// <summary>Child processes still running; killed if the test host exits first (e.g. a filtered run finished).</summary>
    private static readonly ConcurrentDictionary<int, Process> Live = new();

    static ProgramHarness()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var p in Live.Values)
                try { p.Kill(entireProcessTree: true); } catch (Exception) { /* already gone */ }
        };
    }

    /// <summary>Every annotated *.milo below <paramref name="root"/> (recursively, skipping lib/ folders), as '/'-separated relative paths, sorted.</summary>
    public static IEnumerable<string> Discover(string root)
    {
        if (!Directory.Exists(root)) yield break;
        var pending = new Stack<string>();
        pending.Push(root);
        var found = new List<string>();
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var sub in Directory.GetDirectories(dir))
                if (Path.GetFileName(sub) != "lib") pending.Push(sub);
            foreach (var f in Directory.GetFiles(dir, "*.milo"))
                if (ProgramAnnotations.Parse(File.ReadAllText(f)).IsTest)
                    found.Add(Path.GetRelativePath(root, f).Replace('\\', '/'));
        }
        found.Sort(StringComparer.Ordinal);
        foreach (var f in found) yield return f;
    }

    /// <summary>
    /// Runs (or joins the already-running) check of one program. Returns null on pass, else the failure reason.
    /// The first call also queues every other program (the ones after it first, in the order xunit runs the cases), so
    /// by the time xunit reaches a case its result is usually ready. MILO_TEST_PREFETCH=0 turns that off (useful when a
    /// --filter selects a single program).
    /// </summary>
    public static Task<string?> RunAsync(string relativePath)
    {
        var task = Start(relativePath);
        if (Environment.GetEnvironmentVariable("MILO_TEST_PREFETCH") != "0" && Interlocked.Exchange(ref _startedAll, 1) == 0)
        {
            var all = Discover(ProgramsRoot).ToList();
            int i = all.IndexOf(relativePath);
            foreach (var other in all.Skip(i + 1).Concat(all.Take(Math.Max(i, 0))))
                _ = Start(other);
        }
        return task;
    }

    private static Task<string?> Start(string rel) =>
        Results.GetOrAdd(rel, r => new Lazy<Task<string?>>(() => Task.Run(() => ThrottledCheck(r)))).Value;

    private static async Task<string?> ThrottledCheck(string rel)
    {
        await Throttle.WaitAsync();
        try { return await CheckOne(Path.Combine(ProgramsRoot, rel), rel); }
        finally { Throttle.Release(); }
    }

    public static async Task<string?> CheckOne(string fullPath, string rel)
    {
        var ann = ProgramAnnotations.Parse(await File.ReadAllTextAsync(fullPath));
        var name = Path.GetFileNameWithoutExtension(fullPath);
        var outDir = Path.Combine(WorkDir.Value, Regex.Replace(rel, "[^A-Za-z0-9_]", "_"));
        Directory.CreateDirectory(outDir);
        var dll = Path.Combine(outDir, name + ".dll");

        CompileOutcome compiled;
        try
        {
            compiled = await Task.Run(() => Compile(fullPath, dll, ann.Debug, ann.WarningOptions)).WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            return $"compile did not finish within {Timeout.TotalSeconds:0} s";
        }
        var (done, failure) = ProgramJudge.JudgeCompile(ann, compiled);
        if (done) return failure;

        // Every assembly the suite produces must load and JIT (invalid IL fails here, not in a user's program).
        if (VerifyAssemblies && AssemblyVerifier.Verify(dll) is { } invalid)
            return "emitted assembly does not verify (load + JIT of every method):\n" + invalid;

        var run = await RunProcessAsync(DotnetHost(), [dll], Path.GetDirectoryName(fullPath)!, Timeout);
        return ProgramJudge.JudgeRun(ann, run);
    }

    /// <summary>MILO_TEST_VERIFY=0 skips the load + JIT check of compiled programs (<see cref="AssemblyVerifier"/>).</summary>
    public static bool VerifyAssemblies => Environment.GetEnvironmentVariable("MILO_TEST_VERIFY") != "0";

    public static CompileOutcome Compile(string source, string dllPath, bool debug, Milo.Compiler.Analysis.WarningOptions? warnings = null)
    {
        try
        {
            var options = new CompilationOptions { Debug = debug, Warnings = warnings ?? Milo.Compiler.Analysis.WarningOptions.Default };
            var compilation = Compilation.FromFile(source, options);
            bool ok = compilation.Emit(dllPath);
            var text = string.Join("\n", compilation.Diagnostics.Select(d => d.Format()));
            var found = compilation.Diagnostics.Where(d => !d.IsError).Select(d => $"{d.Location.Line}:{d.Location.Column}: {d.Message} [{d.Code}]").ToList();
            return new CompileOutcome(ok && !compilation.Diagnostics.HasErrors, text) { Warnings = found };
        }
        catch (Exception ex)
        {
            return new CompileOutcome(false, $"internal compiler error: {ex.GetType().Name}: {ex.Message}");
        }
    }

    public static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
    }

    /// <summary>Runs a child process with stdin closed (after writing <paramref name="stdin"/>, if given); on timeout kills it and
    /// returns exit code 124 with stderr "timeout".</summary>
    public static async Task<RunOutcome> RunProcessAsync(string fileName, IEnumerable<string> args, string workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null, byte[]? stdin = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        if (environment != null)
            foreach (var (k, v) in environment) psi.Environment[k] = v;

        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + fileName);
        Live[p.Id] = p;
        try
        {
            return await WaitAsync(p, timeout, stdin);
        }
        finally
        {
            Live.TryRemove(p.Id, out _);
        }
    }

    private static async Task FeedAsync(Process p, byte[]? stdin)
    {
        try
        {
            if (stdin != null) await p.StandardInput.BaseStream.WriteAsync(stdin);
            p.StandardInput.Close();
        }
        catch (IOException) { /* the program exited without reading everything */ }
    }

    private static async Task<RunOutcome> WaitAsync(Process p, TimeSpan timeout, byte[]? stdin = null)
    {
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        // Fed while stdout/stderr are read and the timeout runs, so neither side can block the other.
        var feed = FeedAsync(p, stdin);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await p.WaitForExitAsync(cts.Token);
            await feed;
        }
        catch (OperationCanceledException)
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await p.WaitForExitAsync();
            return new RunOutcome(124, await stdout, "timeout");
        }
        return new RunOutcome(p.ExitCode, await stdout, await stderr);
    }
}
