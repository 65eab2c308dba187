using Milo.Runtime;

namespace Milo.Tests.Runtime;

public class CollectionTests
{
    private static MiloString S(string s) => MiloString.Literal(s);

    [Fact]
    public void VecBasics()
    {
        var v = new MiloVec<int>();
        for (int i = 0; i < 20; i++) v.Push(i);
        Assert.Equal(20, v.Len);
        Assert.Equal(32, v.Items.Length);
        Assert.Equal(19, v.Pop(1, 1));
        Assert.Equal(5, v.Get(5));
        v.Set(5, 50);
        v.GetRef(6) += 100;
        Assert.Equal(50, v.Get(5));
        Assert.Equal(106, v.Get(6));
        Assert.True(v.Contains(50));
        Assert.False(v.Contains(5));
        var e = Assert.Throws<MiloPanicException>(() => v.Get(19));
        Assert.Equal("milo: array index out of bounds: 19/19", e.Message);
        var empty = new MiloVec<long>();
        Assert.True(empty.IsEmpty());
        e = Assert.Throws<MiloPanicException>(() => empty.Pop(4, 7));
        Assert.Equal("pop on empty Vec at 4:7", e.Message);
    }

    [Fact]
    public void GrowthStartsAtEight()
    {
        var v = new MiloVec<long>();
        Assert.Empty(v.Items);
        v.Push(1);
        Assert.Equal(8, v.Items.Length);
    }

    [Fact]
    public void HigherOrder()
    {
        var v = MiloVec<long>.FromArray(new long[] { 1, 2, 3, 4 });
        Assert.Equal(new long[] { 2, 4, 6, 8 }, v.Map(x => x * 2).ToArray());
        Assert.Equal(new long[] { 2, 4 }, v.Filter(x => x % 2 == 0).ToArray());
        Assert.True(v.Find(x => x > 2, out long f));
        Assert.Equal(3, f);
        Assert.False(v.Find(x => x > 9, out _));
        Assert.True(v.Any(x => x == 4));
        Assert.True(v.All(x => x > 0));
        long sum = 0;
        v.Each(x => sum += x);
        Assert.Equal(10, sum);
        long wsum = 0;
        v.Enumerate((i, x) => wsum += i * x);
        Assert.Equal(0 + 2 + 6 + 12, wsum);
        v.Reverse();
        Assert.Equal(new long[] { 4, 3, 2, 1 }, v.ToArray());
        Assert.Equal("a, b", MiloVecOps.Join(MiloVec<MiloString>.FromArray(new[] { S("a"), S("b") }), S(", ")).ToString());
        Assert.Equal("", MiloVecOps.Join(new MiloVec<MiloString>(), S(", ")).ToString());
    }

    [Fact]
    public void SortsAreAscendingAndStable()
    {
        var rng = new Random(7);
        var data = new (int key, int seq)[500];
        for (int i = 0; i < data.Length; i++) data[i] = (rng.Next(10), i);
        var v = MiloVec<(int key, int seq)>.FromArray(((int, int)[])data.Clone());
        v.SortBy((a, b) => a.key - b.key);
        var expected = data.OrderBy(x => x.key).ToArray(); // LINQ OrderBy is stable
        Assert.Equal(expected, v.ToArray());

        var v2 = MiloVec<(int key, int seq)>.FromArray(((int, int)[])data.Clone());
        v2.SortByKey(x => -x.key);
        Assert.Equal(data.OrderBy(x => -x.key).ToArray(), v2.ToArray());

        var ints = MiloVec<long>.FromArray(new long[] { 5, -1, 3, 3, 0 });
        ints.Sort();
        Assert.Equal(new long[] { -1, 0, 3, 3, 5 }, ints.ToArray());

        var fl = MiloVec<double>.FromArray(new[] { 2.5, -1.0, 0.5 });
        fl.Sort();
        Assert.Equal(new[] { -1.0, 0.5, 2.5 }, fl.ToArray());

        var bools = MiloVec<bool>.FromArray(new[] { true, false, true });
        bools.Sort();
        Assert.Equal(new[] { false, true, true }, bools.ToArray());

        var strs = MiloVec<MiloString>.FromArray(new[] { S("pear"), S("apple"), S("b"), S("ab") });
        strs.Sort();
        Assert.Equal(new[] { "ab", "apple", "b", "pear" }, strs.Select(s => s.ToString()).ToArray());
    }

    [Fact]
    public void MapOverwriteRemoveAndOrder()
    {
        var m = new MiloMap<long, MiloString>();
        m.Insert(1, S("one"));
        m.Insert(2, S("two"));
        m.Insert(1, S("uno"));
        Assert.Equal(2, m.Len);
        Assert.True(m.TryGet(1, out var v));
        Assert.Equal("uno", v.ToString());
        m.Remove(7);
        Assert.Equal(2, m.Len);
        m.Remove(1);
        Assert.Equal(1, m.Len);
        Assert.False(m.Contains(1));
        Assert.False(m.TryGet(1, out _));
        Assert.Equal("dflt", m.GetOrDefault(1, S("dflt")).ToString());
        m.Insert(3, S("three"));
        Assert.Equal(new long[] { 2, 3 }, m.Keys().ToArray());
        Assert.Equal(new[] { "two", "three" }, m.Values().Select(x => x.ToString()).ToArray());
        var seen = new List<long>();
        for (int i = 0; i < m.SlotCount; i++) if (m.TryGetSlot(i, out long k, out _)) seen.Add(k);
        Assert.Equal(new long[] { 2, 3 }, seen);
    }

    [Fact]
    public void MapChurnKeepsConsistent()
    {
        var m = new MiloMap<long, long>();
        var reference = new Dictionary<long, long>();
        var rng = new Random(3);
        for (int i = 0; i < 20000; i++)
        {
            long k = rng.Next(200);
            if (rng.Next(3) == 0) { m.Remove(k); reference.Remove(k); }
            else { m.Insert(k, i); reference[k] = i; }
        }
        Assert.Equal(reference.Count, m.Len);
        foreach (var kv in reference) Assert.Equal(kv.Value, m.GetOrDefault(kv.Key, -1));
        Assert.Equal(reference.Count, m.Count());
    }

    [Fact]
    public void BoxHoldsValue()
    {
        var b = new Box<long>(4);
        b.Value = 5;
        Assert.Equal(5, b.Value);
    }
}
