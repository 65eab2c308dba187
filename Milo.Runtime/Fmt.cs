using System.Globalization;

namespace Milo.Runtime;

/// <summary>
/// Display rendering (§5.9): C <c>%d/%u/%lld/%llu</c> for integers and an exact C <c>%g</c> for floats.
/// Low-level writers fill a caller-supplied <see cref="Span{T}"/> of bytes and return the number of bytes written.
/// </summary>
public static class Fmt
{
    /// <summary>Max bytes any single primitive rendering needs.</summary>
    public const int MaxWidth = 32;

    // ---- integers ----

    /// <summary>Writes an unsigned decimal; returns length.</summary>
    public static int WriteU64(ulong v, Span<byte> dst)
    {
        Span<byte> tmp = stackalloc byte[20];
        int p = 20;
        do { ulong q = v / 10; tmp[--p] = (byte)('0' + (int)(v - q * 10)); v = q; } while (v != 0);
        int n = 20 - p;
        tmp.Slice(p).CopyTo(dst);
        return n;
    }

    /// <summary>Writes a signed decimal; returns length.</summary>
    public static int WriteI64(long v, Span<byte> dst)
    {
        if (v < 0)
        {
            dst[0] = (byte)'-';
            return 1 + WriteU64(unchecked((ulong)(-(v + 1)) + 1UL), dst.Slice(1));
        }
        return WriteU64((ulong)v, dst);
    }

    // ---- %g ----

    /// <summary>Writes <paramref name="v"/> exactly as C <c>printf("%g", v)</c> would (nan always as <c>nan</c>); returns length.</summary>
    public static int WriteG(double v, Span<byte> dst)
    {
        if (double.IsNaN(v)) { "nan"u8.CopyTo(dst); return 3; }
        bool neg = double.IsNegative(v);
        int o = 0;
        if (neg) { dst[o++] = (byte)'-'; v = -v; }
        if (double.IsInfinity(v)) { "inf"u8.CopyTo(dst.Slice(o)); return o + 3; }
        if (v == 0) { dst[o++] = (byte)'0'; return o; }
        // Fast path: small exact integers.
        if (v < 1e6 && v == Math.Floor(v))
            return o + WriteU64((ulong)v, dst.Slice(o));

        Span<byte> d = stackalloc byte[7];
        int exp = SixDigits(v, d);

        if (exp < -4 || exp >= 6)
        {
            dst[o++] = d[0];
            int last = 5;
            while (last > 0 && d[last] == '0') last--;
            if (last > 0)
            {
                dst[o++] = (byte)'.';
                for (int i = 1; i <= last; i++) dst[o++] = d[i];
            }
            dst[o++] = (byte)'e';
            dst[o++] = exp < 0 ? (byte)'-' : (byte)'+';
            int ae = exp < 0 ? -exp : exp;
            if (ae < 10) dst[o++] = (byte)'0';
            o += WriteU64((ulong)ae, dst.Slice(o));
            return o;
        }
        int lastNz = 5;
        while (lastNz > 0 && d[lastNz] == '0') lastNz--;
        if (exp >= 0)
        {
            for (int i = 0; i <= exp; i++) dst[o++] = d[i];
            if (lastNz > exp)
            {
                dst[o++] = (byte)'.';
                for (int i = exp + 1; i <= lastNz; i++) dst[o++] = d[i];
            }
        }
        else
        {
            dst[o++] = (byte)'0';
            dst[o++] = (byte)'.';
            for (int i = 0; i < -exp - 1; i++) dst[o++] = (byte)'0';
            for (int i = 0; i <= lastNz; i++) dst[o++] = d[i];
        }
        return o;
    }

    /// <summary>
    /// Rounds positive finite <paramref name="v"/> to 6 significant decimal digits (round-half-even on the exact binary
    /// value, like glibc) into <paramref name="d"/>[0..6) and returns the decimal exponent of d[0].
    /// </summary>
    private static int SixDigits(double v, Span<byte> d)
    {
        int fe = FastSixDigits(v, d);
        if (fe != int.MinValue) return fe;
        // 17 correctly rounded significant digits: "d.dddddddddddddddde+ddd"
        Span<char> s = stackalloc char[40];
        v.TryFormat(s, out int n, "E16", CultureInfo.InvariantCulture);
        int exp = ParseExp(s.Slice(0, n));
        d[0] = (byte)s[0];
        for (int i = 1; i < 6; i++) d[i] = (byte)s[i + 1];
        char r = s[7];
        bool up;
        if (r != '5') up = r > '5';
        else
        {
            bool restNonZero = false;
            for (int i = 8; i <= 17; i++) if (s[i] != '0') { restNonZero = true; break; }
            if (restNonZero) up = true;
            else up = ExactRoundUp(v);   // 17-digit value sits exactly on the rounding boundary
        }
        if (up)
        {
            int i = 5;
            while (i >= 0)
            {
                if (d[i] == '9') { d[i] = (byte)'0'; i--; }
                else { d[i]++; break; }
            }
            if (i < 0) { d[0] = (byte)'1'; for (int k = 1; k < 6; k++) d[k] = (byte)'0'; exp++; }
        }
        return exp;
    }

