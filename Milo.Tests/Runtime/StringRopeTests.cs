using System.Reflection;
using System.Text;
using Milo.Runtime;

namespace Milo.Tests.Runtime;

/// <summary>
/// Strings grown past the chunk threshold by appends are stored as a rope (Milo.Runtime/MiloStringRope.cs) until a read
/// flattens them: every operation must see exactly the bytes a flat string would have, and a copy must never see later
/// appends to the original. Each test checks it really ran on a rope (<see cref="IsRope"/>), against a .NET
/// <see cref="StringBuilder"/> model.
/// </summary>
public class StringRopeTests
{
    private static readonly FieldInfo Rope = typeof(MiloString).GetField("_rope", BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static bool IsRope(MiloString s) => Rope.GetValue(s) is not null;
    private static MiloString S(string s) => MiloString.Literal(s);

    private const string Chunk = "the quick brown fox jumps over the lazy dog";

    /// <summary><c>s = s + chunk</c> <paramref name="n"/> times (chunk numbered so misplaced bytes show), plus the model.</summary>
    private static (MiloString S, StringBuilder Model) Grow(int n, MiloString? start = null)
    {
        var s = start ?? new MiloString();
        var model = new StringBuilder(s.ToString());
        for (int i = 0; i < n; i++)
        {
            string piece = Chunk + i.ToString();
            s = MiloString.AppendInPlace(s, MiloString.FromString(piece));
            model.Append(piece);
        }
        return (s, model);
    }

    [Fact]
    public void SmallStringsStayFlat()
    {
        var (s, model) = Grow(100);
        Assert.False(IsRope(s));
        Assert.Equal(model.ToString(), s.ToString());
    }

    [Fact]
    public void LenAndAppendsDoNotFlatten()
    {
        var (s, model) = Grow(20_000);   // ~1 MB
        Assert.True(IsRope(s));
        Assert.Equal(model.Length, s.Len);
        Assert.Equal(model.Length, s.Length);
        s.Push((byte)'!');
        s.PushBytes("xyz"u8);
        s.PushStr(S("tail"));
        model.Append("!xyztail");
        Assert.True(IsRope(s));
        Assert.Equal(model.Length, s.Len);
        Assert.Equal(model.ToString(), s.ToString());   // a read: flattens
        Assert.False(IsRope(s));
    }

    [Fact]
    public void IndexingSlicingAndPanics()
    {
        var (s, model) = Grow(5_000);
        Assert.True(IsRope(s));
        string m = model.ToString();
        foreach (int i in new[] { 0, 1, 65_535, 65_536, 65_537, 100_000, m.Length - 1 })
            Assert.Equal((byte)m[i], s.ByteAt(i));
        var e = Assert.Throws<MiloPanicException>(() => s.ByteAt(m.Length));
        Assert.Equal($"milo: array index out of bounds: {m.Length}/{m.Length}", e.Message);
        Assert.Equal(m.Substring(65_000, 2_000), s.Slice(65_000, 67_000).ToString());
        Assert.Equal(m, s.Slice(0, m.Length).ToString());
    }

    [Fact]
    public void IndexOutOfBoundsOnARopeReportsItsLength()
    {
        var (s, model) = Grow(5_000);
        Assert.True(IsRope(s));
        var e = Assert.Throws<MiloPanicException>(() => s.ByteAt(-1));
        Assert.Equal($"milo: array index out of bounds: -1/{model.Length}", e.Message);
        Assert.True(IsRope(s));   // a failed bounds check reads no bytes
    }

    [Fact]
    public void CloneNeverSeesLaterAppends()
    {
        var (s, model) = Grow(5_000);
        Assert.True(IsRope(s));
        var copy = s.Clone();
        string before = model.ToString();
        for (int i = 0; i < 3_000; i++) s = MiloString.AppendInPlace(s, S(Chunk));
        copy = MiloString.AppendInPlace(copy, S("<copy>"));
        Assert.Equal(before, copy.Slice(0, before.Length).ToString());
        Assert.Equal(before + "<copy>", copy.ToString());
        Assert.Equal(before + string.Concat(Enumerable.Repeat(Chunk, 3_000)), s.ToString());
    }

    [Fact]
    public void AppendingToACloneOfALargeStringLeavesTheOriginal()
    {
        var (s, model) = Grow(5_000);
        string text = s.ToString();   // flat now, and grows flat from here on
        var copy = s.Clone();
        var (grown, _) = Grow(3_000, copy);
        Assert.Equal(text, s.ToString());
        Assert.StartsWith(text, grown.ToString());
        Assert.Equal(model.Length, s.Len);
    }

    [Fact]
    public void SharedLargeBufferBecomesARopeHeadWithoutBeingWritten()
    {
        var big = MiloString.FromString(new string('a', 100_000));
        var copy = big.Clone();   // both share one buffer
        var (grown, model) = Grow(10, copy);
        Assert.True(IsRope(grown));
        Assert.Equal(new string('a', 100_000), big.ToString());
        Assert.Equal(model.ToString(), grown.ToString());
    }

    [Fact]
    public void ComparisonHashingAndSearch()
    {
        var (a, model) = Grow(4_000);
        var (b, _) = Grow(4_000);
        Assert.True(IsRope(a) && IsRope(b));
        var flat = MiloString.FromString(model.ToString());
        Assert.True(MiloString.Eq(a, b));
        Assert.Equal(0, MiloString.Compare(a, flat));
        Assert.Equal(flat.GetHashCode(), b.GetHashCode());
        var (c, _) = Grow(4_001);
        Assert.True(MiloString.Compare(a, c) < 0);
        Assert.False(MiloString.Eq(a, c));
        Assert.True(c.Contains(S(Chunk + "4000")));
        Assert.Equal(model.ToString().IndexOf(Chunk + "3999", StringComparison.Ordinal), c.IndexOf(S(Chunk + "3999")));
        Assert.Equal(4_001, c.Split(S("dog")).Count - 1);
    }

    [Fact]
    public void ConcatAndAppendOfRopeOperands()
    {
        var (a, model) = Grow(3_000);
        var (b, modelB) = Grow(2_000);
        Assert.True(IsRope(a) && IsRope(b));
        var sum = MiloString.Concat(a, b);
        Assert.True(IsRope(a) && IsRope(b));   // operands read without flattening
        Assert.Equal(model.ToString() + modelB, sum.ToString());
        var small = MiloString.AppendInPlace(S("head:"), b);
        Assert.Equal("head:" + modelB, small.ToString());
        a = MiloString.AppendInPlace(a, a);   // self-append
        Assert.Equal(model.ToString() + model, a.ToString());
    }

    [Fact]
    public void InteropAndPrintingSeeAllBytes()
    {
        var (s, model) = Grow(3_000);
        s.PushStr(S("é日本"));
        model.Append("é日本");
        Assert.True(IsRope(s));
        string? clr = s;
        Assert.Equal(model.ToString(), clr);
        var (t, _) = Grow(3_000);
        var text = MiloStringBuilder.Rent().AppendStr(t).ToMiloString();
        Assert.Equal(t.ToString(), text.ToString());
        Assert.Equal(Encoding.UTF8.GetBytes(model.ToString()), s.AsSpan().ToArray());
    }

    [Fact]
    public void ReadThenAppendGrowsFlat()
    {
        var (s, model) = Grow(3_000);
        Assert.Equal(model[70_000], (char)s.ByteAt(70_000));   // flattens
        for (int i = 0; i < 3_000; i++) { s = MiloString.AppendInPlace(s, S(Chunk)); model.Append(Chunk); }
        Assert.False(IsRope(s));   // alternating reads and appends must not re-flatten a rope each time
        Assert.Equal(model.ToString(), s.ToString());
    }

    [Fact]
    public void ConcurrentReadersOfARopeAgree()
    {
        var (s, model) = Grow(10_000);
        Assert.True(IsRope(s));
        string expected = model.ToString();
        var results = new string[4];
        Parallel.For(0, results.Length, i => results[i] = s.ToString());
        Assert.All(results, r => Assert.Equal(expected, r));
    }
}
