namespace Milo.Compiler.Diagnostics;

// Diagnostics E04xx: control flow, patterns and error propagation. Templates are string.Format patterns; the text is what users and the
// exact-output tests see, so changing a template changes the compiler's output (see docs/diagnostics.md).
internal static partial class Errors
{
    public static readonly DiagnosticId BreakOutsideLoop = new("E0401", "'break' outside of loop");
    public static readonly DiagnosticId ContinueOutsideLoop = new("E0402", "'continue' outside of loop");
    public static readonly DiagnosticId ClosureReturnTypeMismatch = new("E0403", "closure return type mismatch: expected {0}, got {1}");
    public static readonly DiagnosticId ReturnTypeMismatch = new("E0403", "return type mismatch: expected {0}, got {1}");
    public static readonly DiagnosticId ReturnValueFromVoid = new("E0403", "return type mismatch: expected void, got {0}");
    public static readonly DiagnosticId ReturnWithoutValue = new("E0403", "return without value in function returning {0}");
    public static readonly DiagnosticId NonExhaustiveMatch = new("E0404", "non-exhaustive match: missing variant '{0}'");
    public static readonly DiagnosticId NonExhaustiveMatchBool = new("E0404", "non-exhaustive match on bool");
    public static readonly DiagnosticId MatchRequiresWildcard = new("E0405", "match on {0} requires a wildcard '_' arm");
    public static readonly DiagnosticId PropagateInPlainFunction = new("E0406", "'?' requires function to return Option or Result, but returns {0}");
    public static readonly DiagnosticId PropagateOptionInNonOptionFunction = new("E0406", "'?' on Option requires function to return Option, but returns {0}");
    public static readonly DiagnosticId PropagateRequiresOptionOrResult = new("E0406", "'?' requires Option or Result type, got {0}");
    public static readonly DiagnosticId PropagateResultInNonResultFunction = new("E0406", "'?' on Result requires function to return Result, but returns {0}");
    public static readonly DiagnosticId AmbiguousFromConversion = new("E0407", "ambiguous From conversion: '{0}' matches multiple variants in '{1}': {2}");
    public static readonly DiagnosticId PatternBindingCount = new("E0408", "variant '{0}' has {1} fields, but pattern has {2} bindings");
    public static readonly DiagnosticId ExpectedIntegerLiteralInMatchArm = new("E0409", "expected integer literal in match arm");
    public static readonly DiagnosticId LiteralPatternMismatch = new("E0409", "literal pattern does not match subject type '{0}'");
    public static readonly DiagnosticId PatternEnumMismatch = new("E0409", "pattern enum '{0}' does not match subject type '{1}'");
    public static readonly DiagnosticId UnwrapRequiresOptionOrResult = new("E0410", "'!' requires Option or Result type, got {0}");
    public static readonly DiagnosticId CoalesceRequiresOptionOrResult = new("E0411", "'??' requires Option or Result type, got {0}");
    public static readonly DiagnosticId EnumInfiniteSize = new("E0412", "enum '{0}' has infinite size due to recursive field");
    public static readonly DiagnosticId StructInfiniteSize = new("E0412", "struct '{0}' has infinite size due to recursive field '{1}'");
    public static readonly DiagnosticId InstantiationNeverEnds = new("E0412", "generic '{0}' instantiates itself with ever deeper type arguments ({1} …): its instances never end");
    public static readonly DiagnosticId NoMainFunction = new("E0413", "no 'main' function found");
    public static readonly DiagnosticId MissingReturn = new("E0414", "missing return: {0} returns {1} but its end is reachable");
    public static readonly DiagnosticId DuplicateMatchArm = new("E0415", "duplicate match arm for variant '{0}'");
    public static readonly DiagnosticId IfLetNeedsVariantPattern = new("E0416", "if let requires an enum variant pattern");
    public static readonly DiagnosticId IfLetSubjectNotEnum = new("E0416", "if let subject must be an enum, got {0}");
    public static readonly DiagnosticId IsNeedsVariantPattern = new("E0416", "'is' requires an enum variant pattern");
    public static readonly DiagnosticId IsPatternSubjectNotEnum = new("E0416", "'is' pattern requires an enum type, got {0}");
    public static readonly DiagnosticId MatchSubjectType = new("E0416", "match subject must be an enum, integer, float, string, or bool, got {0}");
}
