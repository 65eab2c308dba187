using System.Globalization;
using Milo.Runtime;

namespace Milo.Stdlib;

/// <summary>std/toml — a lazy TOML subset reader. A <c>Toml</c> value is a byte range [start, end) of the source; lookups
/// scan the range for `key = value` lines (stopping at the next [table] header) or for a `[key]` header.</summary>
public static class TomlModule
{
    private static int SkipWs(ReadOnlySpan<byte> s, int i, int end)
    {
        while (i < end)
        {
            byte c = s[i];
            if (c == ' ' || c == '\t' || c == '\r') i++;
            else if (c == '#') { while (i < end && s[i] != '\n') i++; }
            else break;
        }
        return i;
    }

    private static int SkipLine(ReadOnlySpan<byte> s, int i, int end)
    {
        while (i < end && s[i] != '\n') i++;
        return i < end ? i + 1 : i;
    }

    private static bool KeyMatches(ReadOnlySpan<byte> s, int i, int end, ReadOnlySpan<byte> key)
    {
        // bare or quoted key
        int j = i;
        if (j < end && s[j] == '"')
        {
            j++;
            if (end - j < key.Length + 1 || !s.Slice(j, key.Length).SequenceEqual(key) || s[j + key.Length] != '"') return false;
            j += key.Length + 1;
        }
        else
        {
            if (end - j < key.Length || !s.Slice(j, key.Length).SequenceEqual(key)) return false;
            j += key.Length;
        }
        int after = SkipWs(s, j, end);
        return after < end && s[after] == '=';
    }

    private static int ValueEnd(ReadOnlySpan<byte> s, int pos, int end)
    {
        int i = pos;
        if (i >= end) return i;
        byte c = s[i];
        if (c == '"')
        {
            i++;
            while (i < end && s[i] != '"') { if (s[i] == '\\') i++; i++; }
            return Math.Min(i < end ? i + 1 : i, end);
        }
        if (c == '\'')
        {
            i++;
            while (i < end && s[i] != '\'') i++;
            return i < end ? i + 1 : i;
        }
        if (c == '[' || c == '{')
        {
            int depth = 1;
            i++;
            while (i < end && depth > 0)
            {
                if (s[i] == '[' || s[i] == '{') depth++;
                else if (s[i] == ']' || s[i] == '}') depth--;
                else if (s[i] == '"')
                {
                    i++;
                    while (i < end && s[i] != '"') { if (s[i] == '\\') i++; i++; }
                }
                i++;
            }
            return Math.Min(i, end);
        }
        while (i < end && s[i] != '\n' && s[i] != '#') i++;
        while (i > pos && (s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '\r')) i--;
        return i;
    }

    [ThreadStatic] private static long t_start, t_end;
    public static long _tomlStart() => t_start;
    public static long _tomlEnd() => t_end;

    /// <summary>Finds `key = value` in [start, end) before the first table header; the value range is read back with _tomlStart/_tomlEnd.</summary>
    public static bool _tomlFindKey(MiloString raw, long start, long end, MiloString key)
    {
        var s = raw.AsSpan();
        int e = (int)Math.Min(end, s.Length), i = (int)Math.Max(0, start);
        var k = key.AsSpan();
        while (i < e)
        {
            i = SkipWs(s, i, e);
            if (i >= e) break;
            if (s[i] == '\n') { i++; continue; }
            if (s[i] == '[') break;
            if (KeyMatches(s, i, e, k))
            {
                int j = i;
                while (j < e && s[j] != '=') j++;
                j = SkipWs(s, j + 1, e);
                t_start = j;
                t_end = ValueEnd(s, j, e);
                return true;
            }
            i = SkipLine(s, i, e);
        }
        return false;
    }

    /// <summary>Finds the `[key]` table header in [start, end); the body range (up to the next header) is read back with _tomlStart/_tomlEnd.</summary>
    public static bool _tomlFindTable(MiloString raw, long start, long end, MiloString key)
    {
        var s = raw.AsSpan();
        int e = (int)Math.Min(end, s.Length), i = (int)Math.Max(0, start);
        var k = key.AsSpan();
        while (i < e)
        {
            i = SkipWs(s, i, e);
            if (i >= e) break;
            if (s[i] == '\n') { i++; continue; }
            if (s[i] == '[' && (i + 1 >= e || s[i + 1] != '['))
            {
                int hs = i + 1, he = hs;
                while (he < e && s[he] != ']') he++;
                var name = s.Slice(hs, he - hs).Trim((byte)' ');
                if (name.SequenceEqual(k))
                {
                    int bodyStart = SkipLine(s, he + 1 > e ? e : he + 1, e);
                    int bodyEnd = e, j = bodyStart;
                    while (j < e)
                    {
                        j = SkipWs(s, j, e);
                        if (j >= e) break;
                        if (s[j] == '\n') { j++; continue; }
                        if (s[j] == '[') { bodyEnd = j; break; }
                        j = SkipLine(s, j, e);
                    }
                    t_start = bodyStart;
                    t_end = bodyEnd;
                    return true;
                }
            }
            i = SkipLine(s, i, e);
        }
        return false;
    }

