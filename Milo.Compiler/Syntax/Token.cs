using Milo.Compiler.Text;

namespace Milo.Compiler.Syntax;

/// <summary>One piece of an f-string: literal text (escape-processed UTF-8) or the source range of an interpolated expression.</summary>
internal sealed record FStringPart(bool IsExpression, byte[] Text, int Start, int Length);

/// <summary>
/// A lexed token. <see cref="Value"/> holds the decoded literal: <c>ulong</c> (int), <c>double</c> (float),
/// <c>byte[]</c> (string, UTF-8), <c>byte</c> (char) or <c>List&lt;FStringPart&gt;</c> (interpolated string).
/// </summary>
internal sealed class Token(TokenKind kind, Location location, string text, bool newlineBefore, bool spaceBefore, object? value = null)
{
    public TokenKind Kind { get; } = kind;
    public Location Location { get; } = location;
    /// <summary>The source text of the token ("" for end of file).</summary>
    public string Text { get; } = text;
    /// <summary>A line break occurs between the previous token and this one (or this is the first token).</summary>
    public bool NewlineBefore { get; } = newlineBefore;
    /// <summary>Whitespace or a comment separates this token from the previous one.</summary>
    public bool SpaceBefore { get; } = spaceBefore;
    public object? Value { get; } = value;

    /// <summary>How the token is shown in messages: `unexpected token '…'`.</summary>
    public string Display
    {
        get
        {
            if (Kind == TokenKind.EndOfFile) return "EOF";
            var t = Text.Replace("\r", "").Replace("\n", "\\n");
            return t.Length > 40 ? t[..37] + "..." : t;
        }
    }

    public override string ToString() => $"{Kind} '{Display}' at {Location}";
}
