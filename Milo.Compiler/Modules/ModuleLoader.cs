using Milo.Compiler.Diagnostics;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Modules;

/// <summary>
/// Resolves `from "path" import { … }` transitively, parses every reachable file once, validates imported names and
/// merges all declarations into one <see cref="DeclarationTable"/> (built-in prelude first, then the main file, then its
/// imports depth-first — later declarations win, as in the reference).
/// </summary>
internal sealed class ModuleLoader(DiagnosticBag diagnostics)
{
    private readonly Dictionary<string, CompilationUnitSyntax> _parsed = new();
    private readonly List<CompilationUnitSyntax> _order = new();

    /// <summary>Every file parsed by <see cref="Load"/> (std prelude, main file, imports) in merge order: `milo lsp` reads their syntax.</summary>
    public IReadOnlyList<CompilationUnitSyntax> Units => _order;

    /// <summary>Declarations every program sees: the built-in Option and Result enums (a program may redeclare them).</summary>
    private const string BuiltinPrelude = """
        enum Option<T> { Some(T), None }
        enum Result<T, E> { Ok(T), Err(E) }
        """;

    public DeclarationTable Load(SourceText main)
    {
        var prelude = SyntaxParser.Parse(new SourceText("<prelude>", BuiltinPrelude), diagnostics);
        // std/prelude (when present) is merged first, like the reference's auto-imported prelude.
        if (StdModules.TryGet("std/prelude") is { } stdPrelude)
            Visit(new SourceText("std/prelude.milo", stdPrelude), "<std>/std/prelude");
        Visit(main, Path.GetFullPath(main.FilePath));
        StdNameClashes.Apply(_order, _parsed, diagnostics);
        var table = new DeclarationTable();
        table.Add(prelude);
        foreach (var u in _order) table.Add(u);
        return table;
    }

    private CompilationUnitSyntax Visit(SourceText source, string fullPath)
    {
        Milo.Compiler.Diagnostics.CompilerProgress.Parsing(source);
        var unit = SyntaxParser.Parse(source, diagnostics);
        _parsed[fullPath] = unit;
        _order.Add(unit);
        foreach (var imp in unit.Decls.OfType<ImportDeclSyntax>())
        {
            if (DotNetImportPaths.IsDotNet(imp.Path)) continue;   // CLR types: resolved by the binder (Binding/DotNet)
            var resolved = Resolve(imp.Path, fullPath);
            if (resolved == null)
            {
                var shown = imp.Path.EndsWith(".milo") ? imp.Path : imp.Path + ".milo";
                diagnostics.Report(imp.Location, Errors.ImportCannotOpen.With(shown),
                    help: imp.Path.StartsWith("std/") ? Spelling.DidYouMean(imp.Path.EndsWith(".milo") ? imp.Path[..^5] : imp.Path, StdModules.Paths) : null);
                continue;
            }
            if (!_parsed.TryGetValue(resolved.Value.Key, out var target))
                target = Visit(resolved.Value.Source, resolved.Value.Key);
            var names = DeclarationTable.DeclaredNames(target);
            foreach (var n in imp.Names)
                if (!names.Contains(n.Text) && !StdNameClashes.IsAlternateName(imp.Path, n.Text))
                    diagnostics.Report(imp.Location, Errors.ImportNotFound.With(n.Text, imp.Path), help: Spelling.DidYouMean(n.Text, names));
        }
        return unit;
    }

    private (string Key, SourceText Source)? Resolve(string path, string fromFile)
    {
        if (path.Contains('\0')) return null;   // not a file name (Path.GetFullPath would throw)
        var rel = path.EndsWith(".milo") ? path : path + ".milo";
        var dir = Path.GetDirectoryName(fromFile) ?? ".";
        var candidate = Path.GetFullPath(Path.Combine(dir, rel));
        if (File.Exists(candidate))
        {
            if (_parsed.ContainsKey(candidate)) return (candidate, _parsed[candidate].Source);
            string text;
            try { text = File.ReadAllText(candidate); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }   // reported as "cannot open"
            return (candidate, new SourceText(Path.GetRelativePath(Environment.CurrentDirectory, candidate), text));
        }
        if (StdModules.TryGet(path) is { } std)
        {
            var key = "<std>/" + path;
            if (_parsed.ContainsKey(key)) return (key, _parsed[key].Source);
            return (key, new SourceText(path + ".milo", std));
        }
        return null;
    }
}
