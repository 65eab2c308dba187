using System.Runtime.CompilerServices;

namespace Milo.Runtime;

/// <summary>
/// Append-only chunked storage of a large <see cref="MiloString"/> (docs/performance.md, "stringops: chunked large
/// strings"). A string that grows past <see cref="ChunkBytes"/> by appending keeps its bytes here instead of doubling
/// one contiguous array: the flat buffer it had becomes the read-only head, and further bytes fill fixed-size chunks
/// below the large-object-heap threshold (85,000 bytes), so building a multi-megabyte string allocates only gen0
/// arrays, once, instead of a series of large-object arrays whose allocation triggers blocking gen2 collections.
/// The first read that needs contiguous bytes flattens the rope into one exact-size array
/// (<see cref="MiloString"/>.FlatBuf). Appends are the only mutation; nothing is ever written into the head or into a
/// sealed chunk, so the head may be a buffer shared with other strings (a clone or a literal).
/// </summary>
internal sealed class MiloStringRope
{
    /// <summary>Size of a chunk: large enough that sealing one is rare, small enough to stay off the large-object heap.</summary>
    internal const int ChunkBytes = 64 * 1024;

    private readonly byte[] _head;
    private readonly int _headLen;
    private byte[][] _full = new byte[8][];
    private int _fullCount;
    private byte[] _tail;
    private int _tailLen;

    /// <summary>A rope whose first <paramref name="headLen"/> bytes are <paramref name="head"/>'s (never written to).</summary>
    internal MiloStringRope(byte[] head, int headLen)
    {
        _head = head;
        _headLen = headLen;
        _tail = GC.AllocateUninitializedArray<byte>(ChunkBytes);
    }

    /// <summary>Appends <paramref name="src"/>, filling the tail chunk first and sealing it when full. A chunk is
    /// <see cref="ChunkBytes"/> long unless one append's remainder is longer (then that chunk is exactly as long).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Append(ReadOnlySpan<byte> src)
    {
        int at = _tailLen;
        if (src.Length <= _tail.Length - at)
        {
            src.CopyTo(new Span<byte>(_tail, at, src.Length));
            _tailLen = at + src.Length;
            return;
        }
        AppendSpill(src);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AppendSpill(ReadOnlySpan<byte> src)
    {
        while (true)
        {
            int room = _tail.Length - _tailLen;
            if (src.Length <= room)
            {
                src.CopyTo(new Span<byte>(_tail, _tailLen, src.Length));
                _tailLen += src.Length;
                return;
            }
            src.Slice(0, room).CopyTo(new Span<byte>(_tail, _tailLen, room));
            src = src.Slice(room);
            if (_fullCount == _full.Length) Array.Resize(ref _full, _fullCount * 2);
            _full[_fullCount++] = _tail;
            _tail = GC.AllocateUninitializedArray<byte>(Math.Max(ChunkBytes, src.Length));
            _tailLen = 0;
        }
    }

    /// <summary>Appends one byte.</summary>
    internal void Append(byte b)
    {
        if (_tailLen == _tail.Length)
        {
            Span<byte> one = [b];
            Append(one);
            return;
        }
        _tail[_tailLen++] = b;
    }

    /// <summary>Copies all bytes, in order, to the start of <paramref name="dest"/> (at least as long as the rope).</summary>
    internal void CopyTo(Span<byte> dest)
    {
        new ReadOnlySpan<byte>(_head, 0, _headLen).CopyTo(dest);
        int at = _headLen;
        for (int i = 0; i < _fullCount; i++)
        {
            _full[i].CopyTo(dest.Slice(at));
            at += _full[i].Length;
        }
        new ReadOnlySpan<byte>(_tail, 0, _tailLen).CopyTo(dest.Slice(at));
    }

    /// <summary>The bytes as one new exact-size array (<paramref name="total"/> is the owner's length).</summary>
    internal byte[] Flatten(int total)
    {
        byte[] flat = GC.AllocateUninitializedArray<byte>(total);
        CopyTo(flat);
        return flat;
    }
}
