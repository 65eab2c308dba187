using Milo.Compiler.Syntax;
using static Milo.Tests.Syntax.SyntaxTestHelpers;

namespace Milo.Tests.Syntax;

public class LexerTests
{
    private static List<Token> LexClean(string text)
    {
        var (tokens, bag) = Lex(text);
        Assert.True(bag.Count == 0, string.Join("\n", bag.Select(d => d.ToString())));
        return tokens;
    }

    private static Token Single(string text)
    {
        var tokens = LexClean(text);
        Assert.Equal(2, tokens.Count);
        Assert.Equal(TokenKind.EndOfFile, tokens[1].Kind);
        return tokens[0];
    }

    [Theory]
    [InlineData("0", 0UL)]
    [InlineData("123", 123UL)]
    [InlineData("1_000_000", 1000000UL)]
    [InlineData("0x1F", 31UL)]
    [InlineData("0X1f", 31UL)]
    [InlineData("0xFF_FF", 65535UL)]
    [InlineData("0b1010", 10UL)]
    [InlineData("0B1010", 10UL)]
    [InlineData("9223372036854775807", 9223372036854775807UL)]
    [InlineData("18446744073709551615", 18446744073709551615UL)]
    [InlineData("0xFFFFFFFFFFFFFFFF", 18446744073709551615UL)]
    public void IntegerLiterals(string text, ulong value)
    {
        var t = Single(text);
        Assert.Equal(TokenKind.IntLiteral, t.Kind);
        Assert.Equal(value, (ulong)t.Value!);
    }

    [Theory]
    [InlineData("18446744073709551616")]
    [InlineData("0x1_0000_0000_0000_0000")]
    [InlineData("99999999999999999999999")]
    public void IntegerOverflowIsReported(string text)
    {
        var (_, bag) = Lex(text);
        Assert.Contains(bag, d => d.Message == "integer literal too large");
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("3.14159", 3.14159)]
    [InlineData("1_000.25", 1000.25)]
    [InlineData("0.0", 0.0)]
    public void FloatLiterals(string text, double value)
    {
        var t = Single(text);
        Assert.Equal(TokenKind.FloatLiteral, t.Kind);
        Assert.Equal(value, (double)t.Value!);
    }

    [Fact]
    public void IntFollowedByDotIsNotAFloat()
    {
        var tokens = LexClean("1.toString()");
        Assert.Equal(new[] { TokenKind.IntLiteral, TokenKind.Dot, TokenKind.Identifier, TokenKind.LParen, TokenKind.RParen, TokenKind.EndOfFile },
            tokens.Select(t => t.Kind));
        // No exponent and no suffix: `1e5` is `1` then identifier `e5`; `0o17` is `0` then `o17`.
        Assert.Equal(new[] { TokenKind.IntLiteral, TokenKind.Identifier, TokenKind.EndOfFile }, LexClean("1e5").Select(t => t.Kind));
        Assert.Equal(new[] { TokenKind.IntLiteral, TokenKind.Identifier, TokenKind.EndOfFile }, LexClean("0o17").Select(t => t.Kind));
    }

    [Theory]
    [InlineData("\"a\\nb\"", new byte[] { 97, 10, 98 })]
    [InlineData("\"\\t\\r\\\\\\\"\\0\"", new byte[] { 9, 13, 92, 34, 0 })]
    [InlineData("\"\\x41\"", new byte[] { 0x41 })]
    [InlineData("\"\\x1b[0m\"", new byte[] { 0x1b, (byte)'[', (byte)'0', (byte)'m' })]
    [InlineData("\"\\xff\"", new byte[] { 0xC3, 0xBF })]
    [InlineData("\"\\q\\'\"", new byte[] { (byte)'q', (byte)'\'' })]
    [InlineData("\"é\"", new byte[] { 0xC3, 0xA9 })]
    [InlineData("\"😀\"", new byte[] { 0xF0, 0x9F, 0x98, 0x80 })]
    [InlineData("\"line1\nline2\"", new byte[] { 108, 105, 110, 101, 49, 10, 108, 105, 110, 101, 50 })]
    public void StringEscapes(string text, byte[] expected)
    {
        var t = Single(text);
        Assert.Equal(TokenKind.StringLiteral, t.Kind);
        Assert.Equal(expected, (byte[])t.Value!);
    }

    [Fact]
    public void UnterminatedString()
    {
        var (tokens, bag) = Lex("let s = \"abc");
        Assert.Contains(bag, d => d.Message == "unterminated string");
        Assert.Equal(TokenKind.EndOfFile, tokens[^1].Kind);
    }

    [Theory]
    [InlineData("'A'", 65)]
    [InlineData("'\\n'", 10)]
    [InlineData("'\\t'", 9)]
    [InlineData("'\\r'", 13)]
    [InlineData("'\\\\'", 92)]
    [InlineData("'\\''", 39)]
    [InlineData("'\\0'", 0)]
    [InlineData("'\\\"'", 34)]
    [InlineData("'é'", 233)]
    public void CharLiterals(string text, int value)
    {
        var t = Single(text);
        Assert.Equal(TokenKind.CharLiteral, t.Kind);
        Assert.Equal((byte)value, (byte)t.Value!);
    }

    [Theory]
    [InlineData("'\\x41'", "unterminated char literal")]
    [InlineData("'ab'", "unterminated char literal")]
    [InlineData("'€'", "character literal out of range (must be at most 255)")]
    public void BadCharLiterals(string text, string message)
    {
        var (_, bag) = Lex(text);
        Assert.Contains(bag, d => d.Message == message);
    }

