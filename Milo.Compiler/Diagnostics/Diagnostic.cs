using Milo.Compiler.Text;

namespace Milo.Compiler.Diagnostics;

public enum DiagnosticSeverity { Error, Warning }

/// <summary>One compiler message, located in source.</summary>
public sealed class Diagnostic(Location location, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error, string? hint = null, string? code = null)
{
    public Location Location { get; } = location;
    public string Message { get; } = message;
    public DiagnosticSeverity Severity { get; } = severity;
    public string? Hint { get; } = hint;
    public bool IsError => Severity == DiagnosticSeverity.Error;
    /// <summary>
    /// Stable code such as E0301 (see <see cref="DiagnosticCodes"/>), or the explicit code it was created with — warnings
    /// (W00xx, see Analysis/WarningKind) keep theirs when `--deny` turns them into errors.
    /// </summary>
    public string Code => code ?? DiagnosticCodes.For(Message);

    /// <summary>`file.milo(line,col): error E0301: message` — the form MSBuild and IDEs parse.</summary>
    public string FormatMsBuild()
        => $"{Location.Source.FilePath}({Location.Line},{Location.Column}): {(IsError ? "error" : "warning")} {Code}: {Message}";

    /// <summary>
    /// `file:line:col: error: message [CODE]`, the source line and a caret. With <paramref name="color"/> (a terminal):
    /// the severity bold red (error) or yellow (warning), the location and the caret dim, `hint:` cyan — ANSI escapes only
    /// around those parts, so the uncoloured text is the same characters.
    /// </summary>
    public string Format(bool color = false)
    {
        var sev = Severity == DiagnosticSeverity.Error ? "error" : "warning";
        var (line, caret) = SourceLineWindow();
        var caretPad = new string(' ', caret);
        string Paint(string s, string code) => color ? $"\u001b[{code}m{s}\u001b[0m" : s;
        var sevColor = Severity == DiagnosticSeverity.Error ? "1;31" : "1;33";
        var text = $"{Paint($"{Location}:", "2")} {Paint(sev, sevColor)}: {Message} [{Code}]\n    {line.Replace('\t', ' ')}\n    {caretPad}{Paint("^", "2")}";
        if (Hint != null) text += $"\n    {Paint("hint:", "1;36")} {Hint}";
        return text;
    }

    /// <summary>
    /// The location's source line and the caret column in it — cut to a window of at most 160 characters around the
    /// column when the line is longer. (Found by the fuzz test: 40,000 diagnostics on one 220 KB line copied the whole
    /// line for each, ~9 GB of text, and `milo check` ran for minutes.)
    /// </summary>
    private (string Line, int Caret) SourceLineWindow()
    {
        const int Width = 160;
        var src = Location.Source;
        var text = src.Text;
        int pos = Math.Clamp(Location.Start, 0, text.Length);
        int lineStart = pos - (src.GetColumn(pos) - 1);
        int from = Math.Max(lineStart, pos - Width / 2);
        int scanEnd = Math.Min(text.Length, from + Width);
        int nl = text.IndexOf('\n', from, scanEnd - from);
        int to = nl >= 0 ? nl : scanEnd;
        bool cutEnd = nl < 0 && scanEnd < text.Length && text[scanEnd] is not ('\n' or '\r');
        var prefix = from > lineStart ? "..." : "";
        var line = prefix + text[from..to].TrimEnd('\r', '\n') + (cutEnd ? "..." : "");
        return (line, prefix.Length + (pos - from));
    }

    public override string ToString() => $"{Location}: {(IsError ? "error" : "warning")}: {Message}";
}
