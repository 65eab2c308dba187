using BenchmarkDotNet.Attributes;
using Milo.Compiler.Lsp;

namespace Milo.Benchmarks;

/// <summary>
/// `milo lsp` responsiveness: one keystroke in a 2,000-line document (the generated program of
/// <see cref="ProgramGenerator"/>). <c>KeystrokeRecheck</c> applies a one-character edit inside a function body and
/// re-checks the document (parse + imports + bind + warnings + the diagnostics list the server publishes) — what the
/// server does per `didChange`; target ≤ 100 ms. <c>KeystrokeRecheckAndHover</c> adds the first hover after it (which
/// builds the position index of the new analysis).
/// </summary>
[MemoryDiagnoser]
public class LspBenchmarks
{
    private const string Uri = "file:///tmp/milo-bench/lsp/gen.milo";
    private LspWorkspace _ws = null!;
    private string _a = null!, _b = null!;
    private int _version, _hoverLine, _hoverChar;
    private bool _flip;

    [Params(2_000)]
    public int Lines;

    [GlobalSetup]
    public void Setup()
    {
        _a = ProgramGenerator.Generate(Lines);
        // The keystroke: one character added to (then removed from) an identifier-free spot in the middle of the file.
        int mid = _a.IndexOf("\n    let ", _a.Length / 2, StringComparison.Ordinal) + 1;
        _b = _a.Insert(mid, " ");
        _hoverLine = _a[..mid].Count(c => c == '\n');
        _hoverChar = 9;   // the declared name after "    let "
        _ws = new LspWorkspace();
        var doc = _ws.Open(Uri, _a, 0);
        if (doc.Current.Diagnostics.HasErrors || !doc.Current.IsBound)
            throw new InvalidOperationException("generated program does not check: " + doc.Current.Diagnostics.First());
    }

    private OpenDocument Keystroke()
    {
        _flip = !_flip;
        var doc = _ws.Change(Uri, _flip ? _b : _a, ++_version)!;
        doc.Current.LspDiagnostics();
        return doc;
    }

    [Benchmark]
    public bool KeystrokeRecheck() => Keystroke().Current.IsBound;

    [Benchmark]
    public object? KeystrokeRecheckAndHover()
    {
        var doc = Keystroke();
        return Navigation.Hover(doc, Milo.Compiler.Lsp.LspText.ToOffset(doc.Text, _hoverLine, _hoverChar + (_flip ? 1 : 0)));
    }
}

/// <summary>
/// `--lsp-keystroke [N]`: N (default 50) keystroke re-checks of the 2,000-line document after 10 warm-ups, reporting the
/// mean and median wall time and the mean CPU time of this process per keystroke. On a shared, loaded machine the CPU
/// time is the figure that does not depend on how many other processes compete for the cores.
/// </summary>
public static class LspKeystrokeTimes
{
    public static void Run(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0]) : 50;
        var b = new LspBenchmarks { Lines = 2_000 };
        b.Setup();
        for (int i = 0; i < 10; i++) b.KeystrokeRecheck();
        var proc = System.Diagnostics.Process.GetCurrentProcess();
        var walls = new List<double>();
        proc.Refresh();
        var cpu0 = proc.TotalProcessorTime;
        for (int i = 0; i < n; i++)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            b.KeystrokeRecheck();
            walls.Add(sw.Elapsed.TotalMilliseconds);
        }
        proc.Refresh();
        var cpu = (proc.TotalProcessorTime - cpu0).TotalMilliseconds / n;
        walls.Sort();
        Console.WriteLine($"lsp keystroke re-check, 2000 lines, {n} runs: wall mean {walls.Average():F1} ms, median {walls[n / 2]:F1} ms, min {walls[0]:F1} ms; CPU mean {cpu:F1} ms");
    }
}
