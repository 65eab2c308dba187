using Milo.Compiler.Diagnostics;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Formatting;

/// <summary>
/// The formatter's guarantee, checked on every run: the formatted text has the same tokens (kind and spelling), the
/// same line-break facts the parser looks at (`(` and `*` starting a line, adjacency of `&lt;&lt;`/`&gt;&gt;`), and
/// still parses. A mismatch is a formatter bug; the caller keeps the original text.
/// </summary>
internal static class FormatVerifier
{
    public static string? Compare(SourceText original, IReadOnlyList<Token> before, string formatted)
    {
        var source = new SourceText(original.FilePath, formatted);
        var after = new Lexer(source, new DiagnosticBag()).Tokenize();
        if (after.Count != before.Count)
            return $"internal formatter error: {before.Count} tokens became {after.Count}";
        for (int i = 0; i < before.Count; i++)
        {
            var b = before[i];
            var a = after[i];
            if (a.Kind != b.Kind || a.Text != b.Text)
                return $"internal formatter error: token '{b.Display}' at {b.Location} became '{a.Display}'";
            // `f\n(x)` is two statements, `f(x)` a call (the same for `[`, `*`, `-`); right after a `{` nothing is
            // continued, so the line break the layout adds there is harmless.
            bool newlineMatters = b.Kind is TokenKind.LParen or TokenKind.Star or TokenKind.LBracket or TokenKind.Minus
                && i > 0 && before[i - 1].Kind != TokenKind.LBrace;
            if (newlineMatters && a.NewlineBefore != b.NewlineBefore)
                return $"internal formatter error: line break before '{b.Display}' at {b.Location} changed";
            if (i > 0 && b.Kind is TokenKind.Less or TokenKind.Greater && before[i - 1].Kind == b.Kind && a.SpaceBefore != b.SpaceBefore)
                return $"internal formatter error: spacing of '{before[i - 1].Text}{b.Text}' at {b.Location} changed";
        }
        var bag = new DiagnosticBag();
        SyntaxParser.Parse(source, bag);
        var error = bag.FirstOrDefault(d => d.IsError);
        return error == null ? null : $"internal formatter error: the formatted text does not parse ({error.Message} at line {error.Location.Line})";
    }
}