    /// <summary>A string value: quoted (basic strings unescape \n \t \r \" \\ \uXXXX; literal strings verbatim) or the raw text.</summary>
    public static MiloString _tomlString(MiloString raw, long start, long end)
    {
        var s = raw.AsSpan().Slice((int)start, (int)(end - start));
        if (s.Length >= 1 && (s[0] == '"' || s[0] == '\''))
        {
            byte q = s[0];
            int stop = s.Length >= 2 && s[^1] == q ? s.Length - 1 : s.Length;
            var r = new MiloString();
            for (int i = 1; i < stop; i++)
            {
                if (s[i] == '\\' && q == '"' && i + 1 < stop)
                {
                    byte esc = s[++i];
                    switch (esc)
                    {
                        case (byte)'n': r.Push((byte)'\n'); break;
                        case (byte)'t': r.Push((byte)'\t'); break;
                        case (byte)'r': r.Push((byte)'\r'); break;
                        case (byte)'u' when i + 4 < stop && int.TryParse(System.Text.Encoding.ASCII.GetString(s.Slice(i + 1, 4)), NumberStyles.HexNumber, null, out int cp):
                            r.PushStr(UnicodeModule._unicodeEncode(cp)); i += 4; break;
                        default: r.Push(esc); break;
                    }
                }
                else r.Push(s[i]);
            }
            return r;
        }
        return MiloString.FromBytes(s);
    }

    /// <summary>Kind of the value text: 1 integer, 2 float, 3 bool, 4 string, 5 array/inline table, 0 other.</summary>
    public static int _tomlKind(MiloString raw, long start, long end)
    {
        var s = raw.AsSpan().Slice((int)start, (int)(end - start));
        if (s.Length == 0) return 0;
        if (s[0] == '"' || s[0] == '\'') return 4;
        if (s[0] == '[' || s[0] == '{') return 5;
        if (s.SequenceEqual("true"u8) || s.SequenceEqual("false"u8)) return 3;
        var t = System.Text.Encoding.ASCII.GetString(s).Replace("_", "");
        if (long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) return 1;
        if (t.StartsWith("0x") || t.StartsWith("0o") || t.StartsWith("0b")) return 1;
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || t is "inf" or "+inf" or "-inf" or "nan" or "+nan" or "-nan") return 2;
        return 0;
    }

    public static long _tomlInt(MiloString raw, long start, long end)
    {
        var t = System.Text.Encoding.ASCII.GetString(raw.AsSpan().Slice((int)start, (int)(end - start))).Replace("_", "");
        try
        {
            if (t.StartsWith("0x")) return Convert.ToInt64(t[2..], 16);
            if (t.StartsWith("0o")) return Convert.ToInt64(t[2..], 8);
            if (t.StartsWith("0b")) return Convert.ToInt64(t[2..], 2);
        }
        catch { return 0; }
        return long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v : (long)_tomlFloat(raw, start, end);
    }

    public static double _tomlFloat(MiloString raw, long start, long end)
    {
        var t = System.Text.Encoding.ASCII.GetString(raw.AsSpan().Slice((int)start, (int)(end - start))).Replace("_", "");
        if (t.EndsWith("inf")) return t.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;
        if (t.EndsWith("nan")) return double.NaN;
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : 0;
    }
}

/// <summary>std/url — URL splitting (scheme://host:port/path?query#fragment).</summary>
public static class UrlModule
{
    /// <summary>Part <paramref name="which"/> of <paramref name="s"/>: 0 scheme, 1 host, 2 path, 3 query, 4 fragment, 5 port text.</summary>
    public static MiloString _urlPart(MiloString s, int which)
    {
        var b = s.AsSpan();
        int i = 0, se = 0;
        while (se < b.Length && b[se] != ':' && b[se] != '/' && b[se] != '?' && b[se] != '#') se++;
        ReadOnlySpan<byte> scheme = default, host = default, port = default, path, query = default, frag = default;
        if (se < b.Length && b[se] == ':') { scheme = b.Slice(0, se); i = se + 1; }
        if (i + 1 < b.Length && b[i] == '/' && b[i + 1] == '/')
        {
            i += 2;
            int a = i;
            while (i < b.Length && b[i] != '/' && b[i] != '?' && b[i] != '#') i++;
            var auth = b.Slice(a, i - a);
            int at = auth.LastIndexOf((byte)'@');
            if (at >= 0) auth = auth.Slice(at + 1);
            int colon = -1;
            for (int j = auth.Length - 1; j >= 0; j--)
            {
                if (auth[j] == ':') { colon = j; break; }
                if (auth[j] == ']') break;
            }
            if (colon > 0) { host = auth.Slice(0, colon); port = auth.Slice(colon + 1); }
            else host = auth;
        }
        int ps = i;
        while (i < b.Length && b[i] != '?' && b[i] != '#') i++;
        path = b.Slice(ps, i - ps);
        if (i < b.Length && b[i] == '?')
        {
            int qs = ++i;
            while (i < b.Length && b[i] != '#') i++;
            query = b.Slice(qs, i - qs);
        }
        if (i < b.Length && b[i] == '#') frag = b.Slice(i + 1);
        return MiloString.FromBytes(which switch { 0 => scheme, 1 => host, 2 => path, 3 => query, 4 => frag, _ => port });
    }

