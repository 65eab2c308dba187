using System.Runtime.CompilerServices;
using System.Text;

namespace Milo.Runtime;

/// <summary>
/// Byte builder for <c>print</c>/<c>eprint</c>/<c>format</c>/f-strings. Append methods return <c>this</c> so the
/// compiler can chain calls on the evaluation stack. Typical use:
/// <c>MiloStringBuilder.Rent().AppendStr(a).AppendI32(b).PrintLine()</c>.
/// </summary>
public sealed class MiloStringBuilder
{
    [ThreadStatic] private static MiloStringBuilder? _cached;

    private byte[] _buf;
    private int _len;

    public MiloStringBuilder() { _buf = new byte[64]; }

    /// <summary>A cleared builder (reuses a per-thread cached instance when it is free). Finish with
    /// <see cref="PrintLine"/>, <see cref="EPrintLine"/> or <see cref="ToMiloString"/>, which return it to the cache.</summary>
    public static MiloStringBuilder Rent()
    {
        var b = _cached;
        if (b is null) return new MiloStringBuilder();
        _cached = null;
        b._len = 0;
        return b;
    }

    private void Release()
    {
        _len = 0;
        if (_buf.Length <= 4096) _cached = this;
    }

    /// <summary>Bytes appended so far.</summary>
    public long Len => _len;

    public ReadOnlySpan<byte> AsSpan() => new ReadOnlySpan<byte>(_buf, 0, _len);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Reserve(int n)
    {
        if (_len + n > _buf.Length) Grow(n);
        return new Span<byte>(_buf, _len, n);
    }

    private void Grow(int n)
    {
        int cap = Math.Max(_buf.Length * 2, _len + n);
        Array.Resize(ref _buf, cap);
    }

    /// <summary>Appends a Milo string's bytes, stopping at an embedded NUL (C semantics of the reference).</summary>
    public MiloStringBuilder AppendStr(MiloString s)
    {
        if (s is null) return this;
        ReadOnlySpan<byte> src = s.AsSpan();
        int nul = src.IndexOf((byte)0);
        if (nul >= 0) src = src.Slice(0, nul);
        src.CopyTo(Reserve(src.Length));
        _len += src.Length;
        return this;
    }

    /// <summary>Appends a Milo string wrapped in double quotes (no escaping), as struct/enum display does for string fields.</summary>
    public MiloStringBuilder AppendQuoted(MiloString s) => AppendByte((byte)'"').AppendStr(s).AppendByte((byte)'"');

    /// <summary>Appends raw bytes.</summary>
    public MiloStringBuilder AppendBytes(byte[] bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        _len += bytes.Length;
        return this;
    }

    /// <summary>Appends a .NET string as UTF-8 (struct/variant names, separators).</summary>
    public MiloStringBuilder AppendText(string s)
    {
        int max = Encoding.UTF8.GetMaxByteCount(s.Length);
        int n = Encoding.UTF8.GetBytes(s, Reserve(max));
        _len += n;
        return this;
    }

    public MiloStringBuilder AppendByte(byte b)
    {
        if (_len == _buf.Length) Grow(1);
        _buf[_len++] = b;
        return this;
    }

    public MiloStringBuilder AppendI32(int v) { _len += Fmt.WriteI64(v, Reserve(Fmt.MaxWidth)); return this; }
    public MiloStringBuilder AppendI64(long v) { _len += Fmt.WriteI64(v, Reserve(Fmt.MaxWidth)); return this; }
    public MiloStringBuilder AppendU32(uint v) { _len += Fmt.WriteU64(v, Reserve(Fmt.MaxWidth)); return this; }
    public MiloStringBuilder AppendU64(ulong v) { _len += Fmt.WriteU64(v, Reserve(Fmt.MaxWidth)); return this; }
    public MiloStringBuilder AppendF64(double v) { _len += Fmt.WriteG(v, Reserve(Fmt.MaxWidth)); return this; }
    public MiloStringBuilder AppendF32(float v) { _len += Fmt.WriteG(v, Reserve(Fmt.MaxWidth)); return this; }
    public MiloStringBuilder AppendBool(bool v) => AppendBytes(v ? TrueBytes : FalseBytes);

    /// <summary>Raw pointer display (<c>%p</c>): <c>0x…</c> lowercase hex, <c>0x0</c> for null.</summary>
    public MiloStringBuilder AppendPtr(nint p) => AppendText("0x" + ((ulong)p).ToString("x"));

    /// <summary>The literal <c>&lt;unprintable&gt;</c> (Vec, HashMap, Heap, arrays, functions).</summary>
    public MiloStringBuilder AppendUnprintable() => AppendBytes(UnprintableBytes);

    private static readonly byte[] TrueBytes = "true"u8.ToArray();
    private static readonly byte[] FalseBytes = "false"u8.ToArray();
    private static readonly byte[] UnprintableBytes = "<unprintable>"u8.ToArray();

    /// <summary>Result as a new Milo string (<c>format</c>); the builder is released.</summary>
    public MiloString ToMiloString()
    {
        var s = MiloString.FromBytes(AsSpan());
        Release();
        return s;
    }

    /// <summary><c>x = x + $"…"</c>: appends the builder's bytes to <paramref name="target"/> in place (no intermediate
    /// string) and returns it (null acts as ""); the builder is released.</summary>
    public MiloString AppendTo(MiloString target)
    {
        target ??= new MiloString();
        target.PushBytes(AsSpan());
        Release();
        return target;
    }

    /// <summary><c>print</c>: appends '\n' and writes the line to buffered stdout; the builder is released.</summary>
    public void PrintLine()
    {
        AppendByte((byte)'\n');
        MiloProcess.Out.Write(AsSpan());
        Release();
    }

    /// <summary><c>eprint</c>: appends '\n' and writes the line to stderr (unbuffered); the builder is released.</summary>
    public void EPrintLine()
    {
        AppendByte((byte)'\n');
        MiloProcess.Err.Write(AsSpan());
        Release();
    }

    public override string ToString() => Encoding.UTF8.GetString(_buf, 0, _len);
}
