namespace Milo.Compiler.Diagnostics;

// Diagnostics E05xx: traits and interfaces. Templates are string.Format patterns; the text is what users and the
// exact-output tests see, so changing a template changes the compiler's output (see docs/diagnostics.md).
internal static partial class Errors
{
    public static readonly DiagnosticId TypeDoesNotImplementTrait = new("E0501", "type '{0}' does not implement trait '{1}'");
    public static readonly DiagnosticId ImplEqMissingEq = new("E0502", "impl 'Eq' for '{0}': missing required method 'eq'");
    public static readonly DiagnosticId ImplMissingMethod = new("E0502", "impl '{0}' for '{1}': missing required method '{2}'");
    public static readonly DiagnosticId ImplRequiresSupertraitImpl = new("E0503", "impl '{0}' for '{1}' requires impl '{2}' for '{1}'");
    public static readonly DiagnosticId TypeDoesNotSatisfyInterface = new("E0504", "type '{0}' does not satisfy interface '{1}'");
    public static readonly DiagnosticId UnknownTrait = new("E0505", "unknown trait '{0}'");
    public static readonly DiagnosticId CannotDeriveEqField = new("E0506", "cannot derive Eq for '{0}': field '{1}' of type '{2}' does not implement Eq");
    public static readonly DiagnosticId CannotDeriveTrait = new("E0506", "cannot derive '{0}' — only Eq is supported");
    public static readonly DiagnosticId DuplicateImpl = new("E0507", "duplicate impl '{0}' for '{1}'");
    public static readonly DiagnosticId MethodNotInTrait = new("E0508", "method '{0}' is not defined in trait '{1}'");
    public static readonly DiagnosticId SupertraitNotFound = new("E0509", "supertrait '{0}' not found");
    public static readonly DiagnosticId CannotImplDropForBuiltin = new("E0510", "cannot impl Drop for built-in type '{0}'");
    public static readonly DiagnosticId AmbiguousTraitMethod = new("E0511", "ambiguous method '{0}' on '{1}' — implemented by multiple traits ({2})");
}
