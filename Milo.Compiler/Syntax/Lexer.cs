using System.Text;
using Milo.Compiler.Diagnostics;
using Milo.Compiler.Text;

namespace Milo.Compiler.Syntax;

/// <summary>
/// Turns (a range of) a <see cref="SourceText"/> into tokens. Never throws; errors go to the diagnostic bag and the
/// offending characters are skipped. A range lexer is used for f-string interpolations so locations stay exact.
/// </summary>
internal sealed class Lexer
{
    private static readonly Dictionary<string, TokenKind> Keywords = new()
    {
        ["fn"] = TokenKind.FnKeyword, ["extern"] = TokenKind.ExternKeyword, ["let"] = TokenKind.LetKeyword,
        ["var"] = TokenKind.VarKeyword, ["return"] = TokenKind.ReturnKeyword, ["if"] = TokenKind.IfKeyword,
        ["else"] = TokenKind.ElseKeyword, ["while"] = TokenKind.WhileKeyword, ["true"] = TokenKind.TrueKeyword,
        ["false"] = TokenKind.FalseKeyword, ["struct"] = TokenKind.StructKeyword, ["enum"] = TokenKind.EnumKeyword,
        ["match"] = TokenKind.MatchKeyword, ["mut"] = TokenKind.MutKeyword, ["import"] = TokenKind.ImportKeyword,
        ["from"] = TokenKind.FromKeyword, ["break"] = TokenKind.BreakKeyword, ["continue"] = TokenKind.ContinueKeyword,
        ["as"] = TokenKind.AsKeyword, ["trait"] = TokenKind.TraitKeyword, ["impl"] = TokenKind.ImplKeyword,
        ["for"] = TokenKind.ForKeyword, ["in"] = TokenKind.InKeyword, ["unsafe"] = TokenKind.UnsafeKeyword,
        ["move"] = TokenKind.MoveKeyword, ["null"] = TokenKind.NullKeyword, ["is"] = TokenKind.IsKeyword,
        ["type"] = TokenKind.TypeKeyword, ["parallel"] = TokenKind.ParallelKeyword, ["interface"] = TokenKind.InterfaceKeyword,
    };

    private readonly SourceText _source;
    private readonly string _text;
    private readonly DiagnosticBag _diagnostics;
    private readonly int _end;
    private int _pos;
    private bool _newline;
    private bool _space;

    public Lexer(SourceText source, DiagnosticBag diagnostics) : this(source, diagnostics, 0, source.Text.Length) { }

    /// <summary>Lexes only [start, end) of the source.</summary>
    public Lexer(SourceText source, DiagnosticBag diagnostics, int start, int end)
    {
        _source = source;
        _text = source.Text;
        _diagnostics = diagnostics;
        _pos = Math.Clamp(start, 0, _text.Length);
        _end = Math.Clamp(end, _pos, _text.Length);
    }

    public static bool IsKeyword(string name) => Keywords.ContainsKey(name);

    /// <summary>Lexes everything; the last token is always <see cref="TokenKind.EndOfFile"/>.</summary>
    public List<Token> Tokenize()
    {
        // About one token per 4 characters of typical source: sized up front instead of growing (and copying) a
        // million-entry list ~20 times for a large file.
        var tokens = new List<Token>(Math.Min((_end - _pos) / 4 + 16, 1 << 22));
        _newline = true;
        if (_pos == 0 && _pos < _end && _text[0] == '\uFEFF') _pos++;
        while (true)
        {
            SkipTrivia();
            if (_pos >= _end)
            {
                tokens.Add(new Token(TokenKind.EndOfFile, Loc(_end, 0), "", _newline, _space));
                return tokens;
            }
            var tok = LexToken();
            if (tok != null)
            {
                tokens.Add(tok);
                _newline = false;
                _space = false;
            }
        }
    }

    private char Ch(int offset = 0) => _pos + offset < _end ? _text[_pos + offset] : '\0';
    private Location Loc(int start, int length) => new(_source, start, length);
    private void Error(int start, int length, DiagnosticMessage message) => _diagnostics.Report(Loc(start, length), message);

