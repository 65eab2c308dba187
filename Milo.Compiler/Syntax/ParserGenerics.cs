using Milo.Compiler.Diagnostics;
using Milo.Compiler.Text;

namespace Milo.Compiler.Syntax;

/// <summary>Generic heads in expressions: `Name<T>.member`, `Name<T> { … }` struct literals and `Name<T>(…)` method type arguments.</summary>
internal sealed partial class Parser
{
    /// <summary>
    /// Cheap pre-check before speculating on `Name&lt;…&gt;`: the tokens from <paramref name="index"/> (a `&lt;`) form a
    /// balanced, type-like sequence followed by `.ident` or (where allowed) `{`.
    /// </summary>
    private bool LooksLikeGenericHead(int index)
    {
        int after = ScanTypeArgs(index);
        if (after < 0) return false;
        var t = _tokens[after];
        if (t.Kind == TokenKind.Dot) return after + 1 < _tokens.Count && _tokens[after + 1].Kind == TokenKind.Identifier;
        return t.Kind == TokenKind.LBrace && !_noStructLiteral;
    }

    /// <summary>
    /// Scans type arguments starting at the `&lt;` at <paramref name="index"/> without building anything; returns the index just
    /// past the matching `&gt;`, or -1 if a token that cannot appear in a type comes first (bounded work).
    /// </summary>
    private int ScanTypeArgs(int index)
    {
        int depth = 0;
        int limit = Math.Min(_tokens.Count, index + MaxSpeculationTokens);
        for (int i = index; i < limit; i++)
        {
            switch (_tokens[i].Kind)
            {
                case TokenKind.Less: depth++; break;
                case TokenKind.Greater:
                    if (--depth == 0) return i + 1;
                    break;
                case TokenKind.Identifier: case TokenKind.Comma: case TokenKind.Amp: case TokenKind.AmpAmp:
                case TokenKind.Star: case TokenKind.LBracket: case TokenKind.RBracket: case TokenKind.Semicolon:
                case TokenKind.IntLiteral: case TokenKind.LParen: case TokenKind.RParen: case TokenKind.FatArrow:
                case TokenKind.Question: case TokenKind.MutKeyword: case TokenKind.Minus: case TokenKind.DotDot:
                    break;
                default:
                    return -1;
            }
        }
        return -1;
    }

    private List<ExprSyntax> ExpectCallParens()
    {
        Expect(TokenKind.LParen);
        return new List<ExprSyntax>();
    }

    /// <summary>Speculative `Name&lt;Types&gt;` followed by `.ident` or (where allowed) `{`; null if that is not what follows.</summary>
    private NamedTypeSyntax? ParseGenericTypeHead()
    {
        var nameTok = Advance();
        var typeArgs = ParseTypeArgs();
        if (_speculationFailed) return null;
        var type = new NamedTypeSyntax(Span(nameTok.Location), nameTok.Text, typeArgs);
        if (At(TokenKind.Dot) && PeekIs(1, TokenKind.Identifier)) return type;
        if (At(TokenKind.LBrace) && !_noStructLiteral) return type;
        return null;
    }

    /// <summary>After the type: `.member` and an optional same-line call.</summary>
    private ExprSyntax ParseTypeMember(NamedTypeSyntax type)
    {
        Expect(TokenKind.Dot);
        var member = ExpectIdentifier();
        ExprSyntax expr = new TypeMemberExprSyntax(Span(type.Location), type, member);
        var typeArgs = TryParseMethodTypeArgs(member.Text);
        if (typeArgs != null || At(TokenKind.LParen) && SameLine)
        {
            var args = ParseArguments();
            expr = new CallExprSyntax(Span(type.Location), expr, typeArgs ?? new List<TypeSyntax>(), args);
        }
        return expr;
    }

    /// <summary>
    /// `&lt;Types&gt;` right after a capitalized method name and directly followed by `(` on the same line — explicit type
    /// arguments of a generic .NET method (`Enumerable.Empty&lt;i64&gt;()`, `list.ConvertAll&lt;string&gt;(f)`), written like
    /// `sizeOf&lt;T&gt;()`. Null (nothing consumed) when that is not what follows.
    /// </summary>
    private List<TypeSyntax>? TryParseMethodTypeArgs(string name)
    {
        if (!At(TokenKind.Less) || !IsCapitalized(name) || !SameLine) return null;
        int after = ScanTypeArgs(_pos);
        if (after < 0 || after >= _tokens.Count || _tokens[after].Kind != TokenKind.LParen || _tokens[after].NewlineBefore) return null;
        return Speculate(() =>
        {
            var args = ParseTypeArgs();
            return _speculationFailed || !At(TokenKind.LParen) ? null : args;
        });
    }
}
