using Milo.Runtime;
using Milo.Stdlib;

namespace Milo.Tests.Stdlib;

/// <summary>The C# halves of std modules whose behaviour is easy to get subtly wrong (C library emulation, lenient parsers).</summary>
public class StdlibModuleTests
{
    private static MiloString S(string s) => MiloString.FromString(s);

    [Theory]
    [InlineData("42", 10, 42L)]
    [InlineData("  -17xyz", 10, -17L)]
    [InlineData("ff", 16, 255L)]
    [InlineData("0xFF", 16, 255L)]
    [InlineData("0x", 16, 0L)]
    [InlineData("777", 8, 511L)]
    [InlineData("0x1f", 0, 31L)]
    [InlineData("017", 0, 15L)]
    [InlineData("zz", 36, 1295L)]
    [InlineData("99999999999999999999", 10, long.MaxValue)]
    [InlineData("-99999999999999999999", 10, long.MinValue)]
    [InlineData("-9223372036854775808", 10, long.MinValue)]
    [InlineData("abc", 10, 0L)]
    [InlineData("12", 1, 0L)]
    public void Strtol(string input, int radix, long expected) =>
        Assert.Equal(expected, StrconvModule._strconvStrtol(S(input), radix));

    [Theory]
    [InlineData(3.14159, 2, "3.14")]
    [InlineData(2.5, 0, "2")]
    [InlineData(3.5, 0, "4")]
    [InlineData(-0.001, 2, "-0.00")]
    [InlineData(1e20, 1, "100000000000000000000.0")]
    [InlineData(0.1, 20, "0.10000000000000000555")]
    [InlineData(double.NegativeInfinity, 3, "-inf")]
    [InlineData(1.25, -1, "1.250000")]
    public void FixedFormattingMatchesPrintf(double value, int decimals, string expected) =>
        Assert.Equal(expected, StrconvModule.FormatFixed(value, decimals));

    [Fact]
    public void HexAndOctalUseTwosComplement()
    {
        Assert.Equal("ffffffffffffffff", StrconvModule._strconvHex(-1).ToString());
        Assert.Equal("1777777777777777777777", StrconvModule._strconvOct(-1).ToString());
        Assert.Equal("101010", StrconvModule._strconvBin(42).ToString());
        Assert.Equal("", StrconvModule._strconvBin(-2).ToString());
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("TWlsbw==", "Milo")]
    [InlineData("TWlsbyE=", "Milo!")]
    [InlineData("TWk", "")]          // partial group ignored
    public void Base64DecodeIsLenient(string input, string expectedPrefix) =>
        Assert.StartsWith(expectedPrefix, Base64Module._base64Decode(S(input)).ToString());

    [Fact]
    public void CsvQuotesAndRows()
    {
        var rows = CsvModule._csvParse(S("a,\"b,c\",\"d\"\"e\"\r\n\nx"));
        Assert.Equal(3, rows.Count);
        Assert.Equal(new[] { "a", "b,c", "d\"e" }, rows.Items[0].Take(rows.Items[0].Count).Select(s => s.ToString()));
        Assert.Equal(new[] { "" }, rows.Items[1].Take(rows.Items[1].Count).Select(s => s.ToString()));
        Assert.Equal("x", rows.Items[2].Items[0].ToString());
        Assert.Equal("a,\"b,c\",\"d\"\"e\"\n\nx\n", CsvModule._csvStringify(rows).ToString());
    }

    [Fact]
    public void TomlFindsKeysOnlyBeforeTheFirstTable()
    {
        var src = S("a = 1 # c\n b = \"x\\\"y\"\n[t]\na = 2\n[u]\n");
        Assert.True(TomlModule._tomlFindKey(src, 0, src.Len, S("a")));
        Assert.Equal("1", src.Slice(TomlModule._tomlStart(), TomlModule._tomlEnd()).ToString());
        Assert.True(TomlModule._tomlFindKey(src, 0, src.Len, S("b")));
        Assert.Equal("x\"y", TomlModule._tomlString(src, TomlModule._tomlStart(), TomlModule._tomlEnd()).ToString());
        Assert.True(TomlModule._tomlFindTable(src, 0, src.Len, S("t")));
        long ts = TomlModule._tomlStart(), te = TomlModule._tomlEnd();
        Assert.Equal("a = 2\n", src.Slice(ts, te).ToString());
        Assert.True(TomlModule._tomlFindKey(src, ts, te, S("a")));
        Assert.Equal(2, TomlModule._tomlInt(src, TomlModule._tomlStart(), TomlModule._tomlEnd()));
        Assert.False(TomlModule._tomlFindKey(src, 0, src.Len, S("c")));
        Assert.False(TomlModule._tomlFindTable(src, 0, src.Len, S("v")));
    }

