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

    /// <summary>Reports a catalogue diagnostic (<see cref="Errors"/>); <paramref name="help"/> is an extra `help:` line.</summary>
    internal void Report(Location location, DiagnosticMessage message, string? hint = null, string? help = null)
        => Add(new Diagnostic(location, message.Text, message.Id.Severity, hint, message.Id.Code, help));

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
