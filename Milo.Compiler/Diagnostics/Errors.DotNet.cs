namespace Milo.Compiler.Diagnostics;

// Diagnostics of `from "dotnet:…"` imports (docs/dotnet-imports.md): E09xx, plus .NET wordings of general codes (no such
// method E0108, static/instance misuse E0113, argument counts E0208, iteration E0211, indexing E0219, assignment E0308,
// imports E0601). Templates are string.Format patterns; the text is what users and the exact-output tests see, so
// changing a template changes the compiler's output (see docs/diagnostics.md).
internal static partial class Errors
{
    public static readonly DiagnosticId DotNetNoMethod = new("E0108", ".NET type '{0}' has no method '{1}'");
    public static readonly DiagnosticId DotNetInstanceMethodCalledStatically = new("E0113", "'{0}' is an instance method of .NET type '{1}' — call it on a value");
    public static readonly DiagnosticId DotNetStaticMethodCalledOnValue = new("E0113", "'{0}' is a static method of .NET type '{1}' — call it as '{1}.{0}(...)'");
    public static readonly DiagnosticId DotNetMethodUsedAsProperty = new("E0113", "'{0}' is a method of .NET type '{1}' — call it as '.{0}(...)'");
    public static readonly DiagnosticId DotNetTypeArgumentArity = new("E0208", ".NET type '{0}' expects {1} type argument(s), got {2}");
    public static readonly DiagnosticId DotNetNotEnumerable = new("E0211", "cannot iterate over .NET type '{0}' — it does not implement IEnumerable<T>");
    public static readonly DiagnosticId DotNetElementTypeDoesNotMap = new("E0211", "cannot iterate over '{0}': element type {1} does not map ({2})");
    public static readonly DiagnosticId DotNetNoIndexer = new("E0219", "cannot index into .NET type '{0}' — it has no indexer");
    public static readonly DiagnosticId DotNetNoSettableIndexer = new("E0219", ".NET type '{0}' has no settable indexer");
    public static readonly DiagnosticId DotNetReadOnlyProperty = new("E0308", "property '{0}.{1}' is read-only");
    public static readonly DiagnosticId AsAliasOutsideDotNetImport = new("E0601", "'as' aliases are only supported in \"dotnet:\" imports");
    public static readonly DiagnosticId UnknownDotNetNamespace = new("E0901", "unknown .NET namespace '{0}'");
    public static readonly DiagnosticId UnknownDotNetType = new("E0902", "unknown .NET type '{0}' in namespace '{1}'");
    public static readonly DiagnosticId NoMatchingDotNetOverload = new("E0903", "no overload of '{0}' matches ({1})");
    public static readonly DiagnosticId AmbiguousDotNetCall = new("E0904", "ambiguous call to '{0}' with ({1})");
    public static readonly DiagnosticId DotNetMemberUnusable = new("E0905", "'{0}' cannot be used from Milo: {1}");
    public static readonly DiagnosticId DotNetResultTypeUnusable = new("E0905", "'{0}' cannot be used from Milo: its result type {1} does not map ({2})");
    public static readonly DiagnosticId DotNetCallUnusable = new("E0905", "'{0}' cannot be called with ({1}): {2}");
    public static readonly DiagnosticId DotNetCannotConstruct = new("E0905", "cannot construct '{0}': it is {1}");
    public static readonly DiagnosticId NotADotNetTypeArgument = new("E0906", "'{0}' cannot be a .NET type argument");
    public static readonly DiagnosticId InvalidDotNetTypeArguments = new("E0906", "invalid type arguments for .NET type '{0}': {1}");
    public static readonly DiagnosticId DotNetReferenceLoadFailed = new("E0907", "cannot load .NET reference '{0}': {1}");
    public static readonly DiagnosticId DotNetTypeClashesWithMiloType = new("E0908", "imported .NET type '{0}' clashes with a Milo type of the same name");
    public static readonly DiagnosticId DotNetNoStaticMethod = new("E0909", ".NET type '{0}' has no static method '{1}'");
    public static readonly DiagnosticId DotNetNoPropertyOrField = new("E0910", ".NET type '{0}' has no property or field '{1}'");
    public static readonly DiagnosticId DotNetNoStaticPropertyOrField = new("E0910", ".NET type '{0}' has no static property or field '{1}'");
    public static readonly DiagnosticId DotNetNoProperty = new("E0910", ".NET type '{0}' has no property '{1}'");
    public static readonly DiagnosticId DotNetCannotAwait = new("E0911", "cannot await '{0}': its result type does not map ({1})");
    public static readonly DiagnosticId CannotInferDotNetTypeArguments = new("E0913", "cannot infer the type arguments of '{0}' from ({1})");
    public static readonly DiagnosticId MethodTypeArgumentsOutsideDotNet = new("E0914", "'{0}' takes no type arguments — explicit method type arguments are only for generic .NET methods");
    public static readonly DiagnosticId CatchingNeedsClosure = new("E0912", "catching(...) takes one closure without parameters: catching(() => expr)");
}
