using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;

namespace Milo.Runtime;

/// <summary>
/// Milo function values passed as .NET delegates whose signature has strings (`Func&lt;string, string&gt;`,
/// `Converter&lt;long, string&gt;`): a Milo function takes and returns <see cref="MiloString"/>, the API's delegate
/// System.String, so the function is wrapped in a delegate of the API's type that converts each string argument
/// (System.String → MiloString, a copy) and a string result (MiloString → System.String) on every call. The wrapper
/// factory is built once per (Milo delegate type, API delegate type) with expression trees and cached.
/// </summary>
public static class DotNetDelegates
{
    private static readonly ConcurrentDictionary<(Type From, Type To), Func<Delegate, Delegate>> Factories = new();

    /// <summary>A delegate of type <paramref name="to"/> that calls <paramref name="milo"/> with converted strings.</summary>
    public static Delegate Adapt(Delegate milo, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods)] Type to)
    {
        var key = (milo.GetType(), to);
        if (!Factories.TryGetValue(key, out var factory)) factory = Factories.GetOrAdd(key, Build(key.Item1, to));
        return factory(milo);
    }

    /// <summary>
    /// The wrapper factory. The Milo function's signature is the API delegate's with <see cref="MiloString"/> for each
    /// System.String (that is how the compiler types the closure), so only the API delegate's Invoke is reflected on.
    /// </summary>
    private static Func<Delegate, Delegate> Build(Type from, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods)] Type to)
    {
        var toInvoke = to.GetMethod("Invoke")!;
        var f = Expression.Parameter(typeof(Delegate), "f");
        var ps = toInvoke.GetParameters().Select(p => Expression.Parameter(p.ParameterType, p.Name)).ToArray();
        var args = ps.Select(p => Convert(p, MiloSide(p.Type)));
        Expression body = Expression.Invoke(Expression.Convert(f, from), args);
        body = toInvoke.ReturnType == typeof(void) ? body : Convert(body, toInvoke.ReturnType);
        var wrapper = Expression.Lambda(to, body, ps);
        return Expression.Lambda<Func<Delegate, Delegate>>(wrapper, f).Compile();
    }

    private static Type MiloSide(Type api) => api == typeof(string) ? typeof(MiloString) : api;

    private static Expression Convert(Expression e, Type target)
    {
        if (e.Type == target) return e;
        if (e.Type == typeof(string) && target == typeof(MiloString))
            return Expression.Call(typeof(DotNetInterop).GetMethod(nameof(DotNetInterop.FromClr))!, e);
        if (e.Type == typeof(MiloString) && target == typeof(string))
            return Expression.Call(typeof(DotNetInterop).GetMethod(nameof(DotNetInterop.ToClr))!, e);
        return Expression.Convert(e, target);
    }
}
