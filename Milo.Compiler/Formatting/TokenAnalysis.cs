using Milo.Compiler.Syntax;

namespace Milo.Compiler.Formatting;

/// <summary>
/// Facts about a token stream that the layout needs and that depend only on the tokens (never on their spacing), so
/// formatting twice gives the same answer: matching brackets, which `&lt;`/`&gt;` are generic brackets, which
/// operators are prefix (unary), which `{ … }` pairs were written on one line.
/// </summary>
internal sealed class TokenAnalysis
{
    public IReadOnlyList<Token> Tokens { get; }
    /// <summary>For an opening bracket, the index of its closer (and vice versa); -1 when unmatched.</summary>
    public int[] Partner { get; }
    public bool[] IsGenericBracket { get; }
    public bool[] IsPrefixOperator { get; }
    /// <summary>The bracket that encloses each token (-1 at top level).</summary>
    public int[] Enclosing { get; }

    public TokenAnalysis(IReadOnlyList<Token> tokens)
    {
        Tokens = tokens;
        int n = tokens.Count;
        Partner = new int[n];
        Enclosing = new int[n];
        IsGenericBracket = new bool[n];
        IsPrefixOperator = new bool[n];
        Array.Fill(Partner, -1);
        var stack = new Stack<int>();
        for (int i = 0; i < n; i++)
        {
            var k = tokens[i].Kind;
            if (IsCloser(k) && stack.Count > 0 && Matches(tokens[stack.Peek()].Kind, k))
            {
                int open = stack.Pop();
                Partner[open] = i;
                Partner[i] = open;
            }
            Enclosing[i] = stack.Count > 0 ? stack.Peek() : -1;
            if (IsOpener(k)) stack.Push(i);
        }
        for (int i = 0; i < n; i++)
            if (tokens[i].Kind == TokenKind.Less && !IsGenericBracket[i]) MarkGeneric(i);
        for (int i = 0; i < n; i++) IsPrefixOperator[i] = ComputePrefix(i);
    }

    public static bool IsOpener(TokenKind k) => k is TokenKind.LParen or TokenKind.LBracket or TokenKind.LBrace;
    public static bool IsCloser(TokenKind k) => k is TokenKind.RParen or TokenKind.RBracket or TokenKind.RBrace;

    private static bool Matches(TokenKind open, TokenKind close) => (open, close) is
        (TokenKind.LParen, TokenKind.RParen) or (TokenKind.LBracket, TokenKind.RBracket) or (TokenKind.LBrace, TokenKind.RBrace);

    public int Line(int i) => Tokens[i].Location.Line;

    /// <summary>`{` whose `}` is on the same source line: kept on one line as `{ a, b }`.</summary>
    public bool IsInlineBrace(int i)
    {
        int other = Partner[i];
        return other >= 0 && Tokens[i].Kind is TokenKind.LBrace or TokenKind.RBrace && Line(i) == Line(other);
    }

    /// <summary>A multi-line `{ … }` block: its body goes on its own, indented lines.</summary>
    public bool IsBlockBrace(int i) => Tokens[i].Kind is TokenKind.LBrace or TokenKind.RBrace && !IsInlineBrace(i);

    /// <summary>
    /// `&lt;` opens a generic argument list when it follows a name (or `impl`) and a matching `&gt;` is reached through
    /// type-like tokens only. Spacing is all this decides: the parser, not this guess, gives the program its meaning.
    /// </summary>
    private void MarkGeneric(int open)
    {
        if (open == 0) return;
        var prev = Tokens[open - 1].Kind;
        if (prev is not (TokenKind.Identifier or TokenKind.ImplKeyword or TokenKind.ColonColon)) return;
        if (open + 1 < Tokens.Count && Tokens[open + 1].Kind == TokenKind.Less && !Tokens[open + 1].SpaceBefore) return; // <<
        int depth = 0;
        var marks = new List<int>();
        for (int i = open; i < Tokens.Count; i++)
        {
            var k = Tokens[i].Kind;
            if (k == TokenKind.Less) { depth++; marks.Add(i); }
            else if (k == TokenKind.Greater)
            {
                depth--;
                marks.Add(i);
                if (depth == 0)
                {
                    foreach (var m in marks) IsGenericBracket[m] = true;
                    return;
                }
            }
            else if (!IsTypeLike(k)) return;
        }
    }

    private static bool IsTypeLike(TokenKind k) => k is TokenKind.Identifier or TokenKind.Comma or TokenKind.Amp
        or TokenKind.MutKeyword or TokenKind.ColonColon or TokenKind.Dot or TokenKind.LBracket or TokenKind.RBracket
        or TokenKind.Semicolon or TokenKind.IntLiteral or TokenKind.Star or TokenKind.Colon or TokenKind.Plus
        or TokenKind.Question or TokenKind.FnKeyword or TokenKind.Arrow or TokenKind.LParen or TokenKind.RParen;

    /// <summary>Tokens after which an operator is binary (an operand has just ended).</summary>
    public bool EndsOperand(int i)
    {
        var t = Tokens[i];
        return t.Kind switch
        {
            TokenKind.Identifier or TokenKind.IntLiteral or TokenKind.FloatLiteral or TokenKind.StringLiteral
                or TokenKind.InterpolatedString or TokenKind.CharLiteral or TokenKind.TrueKeyword
                or TokenKind.FalseKeyword or TokenKind.NullKeyword or TokenKind.RParen or TokenKind.RBracket
                or TokenKind.RBrace or TokenKind.Question => true,
            TokenKind.Bang => !IsPrefixOperator[i],
            TokenKind.Greater => IsGenericBracket[i],
            _ => false,
        };
    }

    private bool ComputePrefix(int i)
    {
        var t = Tokens[i];
        if (t.Kind is not (TokenKind.Minus or TokenKind.Bang or TokenKind.Star or TokenKind.Amp or TokenKind.Tilde)) return false;
        if (i == 0 || t.NewlineBefore) return true;
        return !EndsOperand(i - 1);
    }
}
