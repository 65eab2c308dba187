using Milo.Compiler.Diagnostics;
using Milo.Compiler.Text;

namespace Milo.Compiler.Syntax;

internal sealed partial class Parser
{
    private static readonly HashSet<string> RangeableTypes = new()
    {
        "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "int", "byte",
    };

    /// <summary>Parses a type, including the postfix `?` option sugar.</summary>
    private TypeSyntax ParseType(bool allowOptionSugar = true)
    {
        EnterNesting();
        try
        {
            var type = ParseNonOptionType();
            while (allowOptionSugar && At(TokenKind.Question))
            {
                Advance();
                type = new OptionTypeSyntax(Span(type.Location), type);
            }
            return type;
        }
        finally { ExitNesting(); }
    }

    private TypeSyntax ParseNonOptionType()
    {
        var start = Current.Location;
        switch (Current.Kind)
        {
            case TokenKind.Amp:
            {
                Advance();
                bool isMut = Accept(TokenKind.MutKeyword);
                var inner = ParseType();
                return new RefTypeSyntax(Span(start), isMut, inner);
            }
            case TokenKind.AmpAmp:
            {
                // `&&T` — a reference to a reference; lexed as one token.
                Advance();
                var inner = ParseType();
                return new RefTypeSyntax(Span(start), false, new RefTypeSyntax(inner.Location, false, inner));
            }
            case TokenKind.Star:
            {
                Advance();
                var inner = ParseType();
                return new PointerTypeSyntax(Span(start), inner);
            }
            case TokenKind.LBracket:
            {
                Advance();
                var element = ParseType();
                long? size = null;
                if (Accept(TokenKind.Semicolon))
                {
                    if (At(TokenKind.IntLiteral))
                    {
                        var t = Advance();
                        size = unchecked((long)(ulong)t.Value!);
                    }
                    else Error(Current.Location, Errors.ExpectedIntegerLiteral.With(Current.Display));
                }
                Expect(TokenKind.RBracket);
                return new ArrayTypeSyntax(Span(start), element, size);
            }
            case TokenKind.LParen:
                return ParseFunctionType();
            case TokenKind.FnKeyword when Peek(1).Kind == TokenKind.LParen:
                return ParseFnKeywordType();
            case TokenKind.Identifier:
                return ParseNamedOrRangedType();
            default:
                Error(Current.Location, Errors.ExpectedType.With(Current.Display));
                return new NamedTypeSyntax(new Location(_source, start.Start, 0), "<error>", new List<TypeSyntax>());
        }
    }

    private TypeSyntax ParseFunctionType()
    {
        var start = Advance().Location; // (
        var parameters = new List<TypeSyntax>();
        while (!At(TokenKind.RParen) && !AtEnd)
        {
            int before = _pos;
            parameters.Add(ParseType());
            if (!Accept(TokenKind.Comma)) break;
            if (_pos == before) break;
        }
        Expect(TokenKind.RParen);
        Expect(TokenKind.FatArrow);
        var ret = ParseType();
        return new FunctionTypeSyntax(Span(start), parameters, ret);
    }

    /// <summary>`fn(T, U): R` — the reference docs' spelling of the function type `(T, U) => R` (std/signal's onSignal).</summary>
    private TypeSyntax ParseFnKeywordType()
    {
        var start = Advance().Location; // fn
        Expect(TokenKind.LParen);
        var parameters = new List<TypeSyntax>();
        while (!At(TokenKind.RParen) && !AtEnd)
        {
            int before = _pos;
            parameters.Add(ParseType());
            if (!Accept(TokenKind.Comma)) break;
            if (_pos == before) break;
        }
        Expect(TokenKind.RParen);
        Expect(TokenKind.Colon);
        var ret = ParseType();
        return new FunctionTypeSyntax(Span(start), parameters, ret);
    }

    private TypeSyntax ParseNamedOrRangedType()
    {
        var nameTok = Advance();
        var typeArgs = new List<TypeSyntax>();
        if (At(TokenKind.Less)) typeArgs = ParseTypeArgs();
        var named = new NamedTypeSyntax(Span(nameTok.Location), nameTok.Text, typeArgs);
        if (typeArgs.Count == 0 && At(TokenKind.LParen) && SameLine && RangeableTypes.Contains(nameTok.Text))
            return ParseRange(named);
        return named;
    }

