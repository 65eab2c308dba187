using System.Reflection;
using System.Text.RegularExpressions;

namespace Milo.Compiler.Diagnostics;

/// <summary>
/// The explanation of each diagnostic code: docs/diagnostics.md, embedded in the compiler (`milo explain CODE` prints a
/// section). DiagnosticsCatalogueTests keeps the file and the <see cref="Errors"/> catalogue in step.
/// </summary>
internal static partial class DiagnosticDocs
{
    private static IReadOnlyDictionary<string, string>? _sections;

    /// <summary>Code → its section of docs/diagnostics.md (heading to the line before the next heading).</summary>
    public static IReadOnlyDictionary<string, string> Sections => _sections ??= Parse(LoadMarkdown());

    public static string LoadMarkdown()
    {
        using var stream = typeof(DiagnosticDocs).Assembly.GetManifestResourceStream("docs/diagnostics.md")
            ?? throw new InvalidOperationException("docs/diagnostics.md is not embedded in the compiler");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n");
    }

    /// <summary>Splits the markdown at `## CODE: title` headings.</summary>
    public static Dictionary<string, string> Parse(string markdown)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var heads = Heading().Matches(markdown);
        for (int i = 0; i < heads.Count; i++)
        {
            int end = i + 1 < heads.Count ? heads[i + 1].Index : markdown.Length;
            result[heads[i].Groups[1].Value] = markdown[heads[i].Index..end].TrimEnd() + "\n";
        }
        return result;
    }

    [GeneratedRegex(@"^## ([EW]\d{4}):", RegexOptions.Multiline)]
    private static partial Regex Heading();
}