    /// <summary>Port: the explicit decimal port, else 80 for http / 443 for https, else 0 (non-digits → 0).</summary>
    public static int _urlPort(MiloString s)
    {
        var p = _urlPart(s, 5).AsSpan();
        int v = 0;
        foreach (var c in p)
        {
            if ((uint)(c - '0') > 9) { v = 0; break; }
            v = v * 10 + (c - '0');
        }
        if (v == 0)
        {
            var scheme = _urlPart(s, 0).ToString();
            if (scheme == "http") return 80;
            if (scheme == "https") return 443;
        }
        return v;
    }

    [ThreadStatic] private static string? t_value;

    /// <summary>Looks up <paramref name="key"/> in an a=1&amp;b=2 query (raw, no percent-decoding); the value is read back with _urlQueryValue.</summary>
    public static bool _urlQueryFind(MiloString query, MiloString key)
    {
        var q = query.ToString();
        var k = key.ToString();
        foreach (var part in q.Split('&'))
        {
            int eq = part.IndexOf('=');
            var name = eq < 0 ? part : part[..eq];
            if (name == k) { t_value = eq < 0 ? "" : part[(eq + 1)..]; return true; }
        }
        return false;
    }

    public static MiloString _urlQueryValue() => MiloString.FromString(t_value ?? "");

    public static MiloString _urlEncode(MiloString s) => MiloString.FromString(Uri.EscapeDataString(s.ToString()));
    public static MiloString _urlDecode(MiloString s)
    {
        try { return MiloString.FromString(Uri.UnescapeDataString(s.ToString().Replace('+', ' '))); }
        catch { return s.Clone(); }
    }
}

/// <summary>std/json — scanning helpers for the Milo-side parser.</summary>
public static class JsonModule
{
    /// <summary>Index just past the JSON number starting at <paramref name="pos"/> (sign, digits, fraction, exponent).</summary>
    public static long _jsonNumberEnd(MiloString s, long pos)
    {
        var b = s.AsSpan();
        int i = (int)pos;
        if (i < b.Length && (b[i] == '-' || b[i] == '+')) i++;
        while (i < b.Length && (uint)(b[i] - '0') <= 9) i++;
        if (i < b.Length && b[i] == '.') { i++; while (i < b.Length && (uint)(b[i] - '0') <= 9) i++; }
        if (i < b.Length && (b[i] | 0x20) == 'e')
        {
            i++;
            if (i < b.Length && (b[i] == '-' || b[i] == '+')) i++;
            while (i < b.Length && (uint)(b[i] - '0') <= 9) i++;
        }
        return i;
    }

    public static double _jsonNumberValue(MiloString s, long start, long end)
    {
        var t = s.AsSpan().Slice((int)start, (int)(end - start));
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : 0;
    }

    /// <summary>Index of the closing quote of the string whose opening quote is at <paramref name="pos"/> (or len).</summary>
    public static long _jsonStringEnd(MiloString s, long pos)
    {
        var b = s.AsSpan();
        int i = (int)pos + 1;
        while (i < b.Length && b[i] != '"') { if (b[i] == '\\') i++; i++; }
        return Math.Min(i, b.Length);
    }

