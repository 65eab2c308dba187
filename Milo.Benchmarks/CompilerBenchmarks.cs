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
