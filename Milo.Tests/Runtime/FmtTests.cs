using Milo.Runtime;

namespace Milo.Tests.Runtime;

public class FmtTests
{
    [Theory]
    [InlineData(3.0, "3")]
    [InlineData(2.5, "2.5")]
    [InlineData(78.53975, "78.5397")]
    [InlineData(78.5, "78.5")]
    [InlineData(12.0, "12")]
    [InlineData(1e8, "1e+08")]
    [InlineData(1234567.0, "1.23457e+06")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.000123456789, "0.000123457")]
    [InlineData(123456.0, "123456")]
    [InlineData(999999.5, "1e+06")]
    [InlineData(999999.4, "999999")]
    [InlineData(1234565.0, "1.23456e+06")]   // exact tie → half-even (glibc)
    [InlineData(1234575.0, "1.23458e+06")]
    [InlineData(0.5, "0.5")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(1e-300, "1e-300")]
    [InlineData(1.7976931348623157e308, "1.79769e+308")]
    [InlineData(5e-324, "4.94066e-324")]
    [InlineData(100.0, "100")]
    [InlineData(0.1, "0.1")]
    [InlineData(3.14159265358979, "3.14159")]
    [InlineData(-123.456e10, "-1.23456e+12")]
    public void FormatG_MatchesPrintf(double v, string expected) => Assert.Equal(expected, Fmt.FormatG(v));

    [Fact]
    public void FormatG_Specials()
    {
        Assert.Equal("-0", Fmt.FormatG(-0.0));
        Assert.Equal("0", Fmt.FormatG(0.0));
        Assert.Equal("0.3", Fmt.FormatG(0.1 + 0.2));
        Assert.Equal("0.333333", Fmt.FormatG(1.0 / 3.0));
        Assert.Equal("inf", Fmt.FormatG(double.PositiveInfinity));
        Assert.Equal("-inf", Fmt.FormatG(double.NegativeInfinity));
        Assert.Equal("nan", Fmt.FormatG(double.NaN));
    }

    [Fact]
    public void FormatG_RandomAgainstReference()
    {
        // Cross-check against an independent exact implementation (decimal expansion via "E1100" + half-even).
        var rng = new Random(12345);
        for (int i = 0; i < 20000; i++)
        {
            double v = BitConverter.Int64BitsToDouble(rng.NextInt64());
            if (double.IsNaN(v) || double.IsInfinity(v)) continue;
            if (i % 2 == 0) v = Math.Round(rng.NextDouble() * Math.Pow(10, rng.Next(-8, 10)), rng.Next(0, 9));
            Assert.Equal(SlowG(v), Fmt.FormatG(v));
        }
    }

    private static string SlowG(double v)
    {
        if (v == 0) return double.IsNegative(v) ? "-0" : "0";
        string sign = v < 0 ? "-" : "";
        v = Math.Abs(v);
        string s = v.ToString("E1100", System.Globalization.CultureInfo.InvariantCulture);
        int e = s.IndexOf('E');
        string digits = s[0] + s.Substring(2, e - 2);
        int exp = int.Parse(s.Substring(e + 1));
        var d = new System.Numerics.BigInteger(0);
        for (int i = 0; i < 6; i++) d = d * 10 + (digits[i] - '0');
        char r = digits[6];
        bool rest = digits.Substring(7).Any(c => c != '0');
        bool up = r > '5' || (r == '5' && (rest || (digits[5] - '0') % 2 == 1));
        if (up) d += 1;
        string ds = d.ToString();
        if (ds.Length == 7) { ds = ds.Substring(0, 6); exp++; }
        if (exp < -4 || exp >= 6)
        {
            string m = ds.TrimEnd('0');
            string mant = m.Length > 1 ? m[0] + "." + m.Substring(1) : m;
            return sign + mant + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00");
        }
        string fixedStr;
        if (exp >= 0)
        {
            string ip = ds.Substring(0, exp + 1), fp = ds.Substring(exp + 1).TrimEnd('0');
            fixedStr = fp.Length > 0 ? ip + "." + fp : ip;
        }
        else fixedStr = "0." + new string('0', -exp - 1) + ds.TrimEnd('0');
        return sign + fixedStr;
    }

    [Fact]
    public void IntegersAndBools()
    {
        Assert.Equal("-2147483648", Fmt.I32ToString(int.MinValue).ToString());
        Assert.Equal("-9223372036854775808", Fmt.I64ToString(long.MinValue).ToString());
        Assert.Equal("18446744073709551615", Fmt.U64ToString(ulong.MaxValue).ToString());
        Assert.Equal("4294967295", Fmt.U32ToString(uint.MaxValue).ToString());
        Assert.Equal("0", Fmt.I64ToString(0).ToString());
        Assert.Equal("true", Fmt.BoolToString(true).ToString());
        Assert.Equal("2.5", Fmt.F32ToString(2.5f).ToString());
    }

    [Fact]
    public void Builder_ConcatenatesWithoutSeparators()
    {
        var s = MiloStringBuilder.Rent().AppendStr(MiloString.Literal("x=")).AppendI32(-5).AppendByte((byte)' ')
            .AppendF64(2.5).AppendBool(false).AppendU64(7).AppendQuoted(MiloString.Literal("q")).ToMiloString();
        Assert.Equal("x=-5 2.5false7\"q\"", s.ToString());
    }

    [Fact]
    public void Builder_StopsAtNul()
    {
        var str = MiloString.FromBytes(new byte[] { (byte)'a', 0, (byte)'b' });
        Assert.Equal("a", new MiloStringBuilder().AppendStr(str).ToString());
    }
}
