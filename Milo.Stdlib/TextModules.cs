using System.Text;
using System.Text.RegularExpressions;
using Milo.Runtime;

namespace Milo.Stdlib;

/// <summary>std/unicode — UTF-8 decoding helpers (the byte classifiers are plain Milo).</summary>
public static class UnicodeModule
{
    /// <summary>Decodes UTF-8 by lead byte like the reference (no validation; a truncated sequence reads as far as the string goes).</summary>
    public static MiloVec<int> _unicodeCodepoints(MiloString s)
    {
        var b = s.AsSpan();
        var r = new MiloVec<int>();
        int i = 0;
        while (i < b.Length)
        {
            int c = b[i];
            if (c < 0x80) { r.Push(c); i += 1; }
            else if ((c & 0xE0) == 0xC0) { r.Push(((c & 31) << 6) | At(b, i + 1)); i += 2; }
            else if ((c & 0xF0) == 0xE0) { r.Push(((c & 15) << 12) | (At(b, i + 1) << 6) | At(b, i + 2)); i += 3; }
            else { r.Push(((c & 7) << 18) | (At(b, i + 1) << 12) | (At(b, i + 2) << 6) | At(b, i + 3)); i += 4; }
        }
        return r;
    }

    private static int At(ReadOnlySpan<byte> b, int k) => k < b.Length ? b[k] & 63 : 0;

    public static long _unicodeCount(MiloString s)
    {
        var b = s.AsSpan();
        long n = 0;
        int i = 0;
        while (i < b.Length)
        {
            int c = b[i];
            i += c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
            n++;
        }
        return n;
    }

    /// <summary>UTF-8 encoding of one code point (invalid → U+FFFD).</summary>
    public static MiloString _unicodeEncode(int cp)
    {
        if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
        return MiloString.FromString(char.ConvertFromUtf32(cp));
    }
}

/// <summary>std/regex — POSIX-extended-style patterns run on System.Text.RegularExpressions. Matching works on the
/// UTF-8 text decoded to UTF-16; offsets are converted back to byte offsets.</summary>
public static class RegexModule
{
    private static readonly List<Regex> Compiled = new();
    private static readonly Dictionary<string, int> ByPattern = new();
    private static readonly object Gate = new();

    /// <summary>Compiles <paramref name="pattern"/>; returns a handle ≥ 0, or -1 when the pattern is invalid.</summary>
    public static long _regexCompile(MiloString pattern)
    {
        var p = pattern.ToString();
        lock (Gate)
        {
            if (ByPattern.TryGetValue(p, out int h)) return h;
            Regex re;
            try { re = new Regex(p, RegexOptions.CultureInvariant); }
            catch (ArgumentException) { return -1; }
            Compiled.Add(re);
            ByPattern[p] = Compiled.Count - 1;
            return Compiled.Count - 1;
        }
    }

    private static Regex Get(long h) { lock (Gate) return Compiled[(int)h]; }

    [ThreadStatic] private static long t_start, t_end;

    public static bool _regexIsMatch(long h, MiloString input) => Get(h).IsMatch(input.ToString());

    /// <summary>Finds the first match at or after byte offset <paramref name="from"/>; the match is read back with
    /// <see cref="_regexStart"/>/<see cref="_regexEnd"/>.</summary>
    public static bool _regexFindFrom(long h, MiloString input, long from)
    {
        var bytes = input.AsSpan();
        if (from < 0 || from > bytes.Length) return false;
        // Decode the tail so '^' anchors at the search start, like the reference's regexec on the tail.
        var tail = Encoding.UTF8.GetString(bytes.Slice((int)from));
        var m = Get(h).Match(tail);
        if (!m.Success) return false;
        t_start = from + Encoding.UTF8.GetByteCount(tail.AsSpan(0, m.Index));
        t_end = t_start + Encoding.UTF8.GetByteCount(tail.AsSpan(m.Index, m.Length));
        return true;
    }

    public static long _regexStart() => t_start;
    public static long _regexEnd() => t_end;

    public static MiloString _regexReplaceAll(long h, MiloString input, MiloString replacement) =>
        MiloString.FromString(Get(h).Replace(input.ToString(), replacement.ToString().Replace("$", "$$")));
}
