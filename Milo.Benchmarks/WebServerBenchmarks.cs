using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Milo.Benchmarks;

/// <summary>
/// HTTP server throughput and latency: std/http (Programs/webserver.milo — a Router with plain text, JSON and a path
/// parameter, like the reference's examples/apps/webserver.milo) against an ASP.NET Core minimal API with the same
/// routes. Both run as child processes on loopback; 1 or 50 keep-alive clients (raw sockets, every response checked)
/// send <see cref="Requests"/> requests per invocation, cycling the three routes. The Mean column is per request
/// (1 / throughput); the extra columns give requests/second and the p99 latency of every request sent after a warm-up.
/// Run: <c>./build.sh bench '*WebServer*'</c> (in-process, so the columns can read the recorded latencies).
/// </summary>
[Config(typeof(WebColumnsConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams)]
public class WebServerBenchmarks
{
    public const int Requests = 5000;

    [Params(1, 50)] public int Clients;

    private WebLoad.Server? _server;
    private WebLoad.Pool? _pool;
    private readonly List<double> _latencies = new();
    private string _key = "";

    internal static readonly ConcurrentDictionary<string, (double Rps, double P50, double P99)> Results = new();
    private readonly System.Diagnostics.Stopwatch _clock = new();

    private void Setup(WebLoad.Server server, string name)
    {
        _server = server;
        _pool = new WebLoad.Pool(server.Port, Clients);
        _pool.Run(2000, new List<double>());   // warm-up (JIT, connection setup): not recorded
        _latencies.Clear();
        _clock.Reset();
        _key = name + "/" + Clients;
    }

    [GlobalSetup(Target = nameof(AspNetCore))] public void SetupAspNet() => Setup(WebLoad.StartAspNet(), nameof(AspNetCore));
    [GlobalSetup(Target = nameof(MiloStdHttp))] public void SetupMilo() => Setup(WebLoad.StartMilo(), nameof(MiloStdHttp));

    [Benchmark(Baseline = true, OperationsPerInvoke = Requests)]
    public void AspNetCore() => Run();

    [Benchmark(OperationsPerInvoke = Requests)]
    public void MiloStdHttp() => Run();

    private void Run()
    {
        _clock.Start();
        _pool!.Run(Requests, _latencies);
        _clock.Stop();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var sorted = _latencies.OrderBy(x => x).ToList();
        var r = (sorted.Count / _clock.Elapsed.TotalSeconds, WebLoad.Percentile(sorted, 50), WebLoad.Percentile(sorted, 99));
        Results[_key] = r;
        Console.WriteLine($"// {_key}: {sorted.Count} requests, {r.Item1:F0} req/s, p50 {r.Item2:F3} ms, p99 {r.Item3:F3} ms");
        _pool?.Dispose();
        _server?.Dispose();
    }

    private sealed class WebColumnsConfig : ManualConfig
    {
        public WebColumnsConfig() => AddColumn(new ResultColumn("req/s", r => r.Rps.ToString("F0")), new ResultColumn("p50 ms", r => r.P50.ToString("F3")), new ResultColumn("p99 ms", r => r.P99.ToString("F3")));
    }

    /// <summary>A column read from <see cref="Results"/> (filled by GlobalCleanup; in-process runs only, else "-").</summary>
    private sealed class ResultColumn(string name, Func<(double Rps, double P50, double P99), string> get) : IColumn
    {
        public string Id => "web-" + name;
        public string ColumnName => name;
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => name + " of the requests recorded after warm-up (in-process runs)";
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var key = benchmarkCase.Descriptor.WorkloadMethod.Name + "/" + benchmarkCase.Parameters["Clients"];
            return Results.TryGetValue(key, out var r) ? get(r) : "-";
        }
    }
}
