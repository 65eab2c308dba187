using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Milo.Benchmarks;

/// <summary>
/// Concurrency suite, OS threads: Mutex contention (2 threads × 500k lock/increment/unlock) and channel ping-pong
/// (500k round trips = 1M messages over two capacity-1 channels) vs C# (lock / BlockingCollection).
/// Green threads: 1M tasks that each yield once (Programs/greenyield.milo) vs hand-written C# state machines on one queue
/// (the baseline, <see cref="CSharpBaselines.GreenYieldStateMachine"/>) and 1M C# async tasks awaiting Task.Yield(),
/// and channel ping-pong between two green threads (Programs/greenpingpong.milo, 1M messages) vs two C# async methods
/// over bounded(1) System.Threading.Channels.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ConcurrencyBenchmarks
{
    private Func<long> _milo = null!;

    [GlobalSetup(Target = nameof(Milo_Mutex))] public void SetupMutex() => _milo = MiloProgramLoader.LoadBench("mutex");
    [BenchmarkCategory("mutex(2 threads x 500k)"), Benchmark(Baseline = true)] public long CSharp_Mutex() => CSharpBaselines.MutexContention();
    [BenchmarkCategory("mutex(2 threads x 500k)"), Benchmark] public long Milo_Mutex() => _milo();

    [GlobalSetup(Target = nameof(Milo_PingPong))] public void SetupPingPong() => _milo = MiloProgramLoader.LoadBench("pingpong");
    [BenchmarkCategory("pingpong(OS threads, 1M msgs)"), Benchmark(Baseline = true)] public long CSharp_PingPong() => CSharpBaselines.ChannelPingPong();
    [BenchmarkCategory("pingpong(OS threads, 1M msgs)"), Benchmark] public long Milo_PingPong() => _milo();

    [GlobalSetup(Target = nameof(Milo_GreenYield))] public void SetupGreenYield() => _milo = MiloProgramLoader.LoadBench("greenyield");
    [BenchmarkCategory("green spawn+yield (1M)"), Benchmark(Baseline = true)] public long CSharp_StateMachineYield() => CSharpBaselines.GreenYieldStateMachine();
    [BenchmarkCategory("green spawn+yield (1M)"), Benchmark] public long CSharp_AsyncYield() => CSharpBaselines.GreenYield();
    [BenchmarkCategory("green spawn+yield (1M)"), Benchmark] public long Milo_GreenYield() => _milo();

    [GlobalSetup(Target = nameof(Milo_GreenPingPong))] public void SetupGreenPingPong() => _milo = MiloProgramLoader.LoadBench("greenpingpong");
    [BenchmarkCategory("green pingpong (1M msgs)"), Benchmark(Baseline = true)] public long CSharp_GreenPingPong() => CSharpBaselines.GreenPingPong();
    [BenchmarkCategory("green pingpong (1M msgs)"), Benchmark] public long Milo_GreenPingPong() => _milo();
}
