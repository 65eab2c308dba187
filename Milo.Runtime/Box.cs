namespace Milo.Runtime;

/// <summary>Milo <c>Heap&lt;T&gt;</c>: a single-owner box. <c>*h</c> reads/writes <see cref="Value"/>.</summary>
public sealed class Box<T>
{
    public T Value;
    public Box(T value) { Value = value; }
}
