using System.Globalization;

namespace Milo.Runtime;

/// <summary>The §6.1 intrinsic string methods (semantics of std/string.milo).</summary>
public sealed partial class MiloString
{
    private static bool IsWs(byte c) => c == 32 || c == 9 || c == 10 || c == 13;
    private static bool IsAlpha(byte c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';

    /// <summary><c>s.isEmpty()</c>.</summary>
    public bool IsEmpty() => _len == 0;

    /// <summary><c>s.contains(needle)</c>; empty needle → true.</summary>
    public bool Contains(MiloString needle) => needle._len == 0 || AsSpan().IndexOf(needle.AsSpan()) >= 0;

    /// <summary><c>s.startsWith(prefix)</c>.</summary>
    public bool StartsWith(MiloString prefix) => AsSpan().StartsWith(prefix.AsSpan());

    /// <summary><c>s.endsWith(suffix)</c>.</summary>
    public bool EndsWith(MiloString suffix) => AsSpan().EndsWith(suffix.AsSpan());

    /// <summary><c>s.indexOf(needle)</c>: first byte offset or -1; empty needle → 0.</summary>
    public long IndexOf(MiloString needle) => needle._len == 0 ? 0 : AsSpan().IndexOf(needle.AsSpan());

    /// <summary><c>s.lastIndexOf(needle)</c>: last byte offset or -1; empty needle → len.</summary>
    public long LastIndexOf(MiloString needle) => needle._len == 0 ? _len : AsSpan().LastIndexOf(needle.AsSpan());

    /// <summary><c>s.split(sep)</c>: empty pieces kept, trailing separator gives trailing "", empty sep → one string per byte.</summary>
    public MiloVec<MiloString> Split(MiloString sep)
    {
        var result = new MiloVec<MiloString>();
        ReadOnlySpan<byte> s = AsSpan();
        if (sep._len == 0)
        {
            for (int i = 0; i < s.Length; i++) result.Push(FromBytes(s.Slice(i, 1)));
            return result;
        }
        ReadOnlySpan<byte> p = sep.AsSpan();
        int pos = 0;
        while (true)
        {
            int idx = s.Slice(pos).IndexOf(p);
            if (idx < 0) { result.Push(FromBytes(s.Slice(pos))); break; }
            result.Push(FromBytes(s.Slice(pos, idx)));
            pos += idx + p.Length;
        }
        return result;
    }

    /// <summary><c>s.trim()</c> (space, tab, LF, CR).</summary>
    public MiloString Trim()
    {
        byte[] buf = FlatBuf;
        int a = 0, b = _len;
        while (a < b && IsWs(buf[a])) a++;
        while (b > a && IsWs(buf[b - 1])) b--;
        return Slice(a, b);
    }

    /// <summary><c>s.trimStart()</c>.</summary>
    public MiloString TrimStart()
    {
        byte[] buf = FlatBuf;
        int a = 0;
        while (a < _len && IsWs(buf[a])) a++;
        return Slice(a, _len);
    }

    /// <summary><c>s.trimEnd()</c>.</summary>
    public MiloString TrimEnd()
    {
        byte[] buf = FlatBuf;
        int b = _len;
        while (b > 0 && IsWs(buf[b - 1])) b--;
        return Slice(0, b);
    }

    /// <summary><c>s.toLower()</c> (ASCII only).</summary>
    public MiloString ToLower()
    {
        byte[] buf = FlatBuf;
        var r = new byte[_len];
        for (int i = 0; i < _len; i++) { byte c = buf[i]; r[i] = (c >= 65 && c <= 90) ? (byte)(c + 32) : c; }
        return new MiloString(r, _len, false);
    }

    /// <summary><c>s.toUpper()</c> (ASCII only).</summary>
    public MiloString ToUpper()
    {
        byte[] buf = FlatBuf;
        var r = new byte[_len];
        for (int i = 0; i < _len; i++) { byte c = buf[i]; r[i] = (c >= 97 && c <= 122) ? (byte)(c - 32) : c; }
        return new MiloString(r, _len, false);
    }

    /// <summary><c>s.reverse()</c>: reverses UTF-8 code points (a lead byte plus its continuation bytes stay together).</summary>
    public MiloString Reverse()
    {
        byte[] buf = FlatBuf;
        var r = new byte[_len];
        int o = 0, i = _len;
        while (i > 0)
        {
            int start = i - 1;
            while (start > 0 && (buf[start] & 0xC0) == 0x80) start--;
            for (int j = start; j < i; j++) r[o++] = buf[j];
            i = start;
        }
        return new MiloString(r, _len, false);
    }

    /// <summary><c>s.replace(old, new)</c>: all occurrences, left to right; empty old → copy.</summary>
    public MiloString Replace(MiloString old, MiloString newVal)
    {
        if (old._len == 0) return Clone();
        ReadOnlySpan<byte> s = AsSpan(), o = old.AsSpan();
        var r = new MiloString();
        int pos = 0;
        while (pos < s.Length)
        {
            int idx = s.Slice(pos).IndexOf(o);
            if (idx < 0) { r.PushBytes(s.Slice(pos)); break; }
            r.PushBytes(s.Slice(pos, idx));
            r.PushStr(newVal);
            pos += idx + o.Length;
        }
        return r;
    }

    /// <summary><c>s.replaceFirst(old, new)</c>; empty old inserts <paramref name="newVal"/> at the front (reference behaviour).</summary>
    public MiloString ReplaceFirst(MiloString old, MiloString newVal)
    {
        long idx = IndexOf(old);
        if (idx < 0) return Clone();
        var r = new MiloString();
        r.PushBytes(AsSpan().Slice(0, (int)idx));
        r.PushStr(newVal);
        r.PushBytes(AsSpan().Slice((int)idx + old._len));
        return r;
    }

    /// <summary><c>s.repeat(n)</c>; n ≤ 0 → "".</summary>
    public MiloString Repeat(long n)
    {
        byte[] buf = FlatBuf;
        if (n <= 0 || _len == 0) return new MiloString();
        long total = n * _len;
        var r = new byte[total];
        for (long i = 0; i < n; i++) Buffer.BlockCopy(buf, 0, r, (int)(i * _len), _len);
        return new MiloString(r, (int)total, false);
    }

    /// <summary><c>s.padStart(n, pad)</c>: pad (cycled) in front up to n bytes.</summary>
    public MiloString PadStart(long n, MiloString pad)
    {
        byte[] padBuf = pad.FlatBuf;
        byte[] buf = FlatBuf;
        if (_len >= n || pad._len == 0) return Clone();
        int needed = (int)(n - _len);
        var r = new byte[n];
        for (int i = 0; i < needed; i++) r[i] = padBuf[i % pad._len];
        Buffer.BlockCopy(buf, 0, r, needed, _len);
        return new MiloString(r, (int)n, false);
    }

    /// <summary><c>s.padEnd(n, pad)</c>: pad (cycled) at the end up to n bytes.</summary>
    public MiloString PadEnd(long n, MiloString pad)
    {
        byte[] padBuf = pad.FlatBuf;
        byte[] buf = FlatBuf;
        if (_len >= n || pad._len == 0) return Clone();
        int needed = (int)(n - _len);
        var r = new byte[n];
        Buffer.BlockCopy(buf, 0, r, 0, _len);
        for (int i = 0; i < needed; i++) r[_len + i] = padBuf[i % pad._len];
        return new MiloString(r, (int)n, false);
    }

    /// <summary><c>s.charAt(i)</c>: one-byte string (unchecked in Milo; out of range → "").</summary>
    public MiloString CharAt(long i) => Slice(i, i + 1);

    /// <summary><c>s.parseInt()</c>: optional '-', digits until the first non-digit (wrapping), no whitespace skip; "abc" → 0.</summary>
    public long ParseInt()
    {
        byte[] buf = FlatBuf;
        long result = 0;
        int i = 0;
        bool neg = false;
        if (_len > 0 && buf[0] == (byte)'-') { neg = true; i = 1; }
        unchecked
        {
            for (; i < _len; i++)
            {
                uint d = (uint)(buf[i] - '0');
                if (d > 9) break;
                result = result * 10 + d;
            }
            return neg ? -result : result;
        }
    }

    /// <summary><c>s.parseF64()</c>: C <c>strtod</c> on the longest valid prefix (leading whitespace skipped, inf/nan accepted); invalid → 0.</summary>
    public double ParseF64()
    {
        ReadOnlySpan<byte> s = AsSpan();
        int i = 0;
        while (i < s.Length && (s[i] == 32 || (s[i] >= 9 && s[i] <= 13))) i++;
        int start = i;
        bool neg = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-')) { neg = s[i] == '-'; i++; }
        // inf / infinity / nan
        if (i < s.Length && (s[i] | 0x20) is (byte)'i' or (byte)'n')
        {
            if (MatchCi(s, i, "infinity") || MatchCi(s, i, "inf")) return neg ? double.NegativeInfinity : double.PositiveInfinity;
            if (MatchCi(s, i, "nan")) return neg ? -double.NaN : double.NaN;
            return 0;
        }
        int digits = 0;
        int j = i;
        while (j < s.Length && (uint)(s[j] - '0') <= 9) { j++; digits++; }
        if (j < s.Length && s[j] == '.')
        {
            j++;
            while (j < s.Length && (uint)(s[j] - '0') <= 9) { j++; digits++; }
        }
        if (digits == 0) return 0;
        int end = j;
        if (j < s.Length && (s[j] | 0x20) == 'e')
        {
            int k = j + 1;
            if (k < s.Length && (s[k] == '+' || s[k] == '-')) k++;
            if (k < s.Length && (uint)(s[k] - '0') <= 9)
            {
                while (k < s.Length && (uint)(s[k] - '0') <= 9) k++;
                end = k;
            }
        }
        double.TryParse(s.Slice(start, end - start), NumberStyles.Float, CultureInfo.InvariantCulture, out double v);
        return v;
    }

    private static bool MatchCi(ReadOnlySpan<byte> s, int i, string word)
    {
        if (s.Length - i < word.Length) return false;
        for (int k = 0; k < word.Length; k++) if ((s[i + k] | 0x20) != word[k]) return false;
        return true;
    }

    /// <summary><c>s.splitWords()</c>: ASCII alphabetic runs, lower-cased.</summary>
    public MiloVec<MiloString> SplitWords()
    {
        byte[] buf = FlatBuf;
        var result = new MiloVec<MiloString>();
        int i = 0;
        while (i < _len)
        {
            while (i < _len && !IsAlpha(buf[i])) i++;
            int a = i;
            while (i < _len && IsAlpha(buf[i])) i++;
            if (i > a)
            {
                var w = new byte[i - a];
                for (int k = a; k < i; k++) w[k - a] = (byte)(buf[k] | 0x20);
                result.Push(new MiloString(w, w.Length, false));
            }
        }
        return result;
    }

    /// <summary><c>s.splitWhitespace()</c>: non-empty runs separated by space/tab/LF/CR.</summary>
    public MiloVec<MiloString> SplitWhitespace()
    {
        byte[] buf = FlatBuf;
        var result = new MiloVec<MiloString>();
        int i = 0;
        while (i < _len)
        {
            while (i < _len && IsWs(buf[i])) i++;
            int a = i;
            while (i < _len && !IsWs(buf[i])) i++;
            if (i > a) result.Push(Slice(a, i));
        }
        return result;
    }
}