    [Theory]
    [InlineData("https://u@h.io:81/p/q?x=1#f", "https", "h.io", 81, "/p/q", "x=1", "f")]
    [InlineData("http://h", "http", "h", 80, "", "", "")]
    [InlineData("https://[::1]/", "https", "[::1]", 443, "/", "", "")]
    [InlineData("mailto:x@y", "mailto", "", 0, "x@y", "", "")]
    [InlineData("/rel?q", "", "", 0, "/rel", "q", "")]
    public void UrlParts(string url, string scheme, string host, int port, string path, string query, string frag)
    {
        var u = S(url);
        Assert.Equal(scheme, UrlModule._urlPart(u, 0).ToString());
        Assert.Equal(host, UrlModule._urlPart(u, 1).ToString());
        Assert.Equal(path, UrlModule._urlPart(u, 2).ToString());
        Assert.Equal(query, UrlModule._urlPart(u, 3).ToString());
        Assert.Equal(frag, UrlModule._urlPart(u, 4).ToString());
        Assert.Equal(port, UrlModule._urlPort(u));
    }

    [Fact]
    public void JsonStringsUnescapeSurrogatePairs()
    {
        var s = S("\"a\\u00e9\\ud83d\\ude00\\n\\\"\"");
        long end = JsonModule._jsonStringEnd(s, 0);
        Assert.Equal(s.Len - 1, end);
        Assert.Equal("aé😀\n\"", JsonModule._jsonUnescape(s, 1, end).ToString());
        Assert.Equal("\\u0001\\\\x\\\"", JsonModule._jsonEscape(S("\u0001\\x\"")).ToString());
        var n = S("-12.5e2,");
        Assert.Equal(7, JsonModule._jsonNumberEnd(n, 0));
        Assert.Equal(-1250.0, JsonModule._jsonNumberValue(n, 0, 7));
    }

    [Fact]
    public void JsonEscapeKeepsUnescapedPrefixAndCopiesPlainText()
    {
        Assert.Equal("ab\\\"c\\nd\\u001f", JsonModule._jsonEscape(S("ab\"c\nd\u001f")).ToString());
        var plain = S("plain text");
        var escaped = JsonModule._jsonEscape(plain);
        escaped.Push((byte)'!');
        Assert.Equal("plain text!", escaped.ToString());
        Assert.Equal("plain text", plain.ToString());
        var ws = S(" \t\r\n x ");
        Assert.Equal(5, JsonModule._jsonWsEnd(ws, 0));
        Assert.Equal(5, JsonModule._jsonWsEnd(ws, 5));
        Assert.Equal(ws.Len, JsonModule._jsonWsEnd(ws, 6));
    }

    [Fact]
    public void JsonAppendQuotedEscapesIntoTheTargetInPlace()
    {
        var doc = S("{");
        var before = doc;
        JsonModule._jsonAppendQuoted(ref doc, S("plain"));
        doc.Push((byte)':');
        JsonModule._jsonAppendQuoted(ref doc, S("a\"b\\c\n\u0001"));
        Assert.Same(before, doc); // appended in place, no new string
        Assert.Equal("{\"plain\":\"a\\\"b\\\\c\\n\\u0001\"", doc.ToString());

        // A frozen (literal) target is copied on its first write: another holder of the same bytes keeps them.
        var frozen = System.Text.Encoding.UTF8.GetBytes("x=");
        var lit = MiloString.FromFrozen(frozen);
        var other = MiloString.FromFrozen(frozen);
        JsonModule._jsonAppendQuoted(ref lit, S(""));
        Assert.Equal("x=\"\"", lit.ToString());
        Assert.Equal("x=", other.ToString());

        MiloString? none = null; // `s = s + x` treats a null string as ""
        JsonModule._jsonAppendQuoted(ref none!, S("k"));
        Assert.Equal("\"k\"", none!.ToString());
    }

    [Fact]
    public void JsonRepeatedShortStringsAreIndependent()
    {
        var doc = S("\"key\" \"key\" \"a-longer-string-than-the-shared-table-keeps\"");
        var first = JsonModule._jsonUnescape(doc, 1, 4);
        var second = JsonModule._jsonUnescape(doc, 7, 10);
        first.Push((byte)'!');
        second.PushStr(S("?"));
        Assert.Equal("key!", first.ToString());
        Assert.Equal("key?", second.ToString());
        Assert.Equal("key", JsonModule._jsonUnescape(doc, 7, 10).ToString());
        Assert.Equal("a-longer-string-than-the-shared-table-keeps", JsonModule._jsonUnescape(doc, 13, doc.Len - 1).ToString());
    }

    [Fact]
    public void RegexOffsetsAreBytes()
    {
        long h = RegexModule._regexCompile(S("b+"));
        Assert.True(h >= 0);
        Assert.True(RegexModule._regexFindFrom(h, S("éébb"), 0));
        Assert.Equal(4, RegexModule._regexStart());
        Assert.Equal(6, RegexModule._regexEnd());
        Assert.Equal(-1, RegexModule._regexCompile(S("(")));
    }

    [Fact]
    public void CodepointsDecodeUtf8()
    {
        var cps = UnicodeModule._unicodeCodepoints(S("aé€😀"));
        Assert.Equal(new[] { 97, 233, 8364, 128512 }, cps.Take(cps.Count));
        Assert.Equal(4, UnicodeModule._unicodeCount(S("aé€😀")));
    }

    [Fact]
    public void SplitLinesDropsCarriageReturnsAndFinalEmptyLine()
    {
        var lines = IoModule._ioSplitLines(S("a\r\n\nb\n"));
        Assert.Equal(new[] { "a", "", "b" }, lines.Take(lines.Count).Select(s => s.ToString()));
    }
}
