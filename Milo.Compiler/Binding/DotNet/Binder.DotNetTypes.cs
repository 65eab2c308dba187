using Milo.Compiler.Diagnostics;
using System.Reflection;
using Milo.Compiler.Binding.DotNet;
using Milo.Compiler.Modules;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

/// <summary>
/// `from "dotnet:NS" import { T }`: resolving the imports, the imported names in type positions (`List&lt;i64&gt;`,
/// `StringBuilder`), and the mapping between CLR signature types and Milo types (docs/dotnet-imports.md, "Type mapping").
/// </summary>
internal sealed partial class Binder
{
    private IReadOnlyList<string> _dotnetReferencePaths = Array.Empty<string>();
    private DotNetAssemblies? _dotnetAssemblies;
    /// <summary>Imported simple name → the CLR types of that name (one per generic arity).</summary>
    private readonly Dictionary<string, List<Type>> _dotnetNames = new();
    private readonly Dictionary<Type, DotNetType> _dotnetTypes = new();

    private DotNetAssemblies DotNetAsm => _dotnetAssemblies ??= new DotNetAssemblies(_dotnetReferencePaths);

    /// <summary>Resolves every `dotnet:` import (called before any binding); unknown namespaces and types are errors.</summary>
    private void ResolveDotNetImports()
    {
        if (_decls.DotNetImports.Count == 0) return;
        foreach (var (path, reason) in DotNetAsm.ReferenceErrors)
            _diagnostics.Report(_decls.DotNetImports[0].Location, Errors.DotNetReferenceLoadFailed.With(path, reason));
        foreach (var imp in _decls.DotNetImports)
        {
            var ns = DotNetImportPaths.Namespace(imp.Path);
            bool nsChecked = false;
            foreach (var n in imp.Names)
            {
                var types = DotNetAsm.FindTypes(ns, n.Text);
                if (types.Count == 0)
                {
                    if (!nsChecked && !DotNetAsm.NamespaceExists(ns))
                    {
                        _diagnostics.Report(imp.PathLocation, Errors.UnknownDotNetNamespace.With(ns),
                            _dotnetReferencePaths.Count == 0 ? "types outside the shared framework need a reference: milo compile -r PATH.dll" : null);
                        break;
                    }
                    nsChecked = true;
                    var close = DotNetAsm.NamesIn(ns).Where(x => string.Equals(x, n.Text, StringComparison.OrdinalIgnoreCase) || Levenshtein(x, n.Text) <= 2).Take(3).ToList();
                    _diagnostics.Report(n.Location, Errors.UnknownDotNetType.With(n.Text, ns), close.Count > 0 ? $"did you mean {string.Join(", ", close.Select(c => $"'{c}'"))}?" : null);
                    continue;
                }
                var local = imp.Aliases.TryGetValue(n.Text, out var alias) ? alias : n;
                if (_decls.Structs.ContainsKey(local.Text) || _decls.Enums.ContainsKey(local.Text) || _decls.RuntimeStructs.ContainsKey(local.Text))
                    _diagnostics.Report(local.Location, Errors.DotNetTypeClashesWithMiloType.With(local.Text),
                        $"rename it: import {{ {n.Text} as Net{n.Text} }}");
                _dotnetNames[local.Text] = types;
            }
        }
    }

    private static int Levenshtein(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }

    private bool IsDotNetName(string name) => _dotnetNames.ContainsKey(name);