    private void SkipTrivia()
    {
        while (_pos < _end)
        {
            char c = _text[_pos];
            if (c == '\n') { _newline = true; _space = true; _pos++; }
            else if (c == ' ' || c == '\t' || c == '\r') { _space = true; _pos++; }
            else if (c == '/' && Ch(1) == '/')
            {
                _space = true;
                while (_pos < _end && _text[_pos] != '\n') _pos++;
            }
            else if (c == '/' && Ch(1) == '*')
            {
                _space = true;
                int start = _pos;
                _pos += 2;
                bool closed = false;
                while (_pos < _end)
                {
                    if (_text[_pos] == '*' && Ch(1) == '/') { _pos += 2; closed = true; break; }
                    if (_text[_pos] == '\n') _newline = true;
                    _pos++;
                }
                if (!closed) Error(start, 2, Errors.UnterminatedBlockComment.With());
            }
            else break;
        }
    }

    private Token Make(TokenKind kind, int start, object? value = null)
        => new(kind, Loc(start, _pos - start), _text.Substring(start, _pos - start), _newline, _space, value);

    private Token Punct(TokenKind kind, int length)
    {
        int start = _pos;
        _pos += length;
        return new Token(kind, Loc(start, length), PunctText(kind), _newline, _space);
    }

    /// <summary>Source spelling of a punctuation token kind (empty for other kinds).</summary>
    internal static string PunctText(TokenKind kind) => kind switch
    {
        TokenKind.LParen => "(", TokenKind.RParen => ")", TokenKind.LBrace => "{", TokenKind.RBrace => "}",
        TokenKind.LBracket => "[", TokenKind.RBracket => "]", TokenKind.Colon => ":", TokenKind.Semicolon => ";",
        TokenKind.Comma => ",", TokenKind.Dot => ".", TokenKind.DotDot => "..", TokenKind.DotDotDot => "...",
        TokenKind.Arrow => "->", TokenKind.ColonColon => "::", TokenKind.FatArrow => "=>", TokenKind.Equal => "=",
        TokenKind.EqualEqual => "==", TokenKind.BangEqual => "!=", TokenKind.Less => "<", TokenKind.Greater => ">",
        TokenKind.LessEqual => "<=", TokenKind.GreaterEqual => ">=", TokenKind.Plus => "+", TokenKind.Minus => "-",
        TokenKind.Star => "*", TokenKind.Slash => "/", TokenKind.Percent => "%", TokenKind.Amp => "&",
        TokenKind.AmpAmp => "&&", TokenKind.Pipe => "|", TokenKind.PipePipe => "||", TokenKind.Caret => "^",
        TokenKind.Tilde => "~", TokenKind.Bang => "!", TokenKind.Question => "?", TokenKind.QuestionQuestion => "??",
        TokenKind.At => "@",
        _ => "",
    };

    /// <summary>Identifier/keyword texts are shared: a file mentions the same names many times.</summary>
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    private string InternName(int start, int length)
    {
        var lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        var span = _text.AsSpan(start, length);
        if (lookup.TryGetValue(span, out var existing)) return existing;
        var name = span.ToString();
        _names[name] = name;
        return name;
    }

