using Milo.Runtime;

namespace Milo.Tests.Runtime;

/// <summary>Copy-on-write Vec storage (MiloVec.Share.cs): a shared array is never written; each side copies once.</summary>
public class VecShareTests
{
    private static MiloString S(string s) => MiloString.FromString(s);
    private static string Show(MiloVec<MiloString> v) => string.Join(",", v.ToArray().Select(x => x.ToString()));

    [Fact]
    public void Share_copy_of_strings_shares_the_array_until_either_side_writes()
    {
        var a = new MiloVec<MiloString> { S("x"), S("y"), S("z") };
        var b = a.ShareCopy();
        Assert.Same(a.Items, b.Items);
        Assert.True(a.IsShared && b.IsShared);

        b.Set(0, S("B"));              // b takes its own array of element copies
        Assert.NotSame(a.Items, b.Items);
        Assert.False(b.IsShared);
        Assert.Equal("x,y,z", Show(a));
        Assert.Equal("B,y,z", Show(b));

        b.GetRef(1).Push((byte)'!');   // in-place element mutation: b's element is its own object
        Assert.Equal("x,y,z", Show(a));
        Assert.Equal("B,y!,z", Show(b));

        var old = a.Items;
        a.Push(S("w"));                // the flag is sticky: a copies once more, leaving the old array untouched
        Assert.NotSame(old, a.Items);
        Assert.Equal("x", old[0].ToString());
        Assert.Equal("x,y,z,w", Show(a));
    }

    [Fact]
    public void Every_write_path_unshares()
    {
        MiloVec<MiloString> Fresh(out MiloVec<MiloString> other)
        {
            var v = new MiloVec<MiloString> { S("c"), S("a"), S("b") };
            other = v.ShareCopy();
            return v;
        }
        var w = Fresh(out var o1); w.Pop(1, 1); Assert.Equal("c,a,b", Show(o1)); Assert.Equal("c,a", Show(w));
        w = Fresh(out var o2); w.Reverse(); Assert.Equal("c,a,b", Show(o2)); Assert.Equal("b,a,c", Show(w));
        w = Fresh(out var o3); w.Sort(); Assert.Equal("c,a,b", Show(o3)); Assert.Equal("a,b,c", Show(w));
        w = Fresh(out var o4); w.SortBy((x, y) => MiloString.Compare(y, x)); Assert.Equal("c,a,b", Show(o4)); Assert.Equal("c,b,a", Show(w));
        w = Fresh(out var o5); w.SortByKey(x => x.ToString()); Assert.Equal("c,a,b", Show(o5)); Assert.Equal("a,b,c", Show(w));
        w = Fresh(out var o6); w[2] = S("q"); Assert.Equal("c,a,b", Show(o6)); Assert.Equal("c,a,q", Show(w));
        w = Fresh(out var o7); o7.Push(S("d")); Assert.Equal("c,a,b", Show(w)); Assert.Equal("c,a,b,d", Show(o7));
    }

    [Fact]
    public void Read_ref_does_not_unshare_and_plain_values_are_never_shared()
    {
        var a = new MiloVec<MiloString> { S("x") };
        var b = a.ShareCopy();
        Assert.Equal("x", b.GetReadRef(0).ToString());
        Assert.Same(a.Items, b.Items);
        Assert.Throws<MiloPanicException>(() => b.GetReadRef(1));

        var n = new MiloVec<long> { 1, 2 };
        var m = n.ShareCopy();         // no references in T: an eager copy, no flag
        Assert.NotSame(n.Items, m.Items);
        Assert.False(n.IsShared || m.IsShared);
        Assert.Empty(new MiloVec<MiloString>().ShareCopy().ToArray());
    }

    private sealed class Unregistered { }

    [Fact]
    public void Sharing_without_a_registered_element_copy_is_refused()
    {
        var v = new MiloVec<Unregistered> { new Unregistered() };
        Assert.Throws<InvalidOperationException>(() => v.ShareCopy());
        Assert.False(v.IsShared);
    }

    [Fact]
    public void Nested_vecs_unshare_one_level_at_a_time()
    {
        MiloVec<MiloVec<MiloString>>.ElementCopy ??= x => x.ShareCopy();
        var outer = new MiloVec<MiloVec<MiloString>> { new MiloVec<MiloString> { S("a") }, new MiloVec<MiloString> { S("b") } };
        var copy = outer.ShareCopy();
        copy.GetRef(0).Push(S("c"));   // copy unshares (its elements become share-copies), then the inner Vec unshares
        Assert.Equal("a", Show(outer.Get(0)));
        Assert.Equal("a,c", Show(copy.Get(0)));
        Assert.Same(outer.Get(1).Items, copy.Get(1).Items); // untouched inner Vecs still share
        outer.GetRef(1).GetRef(0).Push((byte)'!');
        Assert.Equal("b!", Show(outer.Get(1)));
        Assert.Equal("b", Show(copy.Get(1)));
    }
}