    private static readonly double[] Pow10 =
    {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };

    /// <summary>
    /// Fast path: scale by an exact power of ten (one correctly rounded operation c) and take the sign of the exact
    /// residual via FMA. Rounding is monotonic, so comparisons of c against representable boundaries (x.5) are exact
    /// except when c lands exactly on one, where the residual sign (or half-even on an exact tie) decides.
    /// Returns int.MinValue when the exponent is outside the exact-power range.
    /// </summary>
    private static int FastSixDigits(double v, Span<byte> d)
    {
        int exp = (int)Math.Floor(Math.Log10(v));
        for (int attempt = 0; attempt < 4; attempt++)
        {
            int sh = 5 - exp;
            if (sh > 22 || sh < -22) return int.MinValue;
            double c;
            int rs;
            if (sh >= 0) { double p = Pow10[sh]; c = v * p; rs = Math.Sign(Math.FusedMultiplyAdd(v, p, -c)); }
            else { double q = Pow10[-sh]; c = v / q; rs = Math.Sign(Math.FusedMultiplyAdd(-c, q, v)); }
            if (c < 99999.5 || (c == 99999.5 && rs < 0)) { exp--; continue; }
            if (c >= 1_000_000.0) { exp++; continue; }
            double fl = Math.Floor(c);
            double frac = c - fl;
            long n = (long)fl;
            if (frac > 0.5 || (frac == 0.5 && (rs > 0 || (rs == 0 && (n & 1) == 1)))) n++;
            if (n == 1_000_000) { "100000"u8.CopyTo(d); return exp + 1; }
            for (int i = 5; i >= 0; i--) { d[i] = (byte)('0' + (int)(n % 10)); n /= 10; }
            return exp;
        }
        return int.MinValue;
    }

    /// <summary>Slow path: decide rounding from the exact decimal expansion (rare; ties use half-even).</summary>
    private static bool ExactRoundUp(double v)
    {
        string s = v.ToString("E1100", CultureInfo.InvariantCulture);
        // s = "d.ddd...E+xxx"; digit k (0-based) is s[k == 0 ? 0 : k + 1]
        char r = s[7];
        if (r != '5') return r > '5';
        int e = s.IndexOf('E');
        for (int i = 8; i < e; i++) if (s[i] != '0') return true;
        return ((s[6] - '0') & 1) == 1; // exact tie: round half to even
    }

    private static int ParseExp(ReadOnlySpan<char> s)
    {
        int e = s.IndexOf('E');
        int i = e + 1;
        bool neg = s[i] == '-';
        i++;
        int x = 0;
        for (; i < s.Length; i++) x = x * 10 + (s[i] - '0');
        return neg ? -x : x;
    }

    /// <summary>C <c>%g</c> rendering as a .NET string (for tests/diagnostics).</summary>
    public static string FormatG(double v)
    {
        Span<byte> b = stackalloc byte[MaxWidth];
        int n = WriteG(v, b);
        return System.Text.Encoding.ASCII.GetString(b.Slice(0, n));
    }

    // ---- toString() intrinsics (return fresh Milo strings) ----

    public static MiloString I32ToString(int v) { Span<byte> b = stackalloc byte[MaxWidth]; return MiloString.FromBytes(b.Slice(0, WriteI64(v, b))); }
    public static MiloString I64ToString(long v) { Span<byte> b = stackalloc byte[MaxWidth]; return MiloString.FromBytes(b.Slice(0, WriteI64(v, b))); }
    public static MiloString U32ToString(uint v) { Span<byte> b = stackalloc byte[MaxWidth]; return MiloString.FromBytes(b.Slice(0, WriteU64(v, b))); }
    public static MiloString U64ToString(ulong v) { Span<byte> b = stackalloc byte[MaxWidth]; return MiloString.FromBytes(b.Slice(0, WriteU64(v, b))); }
    public static MiloString F64ToString(double v) { Span<byte> b = stackalloc byte[MaxWidth]; return MiloString.FromBytes(b.Slice(0, WriteG(v, b))); }
    public static MiloString F32ToString(float v) => F64ToString(v);
    public static MiloString BoolToString(bool v) => MiloString.Literal(v ? "true" : "false");
}
