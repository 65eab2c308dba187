using System.Runtime.CompilerServices;
using Milo.Compiler.Diagnostics;
using Milo.Compiler.Text;

namespace Milo.Compiler.Syntax;

/// <summary>Entry point of the front end: source text → syntax tree.</summary>
internal static class SyntaxParser
{
    /// <summary>
    /// Parses one file. Never throws: errors are reported to <paramref name="diagnostics"/> and a best-effort tree is returned.
    /// </summary>
    public static CompilationUnitSyntax Parse(SourceText source, DiagnosticBag diagnostics)
    {
        try
        {
            var tokens = new Lexer(source, diagnostics).Tokenize();
            return new Parser(source, tokens, diagnostics, 0).ParseCompilationUnit();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Defensive: the parser is designed not to throw, but a crash must never escape to the caller.
            diagnostics.Report(new Location(source, 0, 0), Errors.InternalParserError.With(ex.Message));
            return new CompilationUnitSyntax(new Location(source, 0, 0), source, new List<DeclSyntax>());
        }
    }
}

/// <summary>Thrown when nesting exceeds the parser's limit; caught at declaration level.</summary>
internal sealed class NestingTooDeepException(Location location) : Exception("nesting too deep")
{
    public Location Location { get; } = location;
}

/// <summary>
/// Recursive-descent parser. Split by concern: declarations, statements, expressions, types/patterns.
/// Error handling: the first error inside a statement/declaration is reported, later ones are suppressed until the parser
/// re-synchronises at the next statement or declaration start.
/// </summary>
internal sealed partial class Parser
{
    private const int MaxDepth = 200;

    private readonly SourceText _source;
    private readonly List<Token> _tokens;
    private readonly DiagnosticBag _diagnostics;
    private int _pos;
    private int _depth;
    private bool _recovering;
    /// <summary>True while parsing the subject of if/while/for/match: `Name {` is then not a struct literal.</summary>
    private bool _noStructLiteral;
    /// <summary>Non-negative while speculating: errors make the attempt fail instead of being reported.</summary>
    private int _speculating;
    private bool _speculationFailed;
    /// <summary>Token index where the outermost speculation began (bounds the work of one attempt).</summary>
    private int _speculationStart;
    private const int MaxSpeculationTokens = 1000;

    public Parser(SourceText source, List<Token> tokens, DiagnosticBag diagnostics, int depth)
    {
        _source = source;
        _tokens = tokens;
        _diagnostics = diagnostics;
        _depth = depth;
    }

    // ---- token stream ---------------------------------------------------------------------------------------------

    private Token Current => _tokens[_pos];
    private Token Peek(int n) => _tokens[Math.Min(_pos + n, _tokens.Count - 1)];
    private Token Previous => _tokens[Math.Max(_pos - 1, 0)];
    private bool AtEnd => Current.Kind == TokenKind.EndOfFile;

    private bool At(TokenKind kind) => Current.Kind == kind;
    private bool PeekIs(int n, TokenKind kind) => Peek(n).Kind == kind;

    private Token Advance()
    {
        var t = Current;
        if (t.Kind != TokenKind.EndOfFile) _pos++;
        return t;
    }

    private bool Accept(TokenKind kind)
    {
        if (!At(kind)) return false;
        Advance();
        return true;
    }

    /// <summary>Consumes a token of the given kind, or reports `expected 'x' but found 'y'` and consumes nothing.</summary>
    private Token Expect(TokenKind kind)
    {
        if (At(kind)) return Advance();
        Error(Current.Location, Errors.ExpectedToken.With(Describe(kind), Current.Display));
        return new Token(kind, new Location(_source, Current.Location.Start, 0), "", false, false);
    }

    private NameSyntax ExpectIdentifier()
    {
        if (At(TokenKind.Identifier))
        {
            var t = Advance();
            return new NameSyntax(t.Text, t.Location);
        }
        Error(Current.Location, Errors.ExpectedIdentifier.With(Current.Display));
        return new NameSyntax("<error>", new Location(_source, Current.Location.Start, 0));
    }

    /// <summary>
    /// The name of a parameter, struct field, struct-literal field or `let`/`var`: like <see cref="ExpectIdentifier"/>, but
    /// a reserved word followed by `:` or `=` there (`fn f(from: i64)`, `struct T { type: string }`, `let in = 3`) is
    /// reported once and then taken as the name, so parsing goes on. Recovering from it instead skipped to the keyword as
    /// if a declaration started there (`from` read as an import: "cannot open '.milo'") and reported errors that were not there.
    /// </summary>
    private NameSyntax ExpectName()
    {
        if (Current.Kind != TokenKind.Identifier && Lexer.IsKeyword(Current.Text) && (PeekIs(1, TokenKind.Colon) || PeekIs(1, TokenKind.Equal)))
        {
            var t = Advance();
            if (_speculating > 0) _speculationFailed = true;
            else if (!_recovering)
                _diagnostics.Report(t.Location, Errors.ExpectedIdentifier.With(t.Display), $"'{t.Text}' is a reserved word and cannot be used as a name; choose another name");
            return new NameSyntax(t.Text, t.Location);
        }
        return ExpectIdentifier();
    }

    /// <summary>A location from <paramref name="start"/> through the last consumed token.</summary>
    private Location Span(Location start) => _pos > 0 && Previous.Location.End > start.Start ? start.To(Previous.Location) : start;

