using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;

namespace Milo.Runtime;

/// <summary>
/// Milo <c>string</c>: an owned, mutable UTF-8 byte buffer (never validated).
/// Literals share a cached frozen buffer; the first mutation copies it (copy-on-write).
/// Core members live here; the §6.1 intrinsic methods are in MiloString.Methods.cs.
/// </summary>
public sealed partial class MiloString : IEquatable<MiloString>, IComparable<MiloString>, IComparable
{
    internal static readonly byte[] EmptyBytes = Array.Empty<byte>();
    private static readonly ConcurrentDictionary<string, byte[]> LiteralCache = new();

    internal byte[] _buf;
    internal int _len;
    /// <summary>True while <see cref="_buf"/> is shared (literal / frozen) and must be copied before writing.</summary>
    internal bool _shared;

    /// <summary>Creates an empty string.</summary>
    public MiloString() { _buf = EmptyBytes; _len = 0; _shared = true; }

    internal MiloString(byte[] buf, int len, bool shared) { _buf = buf; _len = len; _shared = shared; }

    /// <summary>A fresh string whose bytes are a shared frozen buffer for the literal text (first mutation copies).</summary>
    public static MiloString Literal(string s)
    {
        if (!LiteralCache.TryGetValue(s, out var bytes))
        {
            bytes = Encoding.UTF8.GetBytes(s);
            LiteralCache.TryAdd(s, bytes);
        }
        return new MiloString(bytes, bytes.Length, true);
    }

    /// <summary>A fresh string sharing <paramref name="frozen"/> (which must never be mutated; the compiler may cache it in a static field).</summary>
    public static MiloString FromFrozen(byte[] frozen) => new MiloString(frozen, frozen.Length, true);

