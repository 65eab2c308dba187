using Milo.Compiler.Diagnostics;
using Milo.Compiler.Symbols;
using Milo.Compiler.Text;
using Milo.Runtime;

namespace Milo.Compiler.Binding;

/// <summary>
/// `t.await()` on Task / Task&lt;T&gt; / ValueTask / ValueTask&lt;T&gt;, and `for x in e` over IEnumerable&lt;T&gt;.
/// An await is a call of a DotNetInterop / DotNetAwait&lt;T&gt; method declared a suspension primitive
/// ([SuspendsAs], Lowering/SuspensionPrimitives.cs): in a green thread it parks the task until the .NET task completes, so other green
/// threads keep running; elsewhere (main, OS threads) it blocks, running the thread's green tasks meanwhile.
/// </summary>
internal sealed partial class Binder
{
    private BoundExpr? BindDotNetAwait(Location loc, BoundExpr recv, DotNetType dt)
    {
        var t = dt.ClrType;
        var def = t.IsGenericType ? t.GetGenericTypeDefinition() : t;
        if (t == typeof(Task) || t == typeof(ValueTask))
            return RuntimeCall(loc, typeof(DotNetInterop), t == typeof(Task) ? nameof(DotNetInterop.AwaitTask) : nameof(DotNetInterop.AwaitValueTask), null, null, new() { recv }, TypeFactory.Void);
        if (def != typeof(Task<>) && def != typeof(ValueTask<>))
        {
            if (typeof(Task).IsAssignableFrom(t))
                return RuntimeCall(loc, typeof(DotNetInterop), nameof(DotNetInterop.AwaitTask), null, null, new() { recv }, TypeFactory.Void);
            return null;
        }
        var result = t.GetGenericArguments()[0];
        if (result == typeof(string) && def == typeof(Task<>))
            return RuntimeCall(loc, typeof(DotNetInterop), nameof(DotNetInterop.AwaitStringTask), null, null, new() { recv }, TypeFactory.String);
        var mt = ClrToMiloType(result, out var why);
        if (mt == null || mt is StringType or FunctionType or EnumType)
        {
            _diagnostics.Report(loc, Errors.DotNetCannotAwait.With(dt.Name, why ?? (mt is EnumType ? "Nullable results of tasks are not supported" : "strings only from Task<string>")));
            return new BoundLiteralExpr(loc, TypeFactory.Error, 0L);
        }
        var owner = DotNetTypeOf(typeof(DotNetAwait<>).MakeGenericType(result));
        return RuntimeCall(loc, typeof(DotNetAwait<>), def == typeof(Task<>) ? "AwaitTask" : "AwaitValueTask", owner, null, new() { recv }, mt);
    }

    /// <summary>`for x in e` where e is a .NET IEnumerable&lt;T&gt;: iterates a Vec of its elements (hook from BindForEach).</summary>
    private BoundExpr? DotNetEnumerableAsVec(BoundExpr coll, Location loc)
    {
        if (coll.Type is not DotNetType dt) return null;
        var t = dt.ClrType;
        var ie = (t.IsInterface && t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IEnumerable<>) ? t : null)
                 ?? t.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        if (ie == null)
        {
            _diagnostics.Report(loc, Errors.DotNetNotEnumerable.With(dt.Name));
            return new BoundLiteralExpr(loc, TypeFactory.Error, 0L);
        }
        var elem = ie.GetGenericArguments()[0];
        if (elem == typeof(string))
            return RuntimeCall(loc, typeof(DotNetInterop), nameof(DotNetInterop.ToStringVec), null, null, new() { coll }, _types.Vec(TypeFactory.String));
        var mt = ClrToMiloType(elem, out var why);
        if (mt == null || mt is FunctionType or EnumType)
        {
            _diagnostics.Report(loc, Errors.DotNetElementTypeDoesNotMap.With(dt.Name, ClrDisplayName(elem), why ?? "delegate and Nullable elements are not supported"));
            return new BoundLiteralExpr(loc, TypeFactory.Error, 0L);
        }
        return RuntimeCall(loc, typeof(DotNetInterop), nameof(DotNetInterop.ToVec), null, null, new() { coll }, _types.Vec(mt), new() { mt });
    }
}
