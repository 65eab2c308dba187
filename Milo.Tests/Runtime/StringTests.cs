using Milo.Runtime;

namespace Milo.Tests.Runtime;

public class StringTests
{
    private static MiloString S(string s) => MiloString.Literal(s);
    private static string[] Strs(MiloVec<MiloString> v) { var r = new string[v.Count]; for (int i = 0; i < v.Count; i++) r[i] = v.Items[i].ToString(); return r; }

    [Fact]
    public void LenIsBytes()
    {
        Assert.Equal(6, S("héllo").Len);
        Assert.Equal(5, S("café").Len);
    }

    [Fact]
    public void LiteralIsCopyOnWrite()
    {
        var a = S("ab");
        var b = S("ab");
        a.Push((byte)'c');
        Assert.Equal("abc", a.ToString());
        Assert.Equal("ab", b.ToString());
        Assert.Equal("ab", S("ab").ToString());
        var c = a.Clone();
        c.Push((byte)'d');
        Assert.Equal("abc", a.ToString());
        Assert.Equal("abcd", c.ToString());
    }

    [Fact]
    public void ByteAtPanicsOutOfRange()
    {
        Assert.Equal((byte)'b', S("abc").ByteAt(1));
        var e = Assert.Throws<MiloPanicException>(() => S("abc").ByteAt(3));
        Assert.Equal("milo: array index out of bounds: 3/3", e.Message);
        e = Assert.Throws<MiloPanicException>(() => S("abc").ByteAt(-1));
        Assert.Equal("milo: array index out of bounds: -1/3", e.Message);
    }

    [Fact]
    public void EqualityHashAndCompare()
    {
        Assert.True(MiloString.Eq(S("abc"), MiloString.FromString("abc")));
        Assert.Equal(S("abc").GetHashCode(), MiloString.FromString("abc").GetHashCode());
        Assert.True(MiloString.Compare(S("ab"), S("abc")) < 0);
        Assert.True(MiloString.Compare(S("b"), S("abc")) > 0);
        Assert.True(MiloString.Compare(S("é"), S("z")) > 0); // unsigned bytes
        Assert.Equal(0, MiloString.Compare(S(""), new MiloString()));
        Assert.Equal("ab", MiloString.Concat(S("a"), S("b")).ToString());
    }

    [Fact]
    public void Split()
    {
        Assert.Equal(new[] { "a", "", "b" }, Strs(S("a,,b").Split(S(","))));
        Assert.Equal(new[] { "a", "b", "" }, Strs(S("a,b,").Split(S(","))));
        Assert.Equal(new[] { "" }, Strs(S("").Split(S(","))));
        Assert.Equal(new[] { "a", "b", "c" }, Strs(S("abc").Split(S(""))));
        Assert.Equal(new[] { "x", "y" }, Strs(S("x::y").Split(S("::"))));
    }

    [Fact]
    public void SearchMethods()
    {
        Assert.True(S("hello").Contains(S("ell")));
        Assert.True(S("hello").Contains(S("")));
        Assert.False(S("hello").Contains(S("xyz")));
        Assert.Equal(2, S("hello").IndexOf(S("l")));
        Assert.Equal(3, S("hello").LastIndexOf(S("l")));
        Assert.Equal(-1, S("hello").IndexOf(S("z")));
        Assert.Equal(-1, S("hello").LastIndexOf(S("z")));
        Assert.True(S("hello").StartsWith(S("he")));
        Assert.True(S("hello").EndsWith(S("lo")));
        Assert.False(S("lo").EndsWith(S("hello")));
    }

    [Fact]
    public void TransformMethods()
    {
        Assert.Equal("a b", S(" \t a b\r\n").Trim().ToString());
        Assert.Equal("a ", S("  a ").TrimStart().ToString());
        Assert.Equal("  a", S("  a ").TrimEnd().ToString());
        Assert.Equal("", S("   ").Trim().ToString());
        Assert.Equal("hello é", S("HeLLo é").ToLower().ToString());
        Assert.Equal("HELLO é", S("HeLLo é").ToUpper().ToString());
        Assert.Equal("éfac", S("café").Reverse().ToString());
        Assert.Equal("語本日", S("日本語").Reverse().ToString());
        Assert.Equal("x-x-x", S("a-a-a").Replace(S("a"), S("x")).ToString());
        Assert.Equal("abc", S("abc").Replace(S(""), S("x")).ToString());
        Assert.Equal("x-a-a", S("a-a-a").ReplaceFirst(S("a"), S("x")).ToString());
        Assert.Equal("ababab", S("ab").Repeat(3).ToString());
        Assert.Equal("", S("ab").Repeat(0).ToString());
        Assert.Equal("xyx5", S("5").PadStart(4, S("xy")).ToString());
        Assert.Equal("5xyx", S("5").PadEnd(4, S("xy")).ToString());
        Assert.Equal("12345", S("12345").PadStart(3, S("0")).ToString());
        Assert.Equal("b", S("abc").CharAt(1).ToString());
        Assert.Equal("bc", S("abcd").Substr(1, 3).ToString());
        Assert.Equal("bc", S("abcd").Slice(1, 3).ToString());
        Assert.True(S("").IsEmpty());
    }

    [Fact]
    public void Parsing()
    {
        Assert.Equal(0, S("abc").ParseInt());
        Assert.Equal(-12, S("-12x").ParseInt());
        Assert.Equal(42, S("42").ParseInt());
        Assert.Equal(0, S(" 42").ParseInt());
        Assert.Equal(0, S("-").ParseInt());
        Assert.Equal(3.5, S("3.5").ParseF64());
        Assert.Equal(-0.25, S("  -.25abc").ParseF64());
        Assert.Equal(1e10, S("1e10").ParseF64());
        Assert.Equal(2.0, S("2e").ParseF64());
        Assert.Equal(0.0, S("abc").ParseF64());
        Assert.Equal(double.PositiveInfinity, S("inf").ParseF64());
    }

    [Fact]
    public void WordSplitting()
    {
        Assert.Equal(new[] { "hello", "world", "it", "s" }, Strs(S("Hello, World! It's").SplitWords()));
        Assert.Equal(new[] { "a", "b", "c" }, Strs(S("  a \t b\nc  ").SplitWhitespace()));
        Assert.Empty(Strs(S("   ").SplitWhitespace()));
    }

    [Fact]
    public void WithCapacityAndPush()
    {
        var s = MiloString.WithCapacity(2);
        for (int i = 0; i < 100; i++) s.Push((byte)('a' + i % 26));
        Assert.Equal(100, s.Len);
        Assert.Equal((byte)'a', s.ByteAt(26));
    }

    [Fact]
    public void WorksAsDictionaryKey()
    {
        var m = new MiloMap<MiloString, long>();
        m.Insert(S("k"), 1);
        Assert.True(m.TryGet(MiloString.FromString("k"), out long v));
        Assert.Equal(1, v);
    }
}