    /// <summary>A fresh string owning a copy of <paramref name="bytes"/>.</summary>
    public static MiloString FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0) return new MiloString();
        return new MiloString(bytes.ToArray(), bytes.Length, false);
    }

    /// <summary>UTF-8 encodes a .NET string.</summary>
    public static MiloString FromString(string s)
    {
        byte[] b = Encoding.UTF8.GetBytes(s);
        return new MiloString(b, b.Length, false);
    }

    /// <summary>Empty string with reserved capacity (<c>String.withCapacity(n)</c>).</summary>
    public static MiloString WithCapacity(long n)
    {
        if (n <= 0) return new MiloString();
        return new MiloString(new byte[n], 0, false);
    }

    /// <summary>Byte length (<c>s.len</c>).</summary>
    public long Len
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _len;
    }

    /// <summary>Byte length as int.</summary>
    public int Length => _len;

    /// <summary>Read-only view of the bytes.</summary>
    public ReadOnlySpan<byte> AsSpan() => new ReadOnlySpan<byte>(_buf, 0, _len);

    /// <summary><c>s[i]</c>: bounds-checked byte read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte ByteAt(long i)
    {
        if ((ulong)i >= (ulong)_len) throw Panics.IndexOutOfBounds(i, _len);
        return _buf[(int)i];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnsureWritable(int extra)
    {
        if (_shared || _buf.Length - _len < extra) Reallocate(extra);
    }

    /// <summary>Copy-on-write and growth (capacity ×2, at least what is needed). The new buffer is not zeroed: no code
    /// reads <see cref="_buf"/> past <see cref="_len"/>, and every append writes its bytes before raising _len. Growing a
    /// multi-megabyte string is a series of large-object-heap allocations, and zeroing them was a third of the cost.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Reallocate(int extra)
    {
        int need = checked(_len + extra);
        int cap = _buf.Length;
        if (need > cap) { cap = cap < 8 ? 8 : (int)Math.Min((long)cap * 2, Array.MaxLength); if (cap < need) cap = need; }
        byte[] nb = GC.AllocateUninitializedArray<byte>(cap);
        _buf.AsSpan(0, _len).CopyTo(nb);
        _buf = nb;
        _shared = false;
    }

    /// <summary><c>s.push(b)</c>: appends one byte.</summary>
    public void Push(byte b)
    {
        if (_shared || _len == _buf.Length) Reallocate(1);
        _buf[_len++] = b;
    }

    /// <summary>Appends all bytes of <paramref name="other"/> in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PushStr(MiloString other)
    {
        if (other is null) return;
        int n = other._len;
        if (n == 0) return;
        EnsureWritable(n);
        new ReadOnlySpan<byte>(other._buf, 0, n).CopyTo(new Span<byte>(_buf, _len, n));
        _len += n;
    }

    /// <summary>Appends raw bytes in place.</summary>
    public void PushBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0) return;
        EnsureWritable(bytes.Length);
        bytes.CopyTo(new Span<byte>(_buf, _len, bytes.Length));
        _len += bytes.Length;
    }

    /// <summary><c>a + b</c>: a new string.</summary>
    public static MiloString Concat(MiloString a, MiloString b)
    {
        int la = a is null ? 0 : a._len, lb = b is null ? 0 : b._len;
        if (la + lb == 0) return new MiloString();
        byte[] nb = GC.AllocateUninitializedArray<byte>(la + lb);   // fully written below
        if (la > 0) a!._buf.AsSpan(0, la).CopyTo(nb);
        if (lb > 0) b!._buf.AsSpan(0, lb).CopyTo(nb.AsSpan(la));
        return new MiloString(nb, la + lb, false);
    }

    /// <summary>
    /// <c>x = x + b</c> for a string variable x: appends <paramref name="b"/> to <paramref name="a"/> in place (amortised
    /// O(len b) instead of a full copy) and returns it. Same aliasing contract as <c>x.push(...)</c>: x owns its string.
    /// A literal/frozen <paramref name="a"/> is copied first (copy-on-write); a null <paramref name="a"/> acts as "".
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static MiloString AppendInPlace(MiloString a, MiloString b)
    {
        if (a is null) return Concat(a!, b);
        a.PushStr(b);
        return a;
    }

    /// <summary>
    /// <c>s.clone()</c>: an independent string that shares the bytes copy-on-write. Both the source and the clone are
    /// marked shared, so whichever is mutated first (Push/PushStr/PushBytes/AppendInPlace, all through
    /// <see cref="EnsureWritable"/>) copies the buffer; nothing else writes into <see cref="_buf"/>. Cloning is O(1) and
    /// allocation-light (std/json's get/at deep-copy whole trees of strings). Setting the flag on a borrowed source is
    /// safe: a source can only be mutated by its single owner, never while it is being cloned.
    /// </summary>
    public MiloString Clone()
    {
        if (_len == 0) return new MiloString();
        _shared = true;
        return new MiloString(_buf, _len, true);
    }

    /// <summary><c>s[a..b]</c>: bytes [a, b) as an owned copy. Not bounds-checked in Milo; here clamped to the valid range.</summary>
    public MiloString Slice(long a, long b)
    {
        if (a < 0) a = 0;
        if (b > _len) b = _len;
        if (b <= a) return new MiloString();
        int n = (int)(b - a);
        byte[] nb = new byte[n];
        Buffer.BlockCopy(_buf, (int)a, nb, 0, n);
        return new MiloString(nb, n, false);
    }

    /// <summary><c>s.substr(a, b)</c>: owned copy of bytes [a, b) (clamped).</summary>
    public MiloString Substr(long a, long b) => Slice(a, b);

    /// <summary>Byte equality (<c>==</c>).</summary>
    public static bool Eq(MiloString a, MiloString b)
    {
        if (ReferenceEquals(a, b)) return true;
        int la = a is null ? 0 : a._len, lb = b is null ? 0 : b._len;
        if (la != lb) return false;
        if (la == 0) return true;
        return new ReadOnlySpan<byte>(a!._buf, 0, la).SequenceEqual(new ReadOnlySpan<byte>(b!._buf, 0, lb));
    }

    /// <summary>Bytewise unsigned lexicographic comparison; a proper prefix is smaller. Returns &lt;0, 0, &gt;0.</summary>
    public static int Compare(MiloString a, MiloString b)
    {
        ReadOnlySpan<byte> sa = a is null ? default : a.AsSpan();
        ReadOnlySpan<byte> sb = b is null ? default : b.AsSpan();
        int c = sa.SequenceCompareTo(sb);
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }

    public bool Equals(MiloString? other) => other is not null && Eq(this, other);
    public override bool Equals(object? obj) => obj is MiloString m && Eq(this, m);

    public override int GetHashCode()
    {
        // FNV-1a over 8-byte words, then bytes.
        ulong h = 14695981039346656037UL;
        ReadOnlySpan<byte> s = AsSpan();
        int i = 0;
        while (i + 8 <= s.Length)
        {
            h = (h ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.AsRef(in s[i]))) * 1099511628211UL;
            i += 8;
        }
        for (; i < s.Length; i++) h = (h ^ s[i]) * 1099511628211UL;
        h ^= h >> 29;
        return (int)h ^ (int)(h >> 32);
    }

    public int CompareTo(MiloString? other) => Compare(this, other!);
    public int CompareTo(object? obj) => Compare(this, (obj as MiloString)!);

    /// <summary>UTF-8 decode to a .NET string (invalid sequences become U+FFFD).</summary>
    public override string ToString() => Encoding.UTF8.GetString(_buf, 0, _len);

    // ---------------- interop with .NET strings (docs/interop.md) ----------------

    /// <summary>C# → Milo: a fresh UTF-8 copy of <paramref name="s"/> (null becomes the empty string).</summary>
    public static implicit operator MiloString(string? s) => s is null ? new MiloString() : FromString(s);

    /// <summary>Milo → C#: UTF-8 decode (invalid sequences become U+FFFD); null stays null.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(s))]
    public static implicit operator string?(MiloString? s) => s?.ToString();
}
