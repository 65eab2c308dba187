using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;

namespace Milo.Runtime;

/// <summary>
/// Milo <c>string</c>: an owned, mutable UTF-8 byte buffer (never validated).
/// Literals share a cached frozen buffer; the first mutation copies it (copy-on-write). A string grown past
/// <see cref="MiloStringRope.ChunkBytes"/> by appends keeps its bytes in a <see cref="MiloStringRope"/> until the first
/// read that needs them contiguous (<see cref="FlatBuf"/>). Core members live here; appends in MiloString.Append.cs;
/// the §6.1 intrinsic methods in MiloString.Methods.cs.
/// </summary>
public sealed partial class MiloString : IEquatable<MiloString>, IComparable<MiloString>, IComparable
{
    internal static readonly byte[] EmptyBytes = Array.Empty<byte>();
    private static readonly ConcurrentDictionary<string, byte[]> LiteralCache = new();

    /// <summary>The bytes, flat: the first <see cref="_len"/> bytes of this array. While the string is a rope this is
    /// the empty array, so <c>_buf.Length &lt; _len</c> is the rope test and every flat fast path (indexing, appends
    /// into spare capacity) keeps exactly the checks it had — the rope case fails them and takes the slow path.
    /// Read it through <see cref="FlatBuf"/> unless appending.</summary>
    internal byte[] _buf;
    /// <summary>The chunked bytes while <see cref="_buf"/> is empty (see <see cref="FlatBuf"/> for concurrent readers).</summary>
    internal MiloStringRope? _rope;
    /// <summary>Byte length, in both representations (flattening does not change it).</summary>
    internal int _len;
    /// <summary>True while the flat <see cref="_buf"/> is shared (literal / frozen / clone) and must be copied before writing.</summary>
    internal bool _shared;
    /// <summary>Set when a rope was flattened by a read: from then on the string grows flat (doubling), so alternating
    /// appends and reads of a large string stay amortised O(1) instead of re-chunking and re-flattening each time.</summary>
    internal bool _noRope;

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

    /// <summary>The bytes as one array (its first <see cref="_len"/> bytes); a rope is flattened first.</summary>
    internal byte[] FlatBuf
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            byte[] b = _buf;
            return b.Length >= _len ? b : Flatten();
        }
    }

    /// <summary>
    /// Replaces the rope with one exact-size array and stops chunking this string (<see cref="_noRope"/>). A read may
    /// run on several threads at once (a <c>&amp;string</c> shared between threads): the flat array is published before
    /// the rope is dropped, so a reader that finds no rope finds the array; two readers flattening together both build
    /// equal arrays, and either may win.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private byte[] Flatten()
    {
        var rope = Volatile.Read(ref _rope);
        if (rope is null) return Volatile.Read(ref _buf);   // flattened meanwhile by another reader
        byte[] flat = rope.Flatten(_len);
        _noRope = true;
        Volatile.Write(ref _buf, flat);
        Volatile.Write(ref _rope, null);
        return flat;
    }

    /// <summary>Read-only view of the bytes.</summary>
    public ReadOnlySpan<byte> AsSpan() => new ReadOnlySpan<byte>(FlatBuf, 0, _len);

    /// <summary><c>s[i]</c>: bounds-checked byte read. The array's own bounds check doubles as the rope test.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte ByteAt(long i)
    {
        byte[] b = _buf;
        if ((ulong)i < (ulong)_len && (uint)i < (uint)b.Length) return b[(int)i];
        return ByteAtSlow(i);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private byte ByteAtSlow(long i)
    {
        if ((ulong)i >= (ulong)_len) throw Panics.IndexOutOfBounds(i, _len);
        return FlatBuf[(int)i];
    }

    /// <summary><c>a + b</c>: a new string.</summary>
    public static MiloString Concat(MiloString a, MiloString b)
    {
        int la = a is null ? 0 : a._len, lb = b is null ? 0 : b._len;
        if (la + lb == 0) return new MiloString();
        byte[] nb = GC.AllocateUninitializedArray<byte>(checked(la + lb));   // fully written below
        if (la > 0) a!.CopyBytesTo(nb);
        if (lb > 0) b!.CopyBytesTo(nb.AsSpan(la));
        return new MiloString(nb, la + lb, false);
    }

    /// <summary>Copies the bytes to the start of <paramref name="dest"/> without flattening a rope.</summary>
    internal void CopyBytesTo(Span<byte> dest)
    {
        byte[] b = _buf;
        if (b.Length >= _len) new ReadOnlySpan<byte>(b, 0, _len).CopyTo(dest);
        else if (Volatile.Read(ref _rope) is { } rope) rope.CopyTo(dest);
        else new ReadOnlySpan<byte>(FlatBuf, 0, _len).CopyTo(dest);   // flattened meanwhile
    }

    /// <summary>
    /// <c>s.clone()</c>: an independent string that shares the bytes copy-on-write. Both the source and the clone are
    /// marked shared, so whichever is mutated first (every append goes through MiloString.Append.cs) copies the buffer or
    /// starts a rope whose read-only head is the shared buffer; nothing else writes into a flat <see cref="_buf"/>.
    /// Cloning is O(1) and allocation-light (std/json's get/at deep-copy whole trees of strings); a rope is flattened
    /// first. Setting the flag on a borrowed source is safe: a source can only be mutated by its single owner, never while
    /// it is being cloned.
    /// </summary>
    public MiloString Clone()
    {
        if (_len == 0) return new MiloString();
        byte[] buf = FlatBuf;
        _shared = true;
        return new MiloString(buf, _len, true);
    }

    /// <summary><c>s[a..b]</c>: bytes [a, b) as an owned copy. Not bounds-checked in Milo; here clamped to the valid range.</summary>
    public MiloString Slice(long a, long b)
    {
        if (a < 0) a = 0;
        if (b > _len) b = _len;
        if (b <= a) return new MiloString();
        int n = (int)(b - a);
        byte[] nb = new byte[n];
        Buffer.BlockCopy(FlatBuf, (int)a, nb, 0, n);
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
        return new ReadOnlySpan<byte>(a!.FlatBuf, 0, la).SequenceEqual(new ReadOnlySpan<byte>(b!.FlatBuf, 0, lb));
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
    public override string ToString() => Encoding.UTF8.GetString(AsSpan());

    // ---------------- interop with .NET strings (docs/interop.md) ----------------

    /// <summary>C# → Milo: a fresh UTF-8 copy of <paramref name="s"/> (null becomes the empty string).</summary>
    public static implicit operator MiloString(string? s) => s is null ? new MiloString() : FromString(s);

    /// <summary>Milo → C#: UTF-8 decode (invalid sequences become U+FFFD); null stays null.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(s))]
    public static implicit operator string?(MiloString? s) => s?.ToString();
}
