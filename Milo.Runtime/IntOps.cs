using System.Numerics;
using System.Runtime.CompilerServices;

namespace Milo.Runtime;

/// <summary>
/// Integer intrinsics with explicit overflow behaviour (§5.1): <c>saturatingAdd/Sub/Mul</c> and <c>checkedAdd/Sub/Mul</c>.
/// Generic over the .NET primitive (sbyte, byte, short, ushort, int, uint, long, ulong); the JIT specialises each
/// value-type instantiation, so nothing boxes. (<c>wrapping*</c> is plain unchecked IL arithmetic plus conv.* for 8/16-bit.)
/// Checked variants return false on overflow (the compiler wraps the result into <c>Option</c>).
/// </summary>
public static class IntOps
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Unsigned<T>() where T : IBinaryInteger<T>, IMinMaxValue<T> => T.MinValue == T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Fit<T>(Int128 r, out T result) where T : IBinaryInteger<T>, IMinMaxValue<T>
    {
        if (r < Int128.CreateTruncating(T.MinValue) || r > Int128.CreateTruncating(T.MaxValue)) { result = T.Zero; return false; }
        result = T.CreateTruncating(r);
        return true;
    }

    public static bool CheckedAdd<T>(T a, T b, out T result) where T : IBinaryInteger<T>, IMinMaxValue<T>
        => Fit(Int128.CreateTruncating(a) + Int128.CreateTruncating(b), out result);

    public static bool CheckedSub<T>(T a, T b, out T result) where T : IBinaryInteger<T>, IMinMaxValue<T>
        => Fit(Int128.CreateTruncating(a) - Int128.CreateTruncating(b), out result);

    public static bool CheckedMul<T>(T a, T b, out T result) where T : IBinaryInteger<T>, IMinMaxValue<T>
    {
        if (Unsigned<T>())
        {
            UInt128 p = UInt128.CreateTruncating(a) * UInt128.CreateTruncating(b); // < 2^128 for 64-bit operands
            if (p > UInt128.CreateTruncating(T.MaxValue)) { result = T.Zero; return false; }
            result = T.CreateTruncating(p);
            return true;
        }
        return Fit(Int128.CreateTruncating(a) * Int128.CreateTruncating(b), out result);
    }

    public static T SaturatingAdd<T>(T a, T b) where T : IBinaryInteger<T>, IMinMaxValue<T>
        => T.CreateSaturating(Int128.CreateTruncating(a) + Int128.CreateTruncating(b));

    public static T SaturatingSub<T>(T a, T b) where T : IBinaryInteger<T>, IMinMaxValue<T>
        => T.CreateSaturating(Int128.CreateTruncating(a) - Int128.CreateTruncating(b));

    public static T SaturatingMul<T>(T a, T b) where T : IBinaryInteger<T>, IMinMaxValue<T>
    {
        if (Unsigned<T>()) return T.CreateSaturating(UInt128.CreateTruncating(a) * UInt128.CreateTruncating(b));
        return T.CreateSaturating(Int128.CreateTruncating(a) * Int128.CreateTruncating(b));
    }
}
