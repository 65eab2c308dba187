using Milo.Compiler.Syntax;

namespace Milo.Compiler.Formatting;

/// <summary>
/// Whether one space separates two tokens written on the same line. The canonical spacing: binary operators, `=`,
/// `=&gt;` and `-&gt;` spaced; nothing inside `( )`/`[ ]`, before `, : . ? )` or around `.. :: .`; one space after
/// `,` and `:`, after keywords and before `{`; `{ a }` padded when kept on one line; prefix operators tight.
/// A space is also forced wherever joining two tokens would lex differently (`& &x`, `a - -b`, two names).
/// </summary>
internal static class TokenSpacing
{
    private static readonly HashSet<TokenKind> BinaryOperators =
    [
        TokenKind.Plus, TokenKind.Minus, TokenKind.Star, TokenKind.Slash, TokenKind.Percent, TokenKind.Equal,
        TokenKind.EqualEqual, TokenKind.BangEqual, TokenKind.Less, TokenKind.Greater, TokenKind.LessEqual,
        TokenKind.GreaterEqual, TokenKind.AmpAmp, TokenKind.PipePipe, TokenKind.FatArrow, TokenKind.Arrow,
        TokenKind.Pipe, TokenKind.Caret, TokenKind.QuestionQuestion, TokenKind.Amp,
    ];

    public static bool SpaceBetween(TokenAnalysis a, int prevIndex, int index)
    {
        var want = Wanted(a, prevIndex, index);
        return want || MustSeparate(a.Tokens[prevIndex].Text, a.Tokens[index].Text);
    }

    private static bool IsBinary(TokenAnalysis a, int i)
    {
        var k = a.Tokens[i].Kind;
        if (!BinaryOperators.Contains(k) || a.IsPrefixOperator[i]) return false;
        return !(k is TokenKind.Less or TokenKind.Greater && a.IsGenericBracket[i]);
    }

    private static bool IsWordLike(TokenKind k) => k is TokenKind.Identifier or TokenKind.IntLiteral
        or TokenKind.FloatLiteral or TokenKind.StringLiteral or TokenKind.InterpolatedString or TokenKind.CharLiteral
        || (k >= TokenKind.FnKeyword && k <= TokenKind.InterfaceKeyword);

    private static bool IsKeyword(TokenKind k) => k >= TokenKind.FnKeyword && k <= TokenKind.InterfaceKeyword;

    private static bool Wanted(TokenAnalysis a, int pi, int i)
    {
        var p = a.Tokens[pi];
        var t = a.Tokens[i];
        // `<<` / `>>` are two tokens whose adjacency is meaningful (shift vs two brackets): keep it as written.
        if (p.Kind == t.Kind && t.Kind is TokenKind.Less or TokenKind.Greater) return t.SpaceBefore;

        // `{ a }` written on one line keeps its padding; `{}` stays empty.
        if (p.Kind == TokenKind.LBrace) return t.Kind != TokenKind.RBrace;
        if (t.Kind == TokenKind.RBrace) return true;

        if (p.Kind is TokenKind.LParen or TokenKind.LBracket or TokenKind.Dot or TokenKind.ColonColon
            or TokenKind.DotDot or TokenKind.DotDotDot or TokenKind.At) return false;
        if (a.IsPrefixOperator[pi]) return false;
        if (t.Kind is TokenKind.RParen or TokenKind.RBracket or TokenKind.Comma or TokenKind.Dot
            or TokenKind.ColonColon or TokenKind.Question or TokenKind.Colon or TokenKind.DotDot
            or TokenKind.DotDotDot) return false;

        // `[u8 ; 4]` (the reference corpus's spelling of array types and repeats); elsewhere `a; b`.
        if (t.Kind == TokenKind.Semicolon)
            return a.Enclosing[i] >= 0 && a.Tokens[a.Enclosing[i]].Kind == TokenKind.LBracket;
        if (p.Kind == TokenKind.Semicolon) return true;

        if (t.Kind == TokenKind.Bang && !a.IsPrefixOperator[i]) return false; // postfix unwrap: `f()!`
        if (t.Kind is TokenKind.Less or TokenKind.Greater && a.IsGenericBracket[i]) return false;
        if (p.Kind == TokenKind.Less && a.IsGenericBracket[pi]) return false;

        if (IsBinary(a, i) || IsBinary(a, pi)) return true;
        if (a.IsPrefixOperator[i]) return true; // `= -x`, `return !ok`, `(a, *p)` handled above
        if (p.Kind is TokenKind.Comma or TokenKind.Colon) return true;
        if (t.Kind == TokenKind.LBrace) return true;
        if (IsKeyword(p.Kind))
        {
            // `fn(i32): i32` is a function type; every other keyword is followed by a space.
            if (p.Kind == TokenKind.FnKeyword && t.Kind == TokenKind.LParen) return false;
            return true;
        }
        if (IsWordLike(t.Kind) && (a.EndsOperand(pi) || p.Kind == TokenKind.Greater)) return true;
        if (p.Kind == TokenKind.RParen && t.Kind is TokenKind.LBrace) return true;
        return false;
    }

    private static readonly string[] MultiCharPunctuation =
        ["...", "..", "->", "::", "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "//", "/*"];

    /// <summary>True when writing the two texts back to back would change how they lex.</summary>
    public static bool MustSeparate(string left, string right)
    {
        if (left.Length == 0 || right.Length == 0) return false;
        char l = left[^1], r = right[0];
        if (IsWordChar(l) && (IsWordChar(r) || r is '"' or '\'' or '$')) return true;
        if (l is '"' or '\'' && IsWordChar(r)) return true;
        var joined = left[^1..] + right[..Math.Min(2, right.Length)];
        foreach (var p in MultiCharPunctuation)
            if (joined.StartsWith(p, StringComparison.Ordinal) && !right.StartsWith(p, StringComparison.Ordinal)) return true;
        return false;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
