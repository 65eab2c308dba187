using BenchmarkDotNet.Running;

// Usage: dotnet run -c Release --project Milo.Benchmarks -- --filter '*Parse*'
// (or ./build.sh bench [filter]). With no arguments BenchmarkDotNet shows an interactive picker.
BenchmarkSwitcher.FromAssembly(typeof(Milo.Benchmarks.ParserBenchmarks).Assembly).Run(args);
