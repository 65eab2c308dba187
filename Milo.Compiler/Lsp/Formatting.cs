using Milo.Compiler.Formatting;

namespace Milo.Compiler.Lsp;

/// <summary>
/// `textDocument/formatting` through `milo fmt`'s formatter (<see cref="MiloFormatter"/>): one edit replacing the whole
/// document, or no edit when it is already formatted. A document that does not parse is not formatted: the request
/// fails with the formatter's first diagnostic (the editor shows it; the text stays as it is).
/// </summary>
internal static class Formatting
{
    public static bool Available => true;

    public static object? Format(OpenDocument doc)
    {
        var result = MiloFormatter.Format(DocUris.ToPath(doc.Uri), doc.Text);
        if (result.HasErrors)
            throw new StreamJsonRpc.LocalRpcException($"cannot format: {result.Diagnostics.First(d => d.IsError)}") { ErrorCode = -32803 };
        if (result.Text == doc.Text) return Array.Empty<object>();
        var src = doc.Current.Source;
        return new[] { new { range = LspText.Range(src, 0, src.Text.Length), newText = result.Text } };
    }
}
