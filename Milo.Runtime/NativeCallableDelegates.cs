using System.Runtime.InteropServices;

namespace Milo.Runtime;

/// <summary>
/// Turns a Milo function value — a generic <c>Func&lt;…&gt;</c>/<c>Action&lt;…&gt;</c>, which cannot be marshalled — into a
/// native-callable function pointer by re-binding its target to a non-generic delegate type with the same signature.
/// The C callback shapes below (pthread workers, qsort comparators, signal handlers, …) have delegate types declared
/// here rather than built at run time, so a NativeAOT executable (`milo compile --native`) has their marshalling stubs
/// precompiled and the runtime needs no Reflection.Emit. Other signatures get no native pointer (the caller hands out an
/// opaque handle, which `threadSpawn` still accepts).
/// </summary>
internal static class NativeCallableDelegates
{
    /// <summary>A native pointer for <paramref name="f"/> and the delegate that must stay alive while C may call it; null when the signature has no native shape.</summary>
    public static (nint Pointer, Delegate Keep)? TryConvert(Delegate f) => f switch
    {
        Func<nint, nint> g => Pin(new PtrToPtr(g.Invoke)),
        Func<nint, nint, int> g => Pin(new PtrPtrToInt(g.Invoke)),
        Func<nint, nint, nint> g => Pin(new PtrPtrToPtr(g.Invoke)),
        Func<nint, int> g => Pin(new PtrToInt(g.Invoke)),
        Func<nint, long> g => Pin(new PtrToLong(g.Invoke)),
        Action<nint> g => Pin(new PtrToVoid(g.Invoke)),
        Action<nint, nint> g => Pin(new PtrPtrToVoid(g.Invoke)),
        Action<int> g => Pin(new IntToVoid(g.Invoke)),
        Action g => Pin(new VoidToVoid(g.Invoke)),
        Func<int> g => Pin(new VoidToInt(g.Invoke)),
        Func<int, int> g => Pin(new IntToInt(g.Invoke)),
        Func<long, long> g => Pin(new LongToLong(g.Invoke)),
        Func<int, int, int> g => Pin(new IntIntToInt(g.Invoke)),
        Func<long, long, long> g => Pin(new LongLongToLong(g.Invoke)),
        Func<double, double> g => Pin(new DoubleToDouble(g.Invoke)),
        _ => null,
    };

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate nint PtrToPtr(nint a);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate int PtrPtrToInt(nint a, nint b);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate nint PtrPtrToPtr(nint a, nint b);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate int PtrToInt(nint a);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate long PtrToLong(nint a);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate void PtrToVoid(nint a);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate void PtrPtrToVoid(nint a, nint b);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate void IntToVoid(int a);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate int VoidToInt();
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate double DoubleToDouble(double a);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate void VoidToVoid();
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate int IntToInt(int a);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate long LongToLong(long a);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate int IntIntToInt(int a, int b);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate long LongLongToLong(long a, long b);

    private static (nint, Delegate) Pin<TDelegate>(TDelegate d) where TDelegate : Delegate
        => (Marshal.GetFunctionPointerForDelegate(d), d);
}
