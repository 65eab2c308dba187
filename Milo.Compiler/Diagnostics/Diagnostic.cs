using Milo.Compiler.Text;

namespace Milo.Compiler.Diagnostics;

public enum DiagnosticSeverity { Error, Warning }

/// <summary>One compiler message, located in source.</summary>
public sealed class Diagnostic(Location location, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error, string? hint = null)
{
    public Location Location { get; } = location;
    public string Message { get; } = message;
    public DiagnosticSeverity Severity { get; } = severity;
    public string? Hint { get; } = hint;
    public bool IsError => Severity == DiagnosticSeverity.Error;
    /// <summary>Stable code such as E0301 (see <see cref="DiagnosticCodes"/>).</summary>
    public string Code => DiagnosticCodes.For(Message);

    /// <summary>`file.milo(line,col): error E0301: message` — the form MSBuild and IDEs parse.</summary>
    public string FormatMsBuild()
        => $"{Location.Source.FilePath}({Location.Line},{Location.Column}): {(IsError ? "error" : "warning")} {Code}: {Message}";

    /// <summary>`file.milo:line:col: error: message` followed by the source line and a caret.</summary>
    public string Format()
    {
        var sev = Severity == DiagnosticSeverity.Error ? "error" : "warning";
        var line = Location.Source.GetLineText(Location.Line);
        var caretPad = new string(' ', Math.Max(0, Location.Column - 1));
        var text = $"{Location}: {sev}: {Message} [{Code}]\n    {line.Replace('\t', ' ')}\n    {caretPad}^";
        if (Hint != null) text += $"\n    hint: {Hint}";
        return text;
    }

    public override string ToString() => $"{Location}: {(IsError ? "error" : "warning")}: {Message}";
}
