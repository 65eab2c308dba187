namespace Milo.Compiler.Formatting;

/// <summary>A comment found between two tokens, with how many line breaks preceded it inside that gap.</summary>
internal sealed record CommentTrivia(string Text, int NewlinesBefore, bool IsBlock, bool SpansLines);

/// <summary>What lies between two tokens: comments, and the number of line breaks after the last comment.</summary>
internal sealed record TriviaGap(IReadOnlyList<CommentTrivia> Comments, int NewlinesAfterComments)
{
    public int TotalNewlines => Comments.Sum(c => c.NewlinesBefore) + NewlinesAfterComments;
}

/// <summary>
/// Reads the whitespace and comments between two tokens back out of the source text. The lexer drops trivia, so the
/// formatter recovers it from the gap; the rules mirror <see cref="Syntax.Lexer"/> exactly (`//` to end of line,
/// `/* … */` not nested), which is what makes the formatter unable to swallow or invent code.
/// </summary>
internal static class TriviaScanner
{
    public static TriviaGap Scan(string text, int start, int end)
    {
        var comments = new List<CommentTrivia>();
        int newlines = 0;
        int pos = start;
        while (pos < end)
        {
            char c = text[pos];
            if (c == '\n') { newlines++; pos++; }
            else if (c == '/' && pos + 1 < end && text[pos + 1] == '/')
            {
                int s = pos;
                while (pos < end && text[pos] != '\n') pos++;
                comments.Add(new CommentTrivia(text[s..pos].TrimEnd(), newlines, false, false));
                newlines = 0;
            }
            else if (c == '/' && pos + 1 < end && text[pos + 1] == '*')
            {
                int s = pos;
                pos += 2;
                while (pos < end && !(text[pos] == '*' && pos + 1 < end && text[pos + 1] == '/')) pos++;
                pos = Math.Min(pos + 2, end);
                var body = text[s..pos].Replace("\r\n", "\n");
                comments.Add(new CommentTrivia(body, newlines, true, body.Contains('\n')));
                newlines = 0;
            }
            else pos++; // spaces, tabs, carriage returns, a byte-order mark
        }
        return new TriviaGap(comments, newlines);
    }
}
