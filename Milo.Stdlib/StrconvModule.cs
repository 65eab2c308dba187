using System.Globalization;
using Milo.Runtime;

namespace Milo.Stdlib;

/// <summary>std/strconv — number parsing/formatting with C library semantics (strtol, strtod, printf).</summary>
public static class StrconvModule
{
    /// <summary>True when <paramref name="s"/> is an optional sign followed by one or more decimal digits.</summary>
    public static bool _strconvIsDecimal(MiloString s)
    {
        var b = s.AsSpan();
        int i = 0;
        if (b.Length > 0 && (b[0] == '-' || b[0] == '+')) i = 1;
        if (i >= b.Length) return false;
        for (; i < b.Length; i++) if ((uint)(b[i] - '0') > 9) return false;
        return true;
    }

    private static int DigitValue(byte c)
    {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'z') return c - 'a' + 10;
        if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
        return 99;
    }

    /// <summary>C <c>strtol(s, NULL, base)</c>: leading whitespace, sign, optional 0x/0 prefix (base 16 / 0), the longest digit
    /// prefix; saturates at i64 bounds on overflow; no digits → 0. An invalid base gives 0.</summary>
    public static long _strconvStrtol(MiloString s, int @base)
    {
        var b = s.AsSpan();
        int i = 0;
        while (i < b.Length && (b[i] == ' ' || (b[i] >= 9 && b[i] <= 13))) i++;
        bool neg = false;
        if (i < b.Length && (b[i] == '+' || b[i] == '-')) { neg = b[i] == '-'; i++; }
        if (@base != 0 && (@base < 2 || @base > 36)) return 0;
        bool hexPrefix = i + 1 < b.Length && b[i] == '0' && (b[i + 1] | 0x20) == 'x' && i + 2 < b.Length && DigitValue(b[i + 2]) < 16;
        if (@base == 0)
        {
            if (hexPrefix) { @base = 16; i += 2; }
            else if (i < b.Length && b[i] == '0') @base = 8;
            else @base = 10;
        }
        else if (@base == 16 && hexPrefix) i += 2;
        ulong acc = 0;
        bool overflow = false;
        ulong limit = neg ? 9223372036854775808UL : long.MaxValue;
        for (; i < b.Length; i++)
        {
            int d = DigitValue(b[i]);
            if (d >= @base) break;
            if (!overflow)
            {
                if (acc > (limit - (ulong)d) / (ulong)@base) overflow = true;
                else acc = acc * (ulong)@base + (ulong)d;
            }
        }
        if (overflow) return neg ? long.MinValue : long.MaxValue;
        return neg ? unchecked(-(long)acc) : (long)acc;
    }

    /// <summary>True when the first non-sign character is a digit or '.', as the reference requires before calling atof.</summary>
    public static bool _strconvLooksFloat(MiloString s)
    {
        var b = s.AsSpan();
        int i = 0;
        if (b.Length > 0 && (b[0] == '-' || b[0] == '+')) i = 1;
        if (i >= b.Length) return false;
        return (uint)(b[i] - '0') <= 9 || b[i] == '.';
    }

    /// <summary>C <c>atof</c> (strtod on the longest valid prefix, invalid → 0).</summary>
    public static double _strconvAtof(MiloString s) => s.ParseF64();

    /// <summary><c>printf("%lx")</c>: two's complement for negative values.</summary>
    public static MiloString _strconvHex(long n) => MiloString.FromString(((ulong)n).ToString("x", CultureInfo.InvariantCulture));

    /// <summary><c>printf("%lo")</c>.</summary>
    public static MiloString _strconvOct(long n) => MiloString.FromString(Convert.ToString(n, 8));

    /// <summary>Binary digits of a positive value; "0" for 0 and "" for negatives (reference behaviour).</summary>
    public static MiloString _strconvBin(long n) => n == 0 ? MiloString.FromString("0") : n < 0 ? new MiloString() : MiloString.FromString(Convert.ToString(n, 2));

    /// <summary><c>printf("%.*f", decimals, n)</c>.</summary>
    public static MiloString _strconvFixed(double n, int decimals) => MiloString.FromString(FormatFixed(n, decimals));

    public static string FormatFixed(double n, int decimals)
    {
        if (decimals < 0) decimals = 6;
        if (double.IsNaN(n)) return double.IsNegative(n) ? "-nan" : "nan";
        if (double.IsInfinity(n)) return n < 0 ? "-inf" : "inf";
        var s = n.ToString("F" + decimals, CultureInfo.InvariantCulture);
        // C keeps the sign of negative zero / values that round to zero.
        if (double.IsNegative(n) && s[0] != '-') s = "-" + s;
        return s;
    }
}
