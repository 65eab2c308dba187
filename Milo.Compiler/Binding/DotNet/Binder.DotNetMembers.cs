using Milo.Compiler.Diagnostics;
using System.Reflection;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

/// <summary>
/// Members of imported .NET types, by their .NET names: `T.new(args)` (constructors), `T.Method(args)` /
/// `T.Property` / `T.Field` (static), `x.Method(args)` / `x.Property` / `x.Field` (instance), `x[i]` (indexers),
/// `x.Prop = v` / `x[i] = v` (setters). Overloads are chosen in Binder.DotNetOverloads.cs.
/// </summary>
internal sealed partial class Binder
{
    private const BindingFlags PublicStatic = BindingFlags.Public | BindingFlags.Static | BindingFlags.FlattenHierarchy;
    private const BindingFlags PublicInstance = BindingFlags.Public | BindingFlags.Instance;

    /// <summary>Instance members of <paramref name="t"/>, including those of the interfaces an interface type extends.</summary>
    private static IEnumerable<Type> MemberOwners(Type t)
    {
        yield return t;
        if (t.IsInterface) foreach (var i in t.GetInterfaces()) yield return i;
        if (t.IsInterface) yield return typeof(object);
    }

    private static List<MethodBase> DotNetMethods(Type t, string name, bool isStatic)
        => MemberOwners(isStatic ? t : t).SelectMany(o => o.GetMethods(isStatic ? PublicStatic : PublicInstance))
            .Where(m => m.Name == name && !m.IsSpecialName).Cast<MethodBase>().Distinct().ToList();

    private static PropertyInfo? DotNetProperty(Type t, string name, bool isStatic)
        => MemberOwners(t).SelectMany(o => o.GetProperties(isStatic ? PublicStatic : PublicInstance))
            .FirstOrDefault(p => p.Name == name && p.GetIndexParameters().Length == 0);

    private static FieldInfo? DotNetField(Type t, string name, bool isStatic)
        => t.GetField(name, isStatic ? PublicStatic : PublicInstance);

    /// <summary>`T.member` / `T.member(args)` / `T.new(args)` where T is an imported .NET type (hook from BindTypeMember).</summary>
    private BoundExpr BindDotNetTypeMember(TypeMemberExprSyntax tm, CallExprSyntax? call)
    {
        var member = tm.Member.Text;
        var args = call?.Args ?? new List<ExprSyntax>();
        var type = ResolveType(tm.Type, _ctx.Env);
        if (type is not DotNetType dt)
        {
            foreach (var a in args) BindExpr(a, null);
            return Error(tm);
        }
        var t = dt.ClrType;
        List<Type>? typeArgs = null;
        if (call is { TypeArgs.Count: > 0 } && (member == "new" || (typeArgs = ResolveDotNetMethodTypeArgs(call.TypeArgs, call.Location)) == null))
        {
            if (member == "new") _diagnostics.Report(tm.Member.Location, Errors.MethodTypeArgumentsOutsideDotNet.With($"{dt.Name}.new"), $"write the type's arguments: {dt.Name}<...>.new(...)");
            foreach (var a in args) BindExpr(a, null);
            return Error(tm);
        }
        if (call != null && member == "new")
        {
            if (t.IsAbstract || t.IsInterface)
            {
                _diagnostics.Report(tm.Location, Errors.DotNetCannotConstruct.With(dt.Name, t.IsInterface ? "an interface" : "abstract"));
                foreach (var a in args) BindExpr(a, null);
                return Error(tm);
            }
            var ctors = t.GetConstructors(PublicInstance).Cast<MethodBase>().ToList();
            if (t.IsValueType && args.Count == 0 && ctors.All(c => c.GetParameters().Length > 0))
                return new BoundDotNetExpr(call.Location, t, null, new(), dt);   // default(T) of a struct
            return BindDotNetInvocation(ctors, null, args, call.Location, tm.Member.Location, $"{dt.Name}.new", dt);
        }
        if (call != null)
        {
            var methods = DotNetMethods(t, member, isStatic: true);
            if (methods.Count == 0)
            {
                foreach (var a in args) BindExpr(a, null);
                _diagnostics.Report(tm.Member.Location, DotNetMethods(t, member, isStatic: false).Count > 0
                    ? Errors.DotNetInstanceMethodCalledStatically.With(member, dt.Name)
                    : Errors.DotNetNoStaticMethod.With(dt.Name, member));
                return Error(tm);
            }
            return BindDotNetInvocation(methods, null, args, call.Location, tm.Member.Location, $"{dt.Name}.{member}", null, typeArgs);
        }
        if (DotNetProperty(t, member, isStatic: true) is { GetMethod: { IsPublic: true } getter } prop)
            return DotNetGet(tm.Location, getter, null, prop.PropertyType, prop);
        if (DotNetField(t, member, isStatic: true) is { } field)
            return DotNetGet(tm.Location, field, null, field.FieldType, field);
        _diagnostics.Report(tm.Member.Location, Errors.DotNetNoStaticPropertyOrField.With(dt.Name, member));
        return Error(tm);
    }

