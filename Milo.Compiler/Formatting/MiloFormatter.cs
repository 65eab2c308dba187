using Milo.Compiler.Diagnostics;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Formatting;

/// <summary>
/// `milo fmt`: rewrites a Milo file in the canonical layout (docs/formatter.md). Only whitespace between tokens
/// changes: every token and every comment is kept, and the result is checked — it must lex to the same tokens with the
/// same line breaks where the parser cares, and parse without errors — before it is returned. A file that does not
/// parse is returned unchanged with its diagnostics.
/// </summary>
internal static class MiloFormatter
{
    public static FormatResult Format(string path, string text)
    {
        var source = new SourceText(path, text);
        var parseDiagnostics = new DiagnosticBag();
        SyntaxParser.Parse(source, parseDiagnostics);
        if (parseDiagnostics.HasErrors)
            return new FormatResult(text, parseDiagnostics.Where(d => d.IsError).ToList());

        var tokens = new Lexer(source, new DiagnosticBag()).Tokenize();
        string formatted;
        try
        {
            formatted = LayoutWriter.Write(text, tokens);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Refuse(source, text, $"internal formatter error: {ex.Message}");
        }
        var problem = FormatVerifier.Compare(source, tokens, formatted);
        return problem == null ? new FormatResult(formatted, []) : Refuse(source, text, problem);
    }

    private static FormatResult Refuse(SourceText source, string text, string message) =>
        new(text, [Refusal(new Location(source, 0, 0), Errors.FormatterRefused.With(message))]);

    private static Diagnostic Refusal(Location location, DiagnosticMessage message) =>
        new(location, message.Text, message.Id.Severity, null, message.Id.Code);
}
