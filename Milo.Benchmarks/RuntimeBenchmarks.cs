using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Milo.Benchmarks;

/// <summary>
/// Runtime suite: each Milo program (Programs/NAME.milo, compiled in-process in GlobalSetup) beside its C# twin
/// (<see cref="CSharpBaselines"/>) as the baseline, grouped by category so the Ratio column is Milo / C#.
/// The Milo rows call the program's <c>fn bench(): i64</c> through a delegate: no process start, no compile.
/// json: parse + stringify a 1 MB document with std/json vs System.Text.Json's JsonNode (<see cref="JsonWorkload"/>).
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class RuntimeBenchmarks
{
    private Func<long> _milo = null!;

    private void Setup(string name, long expected)
    {
        _milo = MiloProgramLoader.LoadBench(name);
        var got = _milo();
        if (got != expected) throw new InvalidOperationException($"{name}.milo: bench() = {got}, expected {expected}");
    }

    [GlobalSetup(Target = nameof(Milo_Fib))] public void SetupFib() => Setup("fib", CSharpBaselines.FibBench());
    [BenchmarkCategory("fib(35)"), Benchmark(Baseline = true)] public long CSharp_Fib() => CSharpBaselines.FibBench();
    [BenchmarkCategory("fib(35)"), Benchmark] public long Milo_Fib() => _milo();

    [GlobalSetup(Target = nameof(Milo_BinaryTrees))] public void SetupBinaryTrees() => Setup("binarytrees", CSharpBaselines.BinaryTrees());
    [BenchmarkCategory("binarytrees(18)"), Benchmark(Baseline = true)] public long CSharp_BinaryTrees() => CSharpBaselines.BinaryTrees();
    [BenchmarkCategory("binarytrees(18)"), Benchmark] public long Milo_BinaryTrees() => _milo();

    [GlobalSetup(Target = nameof(Milo_Sieve))] public void SetupSieve() => Setup("sieve", CSharpBaselines.Sieve());
    [BenchmarkCategory("sieve(10M)"), Benchmark(Baseline = true)] public long CSharp_Sieve() => CSharpBaselines.Sieve();
    [BenchmarkCategory("sieve(10M)"), Benchmark] public long Milo_Sieve() => _milo();

    [GlobalSetup(Target = nameof(Milo_QuickSort))] public void SetupQuickSort() => Setup("quicksort", CSharpBaselines.QuickSort());
    [BenchmarkCategory("quicksort(2M f64)"), Benchmark(Baseline = true)] public long CSharp_QuickSort() => CSharpBaselines.QuickSort();
    [BenchmarkCategory("quicksort(2M f64)"), Benchmark] public long Milo_QuickSort() => _milo();

    [GlobalSetup(Target = nameof(Milo_MatMul))] public void SetupMatMul() => Setup("matmul", CSharpBaselines.MatMul());
    [BenchmarkCategory("matmul(512)"), Benchmark(Baseline = true)] public long CSharp_MatMul() => CSharpBaselines.MatMul();
    [BenchmarkCategory("matmul(512)"), Benchmark] public long Milo_MatMul() => _milo();

    [GlobalSetup(Target = nameof(Milo_MapLookup))] public void SetupMapLookup() => Setup("maplookup", CSharpBaselines.MapLookup());
    [BenchmarkCategory("maplookup(100k)"), Benchmark(Baseline = true)] public long CSharp_MapLookup() => CSharpBaselines.MapLookup();
    [BenchmarkCategory("maplookup(100k)"), Benchmark] public long Milo_MapLookup() => _milo();

    [GlobalSetup(Target = nameof(Milo_StringOps))] public void SetupStringOps() => Setup("stringops", CSharpBaselines.StringOps());
    [BenchmarkCategory("stringops(20x100k)"), Benchmark(Baseline = true)] public long CSharp_StringOps() => CSharpBaselines.StringOps();
    [BenchmarkCategory("stringops(20x100k)"), Benchmark] public long Milo_StringOps() => _milo();

    [GlobalSetup(Target = nameof(Milo_ForLoops))] public void SetupForLoops() => Setup("forloops", CSharpBaselines.ForLoops());
    [BenchmarkCategory("forloops(1000 rounds)"), Benchmark(Baseline = true)] public long CSharp_ForLoops() => CSharpBaselines.ForLoops();
    [BenchmarkCategory("forloops(1000 rounds)"), Benchmark] public long Milo_ForLoops() => _milo();

    [GlobalSetup(Target = nameof(Milo_NBody))] public void SetupNBody() => Setup("nbody", CSharpBaselines.NBody());
    [BenchmarkCategory("nbody(1M steps)"), Benchmark(Baseline = true)] public long CSharp_NBody() => CSharpBaselines.NBody();
    [BenchmarkCategory("nbody(1M steps)"), Benchmark] public long Milo_NBody() => _milo();

    [GlobalSetup(Target = nameof(Milo_Json))]
    public void SetupJson()
    {
        _milo = JsonWorkload.LoadMilo();
        var (got, expected) = (_milo(), JsonWorkload.CSharp());
        if (got != expected) throw new InvalidOperationException($"json.milo: benchDoc() = {got}, expected {expected}");
    }
    [BenchmarkCategory("json(1 MB parse+stringify)"), Benchmark(Baseline = true)] public long CSharp_Json() => JsonWorkload.CSharp();
    [BenchmarkCategory("json(1 MB parse+stringify)"), Benchmark] public long Milo_Json() => _milo();
}
