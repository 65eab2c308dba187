using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Milo.Runtime;

/// <summary>
/// .NET side of std/thread's low-level API (the reference's pthread entry points): <c>threadSpawn(worker as *u8, arg)</c>
/// where <c>worker</c> is a Milo <c>fn(arg: *u8): *u8</c>. A function value cast to a raw pointer
/// (<see cref="FunctionToPointer"/>) is a native-callable function pointer when the delegate type allows it, else an
/// opaque GC handle; either way the delegate is kept alive and registered, so <see cref="_threadSpawnRaw"/> calls it
/// directly. An unregistered pointer is taken to be a native <c>void* (*)(void*)</c> (e.g. from C).
/// </summary>
public static class ThreadModule
{
    private static readonly ConcurrentDictionary<nint, Delegate> Registered = new();
    /// <summary>Marshalled delegates must stay reachable as long as native code may call them.</summary>
    private static readonly ConcurrentDictionary<nint, Delegate> KeepAlive = new();

    /// <summary><c>f as *u8</c> for a function value.</summary>
    public static nint FunctionToPointer(Delegate f)
    {
        // Milo function values are generic Func<>/Action<> delegates, which cannot be marshalled: re-bind the same target
        // to a non-generic delegate type with the same (blittable) signature so C code (qsort, pthread_create, …) can
        // call it; otherwise hand out an opaque GC handle (still callable through _threadSpawnRaw).
        nint p;
        if (NativeCallableDelegates.TryConvert(f) is var (pointer, native))
        {
            p = pointer;
            KeepAlive[p] = native;
        }
        else p = GCHandle.ToIntPtr(GCHandle.Alloc(f));
        Registered[p] = f;
        return p;
    }

    /// <summary>Starts the function behind <paramref name="func"/> on a new OS thread, passing <paramref name="arg"/>.</summary>
    public static unsafe MiloThread _threadSpawnRaw(nint func, nint arg)
    {
        if (func == 0) throw Panics.Panic("runtime error: threadSpawn: null function pointer");
        Action body;
        if (Registered.TryGetValue(func, out var target))
        {
            body = target switch
            {
                Func<nint, nint> f => () => f(arg),
                Action<nint> f => () => f(arg),
                Action f => f,
                _ => () => target.DynamicInvoke(target.Method.GetParameters().Length == 1 ? new object[] { arg } : null),
            };
        }
        else
        {
            var native = (delegate* unmanaged<nint, nint>)func;
            body = () => native(arg);
        }
        return MiloThread.Spawn(body);
    }
}
