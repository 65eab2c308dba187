using System.Collections;
using Milo.Compiler.Text;

namespace Milo.Compiler.Diagnostics;

/// <summary>Collects diagnostics from every stage. Duplicate (location, message) pairs are reported once.</summary>
public sealed class DiagnosticBag : IEnumerable<Diagnostic>
{
    private readonly List<Diagnostic> _items = new();
    private readonly HashSet<(string, int, string)> _seen = new();

    public bool HasErrors { get; private set; }
    public int Count => _items.Count;

    public void Report(Location location, string message, string? hint = null)
        => Add(new Diagnostic(location, message, DiagnosticSeverity.Error, hint));

    public void Warn(Location location, string message)
        => Add(new Diagnostic(location, message, DiagnosticSeverity.Warning));

    public void Add(Diagnostic d)
    {
        if (!_seen.Add((d.Location.Source.FilePath, d.Location.Start, d.Message))) return;
        _items.Add(d);
        if (d.IsError) HasErrors = true;
    }

    public void AddRange(IEnumerable<Diagnostic> ds) { foreach (var d in ds) Add(d); }

    public IEnumerator<Diagnostic> GetEnumerator() => _items.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
