using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Milo.Runtime;

/// <summary>
/// Appends: <c>s.push(b)</c>, <c>x = x + y</c> (<see cref="AppendInPlace"/>) and the runtime's own builders. The fast
/// path writes into the flat buffer's spare capacity; everything else (copy-on-write of a shared buffer, growth, the
/// switch to a <see cref="MiloStringRope"/> and appends to one) is <see cref="AppendSlow"/>.
/// </summary>
public sealed partial class MiloString
{
    /// <summary>A flat string grows into a rope once it needs more than this many bytes (one chunk: doubling further
    /// would allocate large-object-heap arrays) and already holds at least <see cref="MinRopeHead"/> bytes.</summary>
    internal const int RopeThreshold = MiloStringRope.ChunkBytes;
    /// <summary>A tiny string receiving one huge append grows flat (one exact allocation) instead of becoming a rope.</summary>
    internal const int MinRopeHead = 4096;

    /// <summary>The flat buffer when it is owned and has room for <paramref name="extra"/> more bytes, else null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte[]? WritableRoom(int extra)
    {
        byte[] b = _buf;
        return !_shared && b.Length - _len >= extra ? b : null;   // a rope's empty _buf never has room
    }

    /// <summary><c>s.push(b)</c>: appends one byte.</summary>
    public void Push(byte b)
    {
        byte[]? buf = WritableRoom(1);
        if (buf is null) { AppendSlow([b]); return; }
        buf[_len++] = b;
    }

    /// <summary>Appends all bytes of <paramref name="other"/> in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PushStr(MiloString other)
    {
        if (other is null) return;
        int n = other._len;
        if (n == 0) return;
        byte[] ob = other._buf;
        byte[]? buf = WritableRoom(n);
        if (buf is null || ob.Length < n) { PushStrSlow(other); return; }   // full, shared, or either side a rope
        new ReadOnlySpan<byte>(ob, 0, n).CopyTo(new Span<byte>(buf, _len, n));
        _len += n;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PushStrSlow(MiloString other)
    {
        byte[] flat = other._buf;
        int n = other._len;
        if (flat.Length >= n)
        {
            if (_rope is { } rope)
            {
                // a growing rope (the hot case of a concatenation loop): the rope's inlined tail copy
                int total = checked(_len + n);
                rope.Append(new ReadOnlySpan<byte>(flat, 0, n));
                _len = total;
                return;
            }
            AppendSlow(new ReadOnlySpan<byte>(flat, 0, n));   // grow (or copy-on-write) this flat string
            return;
        }
        if (!ReferenceEquals(other, this))
        {
            // Copy a rope operand chunk by chunk instead of flattening it (it is only read here).
            byte[] tmp = GC.AllocateUninitializedArray<byte>(n);
            other.CopyBytesTo(tmp);
            AppendSlow(tmp);
            return;
        }
        AppendSlow(other.AsSpan());   // s + s of a rope: flattened once
    }

    /// <summary>Appends raw bytes in place.</summary>
    public void PushBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0) return;
        byte[]? buf = WritableRoom(bytes.Length);
        if (buf is null) { AppendSlow(bytes); return; }
        bytes.CopyTo(new Span<byte>(buf, _len, bytes.Length));
        _len += bytes.Length;
    }

    /// <summary>
    /// <c>x = x + b</c> for a string variable x: appends <paramref name="b"/> to <paramref name="a"/> in place (amortised
    /// O(len b) instead of a full copy) and returns it. Same aliasing contract as <c>x.push(...)</c>: x owns its string.
    /// A literal/frozen <paramref name="a"/> is copied first (copy-on-write); a null <paramref name="a"/> acts as "".
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static MiloString AppendInPlace(MiloString a, MiloString b)
    {
        if (a is null) return CopyOf(b);
        a.PushStr(b);
        return a;
    }

    /// <summary>"" + <paramref name="b"/>, kept out of line so the inlined append stays small.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static MiloString CopyOf(MiloString b) => Concat(null!, b);

    /// <summary>
    /// <c>x = x + "lit"</c> for a literal of 1–8 bytes (<paramref name="len"/>), packed little-endian into
    /// <paramref name="packed"/> by the compiler (Lowering/LocalRewriter/LocalRewriter.StringConcat.cs): appends without
    /// allocating the literal's string object. With 8 bytes of spare capacity it is one unaligned store (the bytes past
    /// the new length are spare capacity, which nothing reads). Returns <paramref name="a"/> (null acts as "").
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static MiloString AppendPacked(MiloString a, long packed, int len)
    {
        a ??= new MiloString();
        byte[]? buf = a.WritableRoom(8);
        if (buf is null) { a.AppendPackedSlow(packed, len); return a; }
        Unsafe.WriteUnaligned(ref buf[a._len], BitConverter.IsLittleEndian ? packed : BinaryPrimitives.ReverseEndianness(packed));
        a._len += len;
        return a;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AppendPackedSlow(long packed, int len)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, packed);
        PushBytes(bytes.Slice(0, len));
    }

    /// <summary>
    /// Every append that does not fit the owned flat buffer: appends to a rope; or, for a flat string, copies a shared
    /// buffer (copy-on-write) and/or grows it (capacity ×2, at least what is needed), or — once the string outgrows
    /// <see cref="RopeThreshold"/> — turns it into a rope whose head is the current buffer (not copied, never written).
    /// <paramref name="src"/> may alias this string's own bytes: the old buffer is read before anything replaces it and
    /// is never written. New buffers are not zeroed: nothing reads a buffer past <see cref="_len"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AppendSlow(ReadOnlySpan<byte> src)
    {
        int total = checked(_len + src.Length);
        if (_rope is { } rope)
        {
            rope.Append(src);
            _len = total;
            return;
        }
        byte[] old = _buf;
        if (!_shared && old.Length >= total)
        {
            src.CopyTo(new Span<byte>(old, _len, src.Length));
            _len = total;
            return;
        }
        if (total > RopeThreshold && _len >= MinRopeHead && !_noRope)
        {
            var r = new MiloStringRope(old, _len);
            r.Append(src);
            _rope = r;
            _buf = EmptyBytes;
            _shared = false;
            _len = total;
            return;
        }
        int cap = old.Length;
        if (total > cap) { cap = cap < 8 ? 8 : (int)Math.Min((long)cap * 2, Array.MaxLength); if (cap < total) cap = total; }
        byte[] nb = GC.AllocateUninitializedArray<byte>(cap);
        new ReadOnlySpan<byte>(old, 0, _len).CopyTo(nb);
        src.CopyTo(new Span<byte>(nb, _len, src.Length));
        _buf = nb;
        _shared = false;
        _len = total;
    }
}