    private void Error(Location location, DiagnosticMessage message)
    {
        if (_speculating > 0) { _speculationFailed = true; return; }
        if (_recovering) return;
        _recovering = true;
        _diagnostics.Report(location, message);
    }

    private void UnexpectedToken() => Error(Current.Location, Errors.UnexpectedToken.With(Current.Display));

    private void EnterNesting()
    {
        if (_depth + 1 > MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new NestingTooDeepException(Current.Location);
        _depth++;
    }

    private void ExitNesting() => _depth--;

    private static bool IsCapitalized(string name) => name.Length > 0 && name[0] >= 'A' && name[0] <= 'Z';

    /// <summary>Is the next token on the same line as the previous one?</summary>
    private bool SameLine => !Current.NewlineBefore;

    private static string Describe(TokenKind kind) => kind switch
    {
        TokenKind.EndOfFile => "EOF",
        TokenKind.Identifier => "identifier",
        TokenKind.IntLiteral => "integer literal",
        TokenKind.FloatLiteral => "float literal",
        TokenKind.StringLiteral => "string literal",
        TokenKind.InterpolatedString => "string literal",
        TokenKind.CharLiteral => "char literal",
        _ when Lexer.PunctText(kind) is { Length: > 0 } punct => punct,
        _ => kind.ToString().EndsWith("Keyword") ? kind.ToString()[..^7].ToLowerInvariant() : kind.ToString(),
    };

    // ---- speculation ----------------------------------------------------------------------------------------------

    /// <summary>Runs <paramref name="attempt"/>; on failure (an error or a null result) rewinds and returns null.</summary>
    private T? Speculate<T>(Func<T?> attempt) where T : class
    {
        int save = _pos;
        bool saveFailed = _speculationFailed;
        _speculating++;
        _speculationFailed = false;
        int saveStart = _speculationStart;
        if (_speculating == 1) _speculationStart = save;
        T? result;
        try
        {
            result = attempt();
        }
        catch (NestingTooDeepException)
        {
            // Too deep for a speculative type: treat as "not a type here"; the fallback path re-checks the real depth.
            result = null;
        }
        finally
        {
            _speculating--;
            _speculationStart = saveStart;
        }
        bool failed = _speculationFailed || result == null;
        _speculationFailed = saveFailed;
        if (failed)
        {
            _pos = save;
            return null;
        }
        return result;
    }

    // ---- recovery -------------------------------------------------------------------------------------------------

    private static bool IsDeclarationStart(TokenKind kind) => kind is TokenKind.FnKeyword or TokenKind.ExternKeyword
        or TokenKind.StructKeyword or TokenKind.EnumKeyword or TokenKind.ImplKeyword or TokenKind.TraitKeyword
        or TokenKind.InterfaceKeyword or TokenKind.TypeKeyword or TokenKind.FromKeyword or TokenKind.At;

    private static bool IsStatementKeyword(TokenKind kind) => kind is TokenKind.LetKeyword or TokenKind.VarKeyword
        or TokenKind.ReturnKeyword or TokenKind.IfKeyword or TokenKind.WhileKeyword or TokenKind.ForKeyword
        or TokenKind.MatchKeyword or TokenKind.BreakKeyword or TokenKind.ContinueKeyword or TokenKind.UnsafeKeyword
        or TokenKind.ParallelKeyword;

    /// <summary>Skips to the next plausible top-level declaration start. Always consumes at least one token if not at EOF.</summary>
    private void SynchronizeTopLevel(int startPos)
    {
        if (_pos == startPos && !AtEnd) Advance();
        int braces = 0;
        while (!AtEnd)
        {
            var t = Current;
            bool starter = IsDeclarationStart(t.Kind) || t.Kind == TokenKind.ImportKeyword;
            if (starter && (braces <= 0 || (t.NewlineBefore && t.Location.Column == 1))) break;
            if (t.Kind == TokenKind.LBrace) braces++;
            else if (t.Kind == TokenKind.RBrace) braces--;
            Advance();
        }
        _recovering = false;
    }

    /// <summary>
    /// Skips to the next statement start inside a block: a statement keyword, a token beginning a new line, or the block's
    /// closing `}` (not consumed). Balanced bracket groups are skipped whole.
    /// </summary>
    private void SynchronizeStatement(int startPos)
    {
        if (_pos == startPos && !AtEnd && !At(TokenKind.RBrace)) Advance();
        int depth = 0;
        while (!AtEnd)
        {
            var t = Current;
            if (depth == 0)
            {
                if (t.Kind == TokenKind.RBrace) break;
                if (_pos != startPos && (IsStatementKeyword(t.Kind) || (t.NewlineBefore && CanStartStatementAfterError(t.Kind)))) break;
                if (IsDeclarationStart(t.Kind) && t.NewlineBefore && t.Location.Column == 1) break;
            }
            if (t.Kind is TokenKind.LBrace or TokenKind.LParen or TokenKind.LBracket) depth++;
            else if (t.Kind is TokenKind.RBrace or TokenKind.RParen or TokenKind.RBracket)
            {
                if (depth > 0) depth--;
            }
            Advance();
            if (depth == 0 && t.Kind == TokenKind.RBrace && Current.NewlineBefore) break;
        }
        _recovering = false;
    }

    private static bool CanStartStatementAfterError(TokenKind kind) => kind is TokenKind.Identifier or TokenKind.Star;
}
