namespace Milo.Compiler.Diagnostics;

// Diagnostics E03xx: ownership, moves and mutability. Templates are string.Format patterns; the text is what users and the
// exact-output tests see, so changing a template changes the compiler's output (see docs/diagnostics.md).
internal static partial class Errors
{
    public static readonly DiagnosticId UseMovedVariable = new("E0301", "use of moved variable '{0}'");
    public static readonly DiagnosticId CannotMoveOutOfLoop = new("E0302", "cannot move '{0}' out of a loop");
    public static readonly DiagnosticId CannotMoveCaptured = new("E0303", "cannot move '{0}' because it is captured by a closure");
    public static readonly DiagnosticId CannotAssignImmutableVariable = new("E0304", "cannot assign to immutable variable '{0}'");
    public static readonly DiagnosticId CannotInsertIntoImmutableMap = new("E0305", "cannot insert into immutable HashMap");
    public static readonly DiagnosticId CannotPopFromImmutableVec = new("E0305", "cannot pop from immutable Vec");
    public static readonly DiagnosticId CannotPushToImmutableString = new("E0305", "cannot push to immutable string");
    public static readonly DiagnosticId CannotPushToImmutableVec = new("E0305", "cannot push to immutable Vec");
    public static readonly DiagnosticId CannotRemoveFromImmutableMap = new("E0305", "cannot remove from immutable HashMap");
    public static readonly DiagnosticId CannotReverseImmutableVec = new("E0305", "cannot reverse immutable Vec");
    public static readonly DiagnosticId CannotSortImmutableVec = new("E0305", "cannot sort immutable Vec");
    public static readonly DiagnosticId ReferenceInCollection = new("E0306", "references cannot be stored in collections ('{0}<{1}>')");
    public static readonly DiagnosticId ReferenceInEnum = new("E0306", "enum '{0}' variant '{1}': references cannot be stored in enums");
    public static readonly DiagnosticId ReferenceInStruct = new("E0306", "struct '{0}' field '{1}': references cannot be stored in structs");
    public static readonly DiagnosticId CannotReturnReference = new("E0307", "function '{0}': cannot return a reference");
    public static readonly DiagnosticId CannotAssignStringIndex = new("E0308", "cannot assign to a string index");
    public static readonly DiagnosticId InvalidAssignmentTarget = new("E0308", "invalid assignment target");
}
