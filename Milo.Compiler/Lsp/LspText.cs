using Milo.Compiler.Text;

namespace Milo.Compiler.Lsp;

/// <summary>LSP positions (0-based line, UTF-16 character — the same units as a .NET string) ↔ offsets in a text.</summary>
internal static class LspText
{
    public static int ToOffset(string text, int line, int character)
    {
        int offset = 0;
        for (int l = 0; l < line; l++)
        {
            int nl = text.IndexOf('\n', offset);
            if (nl < 0) return text.Length;
            offset = nl + 1;
        }
        int lineEnd = text.IndexOf('\n', offset);
        if (lineEnd < 0) lineEnd = text.Length;
        return Math.Min(offset + Math.Max(character, 0), lineEnd);
    }

    public static object Position(SourceText src, int offset)
    {
        offset = Math.Clamp(offset, 0, src.Text.Length);
        return new { line = src.GetLine(offset) - 1, character = src.GetColumn(offset) - 1 };
    }

    public static object Range(SourceText src, int start, int end) => new { start = Position(src, start), end = Position(src, end) };

    public static object Range(Location loc) => Range(loc.Source, loc.Start, loc.End);

    /// <summary>The text with an LSP content change applied (a ranged edit, or the whole text when range is absent).</summary>
    public static string ApplyChange(string text, (int Line, int Character)? start, (int Line, int Character)? end, string newText)
    {
        if (start is not { } s || end is not { } e) return newText;
        int a = ToOffset(text, s.Line, s.Character), b = ToOffset(text, e.Line, e.Character);
        if (b < a) (a, b) = (b, a);
        return string.Concat(text.AsSpan(0, a), newText, text.AsSpan(b));
    }

    public static bool IsIdentChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
