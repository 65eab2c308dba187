using Milo.Compiler.Diagnostics;

namespace Milo.Compiler.Formatting;

/// <summary>
/// The outcome of formatting one file: the formatted text, or the original text unchanged together with the
/// diagnostics explaining why it could not be formatted (a parse error).
/// </summary>
internal sealed record FormatResult(string Text, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
