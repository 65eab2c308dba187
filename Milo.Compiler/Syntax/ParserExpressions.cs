using Milo.Compiler.Diagnostics;
using Milo.Compiler.Text;

namespace Milo.Compiler.Syntax;

internal sealed partial class Parser
{
    /// <summary>Tokens that can begin an expression (used by the `return` newline rule).</summary>
    private static bool CanStartExpression(TokenKind kind) => kind is TokenKind.Identifier or TokenKind.IntLiteral
        or TokenKind.FloatLiteral or TokenKind.StringLiteral or TokenKind.InterpolatedString or TokenKind.CharLiteral
        or TokenKind.TrueKeyword or TokenKind.FalseKeyword or TokenKind.NullKeyword or TokenKind.LParen
        or TokenKind.LBracket or TokenKind.Minus or TokenKind.Bang or TokenKind.Tilde or TokenKind.Star
        or TokenKind.Amp or TokenKind.MoveKeyword;

    /// <summary>Parses a full expression (struct literals allowed unless inside a subject).</summary>
    internal ExprSyntax ParseExpression()
    {
        EnterNesting();
        try { return ParseCoalesce(); }
        finally { ExitNesting(); }
    }

    /// <summary>An if/while/for/match subject: `Name {` there starts the block, not a struct literal.</summary>
    private ExprSyntax ParseSubjectExpression()
    {
        bool saved = _noStructLiteral;
        _noStructLiteral = true;
        try { return ParseExpression(); }
        finally { _noStructLiteral = saved; }
    }

    /// <summary>An expression inside brackets/parentheses/arguments, where struct literals are always allowed.</summary>
    private ExprSyntax ParseNestedExpression()
    {
        bool saved = _noStructLiteral;
        _noStructLiteral = false;
        try { return ParseExpression(); }
        finally { _noStructLiteral = saved; }
    }

    private ExprSyntax Binary(ExprSyntax left, BinaryOp op, Location opLoc, ExprSyntax right)
        => new BinaryExprSyntax(Span(left.Location), op, opLoc, left, right);

    private ExprSyntax ParseCoalesce()
    {
        var left = ParseOr();
        if (At(TokenKind.QuestionQuestion))
        {
            var op = Advance();
            var right = ParseOr();
            left = Binary(left, BinaryOp.Coalesce, op.Location, right);
        }
        return left;
    }

    private ExprSyntax ParseOr()
    {
        var left = ParseAnd();
        while (At(TokenKind.PipePipe))
        {
            var op = Advance();
            left = Binary(left, BinaryOp.Or, op.Location, ParseAnd());
        }
        return left;
    }

    private ExprSyntax ParseAnd()
    {
        var left = ParseBitOr();
        while (At(TokenKind.AmpAmp))
        {
            var op = Advance();
            left = Binary(left, BinaryOp.And, op.Location, ParseBitOr());
        }
        return left;
    }

    private ExprSyntax ParseBitOr()
    {
        var left = ParseBitXor();
        while (At(TokenKind.Pipe))
        {
            var op = Advance();
            left = Binary(left, BinaryOp.BitOr, op.Location, ParseBitXor());
        }
        return left;
    }

    private ExprSyntax ParseBitXor()
    {
        var left = ParseBitAnd();
        while (At(TokenKind.Caret))
        {
            var op = Advance();
            left = Binary(left, BinaryOp.BitXor, op.Location, ParseBitAnd());
        }
        return left;
    }

    private ExprSyntax ParseBitAnd()
    {
        var left = ParseComparison();
        while (At(TokenKind.Amp) && !PeekIs(1, TokenKind.MutKeyword))
        {
            var op = Advance();
            left = Binary(left, BinaryOp.BitAnd, op.Location, ParseComparison());
        }
        return left;
    }

