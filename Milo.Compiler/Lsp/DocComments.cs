using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Lsp;

/// <summary>
/// The doc comment of a declaration: the `///` lines directly above it (above its annotations too), without the slashes.
/// Plain `//` lines directly above count too (the std modules document their items that way), except `// @…` test
/// annotations.
/// </summary>
internal static class DocComments
{
    public static string? For(SyntaxNode decl)
    {
        var src = decl.Location.Source;
        int start = decl.Location.Start;
        if (decl is DeclSyntax d && d.Annotations.Count > 0) start = Math.Min(start, d.Annotations.Min(a => a.Location.Start));
        int line = src.GetLine(start) - 1;
        // `pub` before the keyword sits on the same line: nothing to skip.
        var lines = new List<string>();
        for (; line >= 1; line--)
        {
            var t = src.GetLineText(line).Trim();
            if (t.StartsWith("///")) { lines.Add(t[3..].StartsWith(' ') ? t[4..] : t[3..]); continue; }
            if (t.StartsWith("//") && !t.StartsWith("// @")) { lines.Add(t[2..].StartsWith(' ') ? t[3..] : t[2..]); continue; }
            if (t.StartsWith('@')) continue;   // an annotation on its own line between the comment and the item
            break;
        }
        if (lines.Count == 0) return null;
        lines.Reverse();
        return string.Join("\n", lines);
    }

    /// <summary>The declaration's source text from its first token up to its body (`fn f(a: i64): i64`, `struct P`).</summary>
    public static string Header(SyntaxNode decl, int? bodyStart = null)
    {
        var src = decl.Location.Source;
        int end = bodyStart ?? decl.Location.End;
        var text = src.Text.Substring(decl.Location.Start, Math.Max(0, Math.Min(end, src.Text.Length) - decl.Location.Start));
        int brace = bodyStart == null ? text.IndexOf('{') : -1;
        if (brace >= 0) text = text[..brace];
        return string.Join(" ", text.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
    }
}