    /// <summary>`Name&lt;args&gt;` for an imported .NET type (called from ResolveNamedType), or null when not imported.</summary>
    private MiloType? ResolveDotNetNamedType(string name, List<MiloType> args, Location loc)
    {
        if (!_dotnetNames.TryGetValue(name, out var types)) return null;
        var t = types.FirstOrDefault(x => x.IsGenericTypeDefinition ? x.GetGenericArguments().Length == args.Count : args.Count == 0);
        if (t == null)
        {
            var arities = string.Join(" or ", types.Select(x => x.IsGenericTypeDefinition ? x.GetGenericArguments().Length : 0));
            _diagnostics.Report(loc, Errors.DotNetTypeArgumentArity.With(name, arities, args.Count));
            return TypeFactory.Error;
        }
        if (args.Count == 0) return DotNetTypeOf(t);
        var clrArgs = new Type[args.Count];
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i].IsError) return TypeFactory.Error;
            if (MiloToClr(args[i]) is not { } c)
            {
                _diagnostics.Report(loc, Errors.NotADotNetTypeArgument.With(args[i].Name), "use a number, bool, string or .NET type");
                return TypeFactory.Error;
            }
            clrArgs[i] = c;
        }
        try { return DotNetTypeOf(t.MakeGenericType(clrArgs)); }
        catch (ArgumentException e)
        {
            _diagnostics.Report(loc, Errors.InvalidDotNetTypeArguments.With(name, e.Message));
            return TypeFactory.Error;
        }
    }

    /// <summary>The interned Milo view of a closed CLR type.</summary>
    private DotNetType DotNetTypeOf(Type t)
    {
        if (_dotnetTypes.TryGetValue(t, out var d)) return d;
        d = new DotNetType(t, ClrPrimitive(t) != null || t == typeof(string) ? t.Name : ClrDisplayName(t), IsKnownThreadSafe(t));
        _dotnetTypes[t] = d;
        return d;
    }

    /// <summary>
    /// Send rule: a .NET value is Send only when the type is known to be safe to use from another thread — unmanaged
    /// structs (no object references: DateTime, TimeSpan, Guid, …), System.Collections.Concurrent types, Task /
    /// ValueTask, and HttpClient (documented thread-safe). Everything else (StringBuilder, List, Dictionary, …) is not.
    /// </summary>
    private static bool IsKnownThreadSafe(Type t)
    {
        if (t.IsValueType && !t.IsGenericTypeDefinition)
        {
            try
            {
                var m = typeof(System.Runtime.CompilerServices.RuntimeHelpers).GetMethod(nameof(System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences))!;
                if (!(bool)m.MakeGenericMethod(t).Invoke(null, null)!) return true;
            }
            catch (Exception e) when (e is ArgumentException or TargetInvocationException or NotSupportedException) { }
        }
        var def = t.IsGenericType ? t.GetGenericTypeDefinition() : t;
        if (def.Namespace == "System.Collections.Concurrent") return true;
        return def.FullName is "System.Threading.Tasks.Task" or "System.Threading.Tasks.Task`1" or "System.Threading.Tasks.ValueTask"
            or "System.Threading.Tasks.ValueTask`1" or "System.Net.Http.HttpClient";
    }

    /// <summary>`List&lt;i64&gt;`, `Dictionary&lt;string, i64&gt;`, `StringBuilder`, `i64[]`.</summary>
    private static string ClrDisplayName(Type t)
    {
        if (t.IsArray) return ClrDisplayName(t.GetElementType()!) + "[]";
        if (ClrPrimitive(t) is { } p) return p.Name;
        if (t == typeof(string)) return "string";
        var n = t.Name;
        int tick = n.IndexOf('`');
        if (tick >= 0) n = n[..tick];
        if (!t.IsGenericType) return n;
        return $"{n}<{string.Join(", ", t.GetGenericArguments().Select(ClrDisplayName))}>";
    }

    private static MiloType? ClrPrimitive(Type t)
    {
        if (t == typeof(void)) return TypeFactory.Void;
        if (t == typeof(bool)) return TypeFactory.Bool;
        if (t == typeof(sbyte)) return TypeFactory.I8;
        if (t == typeof(short)) return TypeFactory.I16;
        if (t == typeof(int)) return TypeFactory.I32;
        if (t == typeof(long)) return TypeFactory.I64;
        if (t == typeof(byte)) return TypeFactory.U8;
        if (t == typeof(ushort) || t == typeof(char)) return TypeFactory.U16;
        if (t == typeof(uint)) return TypeFactory.U32;
        if (t == typeof(ulong)) return TypeFactory.U64;
        if (t == typeof(float)) return TypeFactory.F32;
        if (t == typeof(double)) return TypeFactory.F64;
        return null;
    }

    /// <summary>Milo type → CLR type for .NET type arguments (null when it has no CLR counterpart at compile time).</summary>
    private static Type? MiloToClr(MiloType t)
    {
        t = t.StripRange();
        if (t is DotNetType d) return d.ClrType;
        if (t is StringType) return typeof(string);
        if (t is PrimitiveType p)
            return p.Kind switch
            {
                PrimitiveKind.I8 => typeof(sbyte), PrimitiveKind.I16 => typeof(short), PrimitiveKind.I32 => typeof(int),
                PrimitiveKind.I64 => typeof(long), PrimitiveKind.U8 => typeof(byte), PrimitiveKind.U16 => typeof(ushort),
                PrimitiveKind.U32 => typeof(uint), PrimitiveKind.U64 => typeof(ulong), PrimitiveKind.F32 => typeof(float),
                PrimitiveKind.F64 => typeof(double), PrimitiveKind.Bool => typeof(bool), _ => null,
            };
        return null;
    }

    /// <summary>
    /// The Milo type of a CLR parameter / return / property type, or null with <paramref name="why"/> when it does not map:
    /// numbers 1:1 (char → u16), System.String ↔ string (converted at the call), delegates ↔ function types, other
    /// types as <see cref="DotNetType"/>. By-ref, pointer, ref-struct (Span) and open generic types do not map.
    /// </summary>
    private MiloType? ClrToMiloType(Type t, out string? why)
    {
        why = null;
        if (t.IsByRef) { why = "ref and in parameters are not supported"; return null; }
        if (t.IsPointer || t == typeof(IntPtr) || t == typeof(UIntPtr) || t.IsFunctionPointer) { why = "pointer types are not supported"; return null; }
        if (t.IsByRefLike) { why = $"ref struct '{ClrDisplayName(t)}' (Span-like) is not supported"; return null; }
        if (t.ContainsGenericParameters) { why = "open generic signatures are not supported"; return null; }
        if (ClrPrimitive(t) is { } p) return p;
        if (t == typeof(string)) return TypeFactory.String;
        if (Nullable.GetUnderlyingType(t) is { } under)
        {
            // int? ↔ Option<i32>: converted at the call (HasValue / GetValueOrDefault, new Nullable<T>(v)).
            if (ClrToMiloType(under, out why) is not { } um) return null;
            return OptionTypeOf(um, _decls.DotNetImports[0].Location);
        }
        if (typeof(Delegate).IsAssignableFrom(t) && t != typeof(Delegate) && t != typeof(MulticastDelegate))
        {
            var invoke = t.GetMethod("Invoke");
            if (invoke == null) { why = "delegate without Invoke"; return null; }
            var ps = new List<MiloType>();
            foreach (var prm in invoke.GetParameters())
            {
                if (ClrToMiloType(prm.ParameterType, out why) is not { } pm) return null;
                if (pm is FunctionType or EnumType) { why = $"delegate '{ClrDisplayName(t)}' has a delegate or Nullable parameter (not supported in callbacks)"; return null; }
                ps.Add(pm);
            }
            if (ClrToMiloType(invoke.ReturnType, out why) is not { } rm) return null;
            if (rm is FunctionType or EnumType) { why = $"delegate '{ClrDisplayName(t)}' returns a delegate or Nullable (not supported in callbacks)"; return null; }
            return _types.Function(ps, rm);
        }
        return DotNetTypeOf(t);
    }

    /// <summary>
    /// Whether a CLR result of type <paramref name="t"/> cannot be handed to Milo code although the type maps: a delegate
    /// whose signature has strings (Milo function values take Milo strings; only Milo → .NET callbacks are adapted).
    /// </summary>
    private static bool IsUnreturnableDelegate(Type t, MiloType mapped, out string? why)
    {
        why = null;
        if (mapped is FunctionType f && (f.Parameters.Any(x => x is StringType) || f.ReturnType is StringType))
            why = $"a delegate '{ClrDisplayName(t)}' with strings can be passed to .NET but not returned from it";
        return why != null;
    }
}
