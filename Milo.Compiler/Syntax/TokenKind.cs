namespace Milo.Compiler.Syntax;

/// <summary>The kinds of token produced by <see cref="Lexer"/>.</summary>
internal enum TokenKind
{
    EndOfFile,

    Identifier,
    IntLiteral,
    FloatLiteral,
    StringLiteral,
    /// <summary>`$"…{e}…"` with at least one interpolation; Value is a list of <see cref="FStringPart"/>.</summary>
    InterpolatedString,
    CharLiteral,

    // Keywords (30 reserved words).
    FnKeyword, ExternKeyword, LetKeyword, VarKeyword, ReturnKeyword, IfKeyword, ElseKeyword, WhileKeyword,
    TrueKeyword, FalseKeyword, StructKeyword, EnumKeyword, MatchKeyword, MutKeyword, ImportKeyword, FromKeyword,
    BreakKeyword, ContinueKeyword, AsKeyword, TraitKeyword, ImplKeyword, ForKeyword, InKeyword, UnsafeKeyword,
    MoveKeyword, NullKeyword, IsKeyword, TypeKeyword, ParallelKeyword, InterfaceKeyword,

    // Punctuation and operators.
    LParen, RParen, LBrace, RBrace, LBracket, RBracket,
    Colon, Semicolon, Comma, Dot, DotDot, DotDotDot, Arrow, ColonColon, FatArrow,
    Equal, EqualEqual, BangEqual, Less, Greater, LessEqual, GreaterEqual,
    Plus, Minus, Star, Slash, Percent,
    Amp, AmpAmp, Pipe, PipePipe, Caret, Tilde, Bang, Question, QuestionQuestion, At,
}
