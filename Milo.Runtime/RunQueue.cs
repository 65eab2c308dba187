using System.Runtime.CompilerServices;

namespace Milo.Runtime;

/// <summary>
/// The scheduler's FIFO of ready tasks: a power-of-two ring of struct slots. Same operations as
/// <see cref="Queue{T}"/>, but storing a task into a <c>GreenTask[]</c> would cost a covariant array-store type check
/// (<c>StelemRef</c>) on every enqueue and dequeue (≈12 % of a spawn+yield step); a struct element needs none.
/// Owner-thread only, like the queue it replaces.
/// </summary>
internal sealed class RunQueue
{
    private struct Slot { public GreenTask? Task; }

    private Slot[] _slots = new Slot[64];
    private int _head;   // next to dequeue
    private int _count;

    public int Count => _count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Enqueue(GreenTask task)
    {
        var slots = _slots;
        if (_count == slots.Length) { Grow(); slots = _slots; }
        slots[(_head + _count) & (slots.Length - 1)].Task = task;
        _count++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryDequeue([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out GreenTask? task)
    {
        if (_count == 0) { task = null; return false; }
        var slots = _slots;
        ref var slot = ref slots[_head];
        task = slot.Task!;
        slot.Task = null;   // a finished task must not stay reachable from the queue
        _head = (_head + 1) & (slots.Length - 1);
        _count--;
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow()
    {
        var old = _slots;
        var slots = new Slot[old.Length * 2];
        for (int i = 0; i < _count; i++) slots[i] = old[(_head + i) & (old.Length - 1)];
        _slots = slots;
        _head = 0;
    }
}
