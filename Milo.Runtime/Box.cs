namespace Milo.Runtime;

/// <summary>Milo <c>Heap&lt;T&gt;</c>: a single-owner box. <c>*h</c> reads/writes <see cref="Value"/>.</summary>
public sealed class Box<T> : IMiloDisplay
{
    void IMiloDisplay.AppendDisplay(MiloStringBuilder b) => MiloDisplay.Append(b, Value);
    /// <summary>The display form of the boxed value.</summary>
    public override string ToString() => MiloDisplay.Show(Value);

    public T Value;
    public Box(T value) { Value = value; }
}
