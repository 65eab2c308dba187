using Milo.Runtime;

namespace Milo.Tests.Runtime;

/// <summary>MiloMap's ordered hash table against a model: contents, lookups and insertion-order iteration through
/// removals from the middle of bucket chains, tombstone compaction, growth and emptying.</summary>
public class MapTests
{
    private static MiloString S(string s) => MiloString.FromString(s);

    /// <summary>Model: insertion-ordered list of live keys plus their values.</summary>
    private static void Check<K>(MiloMap<K, long> m, List<K> order, Dictionary<K, long> values) where K : notnull
    {
        Assert.Equal(order.Count, m.Len);
        Assert.Equal(order, m.Keys().ToList());
        Assert.Equal(order.Select(k => values[k]), m.Values().ToList());
        foreach (var k in order)
        {
            Assert.True(m.TryGet(k, out long v));
            Assert.Equal(values[k], v);
            Assert.True(m.Contains(k));
        }
    }

    private static void Churn<K>(Func<int, K> key, int keySpace, int steps, int seed) where K : notnull
    {
        var m = new MiloMap<K, long>();
        var order = new List<K>();
        var values = new Dictionary<K, long>();
        var rng = new Random(seed);
        for (int i = 0; i < steps; i++)
        {
            var k = key(rng.Next(keySpace));
            if (rng.Next(3) == 0)
            {
                m.Remove(k);
                if (values.Remove(k)) order.Remove(k);
                Assert.False(m.Contains(k));
            }
            else
            {
                m.Insert(k, i);
                if (!values.ContainsKey(k)) order.Add(k);
                values[k] = i;
            }
            if (i % 997 == 0) Check(m, order, values);
        }
        Check(m, order, values);
        foreach (var k in order.ToList()) { m.Remove(k); order.Remove(k); values.Remove(k); }
        Check(m, order, values);
        Assert.Equal(0, m.SlotCount);
        m.Insert(key(1), 7);
        Assert.Equal(7, m.GetOrDefault(key(1), -1));
        Assert.Equal(-1, m.GetOrDefault(key(2), -1));
    }

    [Fact]
    public void StridedIntegerKeysKeepOrderThroughRemovalsAndCompaction()
        => Churn(i => (long)i << 20, 300, 30_000, 5);   // equal low bits: only hash mixing separates them

    [Fact]
    public void NegativeAndExtremeIntegerKeys()
        => Churn(i => i switch { 0 => long.MinValue, 1 => long.MaxValue, _ => -(long)i * 4099 }, 500, 20_000, 11);

    [Fact]
    public void StringKeysCompareByContent()
        => Churn(i => S("key-" + (i % 2 == 0 ? i.ToString() : new string('x', i % 7) + i)), 400, 20_000, 17);

    [Fact]
    public void GrowsToManyEntriesInInsertionOrder()
    {
        var m = new MiloMap<long, long>();
        for (long i = 0; i < 100_000; i++) m.Insert(i * 3, i);
        Assert.Equal(100_000, m.Len);
        long sum = 0;
        for (long j = 0; j < 300_000; j++) if (m.TryGet(j, out long v)) { Assert.Equal(0, j % 3); Assert.Equal(j / 3, v); sum += v; }
        Assert.Equal(99_999L * 100_000 / 2, sum);
        var keys = m.Keys();
        for (int i = 0; i < keys.Count; i++) Assert.Equal(i * 3L, keys.Items[i]);
    }

    [Fact]
    public void CopyWithIsIndependentAndKeepsOrderWithoutTombstones()
    {
        var m = new MiloMap<long, MiloVec<long>>();
        for (long i = 0; i < 40; i++) { var v = new MiloVec<long>(); v.Push(i); m.Insert(i, v); }
        for (long i = 0; i < 40; i += 3) m.Remove(i);   // tombstones in the middle of chains
        int copies = 0;
        var c = m.CopyWith(null, v => { copies++; var w = new MiloVec<long>(); for (int j = 0; j < v.Count; j++) w.Push(v.Items[j]); return w; });
        Assert.Equal(m.Len, c.Len);
        Assert.Equal((int)m.Len, copies);
        Assert.Equal(c.Len, c.SlotCount);
        Assert.Equal(m.Keys().ToList(), c.Keys().ToList());
        foreach (var k in m.Keys().ToList())
        {
            Assert.True(c.TryGet(k, out var cv));
            Assert.True(m.TryGet(k, out var mv));
            Assert.NotSame(mv, cv);
            Assert.Equal(mv.ToList(), cv.ToList());
        }
        c.Insert(100, new MiloVec<long>());
        c.Remove(1);
        Assert.True(c.TryGet(2, out var two));
        two.Push(99);
        Assert.False(m.Contains(100));
        Assert.True(m.Contains(1));
        Assert.True(m.TryGet(2, out var orig));
        Assert.Equal(new long[] { 2 }, orig.ToList());
        Assert.Equal(0, new MiloMap<MiloString, long>().CopyWith(s => s.Clone(), null).Len);
        var sm = new MiloMap<MiloString, long>();
        sm.Insert(S("a"), 1);
        var sc = sm.CopyWith(s => s.Clone(), null);
        Assert.True(sc.TryGet(S("a"), out long a));
        Assert.Equal(1, a);
    }
}