    /// <summary>Unescapes the JSON string body [start, end) (\n \t \r \b \f \" \\ \/ \uXXXX incl. surrogate pairs).</summary>
    public static MiloString _jsonUnescape(MiloString s, long start, long end)
    {
        var b = s.AsSpan().Slice((int)start, (int)(end - start));
        if (b.IndexOf((byte)'\\') < 0) return ShortShared(b);
        var r = new MiloString();
        for (int i = 0; i < b.Length; i++)
        {
            if (b[i] != '\\' || i + 1 >= b.Length) { r.Push(b[i]); continue; }
            byte e = b[++i];
            switch (e)
            {
                case (byte)'n': r.Push((byte)'\n'); break;
                case (byte)'t': r.Push((byte)'\t'); break;
                case (byte)'r': r.Push((byte)'\r'); break;
                case (byte)'b': r.Push(8); break;
                case (byte)'f': r.Push(12); break;
                case (byte)'u' when i + 4 < b.Length && TryHex(b.Slice(i + 1, 4), out int cp):
                    i += 4;
                    if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < b.Length && b[i + 1] == '\\' && b[i + 2] == 'u' && TryHex(b.Slice(i + 3, 4), out int lo) && lo >= 0xDC00 && lo <= 0xDFFF)
                    {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        i += 6;
                    }
                    r.PushStr(UnicodeModule._unicodeEncode(cp));
                    break;
                default: r.Push(e); break;
            }
        }
        return r;
    }

    [ThreadStatic] private static byte[]?[]? t_recent;

    /// <summary>
    /// The text as a fresh string. Short texts (object keys, enum-like values) repeat throughout a document, so they
    /// share a frozen byte array from a small per-thread table (copy-on-write: the first mutation of such a string
    /// copies it); the parsed tree then holds one object per key instead of two.
    /// </summary>
    private static MiloString ShortShared(ReadOnlySpan<byte> b)
    {
        if (b.Length == 0) return new MiloString();
        if (b.Length > 24) return MiloString.FromBytes(b);
        var table = t_recent ??= new byte[]?[256];
        uint h = (uint)b.Length;
        foreach (var c in b) h = h * 31 + c;
        ref var slot = ref table[(h ^ (h >> 8)) & 255];
        var hit = slot;
        if (hit is null || !b.SequenceEqual(hit)) { hit = b.ToArray(); slot = hit; }
        return MiloString.FromFrozen(hit);
    }

    private static bool TryHex(ReadOnlySpan<byte> h, out int v)
    {
        v = 0;
        foreach (var c in h)
        {
            int d = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
            if (d < 0) return false;
            v = v * 16 + d;
        }
        return true;
    }

    /// <summary>Index of the first non-whitespace byte (space, \t, \n, \r) at or after <paramref name="pos"/> (or len).</summary>
    public static long _jsonWsEnd(MiloString s, long pos)
    {
        var b = s.AsSpan();
        int i = (int)Math.Max(pos, 0);
        while (i < b.Length)
        {
            byte c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') break;
            i++;
        }
        return i;
    }

    private static readonly System.Buffers.SearchValues<byte> NeedsEscape = System.Buffers.SearchValues.Create(
        [(byte)'"', (byte)'\\', 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);

    /// <summary>JSON string escaping (quotes, backslash, control characters) without the surrounding quotes.
    /// Text without such bytes (the usual case) comes back as a copy-on-write clone.</summary>
    public static MiloString _jsonEscape(MiloString s)
    {
        var span = s.AsSpan();
        int first = span.IndexOfAny(NeedsEscape);
        if (first < 0) return s.Clone();
        var r = MiloString.WithCapacity(span.Length + 8);
        AppendEscaped(r, span, first);
        return r;
    }

    /// <summary>
    /// <c>s = s + "\"" + escape(v) + "\""</c> in place: std/json's stringify writes every string value and object key
    /// into the one growing document buffer without a temporary string per value (<see cref="_jsonEscape"/> made one).
    /// </summary>
    public static void _jsonAppendQuoted(ref MiloString s, MiloString v)
    {
        s ??= new MiloString(); // `s = s + x` treats a null string as ""
        var span = v.AsSpan();
        s.Push((byte)'"');
        int first = span.IndexOfAny(NeedsEscape);
        if (first < 0) s.PushBytes(span);
        else AppendEscaped(s, span, first);
        s.Push((byte)'"');
    }

    /// <summary>Appends <paramref name="span"/> escaped; <paramref name="first"/> is the first byte that needs escaping.</summary>
    private static void AppendEscaped(MiloString r, ReadOnlySpan<byte> span, int first)
    {
        r.PushBytes(span[..first]);
        foreach (var c in span[first..])
        {
            switch (c)
            {
                case (byte)'"': r.Push((byte)'\\'); r.Push((byte)'"'); break;
                case (byte)'\\': r.Push((byte)'\\'); r.Push((byte)'\\'); break;
                case (byte)'\n': r.Push((byte)'\\'); r.Push((byte)'n'); break;
                case (byte)'\t': r.Push((byte)'\\'); r.Push((byte)'t'); break;
                case (byte)'\r': r.Push((byte)'\\'); r.Push((byte)'r'); break;
                default:
                    if (c < 0x20) r.PushStr(MiloString.FromString($"\\u{c:x4}"));
                    else r.Push(c);
                    break;
            }
        }
    }
}