    /// <summary>`&lt;T, U&gt;` (commas optional). Current token is `&lt;`.</summary>
    private List<TypeSyntax> ParseTypeArgs()
    {
        var args = new List<TypeSyntax>();
        Expect(TokenKind.Less);
        while (!At(TokenKind.Greater) && !AtEnd)
        {
            int before = _pos;
            args.Add(ParseType());
            Accept(TokenKind.Comma);
            if (_pos == before || _recovering || (_speculating > 0 && _speculationFailed)) break;
            if (_speculating > 0 && _pos - _speculationStart > MaxSpeculationTokens) { _speculationFailed = true; break; }
        }
        Expect(TokenKind.Greater);
        return args;
    }

    private TypeSyntax ParseRange(NamedTypeSyntax baseType)
    {
        Advance(); // (
        long low = ParseSignedIntForRange();
        Expect(TokenKind.DotDot);
        long high = ParseSignedIntForRange();
        Expect(TokenKind.RParen);
        return new RangedTypeSyntax(Span(baseType.Location), baseType, low, high);
    }

    private long ParseSignedIntForRange()
    {
        bool negative = Accept(TokenKind.Minus);
        if (!At(TokenKind.IntLiteral))
        {
            Error(Current.Location, Errors.ExpectedIntegerLiteral.With(Current.Display));
            return 0;
        }
        var t = Advance();
        ulong v = (ulong)t.Value!;
        if (negative)
        {
            if (v > 9223372036854775808UL) { Error(t.Location, Errors.RangeBoundOutOfRange.With()); return 0; }
            return unchecked(-(long)v);
        }
        if (v > long.MaxValue) { Error(t.Location, Errors.RangeBoundOutOfRange.With()); return 0; }
        return (long)v;
    }

    // ---- patterns -------------------------------------------------------------------------------------------------

    /// <summary>A match-arm / if-let / is pattern.</summary>
    private PatternSyntax ParsePattern()
    {
        var start = Current.Location;
        switch (Current.Kind)
        {
            case TokenKind.Identifier when Current.Text == "_" && !PeekIs(1, TokenKind.Dot):
                Advance();
                return new WildcardPatternSyntax(start);
            case TokenKind.IntLiteral:
            case TokenKind.FloatLiteral:
            case TokenKind.StringLiteral:
            case TokenKind.CharLiteral:
            case TokenKind.TrueKeyword:
            case TokenKind.FalseKeyword:
                return new LiteralPatternSyntax(start, ParseLiteral());
            case TokenKind.Minus when PeekIs(1, TokenKind.IntLiteral) || PeekIs(1, TokenKind.FloatLiteral):
            {
                Advance();
                var lit = ParseLiteral();
                var neg = new UnaryExprSyntax(Span(start), UnaryOp.Negate, lit);
                return new LiteralPatternSyntax(Span(start), neg);
            }
            case TokenKind.Identifier:
            {
                var enumName = ExpectIdentifier();
                Expect(TokenKind.Dot);
                var variant = ExpectIdentifier();
                List<NameSyntax>? bindings = null;
                if (At(TokenKind.LParen))
                {
                    Advance();
                    bindings = new List<NameSyntax>();
                    while (!At(TokenKind.RParen) && !AtEnd)
                    {
                        int before = _pos;
                        if (At(TokenKind.DotDot)) { Advance(); Accept(TokenKind.Comma); continue; }
                        bindings.Add(ExpectIdentifier());
                        Accept(TokenKind.Comma);
                        if (_pos == before || _recovering) break;
                    }
                    Expect(TokenKind.RParen);
                }
                return new VariantPatternSyntax(Span(start), enumName, variant, bindings);
            }
            default:
                Error(Current.Location, Errors.ExpectedPattern.With(Current.Display));
                return new WildcardPatternSyntax(new Location(_source, start.Start, 0));
        }
    }
}
