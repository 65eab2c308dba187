using System.Collections.Concurrent;
using System.Reflection;
using Milo.Runtime;

namespace Milo.Compiler.Lowering;

/// <summary>
/// The operations that can suspend a green thread: blocking .NET methods (what plain code calls: main, OS threads,
/// non-suspending functions) declared with <see cref="SuspendsAsAttribute"/> next to their frame factory (what a state
/// machine calls: a static method with the same parameters — receiver first for instance methods — returning
/// <see cref="GreenFrame"/> or <see cref="GreenFrame{T}"/> of the method's result). For methods of generic classes
/// (MiloChannel&lt;T&gt;) the factory lives on a generic class instantiated with the same type arguments.
/// A declared factory that does not exist or does not fit is an <see cref="InvalidOperationException"/> at the first
/// use (and a test failure: SuspensionPrimitiveTests resolves every declared primitive).
/// </summary>
internal static class SuspensionPrimitives
{
    /// <summary>The assemblies whose methods may declare primitives.</summary>
    public static IReadOnlyList<Assembly> Assemblies { get; } = [typeof(GreenFrame).Assembly, typeof(Milo.Stdlib.TimeModule).Assembly];

    // Per method (MiloChannel<long>.send and MiloChannel<int>.send have their own entries, both resolved from
    // MiloChannel<T>'s): its factory, or null. Keyed by the MethodInfo, a reference type, so the dictionary is the
    // runtime's precompiled shared code; a (Module, token) tuple key made the compiler JIT a dozen methods at start-up.
    private static readonly ConcurrentDictionary<MethodInfo, MethodInfo?> Cache = new();

    /// <summary>Whether <paramref name="m"/> is <c>schedulerYield()</c>: a state machine suspends for it inline (no child frame).</summary>
    public static bool IsYield(MethodInfo m) => m.DeclaringType == typeof(RuntimeModule) && m.Name == nameof(RuntimeModule.schedulerYield);

    /// <summary>Whether <paramref name="m"/> blocks and has a suspending version.</summary>
    public static bool IsPrimitive(MethodInfo m) => Lookup(m) != null;

    /// <summary>The frame factory of primitive <paramref name="m"/> (an open generic method for generic classes).</summary>
    public static MethodInfo Factory(MethodInfo m) => Lookup(m) ?? throw new InvalidOperationException($"{m.DeclaringType?.Name}.{m.Name} is not a suspension primitive");

    private static MethodInfo? Lookup(MethodInfo m)
        => Cache.GetOrAdd(m,   // a static factory: no closure per lookup
            static m => m.GetCustomAttribute<SuspendsAsAttribute>() is { } a ? Resolve(Definition(m), a) : null);

    /// <summary>Every method of <see cref="Assemblies"/> declared a primitive.</summary>
    public static IEnumerable<MethodInfo> Declared()
        => from asm in Assemblies
           from t in asm.GetTypes()
           from m in t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
           where m.IsDefined(typeof(SuspendsAsAttribute), false)
           select m;

    /// <summary>
    /// The factory that <paramref name="blocking"/>'s attribute names: public, static, parameters (receiver first) and
    /// result matching the blocking method's. Throws with the reason when there is none.
    /// </summary>
    public static MethodInfo Resolve(MethodInfo blocking, SuspendsAsAttribute a)
    {
        var owner = blocking.DeclaringType!;
        string who = $"[SuspendsAs] on {owner.Name}.{blocking.Name}";
        if (owner.IsGenericTypeDefinition != a.FactoryType.IsGenericTypeDefinition
            || owner.GetGenericArguments().Length != a.FactoryType.GetGenericArguments().Length)
            throw new InvalidOperationException($"{who}: {a.FactoryType.Name} must have the same type parameters as {owner.Name}");
        var want = new List<Type>();
        if (!blocking.IsStatic) want.Add(owner.IsGenericTypeDefinition ? owner.MakeGenericType(owner.GetGenericArguments()) : owner);
        want.AddRange(blocking.GetParameters().Select(p => p.ParameterType));
        var candidates = a.FactoryType.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(f => f.Name == a.FactoryMethod).ToList();
        if (candidates.Count == 0) throw new InvalidOperationException($"{who}: no public static {a.FactoryType.Name}.{a.FactoryMethod}");
        foreach (var f in candidates)
        {
            var ps = f.GetParameters();
            if (ps.Length != want.Count || !ps.Select(p => p.ParameterType).Zip(want).All(x => SameShape(x.First, x.Second))) continue;
            if (!SameShape(f.ReturnType, FrameTypeFor(blocking.ReturnType)))
                throw new InvalidOperationException($"{who}: {a.FactoryType.Name}.{a.FactoryMethod} returns {f.ReturnType.Name}, expected {FrameTypeFor(blocking.ReturnType).Name}");
            return f;
        }
        throw new InvalidOperationException($"{who}: {a.FactoryType.Name}.{a.FactoryMethod} does not take ({string.Join(", ", want.Select(t => t.Name))})");
    }

    /// <summary>GreenFrame for a void method, GreenFrame&lt;R&gt; for one returning R.</summary>
    private static Type FrameTypeFor(Type result) => result == typeof(void) ? typeof(GreenFrame) : typeof(GreenFrame<>).MakeGenericType(result);

    /// <summary>The method as declared (on MiloChannel&lt;T&gt; rather than MiloChannel&lt;long&gt;).</summary>
    private static MethodInfo Definition(MethodInfo m)
    {
        var t = m.DeclaringType!;
        if (!t.IsGenericType || t.IsGenericTypeDefinition) return m;
        return (MethodInfo)m.Module.ResolveMethod(m.MetadataToken)!;
    }

    /// <summary>Same type, where generic parameters of the two owner classes match by position.</summary>
    private static bool SameShape(Type x, Type y)
    {
        if (x.IsGenericParameter || y.IsGenericParameter)
            return x.IsGenericParameter && y.IsGenericParameter && x.GenericParameterPosition == y.GenericParameterPosition;
        if (x.IsGenericType != y.IsGenericType) return false;
        if (!x.IsGenericType) return x == y;
        if (x.GetGenericTypeDefinition() != y.GetGenericTypeDefinition()) return false;
        return x.GetGenericArguments().Zip(y.GetGenericArguments()).All(p => SameShape(p.First, p.Second));
    }
}
