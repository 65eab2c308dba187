using Milo.Compiler.Lsp;

namespace Milo.Tests.Lsp;

/// <summary>
/// The symbol-at-position query over every test program (Programs/**/*.milo): every identifier resolves without an
/// exception, and what it resolves to is consistent with the source — a declaration's name is written at the returned
/// location, a read of a local points at a declaration of that name before it in the same file, and hover/definition
/// answer for each.
/// </summary>
public sealed class SymbolResolverCorpusTests
{
    [Fact]
    public void Every_identifier_of_every_test_program_resolves_consistently()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Programs"), "*.milo", SearchOption.AllDirectories);
        Assert.True(files.Length > 100, $"only {files.Length} test programs found");
        int occurrences = 0, resolved = 0, localReads = 0, bound = 0;
        var problems = new List<string>();
        foreach (var file in files)
        {
            var uri = new Uri(file).AbsoluteUri;
            var ws = new LspWorkspace();
            var doc = ws.Open(uri, File.ReadAllText(file), 1);
            if (!doc.Current.IsBound) continue;   // programs that are parse-error tests
            bound++;
            var r = new SymbolResolver(doc.Current);
            foreach (var o in doc.Current.Occurrences)
            {
                occurrences++;
                ResolvedSymbol? s;
                try
                {
                    s = r.Resolve(o);
                    Navigation.Hover(doc, o.Name.Start);
                    Navigation.Definition(doc, o.Name.Start);
                }
                catch (Exception e)
                {
                    problems.Add($"{o.Name}: '{o.Text}' ({o.Kind}): {e.GetType().Name}: {e.Message}");
                    continue;
                }
                if (s == null) continue;
                resolved++;
                if (s.Declaration is { } d)
                {
                    var written = d.Source.Text.Substring(d.Start, d.Length);
                    if (written != s.Name) problems.Add($"{o.Name}: '{o.Text}' resolves to {s.Kind} '{s.Name}' but '{written}' is written at {d}");
                }
                if (s.Kind is SymbolKindTag.Local or SymbolKindTag.Parameter && o.Kind == OccurrenceKind.Name)
                {
                    localReads++;
                    if (s.Declaration is not { } ld || !ReferenceEquals(ld.Source, doc.Current.Source) || ld.Start > o.Name.Start || s.Name != o.Text)
                        problems.Add($"{o.Name}: read of '{o.Text}' resolves to {s.Name} declared at {s.Declaration}");
                }
            }
        }
        Assert.True(problems.Count == 0, $"{problems.Count} problems, e.g.:\n" + string.Join("\n", problems.Take(20)));
        Assert.True(bound > 100, $"only {bound} programs bound");
        // Most identifiers mean something the server can show: a sanity floor, far below what the corpus gives.
        Assert.True(resolved > occurrences * 8 / 10, $"{resolved} of {occurrences} identifiers resolved");
        Assert.True(localReads > 1000, $"{localReads} local reads, {resolved} of {occurrences} resolved, {bound} bound of {files.Length}");
    }
}
