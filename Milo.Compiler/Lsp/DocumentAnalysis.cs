using Milo.Compiler.Binding;
using Milo.Compiler.Diagnostics;
using Milo.Compiler.Modules;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Lsp;

/// <summary>
/// One check of one document: parse (with its imports, read from disk / the embedded std), bind, warnings — the stages of
/// `milo check`, without lowering or emitting. Keeps the syntax of every file and the bound tree, indexed, for the
/// language features. Binding is skipped when parsing failed (the binder expects well-formed syntax); the server then
/// answers navigation questions from the last analysis that bound.
/// </summary>
internal sealed class DocumentAnalysis
{
    private List<NameOccurrence>? _occurrences;
    private BoundIndex? _index;

    private DocumentAnalysis(string uri, SourceText source)
    {
        Uri = uri;
        Source = source;
    }

    public string Uri { get; }
    public SourceText Source { get; }
    public DiagnosticBag Diagnostics { get; } = new();
    /// <summary>The document's own syntax (null only if the loader never got to it).</summary>
    public CompilationUnitSyntax? Unit { get; private set; }
    /// <summary>Every parsed file: std prelude, this document, its imports (transitively).</summary>
    public IReadOnlyList<CompilationUnitSyntax> Units { get; private set; } = Array.Empty<CompilationUnitSyntax>();
    public DeclarationTable? Declarations { get; private set; }
    public BoundProgram? Program { get; private set; }
    /// <summary>Parsed and bound (possibly with type errors): usable for navigation.</summary>
    public bool IsBound => Program != null;

    public BoundIndex Index => _index ??= new BoundIndex(Program ?? new BoundProgram(), Source);
    public List<NameOccurrence> Occurrences => _occurrences ??= Unit == null ? new() : SyntaxOccurrences.Collect(Unit);

    public static DocumentAnalysis Run(string uri, string text)
    {
        var a = new DocumentAnalysis(uri, new SourceText(DocUris.ToPath(uri), text));
        a.Analyze();
        return a;
    }

    private void Analyze()
    {
        var loader = new ModuleLoader(Diagnostics);
        try
        {
            Declarations = loader.Load(Source);
            Units = loader.Units;
            Unit = Units.FirstOrDefault(u => ReferenceEquals(u.Source, Source));
            if (Diagnostics.HasErrors) return;
            // A module without `main` (a file other files import) is checked as a library: no "no 'main'" error.
            bool library = Unit == null || !Unit.Decls.OfType<FunctionDeclSyntax>().Any(f => f.Name.Text == "main");
            Program = Binder.Bind(Declarations, Source, Diagnostics, debug: false, library);
            if (!Diagnostics.HasErrors)
            {
                Lowering.DropInsertion.Run(Program);   // warnings see the same tree as `milo check`
                Analysis.WarningAnalysis.Run(Program, Diagnostics, Analysis.WarningOptions.Default);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A compiler bug must not take the editor's server down: report it on the first line and keep going.
            Units = loader.Units;
            Unit ??= Units.FirstOrDefault(u => ReferenceEquals(u.Source, Source));
            Diagnostics.Report(new Location(Source, 0, 0), Errors.InternalCompilerError.With(e.GetType().Name, e.Message));
        }
    }

    /// <summary>The unit that was parsed from <paramref name="src"/>.</summary>
    public CompilationUnitSyntax? UnitOf(SourceText src) => Units.FirstOrDefault(u => ReferenceEquals(u.Source, src));

    /// <summary>The LSP `publishDiagnostics` entries: this document's diagnostics with their codes; those located in an
    /// imported file are shown on the first line, prefixed with their file:line:col.</summary>
    public List<object> LspDiagnostics()
    {
        var list = new List<object>();
        foreach (var d in Diagnostics)
        {
            bool here = ReferenceEquals(d.Location.Source, Source);
            var range = here ? LspText.Range(Source, d.Location.Start, Math.Max(d.Location.End, d.Location.Start + (d.Location.Length == 0 ? 1 : 0)))
                             : LspText.Range(Source, 0, 0);
            var message = here ? d.Message : $"{d.Location}: {d.Message}";
            if (d.Hint != null) message += $"\nhint: {d.Hint}";
            list.Add(new
            {
                range,
                severity = d.IsError ? 1 : 2,
                code = d.Code,
                source = "milo",
                message,
            });
        }
        return list;
    }
}
