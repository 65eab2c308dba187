namespace Milo.Compiler.Diagnostics;

// Diagnostics E099x: compiler limits and internal errors (E090x–E091x are .NET imports, Errors.DotNet.cs). Templates are string.Format patterns; the text is what users and the
// exact-output tests see, so changing a template changes the compiler's output (see docs/diagnostics.md).
internal static partial class Errors
{
    public static readonly DiagnosticId CodeGenerationLimit = new("E0997", "{0}");
    public static readonly DiagnosticId FormatterRefused = new("E0998", "{0}; the file was left unchanged");
    public static readonly DiagnosticId InternalCompilerError = new("E0998", "internal compiler error: {0}: {1}");
    public static readonly DiagnosticId OptionNotDefined = new("E0998", "enum 'Option' is not defined");
    public static readonly DiagnosticId ResultNotDefined = new("E0998", "enum 'Result' is not defined");
    public static readonly DiagnosticId RuntimeMethodMissing = new("E0998", "internal: runtime method {0}.{1} is missing");
    public static readonly DiagnosticId RuntimeTypeMissing = new("E0998", "internal: runtime type '{0}' has no .NET implementation");
    public static readonly DiagnosticId UnsupportedExpression = new("E0998", "unsupported expression");
    public static readonly DiagnosticId UnsupportedStatement = new("E0998", "unsupported statement");
}
