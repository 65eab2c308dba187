namespace Milo.Compiler.Lsp;

/// <summary>Hover (signature with the type, and the `///` doc comment) and go-to-definition.</summary>
internal static class Navigation
{
    public static object? Hover(OpenDocument doc, int offset)
    {
        var a = doc.Navigable;
        var r = new SymbolResolver(a);
        var occ = r.OccurrenceAt(offset);
        if (occ == null || r.Resolve(occ) is not { } sym) return null;
        var md = $"```milo\n{sym.Signature}\n```";
        if (sym.Doc != null) md += "\n\n" + sym.Doc;
        return new
        {
            contents = new { kind = "markdown", value = md },
            range = a == doc.Current ? LspText.Range(occ.Name) : null,   // positions of an older analysis may have moved
        };
    }

    public static object? Definition(OpenDocument doc, int offset)
    {
        var a = doc.Navigable;
        var sym = new SymbolResolver(a).At(offset);
        if (sym?.Declaration is not { } decl) return null;
        return new { uri = DocUris.For(decl.Source, a.Source, a.Uri), range = LspText.Range(decl) };
    }
}