    /// <summary>`recv.Name(args)` on a .NET value (hook from BindMethodCall); `t.await()` on tasks.</summary>
    private BoundExpr BindDotNetMethodCall(MethodCallExprSyntax m, BoundExpr recv, DotNetType dt)
    {
        var name = m.Method.Text;
        if (name == "await" && m.Args.Count == 0 && m.TypeArgs.Count == 0 && BindDotNetAwait(m.Location, recv, dt) is { } awaited) return awaited;
        List<Type>? typeArgs = null;
        if (m.TypeArgs.Count > 0 && (typeArgs = ResolveDotNetMethodTypeArgs(m.TypeArgs, m.Location)) == null)
        {
            foreach (var a in m.Args) BindExpr(a, null);
            return Error(m);
        }
        var methods = DotNetMethods(dt.ClrType, name, isStatic: false);
        if (methods.Count == 0 && DotNetExtensionMethods(name) is { Count: > 0 } extensions)
            return BindDotNetInvocation(extensions, null, m.Args, m.Location, m.Method.Location, $"{dt.Name}.{name}", null, typeArgs, (m.Receiver, recv));
        if (methods.Count == 0)
        {
            foreach (var a in m.Args) BindExpr(a, null);
            _diagnostics.Report(m.Method.Location, DotNetMethods(dt.ClrType, name, isStatic: true).Count > 0
                ? Errors.DotNetStaticMethodCalledOnValue.With(name, dt.Name)
                : Errors.DotNetNoMethod.With(dt.Name, name), SuggestMember(dt.ClrType, name));
            return Error(m);
        }
        return BindDotNetInvocation(methods, recv, m.Args, m.Location, m.Method.Location, $"{dt.Name}.{name}", null, typeArgs);
    }

