namespace Milo.Compiler.Diagnostics;

// Diagnostics E07xx: threads and green threads. Templates are string.Format patterns; the text is what users and the
// exact-output tests see, so changing a template changes the compiler's output (see docs/diagnostics.md).
internal static partial class Errors
{
    public static readonly DiagnosticId CannotSendArgument = new("E0701", "cannot send '{0}' of type '{1}' across threads — type does not implement Send");
    public static readonly DiagnosticId CannotSendCapture = new("E0701", "cannot send '{0}' of type '{1}' across threads in {2} — type is not Send");
    public static readonly DiagnosticId ParallelBlockNonLet = new("E0702", "parallel block only allows 'let' bindings, found '{0}'");
    public static readonly DiagnosticId ParallelBlockTooFewBindings = new("E0702", "parallel block requires at least 2 bindings");
    public static readonly DiagnosticId ParallelBlockVarBinding = new("E0702", "parallel block only allows 'let' bindings");
    public static readonly DiagnosticId SuspendingCallInCoalesce = new("E0703", "a suspending call (green threads) is not supported on the right of '??'; assign it to a variable first");
}
