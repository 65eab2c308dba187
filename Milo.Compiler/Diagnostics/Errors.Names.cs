namespace Milo.Compiler.Diagnostics;

// Diagnostics E01xx: names and declarations. Templates are string.Format patterns; the text is what users and the
// exact-output tests see, so changing a template changes the compiler's output (see docs/diagnostics.md).
internal static partial class Errors
{
    public static readonly DiagnosticId UndefinedVariable = new("E0101", "undefined variable '{0}'");
    public static readonly DiagnosticId UndefinedFunction = new("E0102", "undefined function '{0}'");
    public static readonly DiagnosticId SelfOutsideImpl = new("E0103", "'Self' is only valid inside an impl or trait");
    public static readonly DiagnosticId UnknownType = new("E0103", "unknown type '{0}'");
    public static readonly DiagnosticId UnsizedArray = new("E0103", "unsized array types '[T]' are not supported");
    public static readonly DiagnosticId UnknownStruct = new("E0104", "unknown struct '{0}'");
    public static readonly DiagnosticId UnknownEnum = new("E0105", "unknown enum '{0}'");
    public static readonly DiagnosticId DuplicateParameter = new("E0106", "duplicate parameter '{0}'");
    public static readonly DiagnosticId VariableAlreadyDeclared = new("E0106", "variable '{0}' already declared in this scope");
    public static readonly DiagnosticId FieldAccessOnEnum = new("E0107", "cannot access field on enum '{0}' — use match to extract values");
    public static readonly DiagnosticId StructHasNoField = new("E0107", "struct '{0}' has no field '{1}'");
    public static readonly DiagnosticId TypeHasNoField = new("E0107", "type '{0}' has no field '{1}'");
    public static readonly DiagnosticId HashMapHasNoMethod = new("E0108", "HashMap has no method '{0}'");
    public static readonly DiagnosticId InterfaceHasNoMethod = new("E0108", "interface '{0}' has no method '{1}'");
    public static readonly DiagnosticId TypeHasNoMethod = new("E0108", "type '{0}' has no method '{1}'");
    public static readonly DiagnosticId TypeStringHasNoMethod = new("E0108", "type 'string' has no method '{0}'");
    public static readonly DiagnosticId VecHasNoMethod = new("E0108", "Vec has no method '{0}'");
    public static readonly DiagnosticId EnumHasNoVariant = new("E0109", "enum '{0}' has no variant '{1}'");
    public static readonly DiagnosticId DuplicateStructLiteralField = new("E0110", "duplicate field '{0}' in struct literal");
    public static readonly DiagnosticId MissingFieldStruct = new("E0110", "missing field '{0}' in struct '{1}'");
    public static readonly DiagnosticId NotAFunction = new("E0111", "'{0}' is not a function (type {1})");
    public static readonly DiagnosticId NotCallable = new("E0111", "only functions and closures can be called, not a value of type {0}");
    public static readonly DiagnosticId GenericFunctionAsValue = new("E0112", "cannot use generic function '{0}' as a value");
    public static readonly DiagnosticId InstanceCallOfRuntimeStaticMethod = new("E0113", "'{0}' is a static method of '{1}' — call it as '{1}.{0}(...)'");
    public static readonly DiagnosticId InstanceCallOfStaticMethod = new("E0113", "'{0}' is a static method of '{1}' — call it as '{2}.{0}(...)'");
    public static readonly DiagnosticId InstanceMethodCalledStatically = new("E0113", "'{0}' is an instance method of '{1}' and cannot be called statically");
    public static readonly DiagnosticId StaticCallOfMethod = new("E0113", "'{0}.{1}' is a method — call it as '{2}.{1}(...)'");
}
