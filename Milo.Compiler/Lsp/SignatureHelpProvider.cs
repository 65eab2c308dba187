using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Lsp;

/// <summary>`textDocument/signatureHelp`: inside `f(…)` / `x.m(…)` / `T.m(…)`, the callee's parameters and which one the cursor is in.</summary>
internal static class SignatureHelpProvider
{
    public static object? Help(OpenDocument doc, int offset)
    {
        var text = doc.Text;
        // Walk back to the unmatched `(`, counting top-level commas (strings and nested brackets skipped).
        int depth = 0, commas = 0, i = offset - 1;
        for (; i >= 0; i--)
        {
            char c = text[i];
            if (c == '"') { i = text.LastIndexOf('"', Math.Max(i - 1, 0)); if (i < 0) return null; continue; }
            if (c is ')' or ']' or '}') depth++;
            else if (c is '[' or '{') { if (depth == 0) return null; depth--; }
            else if (c == '(') { if (depth == 0) break; depth--; }
            else if (c == ',' && depth == 0) commas++;
            else if (c == ';') return null;
        }
        if (i < 0) return null;
        int nameEnd = i;
        while (nameEnd > 0 && char.IsWhiteSpace(text[nameEnd - 1])) nameEnd--;
        int nameStart = nameEnd;
        while (nameStart > 0 && LspText.IsIdentChar(text[nameStart - 1])) nameStart--;
        if (nameStart == nameEnd) return null;
        var name = text[nameStart..nameEnd];

        var a = doc.Navigable;
        var resolver = new SymbolResolver(a);
        ResolvedSymbol? sym = null;
        if (resolver.OccurrenceAt(nameStart) is { } occ && occ.Name.Start == nameStart && occ.Text == name) sym = resolver.Resolve(occ);
        sym ??= resolver.TopLevel(name);
        if (sym?.Declaration is not { } declLoc || FindFunction(a, declLoc) is not { } fn) return null;

        bool isMethodCall = nameStart > 0 && text[nameStart - 1] == '.';
        var ps = fn.Parameters.Where((p, k) => !(k == 0 && p.Name == "self" && isMethodCall)).ToList();
        var parameters = ps.Select(p => new { label = Slice(p.Location) }).ToList();
        var ret = fn.ReturnType != null ? ": " + Slice(fn.ReturnType.Location) : "";
        var label = $"{fn.Name.Text}({string.Join(", ", parameters.Select(p => p.label))}){ret}";
        return new
        {
            signatures = new[] { new { label, documentation = DocComments.For(fn), parameters } },
            activeSignature = 0,
            activeParameter = Math.Min(commas, Math.Max(ps.Count - 1, 0)),
        };
    }

    private static string Slice(Location l) => l.Source.Text.Substring(l.Start, l.Length);

    /// <summary>The function/method declaration whose name is written at <paramref name="name"/>, in any parsed file.</summary>
    public static FunctionDeclSyntax? FindFunction(DocumentAnalysis a, Location name)
    {
        foreach (var u in a.Units)
        {
            if (!ReferenceEquals(u.Source, name.Source)) continue;
            foreach (var d in u.Decls)
            {
                IEnumerable<FunctionDeclSyntax> fns = d switch
                {
                    FunctionDeclSyntax f => new[] { f },
                    ImplDeclSyntax i => i.Methods,
                    TraitDeclSyntax t => t.Methods,
                    InterfaceDeclSyntax it => it.Methods,
                    _ => Array.Empty<FunctionDeclSyntax>(),
                };
                foreach (var f in fns) if (f.Name.Location.Start == name.Start) return f;
            }
        }
        return null;
    }
}
