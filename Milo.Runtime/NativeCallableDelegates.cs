using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;

namespace Milo.Runtime;

/// <summary>
/// Non-generic delegate types built on demand (one per blittable signature) so a Milo function value — a
/// <c>Func&lt;…&gt;</c>/<c>Action&lt;…&gt;</c> — can be turned into a native function pointer with
/// <see cref="System.Runtime.InteropServices.Marshal.GetFunctionPointerForDelegate(Delegate)"/>.
/// </summary>
internal static class NativeCallableDelegates
{
    private static readonly ConcurrentDictionary<string, Type> Types = new();
    private static readonly Lazy<ModuleBuilder> Module = new(() =>
        AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("Milo.NativeCallbacks"), AssemblyBuilderAccess.Run)
            .DefineDynamicModule("Milo.NativeCallbacks"));
    private static int _counter;

    public static Delegate? TryConvert(Delegate f)
    {
        var invoke = f.GetType().GetMethod("Invoke");
        if (invoke == null) return null;
        var ps = invoke.GetParameters().Select(p => p.ParameterType).ToArray();
        var ret = invoke.ReturnType;
        if (!ps.Append(ret).All(t => t == typeof(void) || t.IsPrimitive || t == typeof(nint) || t == typeof(nuint))) return null;
        var key = string.Join(",", ps.Select(t => t.FullName)) + "->" + ret.FullName;
        Type type;
        lock (Types)
            type = Types.GetOrAdd(key, _ => Define(ps, ret));
        return Delegate.CreateDelegate(type, f.Target, f.Method, throwOnBindFailure: false);
    }

    private static Type Define(Type[] ps, Type ret)
    {
        var tb = Module.Value.DefineType($"NativeCallback{Interlocked.Increment(ref _counter)}",
            TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.AutoClass, typeof(MulticastDelegate));
        var ctor = tb.DefineConstructor(MethodAttributes.RTSpecialName | MethodAttributes.SpecialName | MethodAttributes.Public | MethodAttributes.HideBySig,
            CallingConventions.Standard, new[] { typeof(object), typeof(nint) });
        ctor.SetImplementationFlags(MethodImplAttributes.Runtime | MethodImplAttributes.Managed);
        var inv = tb.DefineMethod("Invoke", MethodAttributes.Public | MethodAttributes.HideBySig | MethodAttributes.NewSlot | MethodAttributes.Virtual, ret, ps);
        inv.SetImplementationFlags(MethodImplAttributes.Runtime | MethodImplAttributes.Managed);
        return tb.CreateType()!;
    }
}
