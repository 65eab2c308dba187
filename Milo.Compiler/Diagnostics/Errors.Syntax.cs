namespace Milo.Compiler.Diagnostics;

// Diagnostics E00xx: lexing and parsing. Templates are string.Format patterns; the text is what users and the
// exact-output tests see, so changing a template changes the compiler's output (see docs/diagnostics.md).
internal static partial class Errors
{
    public static readonly DiagnosticId UnterminatedBlockComment = new("E0001", "unterminated block comment");
    public static readonly DiagnosticId UnterminatedCharLiteral = new("E0001", "unterminated char literal");
    public static readonly DiagnosticId UnterminatedString = new("E0001", "unterminated string");
    public static readonly DiagnosticId UnexpectedCharacter = new("E0002", "unexpected character: '{0}'");
    public static readonly DiagnosticId UnexpectedToken = new("E0003", "unexpected token '{0}'");
    public static readonly DiagnosticId ArrowReturnType = new("E0003", "unexpected token '->' (return types are written ': Type')");
    public static readonly DiagnosticId ExpectedCommaOrParen = new("E0004", "expected ',' or ')' but found '{0}'");
    public static readonly DiagnosticId ExpectedIdentifier = new("E0004", "expected identifier but found '{0}'");
    public static readonly DiagnosticId ExpectedIntegerLiteral = new("E0004", "expected integer literal but found '{0}'");
    public static readonly DiagnosticId ExpectedPattern = new("E0004", "expected pattern but found '{0}'");
    public static readonly DiagnosticId ExpectedStringLiteral = new("E0004", "expected string literal but found '{0}'");
    public static readonly DiagnosticId ExpectedToken = new("E0004", "expected '{0}' but found '{1}'");
    public static readonly DiagnosticId ExpectedType = new("E0004", "expected type but found '{0}'");
    public static readonly DiagnosticId ExpectedTypeName = new("E0004", "expected a type name");
    public static readonly DiagnosticId ExpressionNestingTooDeep = new("E0005", "expression nesting too deep");
    public static readonly DiagnosticId NestingTooDeep = new("E0005", "nesting too deep");
    public static readonly DiagnosticId IntegerLiteralTooLarge = new("E0006", "integer literal too large");
    public static readonly DiagnosticId IntegerLiteralValueTooLarge = new("E0006", "integer literal {0} is too large");
    public static readonly DiagnosticId InternalParserError = new("E0007", "internal parser error: {0}");
    public static readonly DiagnosticId EmptyCharLiteral = new("E0008", "empty char literal");
    public static readonly DiagnosticId EmptyInterpolation = new("E0008", "empty expression in f-string interpolation");
    public static readonly DiagnosticId ImportSyntax = new("E0008", "use 'from \"x\" import {{ ... }}' or 'from \"x\" import *'");
    public static readonly DiagnosticId MoveWithoutClosure = new("E0008", "'move' must precede a closure");
    public static readonly DiagnosticId RangeForTwoBindings = new("E0008", "range for loop takes one binding, not two");
    public static readonly DiagnosticId ExternWithBody = new("E0009", "extern functions cannot have a body");
    public static readonly DiagnosticId InterfaceMethodWithBody = new("E0009", "interface methods cannot have default bodies");
    public static readonly DiagnosticId InterfaceSelfNotRef = new("E0009", "interface method '{0}' must take self by reference (&Self or &mut Self)");
    public static readonly DiagnosticId VariadicNotLast = new("E0009", "'...' must be the last parameter");
    public static readonly DiagnosticId VariadicOnNonExtern = new("E0009", "variadic parameters are only allowed on extern functions");
}
