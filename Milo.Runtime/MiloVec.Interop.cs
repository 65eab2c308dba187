namespace Milo.Runtime;

/// <summary>
/// C#-facing conveniences for <c>Vec&lt;T&gt;</c> in Milo libraries (docs/interop.md): an indexer, collection initializers
/// (<c>new MiloVec&lt;long&gt; { 1, 2, 3 }</c>) and conversions from arrays / sequences. Milo code never calls these.
/// </summary>
public sealed partial class MiloVec<T> : IMiloDisplay
{
    /// <summary>`[e1, e2]` with each element's display form (strings quoted).</summary>
    void IMiloDisplay.AppendDisplay(MiloStringBuilder b)
    {
        b.AppendByte((byte)'[');
        for (int i = 0; i < Count; i++)
        {
            if (i > 0) b.AppendText(", ");
            MiloDisplay.Append(b, Items[i]);
        }
        b.AppendByte((byte)']');
    }

    /// <summary>The display form `[1, 2, 3]`.</summary>
    public override string ToString() => MiloDisplay.Show(this);

    /// <summary>Bounds-checked element access (a Milo panic on a bad index, like <c>v[i]</c> in Milo).</summary>
    public T this[int index]
    {
        get => Get(index);
        set => Set(index, value);
    }

    /// <summary>Appends <paramref name="value"/> (the C# name of <c>push</c>; enables collection initializers).</summary>
    public void Add(T value) => Push(value);

    /// <summary>A new vector holding the elements of <paramref name="items"/> in order.</summary>
    public static MiloVec<T> From(IEnumerable<T> items)
    {
        var v = new MiloVec<T>();
        foreach (var x in items) v.Push(x);
        return v;
    }

    /// <summary>A copy of the live elements.</summary>
    public T[] ToArray() => Items.AsSpan(0, Count).ToArray();

    /// <summary>C# arrays pass where a Milo library expects a <c>Vec&lt;T&gt;</c> (the array is copied).</summary>
    public static implicit operator MiloVec<T>(T[] items) => FromArray((T[])items.Clone());
}