    private Token? LexToken()
    {
        int start = _pos;
        char c = _text[_pos];
        if (IsIdentStart(c))
        {
            while (_pos < _end && IsIdentPart(_text[_pos])) _pos++;
            var name = InternName(start, _pos - start);
            return new Token(Keywords.TryGetValue(name, out var kw) ? kw : TokenKind.Identifier, Loc(start, _pos - start), name, _newline, _space);
        }
        if (c >= '0' && c <= '9') return LexNumber();
        switch (c)
        {
            case '"': return LexString();
            case '$' when Ch(1) == '"': return LexFString();
            case '\'': return LexChar();
            case '(': return Punct(TokenKind.LParen, 1);
            case ')': return Punct(TokenKind.RParen, 1);
            case '{': return Punct(TokenKind.LBrace, 1);
            case '}': return Punct(TokenKind.RBrace, 1);
            case '[': return Punct(TokenKind.LBracket, 1);
            case ']': return Punct(TokenKind.RBracket, 1);
            case ';': return Punct(TokenKind.Semicolon, 1);
            case ',': return Punct(TokenKind.Comma, 1);
            case ':': return Ch(1) == ':' ? Punct(TokenKind.ColonColon, 2) : Punct(TokenKind.Colon, 1);
            case '.':
                if (Ch(1) == '.') return Ch(2) == '.' ? Punct(TokenKind.DotDotDot, 3) : Punct(TokenKind.DotDot, 2);
                return Punct(TokenKind.Dot, 1);
            case '-': return Ch(1) == '>' ? Punct(TokenKind.Arrow, 2) : Punct(TokenKind.Minus, 1);
            case '=':
                if (Ch(1) == '>') return Punct(TokenKind.FatArrow, 2);
                return Ch(1) == '=' ? Punct(TokenKind.EqualEqual, 2) : Punct(TokenKind.Equal, 1);
            case '!': return Ch(1) == '=' ? Punct(TokenKind.BangEqual, 2) : Punct(TokenKind.Bang, 1);
            case '<': return Ch(1) == '=' ? Punct(TokenKind.LessEqual, 2) : Punct(TokenKind.Less, 1);
            case '>': return Ch(1) == '=' ? Punct(TokenKind.GreaterEqual, 2) : Punct(TokenKind.Greater, 1);
            case '+': return Punct(TokenKind.Plus, 1);
            case '*': return Punct(TokenKind.Star, 1);
            case '/': return Punct(TokenKind.Slash, 1);
            case '%': return Punct(TokenKind.Percent, 1);
            case '&': return Ch(1) == '&' ? Punct(TokenKind.AmpAmp, 2) : Punct(TokenKind.Amp, 1);
            case '|': return Ch(1) == '|' ? Punct(TokenKind.PipePipe, 2) : Punct(TokenKind.Pipe, 1);
            case '^': return Punct(TokenKind.Caret, 1);
            case '~': return Punct(TokenKind.Tilde, 1);
            case '?': return Ch(1) == '?' ? Punct(TokenKind.QuestionQuestion, 2) : Punct(TokenKind.Question, 1);
            case '@': return Punct(TokenKind.At, 1);
        }
        // Unknown character: report once (whole surrogate pair / code point) and skip it.
        int len = char.IsHighSurrogate(c) && char.IsLowSurrogate(Ch(1)) ? 2 : 1;
        Error(start, len, Errors.UnexpectedCharacter.With(_text.Substring(start, len)));
        _pos += len;
        _space = true;
        return null;
    }

    private static bool IsIdentStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';
    private static bool IsIdentPart(char c) => IsIdentStart(c) || c is >= '0' and <= '9';

    private Token LexNumber()
    {
        int start = _pos;
        char c1 = Ch(1);
        int radix = 10;
        if (_text[_pos] == '0' && (c1 == 'x' || c1 == 'X') && IsDigit(Ch(2), 16)) radix = 16;
        else if (_text[_pos] == '0' && (c1 == 'b' || c1 == 'B') && IsDigit(Ch(2), 2)) radix = 2;
        if (radix != 10) _pos += 2;

        ulong value = 0;
        bool overflow = false;
        int digitsStart = _pos;
        while (_pos < _end && (IsDigit(_text[_pos], radix) || (_text[_pos] == '_')))
        {
            char d = _text[_pos++];
            if (d == '_') continue;
            ulong dv = (ulong)HexValue(d);
            ulong r = (ulong)radix;
            if (value > (ulong.MaxValue - dv) / r) overflow = true;
            else value = value * r + dv;
        }

        if (radix == 10 && Ch() == '.' && IsDigit(Ch(1), 10))
        {
            _pos++;
            while (_pos < _end && (IsDigit(_text[_pos], 10) || _text[_pos] == '_')) _pos++;
            var ftext = _text.Substring(digitsStart, _pos - digitsStart).Replace("_", "");
            double.TryParse(ftext, System.Globalization.NumberStyles.AllowDecimalPoint,
                System.Globalization.CultureInfo.InvariantCulture, out var dvalue);
            return Make(TokenKind.FloatLiteral, start, dvalue);
        }

        if (overflow) Error(start, _pos - start, Errors.IntegerLiteralTooLarge.With());
        // Integer texts repeat (0, 1, 10 …): shared like identifiers.
        return new Token(TokenKind.IntLiteral, Loc(start, _pos - start), InternName(start, _pos - start), _newline, _space,
            value < (ulong)SmallInts.Length ? SmallInts[value] : value);
    }

    /// <summary>Boxed values of the most common integer literals (a token's Value is an object).</summary>
    private static readonly object[] SmallInts = Enumerable.Range(0, 1024).Select(i => (object)(ulong)i).ToArray();

