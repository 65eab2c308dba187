using Milo.Compiler.Diagnostics;
using Milo.Compiler.Text;

namespace Milo.Compiler.Syntax;

internal sealed partial class Parser
{
    /// <summary>`{ statements }`.</summary>
    private BlockStmtSyntax ParseBlock()
    {
        EnterNesting();
        bool savedNoStruct = _noStructLiteral;
        _noStructLiteral = false;
        try
        {
            var open = Expect(TokenKind.LBrace);
            var statements = new List<StmtSyntax>();
            if (open.Length() == 0)
                return new BlockStmtSyntax(open.Location, statements, open.Location);
            while (!At(TokenKind.RBrace) && !AtEnd)
            {
                int before = _pos;
                var stmt = ParseStatement();
                if (stmt != null) statements.Add(stmt);
                if (_recovering || _pos == before) SynchronizeStatement(before);
                // A declaration keyword at column 1 almost certainly means this block lost its closing brace.
                if (IsDeclarationStart(Current.Kind) && Current.NewlineBefore && Current.Location.Column == 1) break;
            }
            var close = Expect(TokenKind.RBrace);
            return new BlockStmtSyntax(Span(open.Location), statements, close.Location);
        }
        finally
        {
            _noStructLiteral = savedNoStruct;
            ExitNesting();
        }
    }

    private StmtSyntax? ParseStatement()
    {
        Milo.Compiler.Diagnostics.CompilerProgress.Parsing(Current.Location);
        EnterNesting();
        try
        {
            switch (Current.Kind)
            {
                case TokenKind.LetKeyword:
                case TokenKind.VarKeyword:
                    return ParseLet();
                case TokenKind.ReturnKeyword:
                    return ParseReturn();
                case TokenKind.IfKeyword:
                    return ParseIf();
                case TokenKind.WhileKeyword:
                {
                    var kw = Advance();
                    var cond = ParseSubjectExpression();
                    var body = ParseBlock();
                    return new WhileStmtSyntax(Span(kw.Location), cond, body);
                }
                case TokenKind.ForKeyword:
                    return ParseFor();
                case TokenKind.MatchKeyword:
                    return ParseMatch();
                case TokenKind.BreakKeyword:
                    return new BreakStmtSyntax(Advance().Location);
                case TokenKind.ContinueKeyword:
                    return new ContinueStmtSyntax(Advance().Location);
                case TokenKind.UnsafeKeyword:
                {
                    var kw = Advance();
                    var body = ParseBlock();
                    return new UnsafeStmtSyntax(Span(kw.Location), body);
                }
                case TokenKind.ParallelKeyword:
                    return ParseParallel();
                case TokenKind.LBrace:
                    UnexpectedToken();
                    return ParseBlock();
                default:
                    return ParseExpressionOrAssignment();
            }
        }
        finally { ExitNesting(); }
    }

    private LetStmtSyntax ParseLet()
    {
        var kw = Advance();
        bool isMutable = kw.Kind == TokenKind.VarKeyword;
        var name = ExpectName();
        TypeSyntax? type = null;
        if (Accept(TokenKind.Colon)) type = ParseType();
        Expect(TokenKind.Equal);
        var init = ParseExpression();
        return new LetStmtSyntax(Span(kw.Location), isMutable, name, type, init);
    }

    private StmtSyntax ParseReturn()
    {
        var kw = Advance();
        ExprSyntax? value = null;
        bool valueless = At(TokenKind.RBrace) || AtEnd || (Current.NewlineBefore && !CanStartExpression(Current.Kind));
        if (!valueless) value = ParseExpression();
        return new ReturnStmtSyntax(Span(kw.Location), value);
    }