    private static string? SuggestMember(Type t, string name)
    {
        var names = t.GetMembers(PublicInstance | BindingFlags.Static).Select(x => x.Name).Where(n => !n.Contains('_') && !n.StartsWith('.')).Distinct();
        var close = names.Where(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase) || Levenshtein(n, name) <= 2).Take(3).ToList();
        return close.Count > 0 ? $"did you mean {string.Join(", ", close.Select(c => $"'{c}'"))}?" : null;
    }

    /// <summary>`recv.Name` on a .NET value: property or field (hook from BindField).</summary>
    private BoundExpr BindDotNetField(FieldExprSyntax f, BoundExpr recv, DotNetType dt)
    {
        var name = f.Field.Text;
        if (DotNetProperty(dt.ClrType, name, isStatic: false) is { GetMethod: { IsPublic: true } getter } prop)
            return DotNetGet(f.Location, getter, recv, prop.PropertyType, prop);
        if (DotNetField(dt.ClrType, name, isStatic: false) is { } field)
            return DotNetGet(f.Location, field, recv, field.FieldType, field);
        _diagnostics.Report(f.Field.Location, DotNetMethods(dt.ClrType, name, false).Count > 0
            ? Errors.DotNetMethodUsedAsProperty.With(name, dt.Name)
            : Errors.DotNetNoPropertyOrField.With(dt.Name, name), SuggestMember(dt.ClrType, name));
        return Error(f);
    }

    private BoundExpr DotNetGet(Location loc, MemberInfo member, BoundExpr? recv, Type clrType, ICustomAttributeProvider nullabilitySource)
    {
        var mt = ClrToMiloType(clrType, out var why);
        if (mt == null || IsUnreturnableDelegate(clrType, mt, out why))
        {
            _diagnostics.Report(loc, Errors.DotNetMemberUnusable.With(member.Name, why));
            return new BoundLiteralExpr(loc, TypeFactory.Error, 0L);
        }
        bool toOption = IsNullableResult(clrType, nullabilitySource);
        return new BoundDotNetExpr(loc, member, recv, new(), toOption ? OptionTypeOf(mt, loc) : mt, toOption);
    }

    /// <summary>`recv[i]` on a .NET value: the `Item` indexer (hook from BindIndex).</summary>
    private BoundExpr BindDotNetIndex(IndexExprSyntax i, BoundExpr recv, DotNetType dt)
    {
        var getters = DotNetIndexers(dt.ClrType).Where(p => p.GetMethod is { IsPublic: true }).Select(p => (MethodBase)p.GetMethod!).ToList();
        if (getters.Count == 0)
        {
            BindExpr(i.Index, null);
            _diagnostics.Report(i.Location, Errors.DotNetNoIndexer.With(dt.Name));
            return Error(i);
        }
        return BindDotNetInvocation(getters, recv, new() { i.Index }, i.Location, i.Location, $"{dt.Name}[]", null);
    }

    /// <summary>
    /// The indexers of <paramref name="t"/>. A one-dimensional array (`string[]` from `File.ReadAllLines`) has none of its
    /// own: it is indexed through the `IList&lt;T&gt;` it implements, so `lines[1]` and `arr[0] = x` work.
    /// </summary>
    private static IEnumerable<PropertyInfo> DotNetIndexers(Type t)
        => MemberOwners(t)
            .Concat(t.IsSZArray ? t.GetInterfaces().Where(i => i is { IsGenericType: true, Name: "IList`1", Namespace: "System.Collections.Generic" }) : [])
            .SelectMany(o => o.GetProperties(PublicInstance)).Where(p => p.GetIndexParameters().Length > 0);

    /// <summary>`recv.Prop = v` / `recv[i] = v` / `T.Prop = v` on .NET targets (hook from assignment binding), or null.</summary>
    private BoundExpr? TryBindDotNetAssignment(ExprSyntax target, ExprSyntax value)
    {
        switch (target)
        {
            case FieldExprSyntax f:
            {
                if (!IsDotNetVariable(f.Receiver)) return null;
                var recv = BindExpr(f.Receiver, null);
                if (recv.Type is not DotNetType dt) return null;
                var prop = DotNetProperty(dt.ClrType, f.Field.Text, isStatic: false);
                if (prop?.SetMethod is not { IsPublic: true } setter)
                {
                    BindExpr(value, null);
                    _diagnostics.Report(f.Field.Location, prop == null ? Errors.DotNetNoProperty.With(dt.Name, f.Field.Text) : Errors.DotNetReadOnlyProperty.With(dt.Name, f.Field.Text));
                    return new BoundLiteralExpr(f.Location, TypeFactory.Error, 0L);
                }
                return BindDotNetInvocation(new() { setter }, recv, new() { value }, f.Location, f.Field.Location, $"{dt.Name}.{f.Field.Text}", null);
            }
            case IndexExprSyntax ix:
            {
                if (!IsDotNetVariable(ix.Receiver)) return null;
                var recv = BindExpr(ix.Receiver, null);
                if (recv.Type is not DotNetType dt) return null;
                var setters = DotNetIndexers(dt.ClrType).Where(p => p.SetMethod is { IsPublic: true }).Select(p => (MethodBase)p.SetMethod!).ToList();
                if (setters.Count == 0)
                {
                    BindExpr(value, null);
                    _diagnostics.Report(ix.Location, Errors.DotNetNoSettableIndexer.With(dt.Name));
                    return new BoundLiteralExpr(ix.Location, TypeFactory.Error, 0L);
                }
                return BindDotNetInvocation(setters, recv, new() { ix.Index, value }, ix.Location, ix.Location, $"{dt.Name}[]", null);
            }
        }
        return null;
    }

    /// <summary>Whether <paramref name="e"/> is a variable holding a .NET value (assignment targets are decided before binding).</summary>
    private bool IsDotNetVariable(ExprSyntax e)
        => e is NameExprSyntax n && _ctx.Scope.Lookup(n.Name) is { } sym && (sym.Type is RefType r ? r.Inner : sym.Type) is DotNetType;

    /// <summary>
    /// `T? M&lt;T&gt;()`, `[MaybeNull] T`, a `T?` property of a generic type: the compiler's NullableAttribute on the result,
    /// else the nearest NullableContext (the member's, its getter's, then the declaring types').
    /// </summary>
    private static bool DefinitionResultAnnotatedNullable(MemberInfo def)
    {
        var maybeNull = typeof(System.Diagnostics.CodeAnalysis.MaybeNullAttribute);
        ICustomAttributeProvider result = def is MethodInfo m ? m.ReturnParameter : def;
        var getter = (def as PropertyInfo)?.GetMethod;
        if (result.IsDefined(maybeNull, false) || getter?.ReturnParameter.IsDefined(maybeNull, false) == true) return true;
        var attrs = def is MethodInfo mi ? mi.ReturnParameter.CustomAttributes : def.CustomAttributes;
        var flag = NullableFlag(attrs, "NullableAttribute") ?? NullableFlag((getter ?? def).CustomAttributes, "NullableContextAttribute");
        for (var t = def.DeclaringType; flag == null && t != null; t = t.DeclaringType) flag = NullableFlag(t.CustomAttributes, "NullableContextAttribute");
        return flag == 2;
    }

    private static byte? NullableFlag(IEnumerable<CustomAttributeData> attrs, string name)
    {
        var a = attrs.FirstOrDefault(x => x.AttributeType.Name == name && x.AttributeType.Namespace == "System.Runtime.CompilerServices");
        if (a == null || a.ConstructorArguments.Count != 1) return null;
        return a.ConstructorArguments[0].Value switch
        {
            byte b => b,
            IReadOnlyList<CustomAttributeTypedArgument> { Count: > 0 } list when list[0].Value is byte b0 => b0,
            _ => null,
        };
    }

    /// <summary>Whether a CLR result of reference type is annotated nullable (`string?`, `T?`): then it becomes Option.</summary>
    private static bool IsNullableResult(Type clrType, ICustomAttributeProvider source)
    {
        if (clrType.IsValueType) return false;
        // object.ToString() is annotated `string?` for the rare override returning null; Milo treats it as a string.
        if (source is MethodInfo { Name: "ToString" } ts && ts.GetParameters().Length == 0) return false;
        // An instantiated generic method returning its type parameter: the definition's annotation (`T` vs `T?`) decides.
        if (source is MethodInfo { IsGenericMethod: true, IsGenericMethodDefinition: false } gm
            && gm.GetGenericMethodDefinition() is { ReturnType.IsGenericParameter: true } def)
            return DefinitionResultAnnotatedNullable(def);
        try
        {
            // A member of a constructed generic type whose result is one of the type's parameters (`T Stack<T>.Pop()`,
            // `TKey KeyValuePair<TKey, TValue>.Key`, List<T>'s indexer): the definition's annotation decides too.
            // NullabilityInfoContext reports such a result as nullable, so `st.Pop()` on a Stack<string> was an Option.
            if (source is MemberInfo { DeclaringType.IsConstructedGenericType: true } member
                && member.DeclaringType!.GetGenericTypeDefinition().GetMemberWithSameMetadataDefinitionAs(member) is var defMember
                && defMember switch { MethodInfo dm => dm.ReturnType, PropertyInfo dp => dp.PropertyType, FieldInfo df => df.FieldType, _ => null } is { IsGenericParameter: true })
                return DefinitionResultAnnotatedNullable(defMember);
            var ctx = new NullabilityInfoContext();
            var info = source switch
            {
                MethodInfo m => ctx.Create(m.ReturnParameter),
                PropertyInfo p => ctx.Create(p),
                FieldInfo f => ctx.Create(f),
                _ => null,
            };
            return info?.ReadState == NullabilityState.Nullable;
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or ArgumentException) { return false; }
    }
}