    private ExprSyntax ParseComparison()
    {
        var left = ParseShift();
        while (true)
        {
            BinaryOp op;
            switch (Current.Kind)
            {
                case TokenKind.EqualEqual: op = BinaryOp.Eq; break;
                case TokenKind.BangEqual: op = BinaryOp.Ne; break;
                case TokenKind.Less: op = BinaryOp.Lt; break;
                case TokenKind.Greater: op = BinaryOp.Gt; break;
                case TokenKind.LessEqual: op = BinaryOp.Le; break;
                case TokenKind.GreaterEqual: op = BinaryOp.Ge; break;
                case TokenKind.IsKeyword:
                {
                    Advance();
                    var pattern = ParsePattern();
                    return new IsExprSyntax(Span(left.Location), left, pattern);
                }
                default: return left;
            }
            var opTok = Advance();
            left = Binary(left, op, opTok.Location, ParseShift());
        }
    }

    /// <summary>`&lt;&lt;` / `&gt;&gt;`: two adjacent `&lt;`/`&gt;` tokens with nothing between them.</summary>
    private bool AtShift(out BinaryOp op)
    {
        op = BinaryOp.Shl;
        var next = Peek(1);
        if (At(TokenKind.Less) && next.Kind == TokenKind.Less && !next.SpaceBefore) { op = BinaryOp.Shl; return true; }
        if (At(TokenKind.Greater) && next.Kind == TokenKind.Greater && !next.SpaceBefore) { op = BinaryOp.Shr; return true; }
        return false;
    }

    private ExprSyntax ParseShift()
    {
        var left = ParseAdditive();
        while (AtShift(out var op))
        {
            var first = Advance();
            var second = Advance();
            left = Binary(left, op, first.Location.To(second.Location), ParseAdditive());
        }
        return left;
    }

