using System.Text.RegularExpressions;
using StreamJsonRpc;

namespace Milo.Compiler.Lsp;

/// <summary>
/// `textDocument/rename` of locals, parameters, functions and methods: every occurrence that resolves to the same
/// declaration — for locals in their document, for functions and methods in every open document. Std items are not
/// renamable.
/// </summary>
internal static partial class RenameProvider
{
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    private static readonly HashSet<string> Reserved = new()
    {
        "fn", "let", "var", "if", "else", "while", "for", "in", "return", "break", "continue", "match", "struct", "enum",
        "impl", "trait", "interface", "type", "from", "import", "extern", "unsafe", "move", "pub", "true", "false", "null",
        "is", "as", "parallel", "self", "Self",
    };

    private static ResolvedSymbol? Target(OpenDocument doc, int offset, out NameOccurrence? occ)
    {
        occ = null;
        if (!doc.Current.IsBound) return null;
        var r = new SymbolResolver(doc.Current);
        occ = r.OccurrenceAt(offset);
        if (occ == null || r.Resolve(occ) is not { } sym || sym.Key == null || sym.Declaration is not { } decl) return null;
        if (sym.Kind is not (SymbolKindTag.Local or SymbolKindTag.Parameter or SymbolKindTag.Function or SymbolKindTag.Method)) return null;
        var path = decl.Source.FilePath.Replace('\\', '/');
        if (path.StartsWith("std/") || path.StartsWith("<") || sym.Name == "main" || sym.Name == "self") return null;
        return sym;
    }

    public static object? Prepare(OpenDocument doc, int offset)
        => Target(doc, offset, out var occ) is { } sym ? new { range = LspText.Range(occ!.Name), placeholder = sym.Name } : null;

    public static object Rename(LspWorkspace ws, OpenDocument doc, int offset, string newName)
    {
        if (!Identifier().IsMatch(newName) || Reserved.Contains(newName))
            throw new LocalRpcException($"'{newName}' is not a valid Milo identifier") { ErrorCode = -32803 };
        var sym = Target(doc, offset, out _)
                  ?? throw new LocalRpcException(doc.Current.IsBound
                      ? "only locals, parameters, functions and methods declared in your files can be renamed"
                      : "the document has syntax errors: fix them before renaming") { ErrorCode = -32803 };
        var docs = sym.Kind is SymbolKindTag.Local or SymbolKindTag.Parameter ? new[] { doc } : ws.Documents.ToArray();
        var changes = new Dictionary<string, List<object>>();
        foreach (var d in docs)
        {
            var a = d.Current;
            if (!a.IsBound) continue;
            var r = new SymbolResolver(a);
            var seen = new HashSet<int>();
            var edits = new List<object>();
            foreach (var o in a.Occurrences)
                if (r.Resolve(o)?.Key == sym.Key && seen.Add(o.Name.Start))
                    edits.Add(new { range = LspText.Range(o.Name), newText = newName });
            if (edits.Count > 0) changes[d.Uri] = edits;
        }
        return new { changes };
    }
}
