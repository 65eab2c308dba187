using System.Runtime.InteropServices;

namespace Milo.Runtime;

/// <summary>
/// .NET side of std/thread's low-level API (the reference's pthread entry points): <c>threadSpawn(worker as *u8, arg)</c>
/// where <c>worker</c> is a Milo <c>fn(arg: *u8): *u8</c>. A function value cast to a raw pointer is a GC handle to
/// its delegate (<see cref="FunctionToPointer"/>); the spawned thread calls it with <c>arg</c>.
/// </summary>
public static class ThreadModule
{
    /// <summary><c>f as *u8</c> for a function value: a (never freed) GC handle to the delegate.</summary>
    public static nint FunctionToPointer(Delegate f) => GCHandle.ToIntPtr(GCHandle.Alloc(f));

    /// <summary>Starts the Milo function behind <paramref name="func"/> (a <c>(*u8) =&gt; *u8</c>, or any
    /// zero-argument function) on a new OS thread, passing <paramref name="arg"/>.</summary>
    public static MiloThread _threadSpawnRaw(nint func, nint arg)
    {
        if (func == 0) throw Rt.Panic("runtime error: threadSpawn: null function pointer");
        var target = GCHandle.FromIntPtr(func).Target;
        Action body = target switch
        {
            Func<nint, nint> f => () => f(arg),
            Action<nint> f => () => f(arg),
            Action f => f,
            Delegate d => () => d.DynamicInvoke(d.Method.GetParameters().Length == 1 ? new object[] { arg } : null),
            _ => throw Rt.Panic("runtime error: threadSpawn: not a function pointer"),
        };
        return MiloThread.Spawn(body);
    }
}
