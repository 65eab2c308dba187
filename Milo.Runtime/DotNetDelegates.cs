using System.Collections.Concurrent;
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
    public static Delegate Adapt(Delegate milo, Type to) => Factories.GetOrAdd((milo.GetType(), to), Build)(milo);

    private static Func<Delegate, Delegate> Build((Type From, Type To) key)
    {
        var fromInvoke = key.From.GetMethod("Invoke")!;
        var toInvoke = key.To.GetMethod("Invoke")!;
        var fromParams = fromInvoke.GetParameters();
        var f = Expression.Parameter(typeof(Delegate), "f");
        var ps = toInvoke.GetParameters().Select(p => Expression.Parameter(p.ParameterType, p.Name)).ToArray();
        var args = ps.Select((p, i) => Convert(p, fromParams[i].ParameterType));
        Expression body = Expression.Invoke(Expression.Convert(f, key.From), args);
        body = toInvoke.ReturnType == typeof(void) ? body : Convert(body, toInvoke.ReturnType);
        var wrapper = Expression.Lambda(key.To, body, ps);
        return Expression.Lambda<Func<Delegate, Delegate>>(wrapper, f).Compile();
    }

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
