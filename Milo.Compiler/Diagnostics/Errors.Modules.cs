namespace Milo.Compiler.Diagnostics;

// Diagnostics E06xx: modules and imports. Templates are string.Format patterns; the text is what users and the
// exact-output tests see, so changing a template changes the compiler's output (see docs/diagnostics.md).
internal static partial class Errors
{
    public static readonly DiagnosticId ImportCannotOpen = new("E0601", "error[import]: cannot open '{0}'");
    public static readonly DiagnosticId ImportNameClash = new("E0601", "error[import]: '{0}' is declared by both '{1}' and '{2}'; import it from one of them (the other module's is '{3}')");
    public static readonly DiagnosticId ImportNotFound = new("E0601", "error[import]: '{0}' not found in '{1}'");
    public static readonly DiagnosticId EmbedCannotOpen = new("E0603", "error[embed]: cannot open '{0}'");
    public static readonly DiagnosticId EmbedFileNeedsLiteral = new("E0603", "embedFile() argument must be a string literal");
}
