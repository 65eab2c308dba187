namespace Milo.Compiler.Diagnostics;

// Diagnostics E08xx: unsafe code and FFI. Templates are string.Format patterns; the text is what users and the
// exact-output tests see, so changing a template changes the compiler's output (see docs/diagnostics.md).
internal static partial class Errors
{
    public static readonly DiagnosticId ExternCallRequiresUnsafe = new("E0801", "calling extern function '{0}' requires an unsafe block");
    public static readonly DiagnosticId ZeroedRequiresUnsafe = new("E0801", "zeroed<T>() can only be used in unsafe blocks");
    public static readonly DiagnosticId PointerCastRequiresUnsafe = new("E0802", "cast to pointer type requires 'unsafe' block");
    public static readonly DiagnosticId PointerDereferenceRequiresUnsafe = new("E0802", "pointer dereference requires 'unsafe' block");
    public static readonly DiagnosticId PointerIndexRequiresUnsafe = new("E0802", "pointer indexing requires 'unsafe' block");
    public static readonly DiagnosticId AddressOfRequiresPlace = new("E0803", "address-of requires a variable, field, or element");
    public static readonly DiagnosticId AddressOfRequiresUnsafe = new("E0803", "address-of operator requires 'unsafe' block");
}
