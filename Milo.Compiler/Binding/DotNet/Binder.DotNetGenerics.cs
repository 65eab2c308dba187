using Milo.Compiler.Diagnostics;
using System.Reflection;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

/// <summary>
/// Generic .NET methods. Explicit type arguments are written like Milo's `sizeOf&lt;T&gt;()`: `Enumerable.Empty&lt;i64&gt;()`,
/// `list.ConvertAll&lt;string&gt;(f)`; only the candidates with that many type parameters stay. Without them, the type
/// arguments are inferred from the arguments as C# does for the common cases: a typed argument fixes the method type
/// parameters its parameter type mentions (`IEnumerable&lt;T&gt;` against `List&lt;i64&gt;` through the argument's
/// interfaces and base classes, `T[]` against an array, `T` itself); an integer literal then fixes a still-free bare `T`
/// as `int`, a float literal as `double`. A closure counts with its declared types only — parameter types, and the
/// result type when written (`(x: i64): string => …`); its body is not inspected. A candidate whose type parameters stay free is rejected with the reason, and when that leaves nothing,
/// E0913 lists the candidates. Each instantiated candidate then goes through ordinary overload resolution; on a tie a
/// non-generic method beats a generic one (C#'s rule).
/// </summary>
internal sealed partial class Binder
{
    /// <summary>Resolves explicit method type arguments to CLR types; null (after reporting) when one has no .NET form.</summary>
    private List<Type>? ResolveDotNetMethodTypeArgs(List<TypeSyntax> syntax, Location loc)
    {
        var result = new List<Type>();
        foreach (var s in syntax)
        {
            var t = ResolveType(s, _ctx.Env);
            if (t.IsError) return null;
            if (MiloToClr(t) is not { } c)
            {
                _diagnostics.Report(s.Location, Errors.NotADotNetTypeArgument.With(t.Name), "use a number, bool, string or .NET type");
                return null;
            }
            result.Add(c);
        }
        return result;
    }

    /// <summary>
    /// The candidate <paramref name="m"/> ready for scoring: a non-generic method as is (rejected when type arguments were
    /// given), a generic one instantiated with the explicit or inferred type arguments. Null with <paramref name="why"/>
    /// when it cannot be used; <paramref name="inferenceFailed"/> tells an inference failure apart.
    /// </summary>
    private MethodBase? InstantiateCandidate(MethodBase m, List<Type>? typeArgs, List<DotNetArg> args, out string? why, out bool inferenceFailed)
    {
        why = null;
        inferenceFailed = false;
        if (m is not MethodInfo { IsGenericMethodDefinition: true } gm)
        {
            if (typeArgs == null) return m;
            why = "not a generic method";
            return null;
        }
        var gps = gm.GetGenericArguments();
        Type[] chosen;
        if (typeArgs != null)
        {
            if (typeArgs.Count != gps.Length) { why = $"takes {gps.Length} type argument(s)"; return null; }
            chosen = typeArgs.ToArray();
        }
        else
        {
            var map = new Dictionary<Type, Type>();
            var ps = gm.GetParameters();
            for (int i = 0; i < args.Count && i < ps.Length; i++)
            {
                if (args[i].Kind == ArgKind.Typed && MiloToClr(ArgValueType(args[i])) is { } actual)
                    InferFrom(ps[i].ParameterType, actual, map);
                else if (args[i].Syntax is ClosureExprSyntax c)
                    InferFromClosure(ps[i].ParameterType, c, map);
            }
            for (int i = 0; i < args.Count && i < ps.Length; i++)
            {
                var p = ps[i].ParameterType;
                if (!p.IsGenericMethodParameter || map.ContainsKey(p)) continue;
                if (args[i].Kind == ArgKind.IntLiteral) map[p] = typeof(int);
                else if (args[i].Kind == ArgKind.FloatLiteral) map[p] = typeof(double);
            }
            var free = gps.Where(g => !map.ContainsKey(g)).ToList();
            if (free.Count > 0)
            {
                why = $"cannot infer {string.Join(", ", free.Select(f => $"'{f.Name}'"))} from the arguments";
                inferenceFailed = true;
                return null;
            }
            chosen = gps.Select(g => map[g]).ToArray();
        }
        try { return gm.MakeGenericMethod(chosen); }
        catch (ArgumentException)
        {
            why = $"{string.Join(", ", chosen.Select(ClrDisplayName))} violate(s) the constraints of {string.Join(", ", gps.Select(g => g.Name))}";
            return null;
        }
    }