    [Fact]
    public void FStringParts()
    {
        const string src = "$\"a{x + 1}b{f(\"s\")}\"";
        var t = Single(src);
        Assert.Equal(TokenKind.InterpolatedString, t.Kind);
        var parts = (List<FStringPart>)t.Value!;
        Assert.Equal(4, parts.Count);
        Assert.False(parts[0].IsExpression);
        Assert.Equal("a", Utf8(parts[0].Text));
        Assert.True(parts[1].IsExpression);
        Assert.Equal("x + 1", src.Substring(parts[1].Start, parts[1].Length));
        Assert.Equal("b", Utf8(parts[2].Text));
        Assert.Equal("f(\"s\")", src.Substring(parts[3].Start, parts[3].Length));
    }

    [Fact]
    public void FStringNestedBracesAndEscapes()
    {
        const string src = "$\"\\t{m({1})}\\}x\"";
        var parts = (List<FStringPart>)Single(src).Value!;
        Assert.Equal("\t", Utf8(parts[0].Text));
        Assert.Equal("m({1})", src.Substring(parts[1].Start, parts[1].Length));
        Assert.Equal("}x", Utf8(parts[2].Text));
    }

    [Fact]
    public void FStringBackslashBracesAreLiteralBraces()
    {
        // Issue 16: `\{` and `\}` escape braces and `\"` a quote (the reference's `\{` opened an interpolation).
        var t = Single("$\"\\{x\\}\"");
        Assert.Equal(TokenKind.StringLiteral, t.Kind);
        Assert.Equal("{x}", Utf8((byte[])t.Value!));
        const string src = "$\"\\{\\\"id\\\": {id}\\}\"";
        var parts = (List<FStringPart>)Single(src).Value!;
        Assert.Equal(3, parts.Count);
        Assert.Equal("{\"id\": ", Utf8(parts[0].Text));
        Assert.Equal("id", src.Substring(parts[1].Start, parts[1].Length));
        Assert.Equal("}", Utf8(parts[2].Text));
    }

    [Fact]
    public void FStringWithoutBracesIsAPlainString()
    {
        var t = Single("$\"hello\\n}\"");
        Assert.Equal(TokenKind.StringLiteral, t.Kind);
        Assert.Equal("hello\n}", Utf8((byte[])t.Value!));
    }

    [Fact]
    public void ShiftsAreTwoTokensWithAdjacency()
    {
        var tokens = LexClean("a >> b > > c");
        Assert.Equal(TokenKind.Greater, tokens[1].Kind);
        Assert.Equal(TokenKind.Greater, tokens[2].Kind);
        Assert.False(tokens[2].SpaceBefore);
        Assert.Equal(TokenKind.Greater, tokens[4].Kind);
        Assert.True(tokens[5].SpaceBefore);
    }

    [Fact]
    public void Comments()
    {
        var tokens = LexClean("a // line comment\n/* block\n comment */ b /**/c /* x */ d");
        Assert.Equal(new[] { "a", "b", "c", "d", "" }, tokens.Select(t => t.Text));
        Assert.True(tokens[1].NewlineBefore);
        Assert.True(tokens[2].SpaceBefore);
        Assert.False(tokens[2].NewlineBefore);
        Assert.False(tokens[3].NewlineBefore);
    }

    [Fact]
    public void BlockCommentSpanningLinesCountsAsNewline()
    {
        var tokens = LexClean("a /* \n */ b");
        Assert.True(tokens[1].NewlineBefore);
    }

    [Fact]
    public void UnterminatedBlockComment()
    {
        var (tokens, bag) = Lex("a /* never closed\n b");
        Assert.Contains(bag, d => d.Message == "unterminated block comment");
        Assert.Equal(2, tokens.Count);
    }

    [Fact]
    public void UnexpectedCharacter()
    {
        var (tokens, bag) = Lex("a # b");
        Assert.Contains(bag, d => d.Message == "unexpected character: '#'");
        Assert.Equal(new[] { "a", "b", "" }, tokens.Select(t => t.Text));
    }

    [Fact]
    public void PunctuationAndKeywords()
    {
        var tokens = LexClean(":: -> => .. ... == != <= >= && || ?? ? ! ~ ^ @ ; fn parallel interface self Self pub");
        Assert.Equal(new[]
        {
            TokenKind.ColonColon, TokenKind.Arrow, TokenKind.FatArrow, TokenKind.DotDot, TokenKind.DotDotDot,
            TokenKind.EqualEqual, TokenKind.BangEqual, TokenKind.LessEqual, TokenKind.GreaterEqual, TokenKind.AmpAmp,
            TokenKind.PipePipe, TokenKind.QuestionQuestion, TokenKind.Question, TokenKind.Bang, TokenKind.Tilde,
            TokenKind.Caret, TokenKind.At, TokenKind.Semicolon, TokenKind.FnKeyword, TokenKind.ParallelKeyword,
            TokenKind.InterfaceKeyword, TokenKind.Identifier, TokenKind.Identifier, TokenKind.Identifier, TokenKind.EndOfFile,
        }, tokens.Select(t => t.Kind));
    }

    [Fact]
    public void LocationsAreExact()
    {
        var tokens = LexClean("fn main() {\n  let x = 1\n}");
        var let = tokens.First(t => t.Kind == TokenKind.LetKeyword);
        Assert.Equal(2, let.Location.Line);
        Assert.Equal(3, let.Location.Column);
        Assert.Equal(3, let.Location.Length);
    }
}
