using System.Diagnostics;
using System.Text;
using Milo.Compiler;
using Milo.Tests.Programs;
using Xunit.Abstractions;

namespace Milo.Tests.Fuzz;

/// <summary>
/// Fuzzes the whole compiler (parse + bind + emit, in-process) with mutations of the project's own test programs
/// (Milo.Tests/Programs/**) and of the embedded std modules. Every case must end with diagnostics or a verified
/// assembly — never an unhandled exception or a hang. A short seeded run is part of the normal test suite; for a long
/// run set MILO_FUZZ_CASES (and optionally MILO_FUZZ_SEED, MILO_FUZZ_SECONDS), e.g.
///   MILO_FUZZ_CASES=100000 dotnet test Milo.Tests --filter "FullyQualifiedName~Fuzz"
/// Failing inputs are written to MILO_FUZZ_OUT (default: $TMPDIR/milo-fuzz-failures) with a .txt describing the failure.
/// </summary>
[Collection("reliability-serial")]   // CPU- and memory-heavy: run after the parallel tests, not against their timings
public class CompilerFuzzTests(ITestOutputHelper output)
{
    /// <summary>Cases in the default (CI) run.</summary>
    private const int DefaultCases = 1000;
    private const int DefaultSeed = 20240612;
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(20);

    /// <summary>MILO_FUZZ_CASES set: the long run (also 10 MB for every big-file kind and deeper nesting).</summary>
    private static bool LongRun => Environment.GetEnvironmentVariable("MILO_FUZZ_CASES") is { Length: > 0 };

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var v) && v > 0 ? v : fallback;

    /// <summary>Every .milo under Programs/ (annotated or not, lib/ folders included) plus the std module sources.</summary>
    public static List<FuzzCase> Seeds()
    {
        var seeds = new List<FuzzCase>();
        var root = ProgramHarness.ProgramsRoot;
        if (Directory.Exists(root))
            foreach (var f in Directory.GetFiles(root, "*.milo", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
                seeds.Add(new FuzzCase(Path.GetRelativePath(root, f).Replace('\\', '/'), f, File.ReadAllText(f)));
        var compiler = typeof(Compilation).Assembly;
        foreach (var res in compiler.GetManifestResourceNames().Where(r => r.EndsWith(".milo", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var s = compiler.GetManifestResourceStream(res)!;
            using var r = new StreamReader(s);
            seeds.Add(new FuzzCase(res, Path.Combine(root, "fuzz_" + Path.GetFileName(res)), r.ReadToEnd()));
        }
        return seeds;
    }

    private static IEnumerable<FuzzCase> Mutants(int seed, int count)
    {
        var seeds = Seeds();
        var mutator = new FuzzMutator(new Random(seed), seeds);
        for (int i = 0; i < count; i++)
        {
            var c = mutator.Next();
            yield return c with { Description = $"seed {seed} case {i}: {c.Description}" };
        }
    }

    private void Report(FuzzRunner runner, Stopwatch sw, List<string> failures)
    {
        output.WriteLine($"compiled {runner.Compiled} cases in {sw.Elapsed.TotalSeconds:0.0} s: {runner.Succeeded} succeeded " +
                         $"({runner.Verified} verified), {runner.Rejected} rejected with diagnostics, {failures.Count} distinct failures");
        foreach (var slow in runner.Slow.Take(20)) output.WriteLine("slow: " + slow);
        Assert.True(failures.Count == 0, $"{failures.Count} distinct compiler failures:\n\n" + string.Join("\n\n", failures));
    }

    [Fact]
    public void SeedsAreFound() => Assert.True(Seeds().Count >= 10);

    /// <summary>Random stacked mutations of the seeds (MILO_FUZZ_CASES / MILO_FUZZ_SEED / MILO_FUZZ_SECONDS).</summary>
    [Fact]
    public void MutatedProgramsNeverCrashTheCompiler()
    {
        int seed = EnvInt("MILO_FUZZ_SEED", DefaultSeed);
        int count = EnvInt("MILO_FUZZ_CASES", DefaultCases);
        TimeSpan? budget = Environment.GetEnvironmentVariable("MILO_FUZZ_SECONDS") is { } s && int.TryParse(s, out var secs) && secs > 0
            ? TimeSpan.FromSeconds(secs) : null;
        var runner = new FuzzRunner();
        var sw = Stopwatch.StartNew();
        try
        {
            var failures = runner.RunAll(Mutants(seed, count), PerCase, $"mutant-s{seed}", budget: budget);
            Report(runner, sw, failures);
        }
        finally { runner.Cleanup(); }
    }

    /// <summary>Every deep-nesting construct at the parser's limit, just past it, and far past it.</summary>
    [Fact]
    public void DeepNestingNeverCrashesTheCompiler()
    {
        var cases = new List<FuzzCase>();
        var host = Path.Combine(ProgramHarness.ProgramsRoot, "fuzz_deep.milo");
        foreach (int depth in LongRun ? new[] { 150, 199, 200, 201, 1000, 3000, 20_000, 100_000 } : new[] { 150, 201, 3000, 20_000 })
            for (int kind = 0; kind < FuzzMutator.DeepKinds; kind++)
            {
                var construct = FuzzMutator.DeepConstruct(kind, depth);
                var text = $"fn f(x: i32): i32 {{ return x }}\nfn main(): i32 {{\n    let x = 1\n    let a = [1]\n    let y = {construct}\n    return 0\n}}\n";
                cases.Add(new FuzzCase($"deep kind {kind} depth {depth}", host, text));
            }
        var runner = new FuzzRunner();
        var sw = Stopwatch.StartNew();
        try { Report(runner, sw, runner.RunAll(cases, PerCase, "deep")); }
        finally { runner.Cleanup(); }
    }

    /// <summary>Huge integer/float/string/identifier/interpolation literals.</summary>
    [Fact]
    public void HugeLiteralsNeverCrashTheCompiler()
    {
        var cases = new List<FuzzCase>();
        var host = Path.Combine(ProgramHarness.ProgramsRoot, "fuzz_huge.milo");
        foreach (int size in new[] { 20, 400, 100_000 })
            for (int kind = 0; kind < FuzzMutator.HugeKinds; kind++)
            {
                var lit = FuzzMutator.HugeLiteralText(kind, size);
                cases.Add(new FuzzCase($"huge kind {kind} size {size}", host, $"fn main(): i32 {{\n    let h = {lit}\n    print(h)\n    return 0\n}}\n"));
                cases.Add(new FuzzCase($"huge kind {kind} size {size} (i64)", host, $"fn main(): i32 {{\n    let h: i64 = {lit}\n    return 0\n}}\n"));
            }
        var runner = new FuzzRunner();
        var sw = Stopwatch.StartNew();
        try { Report(runner, sw, runner.RunAll(cases, PerCase, "huge")); }
        finally { runner.Cleanup(); }
    }

    public const int TenMegabytes = 10 * 1024 * 1024;

    private static string Fill(string unit, int size)
    {
        var sb = new StringBuilder(size + unit.Length);
        while (sb.Length < size) sb.Append(unit);
        return sb.ToString();
    }

    /// <summary>10 MB inputs: many statements, many functions, one giant line, garbage bytes, repeated programs.</summary>
    [Fact]
    public void TenMegabyteFilesFinishInTime()
    {
        var host = Path.Combine(ProgramHarness.ProgramsRoot, "fuzz_big.milo");
        var seeds = Seeds();
        var rng = new Random(7);
        var bytes = new byte[TenMegabytes];
        rng.NextBytes(bytes);
        // Some 10 MB inputs take 5–20 s of CPU each (a valid 10 MB program ~20 s), so CI uses 1 MB for four of the kinds
        // and 10 MB for the other four; the long run (MILO_FUZZ_CASES set) uses 10 MB for all.
        int valid = LongRun ? TenMegabytes : TenMegabytes / 10;
        var cases = new List<FuzzCase>
        {
            new($"{valid >> 20} MB of statements in main", host, "fn main(): i32 {\n    var x = 0\n" + Fill("    x = x + 1\n", valid) + "    return 0\n}\n"),
            new($"{valid >> 20} MB of functions", host, string.Concat(Enumerable.Range(0, valid / 44).Select(i => $"fn g{i}(a: i32): i32 {{ return a * 2 + 1 }}\n")) + "fn main(): i32 { return 0 }\n"),
            new($"{valid >> 20} MB single-line expression", host, "fn main(): i32 {\n    let x = 1" + Fill(" + 1", valid) + "\n    return 0\n}\n"),
            new("10 MB comment", host, "// " + new string('c', TenMegabytes) + "\nfn main(): i32 { return 0 }\n"),
            new("10 MB string literal", host, "fn main(): i32 {\n    let s = \"" + new string('s', TenMegabytes) + "\"\n    return 0\n}\n"),
            new("10 MB random bytes", host, Encoding.UTF8.GetString(bytes)),
            new("10 MB of repeated seed programs", host, Fill(string.Join("\n", seeds.Select(s => s.Text)), TenMegabytes)),
            new($"{valid >> 20} MB of open braces", host, "fn main(): i32 " + new string('{', valid)),
        };
        var runner = new FuzzRunner();
        var sw = Stopwatch.StartNew();
        try { Report(runner, sw, runner.RunAll(cases, TimeSpan.FromSeconds(120), "big")); }
        finally { runner.Cleanup(); }
    }
}