    private ExprSyntax ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (At(TokenKind.Plus) || At(TokenKind.Minus))
        {
            var op = Advance();
            left = Binary(left, op.Kind == TokenKind.Plus ? BinaryOp.Add : BinaryOp.Sub, op.Location, ParseMultiplicative());
        }
        return left;
    }

    private ExprSyntax ParseMultiplicative()
    {
        var left = ParseUnary();
        while ((At(TokenKind.Star) && !Current.NewlineBefore) || At(TokenKind.Slash) || At(TokenKind.Percent))
        {
            var op = Advance();
            var bop = op.Kind switch { TokenKind.Star => BinaryOp.Mul, TokenKind.Slash => BinaryOp.Div, _ => BinaryOp.Rem };
            left = Binary(left, bop, op.Location, ParseUnary());
        }
        return left;
    }

    private ExprSyntax ParseUnary()
    {
        UnaryOp op;
        switch (Current.Kind)
        {
            case TokenKind.Minus: op = UnaryOp.Negate; break;
            case TokenKind.Bang: op = UnaryOp.Not; break;
            case TokenKind.Tilde: op = UnaryOp.BitNot; break;
            case TokenKind.Star: op = UnaryOp.Deref; break;
            case TokenKind.Amp: op = UnaryOp.AddressOf; break;
            default: return ParsePostfix(ParsePrimary());
        }
        EnterNesting();
        try
        {
            var opTok = Advance();
            var operand = ParseUnary();
            return new UnaryExprSyntax(Span(opTok.Location), op, operand);
        }
        finally { ExitNesting(); }
    }

    private ExprSyntax ParsePostfix(ExprSyntax expr)
    {
        while (true)
        {
            switch (Current.Kind)
            {
                case TokenKind.Dot:
                {
                    Advance();
                    var name = ExpectIdentifier();
                    var methodTypeArgs = TryParseMethodTypeArgs(name.Text);
                    if (methodTypeArgs != null || At(TokenKind.LParen) && SameLine)
                    {
                        var args = ParseArguments();
                        expr = new MethodCallExprSyntax(Span(expr.Location), expr, name, args, methodTypeArgs);
                    }
                    else expr = new FieldExprSyntax(Span(expr.Location), expr, name);
                    if (name.Text == "<error>") return expr;
                    break;
                }
                case TokenKind.LBracket:
                {
                    Advance();
                    var index = ParseNestedExpression();
                    if (Accept(TokenKind.DotDot))
                    {
                        var end = ParseNestedExpression();
                        Expect(TokenKind.RBracket);
                        expr = new SliceExprSyntax(Span(expr.Location), expr, index, end);
                    }
                    else
                    {
                        Expect(TokenKind.RBracket);
                        expr = new IndexExprSyntax(Span(expr.Location), expr, index);
                    }
                    break;
                }
                case TokenKind.LParen when SameLine && expr is not NameExprSyntax:
                {
                    // a call of a computed function value: `(h.f)(x)`, `v[0](x)`, `make()(x)` (a name's call is parsed by
                    // ParseIdentifierExpression; a `(` on the next line starts a new statement)
                    var args = ParseArguments();
                    expr = new CallExprSyntax(Span(expr.Location), expr, new List<TypeSyntax>(), args);
                    break;
                }
                case TokenKind.Bang:
                    Advance();
                    expr = new UnwrapExprSyntax(Span(expr.Location), expr);
                    break;
                case TokenKind.Question:
                    Advance();
                    expr = new PropagateExprSyntax(Span(expr.Location), expr);
                    break;
                case TokenKind.AsKeyword:
                {
                    Advance();
                    var type = ParseCastType();
                    expr = new CastExprSyntax(Span(expr.Location), expr, type);
                    break;
                }
                default:
                    return expr;
            }
        }
    }

    /// <summary>The type after `as`: no `?` sugar, and `Name &lt;` only starts type arguments if they close.</summary>
    private TypeSyntax ParseCastType()
    {
        if (At(TokenKind.Identifier) && PeekIs(1, TokenKind.Less))
        {
            if (ScanTypeArgs(_pos + 1) < 0)
            {
                var plain = Advance();
                return new NamedTypeSyntax(plain.Location, plain.Text, new List<TypeSyntax>());
            }
            var typed = Speculate(() => ParseType(allowOptionSugar: false));
            if (typed != null) return typed;
            var t = Advance();
            return new NamedTypeSyntax(t.Location, t.Text, new List<TypeSyntax>());
        }
        return ParseType(allowOptionSugar: false);
    }

    /// <summary>`( args )` with optional commas. Current token is `(`.</summary>
    private List<ExprSyntax> ParseArguments()
    {
        var args = new List<ExprSyntax>();
        Expect(TokenKind.LParen);
        while (!At(TokenKind.RParen) && !AtEnd && CanStartExpression(Current.Kind))
        {
            int before = _pos;
            args.Add(ParseNestedExpression());
            Accept(TokenKind.Comma);
            if (_pos == before || _recovering) break;
        }
        Expect(TokenKind.RParen);
        return args;
    }

    private ExprSyntax ErrorExpression(Location at) => new NameExprSyntax(new Location(_source, at.Start, 0), "<error>");

    private ExprSyntax ParseLiteral()
    {
        var t = Advance();
        return t.Kind switch
        {
            TokenKind.IntLiteral => new IntLiteralExprSyntax(t.Location, (ulong)t.Value!, t.Text.Replace("_", "")),
            TokenKind.FloatLiteral => new FloatLiteralExprSyntax(t.Location, (double)t.Value!, t.Text.Replace("_", "")),
            TokenKind.StringLiteral => new StringLiteralExprSyntax(t.Location, (byte[])t.Value!),
            TokenKind.CharLiteral => new CharLiteralExprSyntax(t.Location, (byte)t.Value!),
            TokenKind.TrueKeyword => new BoolLiteralExprSyntax(t.Location, true),
            TokenKind.FalseKeyword => new BoolLiteralExprSyntax(t.Location, false),
            TokenKind.NullKeyword => new NullLiteralExprSyntax(t.Location),
            _ => ErrorExpression(t.Location),
        };
    }

    private ExprSyntax ParsePrimary()
    {
        var start = Current.Location;
        switch (Current.Kind)
        {
            case TokenKind.IntLiteral:
            case TokenKind.FloatLiteral:
            case TokenKind.StringLiteral:
            case TokenKind.CharLiteral:
            case TokenKind.TrueKeyword:
            case TokenKind.FalseKeyword:
            case TokenKind.NullKeyword:
                return ParseLiteral();
            case TokenKind.InterpolatedString:
                return ParseInterpolatedString();
            case TokenKind.LParen:
                if (IsClosureStart(0)) return ParseClosure(isMove: false, start);
                return ParseParenthesized();
            case TokenKind.MoveKeyword:
                Advance();
                if (At(TokenKind.LParen) && IsClosureStart(0)) return ParseClosure(isMove: true, start);
                Error(start, Errors.MoveWithoutClosure.With());
                return ErrorExpression(start);
            case TokenKind.LBracket:
                return ParseArrayLiteral();
            case TokenKind.Identifier:
                return ParseIdentifierExpression();
            default:
                UnexpectedToken();
                return ErrorExpression(start);
        }
    }

    private ExprSyntax ParseParenthesized()
    {
        Advance();
        var inner = ParseNestedExpression();
        Expect(TokenKind.RParen);
        return inner;
    }

    /// <summary>`(` at offset n starts a closure: `()` then `=>`/`:`, or `ident :`.</summary>
    private bool IsClosureStart(int n)
    {
        var a = Peek(n + 1);
        var b = Peek(n + 2);
        if (a.Kind == TokenKind.RParen) return b.Kind is TokenKind.FatArrow or TokenKind.Colon;
        return a.Kind == TokenKind.Identifier && b.Kind == TokenKind.Colon;
    }

    private ExprSyntax ParseClosure(bool isMove, Location start)
    {
        Expect(TokenKind.LParen);
        var parameters = new List<ParamSyntax>();
        while (!At(TokenKind.RParen) && !AtEnd)
        {
            int before = _pos;
            var name = ExpectIdentifier();
            Expect(TokenKind.Colon);
            var type = ParseType();
            parameters.Add(new ParamSyntax(Span(name.Location), name.Text, type));
            if (!Accept(TokenKind.Comma))
            {
                if (!At(TokenKind.RParen)) Error(Current.Location, Errors.ExpectedCommaOrParen.With(Current.Display));
                break;
            }
            if (_pos == before || _recovering) break;
        }
        Expect(TokenKind.RParen);
        TypeSyntax? returnType = null;
        if (Accept(TokenKind.Colon)) returnType = ParseType();
        Expect(TokenKind.FatArrow);
        if (At(TokenKind.LBrace))
        {
            var block = ParseBlock();
            return new ClosureExprSyntax(Span(start), isMove, parameters, returnType, null, block);
        }
        var body = ParseNestedExpression();
        return new ClosureExprSyntax(Span(start), isMove, parameters, returnType, body, null);
    }

    private ExprSyntax ParseArrayLiteral()
    {
        var open = Advance();
        var elements = new List<ExprSyntax>();
        if (Accept(TokenKind.RBracket)) return new ArrayLiteralExprSyntax(Span(open.Location), elements);
        var first = ParseNestedExpression();
        if (Accept(TokenKind.Semicolon))
        {
            var count = ParseNestedExpression();
            Expect(TokenKind.RBracket);
            return new ArrayRepeatExprSyntax(Span(open.Location), first, count);
        }
        elements.Add(first);
        Accept(TokenKind.Comma);
        while (!At(TokenKind.RBracket) && !AtEnd && !_recovering && CanStartExpression(Current.Kind))
        {
            int before = _pos;
            elements.Add(ParseNestedExpression());
            Accept(TokenKind.Comma);
            if (_pos == before || _recovering) break;
        }
        Expect(TokenKind.RBracket);
        return new ArrayLiteralExprSyntax(Span(open.Location), elements);
    }

    private ExprSyntax ParseIdentifierExpression()
    {
        var nameTok = Current;
        var start = nameTok.Location;
        string name = nameTok.Text;

        // sizeOf<T>() / zeroed<T>()
        if ((name == "sizeOf" || name == "zeroed") && PeekIs(1, TokenKind.Less))
        {
            Advance();
            var typeArgs = ParseTypeArgs();
            var callee = new NameExprSyntax(start, name);
            var args = At(TokenKind.LParen) ? ParseArguments() : ExpectCallParens();
            return new CallExprSyntax(Span(start), callee, typeArgs, args);
        }

        if (IsCapitalized(name))
        {
            var next = Peek(1);
            if (next.Kind == TokenKind.Dot && PeekIs(2, TokenKind.Identifier))
            {
                Advance();
                return ParseTypeMember(new NamedTypeSyntax(start, name, new List<TypeSyntax>()));
            }
            if (next.Kind == TokenKind.Less && LooksLikeGenericHead(_pos + 1))
            {
                var generic = Speculate(ParseGenericTypeHead);
                if (generic != null)
                {
                    if (At(TokenKind.Dot)) return ParseTypeMember(generic);
                    return ParseStructLiteral(generic);
                }
            }
            if (next.Kind == TokenKind.LBrace && !_noStructLiteral)
            {
                Advance();
                return ParseStructLiteral(new NamedTypeSyntax(start, name, new List<TypeSyntax>()));
            }
        }

        Advance();
        var nameExpr = new NameExprSyntax(start, name);
        if (At(TokenKind.LParen) && SameLine)
        {
            var args = ParseArguments();
            return new CallExprSyntax(Span(start), nameExpr, new List<TypeSyntax>(), args);
        }
        return nameExpr;
    }

    private ExprSyntax ParseStructLiteral(NamedTypeSyntax type)
    {
        var fields = new List<FieldInitSyntax>();
        Expect(TokenKind.LBrace);
        bool saved = _noStructLiteral;
        _noStructLiteral = false;
        try
        {
            while (!At(TokenKind.RBrace) && !AtEnd)
            {
                int before = _pos;
                var fieldName = ExpectName();
                Expect(TokenKind.Colon);
                var value = ParseExpression();
                fields.Add(new FieldInitSyntax(Span(fieldName.Location), fieldName.Text, value));
                Accept(TokenKind.Comma);
                if (_pos == before || _recovering) break;
            }
        }
        finally { _noStructLiteral = saved; }
        Expect(TokenKind.RBrace);
        return new StructLiteralExprSyntax(Span(type.Location), type, fields);
    }

    private ExprSyntax ParseInterpolatedString()
    {
        var tok = Advance();
        var parts = new List<ExprSyntax>();
        foreach (var part in (List<FStringPart>)tok.Value!)
        {
            var loc = new Location(_source, part.Start, part.Length);
            if (!part.IsExpression)
            {
                parts.Add(new StringLiteralExprSyntax(loc, part.Text));
                continue;
            }
            if (string.IsNullOrWhiteSpace(_source.Text.Substring(part.Start, part.Length)))
            {
                Error(new Location(_source, Math.Max(part.Start - 1, 0), part.Length + 2), Errors.EmptyInterpolation.With());
                parts.Add(ErrorExpression(loc));
                continue;
            }
            var tokens = new Lexer(_source, _diagnostics, part.Start, part.Start + part.Length).Tokenize();
            var sub = new Parser(_source, tokens, _diagnostics, _depth);
            var expr = sub.ParseExpression();
            if (!sub.AtEnd) sub.UnexpectedToken();
            if (sub._recovering) _recovering = true; // the error was reported by the sub-parser
            parts.Add(expr);
        }
        return new InterpolatedStringExprSyntax(tok.Location, parts);
    }
}
