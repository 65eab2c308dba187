using System.Globalization;
using System.Reflection;

namespace Milo.Compiler.Diagnostics;

/// <summary>
/// One entry of the diagnostics catalogue (<see cref="Errors"/>): a stable code (documented in docs/diagnostics.md, printed
/// by `milo explain CODE`), a severity and a string.Format message template. Several templates may share a code: a code
/// names a kind of mistake, a template one wording of it.
/// </summary>
internal sealed class DiagnosticId(string code, string template, DiagnosticSeverity severity = DiagnosticSeverity.Error)
{
    public string Code { get; } = code;
    public string Template { get; } = template;
    public DiagnosticSeverity Severity { get; } = severity;
    /// <summary>The field name in <see cref="Errors"/> (set when the catalogue is enumerated).</summary>
    public string Name { get; internal set; } = "";

    /// <summary>The message with the template's holes filled (culture-invariant, so output does not depend on the locale).</summary>
    public DiagnosticMessage With(params object?[] args)
        => new(this, string.Format(CultureInfo.InvariantCulture, Template, args));

    public override string ToString() => $"{Code} {Name}: {Template}";
}

/// <summary>A formatted message together with the catalogue entry it came from.</summary>
internal readonly record struct DiagnosticMessage(DiagnosticId Id, string Text);

internal static partial class Errors
{
    private static IReadOnlyList<DiagnosticId>? _all;

    /// <summary>Every catalogue entry, ordered by code then name.</summary>
    public static IReadOnlyList<DiagnosticId> All => _all ??= typeof(Errors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticId))
        .Select(f => { var id = (DiagnosticId)f.GetValue(null)!; id.Name = f.Name; return id; })
        .OrderBy(id => id.Code, StringComparer.Ordinal).ThenBy(id => id.Name, StringComparer.Ordinal)
        .ToList();
}