    private static bool IsDigit(char c, int radix) => radix switch
    {
        2 => c is '0' or '1',
        16 => c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F'),
        _ => c is >= '0' and <= '9',
    };

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => 0,
    };

    /// <summary>Processes one escape sequence; _pos is at the character after the backslash.</summary>
    private void AppendEscape(StringBuilder sb)
    {
        if (_pos >= _end) return;
        char e = _text[_pos++];
        switch (e)
        {
            case 'n': sb.Append('\n'); break;
            case 't': sb.Append('\t'); break;
            case 'r': sb.Append('\r'); break;
            case '0': sb.Append('\0'); break;
            case 'x':
                if (IsDigit(Ch(), 16) && IsDigit(Ch(1), 16))
                {
                    sb.Append((char)(HexValue(Ch()) * 16 + HexValue(Ch(1))));
                    _pos += 2;
                }
                else sb.Append('x');
                break;
            default:
                sb.Append(e);
                if (char.IsHighSurrogate(e) && _pos < _end && char.IsLowSurrogate(_text[_pos])) sb.Append(_text[_pos++]);
                break;
        }
    }

    private static readonly UTF8Encoding Utf8 = new(false, false);

    private Token LexString()
    {
        int start = _pos;
        _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _end)
            {
                Error(start, 1, Errors.UnterminatedString.With());
                break;
            }
            char c = _text[_pos];
            if (c == '"') { _pos++; break; }
            _pos++;
            if (c == '\\') AppendEscape(sb);
            else sb.Append(c);
        }
        return Make(TokenKind.StringLiteral, start, Utf8.GetBytes(sb.ToString()));
    }

    private Token LexFString()
    {
        int start = _pos;
        _pos += 2;
        var parts = new List<FStringPart>();
        var sb = new StringBuilder();
        int textStart = _pos;
        bool any = false;

        void FlushText(int end)
        {
            if (sb.Length > 0) parts.Add(new FStringPart(false, Utf8.GetBytes(sb.ToString()), textStart, end - textStart));
            sb.Clear();
        }

        while (true)
        {
            if (_pos >= _end)
            {
                Error(start, 2, Errors.UnterminatedString.With());
                break;
            }
            char c = _text[_pos];
            if (c == '"') { FlushText(_pos); _pos++; break; }
            if (c == '{')
            {
                FlushText(_pos);
                _pos++;
                int exprStart = _pos;
                int depth = 1;
                while (_pos < _end)
                {
                    char d = _text[_pos];
                    if (d == '{') depth++;
                    else if (d == '}' && --depth == 0) break;
                    _pos++;
                }
                if (_pos >= _end)
                {
                    Error(start, 2, Errors.UnterminatedString.With());
                    break;
                }
                parts.Add(new FStringPart(true, Array.Empty<byte>(), exprStart, _pos - exprStart));
                any = true;
                _pos++; // '}'
                textStart = _pos;
                continue;
            }
            _pos++;
            if (c == '\\') AppendEscape(sb); // `\{`, `\}` and `\"` are the characters themselves
            else sb.Append(c);
        }

        if (!any)
        {
            var bytes = parts.SelectMany(p => p.Text).ToArray();
            return Make(TokenKind.StringLiteral, start, bytes);
        }
        return Make(TokenKind.InterpolatedString, start, parts);
    }

    private Token LexChar()
    {
        int start = _pos;
        _pos++;
        int value = 0;
        if (_pos >= _end || _text[_pos] == '\n')
        {
            Error(start, 1, Errors.UnterminatedCharLiteral.With());
            return Make(TokenKind.CharLiteral, start, (byte)0);
        }
        char c = _text[_pos++];
        if (c == '\'')
        {
            Error(start, 2, Errors.EmptyCharLiteral.With());
            return Make(TokenKind.CharLiteral, start, (byte)0);
        }
        if (c == '\\' && _pos < _end)
        {
            char e = _text[_pos++];
            value = e switch { 'n' => 10, 't' => 9, 'r' => 13, '0' => 0, _ => e };
        }
        else value = c;

        if (Ch() != '\'')
        {
            Error(start, 1, Errors.UnterminatedCharLiteral.With());
            // Skip to a closing quote on the same line, if any, to limit follow-on errors.
            int p = _pos;
            while (p < _end && _text[p] != '\n' && _text[p] != '\'') p++;
            if (p < _end && _text[p] == '\'') _pos = p + 1;
            return Make(TokenKind.CharLiteral, start, (byte)0);
        }
        _pos++;
        if (value > 255)
        {
            Error(start, _pos - start, Errors.CharLiteralOutOfRange.With());
            value = 0;
        }
        return Make(TokenKind.CharLiteral, start, (byte)value);
    }
}