    /// <summary>
    /// A closure's declared types against a generic delegate parameter: its parameter types, and its result type when it
    /// is written (`(x: i64): string => …` fixes `TResult` of `Func&lt;TSource, TResult&gt;`). Only the syntax is read —
    /// the closure is bound once, later, with the instantiated delegate as its hint.
    /// </summary>
    private void InferFromClosure(Type formal, ClosureExprSyntax c, Dictionary<Type, Type> map)
    {
        if (!formal.ContainsGenericParameters || !typeof(Delegate).IsAssignableFrom(formal) || formal.GetMethod("Invoke") is not { } invoke) return;
        var ps = invoke.GetParameters();
        if (ps.Length != c.Parameters.Count) return;
        for (int i = 0; i < ps.Length; i++)
            if (c.Parameters[i].Type is { } pt && ResolveType(pt, _ctx.Env) is { IsError: false } mt && MiloToClr(mt) is { } clr)
                InferFrom(ps[i].ParameterType, clr, map);
        if (c.ReturnType != null && ResolveType(c.ReturnType, _ctx.Env) is { IsError: false } rt && MiloToClr(rt) is { } rclr)
            InferFrom(invoke.ReturnType, rclr, map);
    }

    private static MiloType ArgValueType(DotNetArg a)
    {
        var t = a.Bound!.Type.StripRange();
        return t is RefType r ? r.Inner.StripRange() : t;
    }

    /// <summary>Fixes the method type parameters in <paramref name="formal"/> by matching it against <paramref name="actual"/>.</summary>
    private static void InferFrom(Type formal, Type actual, Dictionary<Type, Type> map)
    {
        if (formal.IsByRef) formal = formal.GetElementType()!;
        if (!formal.ContainsGenericParameters) return;
        if (formal.IsGenericMethodParameter)
        {
            map.TryAdd(formal, actual);
            return;
        }
        if (formal.IsArray)
        {
            if (actual.IsArray && actual.GetArrayRank() == formal.GetArrayRank()) InferFrom(formal.GetElementType()!, actual.GetElementType()!, map);
            return;
        }
        if (!formal.IsGenericType) return;
        var def = formal.GetGenericTypeDefinition();
        var matches = SelfBasesAndInterfaces(actual).Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == def).Distinct().ToList();
        if (matches.Count != 1) return;   // none, or ambiguous (a class implementing IEnumerable<A> and IEnumerable<B>)
        var fa = formal.GetGenericArguments();
        var aa = matches[0].GetGenericArguments();
        for (int i = 0; i < fa.Length; i++) InferFrom(fa[i], aa[i], map);
    }

    private static IEnumerable<Type> SelfBasesAndInterfaces(Type t)
    {
        for (var b = t; b != null; b = b.BaseType) yield return b;
        foreach (var i in t.GetInterfaces()) yield return i;
        if (t.IsArray) yield return typeof(IEnumerable<>).MakeGenericType(t.GetElementType()!);
    }

    /// <summary>
    /// Extension methods (`[Extension]` statics) named <paramref name="name"/> of the imported static classes, for
    /// `x.Name(args)` on a .NET value that has no instance method of that name (an instance method always wins, as in C#).
    /// </summary>
    private List<MethodBase> DotNetExtensionMethods(string name)
        => _dotnetNames.Values.SelectMany(ts => ts)
            .Where(t => t.IsAbstract && t.IsSealed && t.IsDefined(typeof(System.Runtime.CompilerServices.ExtensionAttribute), false))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => m.Name == name && m.IsDefined(typeof(System.Runtime.CompilerServices.ExtensionAttribute), false))
            .Cast<MethodBase>().Distinct().ToList();
}