    private StmtSyntax ParseIf()
    {
        var kw = Advance();
        if (At(TokenKind.LetKeyword))
        {
            Advance();
            var pattern = ParsePattern();
            Expect(TokenKind.Equal);
            var subject = ParseSubjectExpression();
            var thenBlock = ParseBlock();
            BlockStmtSyntax? elseBlock = null;
            if (At(TokenKind.ElseKeyword))
            {
                Advance();
                if (At(TokenKind.IfKeyword))
                {
                    // Extension: `else if …` after `if let` is wrapped in a block.
                    var nested = ParseIf();
                    elseBlock = new BlockStmtSyntax(nested.Location, new List<StmtSyntax> { nested }, Previous.Location);
                }
                else elseBlock = ParseBlock();
            }
            return new IfLetStmtSyntax(Span(kw.Location), pattern, subject, thenBlock, elseBlock);
        }

        var cond = ParseSubjectExpression();
        var then = ParseBlock();
        StmtSyntax? @else = null;
        if (At(TokenKind.ElseKeyword))
        {
            Advance();
            @else = At(TokenKind.IfKeyword) ? ParseIf() : ParseBlock();
        }
        return new IfStmtSyntax(Span(kw.Location), cond, then, @else);
    }

    private StmtSyntax ParseFor()
    {
        var kw = Advance();
        var first = ExpectIdentifier();
        NameSyntax? second = null;
        if (Accept(TokenKind.Comma)) second = ExpectIdentifier();
        Expect(TokenKind.InKeyword);
        var start = ParseSubjectExpression();
        if (At(TokenKind.DotDot))
        {
            Advance();
            var end = ParseSubjectExpression();
            var body = ParseBlock();
            if (second != null)
            {
                Error(first.Location, Errors.RangeForTwoBindings.With());
                return new ForRangeStmtSyntax(Span(kw.Location), second.Value, start, end, body);
            }
            return new ForRangeStmtSyntax(Span(kw.Location), first, start, end, body);
        }
        var eachBody = ParseBlock();
        return second != null
            ? new ForEachStmtSyntax(Span(kw.Location), first, second.Value, start, eachBody)
            : new ForEachStmtSyntax(Span(kw.Location), null, first, start, eachBody);
    }

    private StmtSyntax ParseMatch()
    {
        var kw = Advance();
        var subject = ParseSubjectExpression();
        var arms = new List<MatchArmSyntax>();
        Expect(TokenKind.LBrace);
        while (!At(TokenKind.RBrace) && !AtEnd)
        {
            int before = _pos;
            var pattern = ParsePattern();
            Expect(TokenKind.FatArrow);
            var body = ParseBlock();
            arms.Add(new MatchArmSyntax(Span(pattern.Location), pattern, body));
            Accept(TokenKind.Comma);
            if (_recovering || _pos == before)
            {
                // Skip to the next arm: a token starting a new line, or the closing brace.
                if (_pos == before && !At(TokenKind.RBrace)) Advance();
                int depth = 0;
                while (!AtEnd)
                {
                    if (depth == 0 && (At(TokenKind.RBrace) || Current.NewlineBefore)) break;
                    if (At(TokenKind.LBrace)) depth++;
                    else if (At(TokenKind.RBrace)) depth--;
                    Advance();
                }
                _recovering = false;
                if (IsDeclarationStart(Current.Kind) && Current.Location.Column == 1) break;
            }
        }
        Expect(TokenKind.RBrace);
        return new MatchStmtSyntax(Span(kw.Location), subject, arms);
    }

    private StmtSyntax ParseParallel()
    {
        var kw = Advance();
        var bindings = new List<LetStmtSyntax>();
        Expect(TokenKind.LBrace);
        while (!At(TokenKind.RBrace) && !AtEnd)
        {
            int before = _pos;
            if (At(TokenKind.LetKeyword) || At(TokenKind.VarKeyword))
            {
                if (At(TokenKind.VarKeyword)) Error(Current.Location, Errors.ParallelBlockVarBinding.With());
                bindings.Add(ParseLet());
            }
            else Error(Current.Location, Errors.ParallelBlockNonLet.With(Current.Display));
            if (_recovering || _pos == before) SynchronizeStatement(before);
        }
        Expect(TokenKind.RBrace);
        return new ParallelStmtSyntax(Span(kw.Location), bindings);
    }

    private StmtSyntax ParseExpressionOrAssignment()
    {
        var expr = ParseExpression();
        if (At(TokenKind.Equal))
        {
            Advance();
            var value = ParseExpression();
            return new AssignStmtSyntax(Span(expr.Location), expr, value);
        }
        return new ExprStmtSyntax(Span(expr.Location), expr);
    }
}

internal static class TokenExtensions
{
    public static int Length(this Token token) => token.Location.Length;
}
