using Milo.Runtime;

namespace Milo.Stdlib;

/// <summary>std/string — byte-oriented string utilities (ASCII classification, UTF-8 left intact).
/// Same semantics as the §6.1 intrinsic string methods, which live on <see cref="MiloString"/>.</summary>
public static class StringModule
{
    private static bool IsWs(byte c) => c == 32 || c == 9 || c == 10 || c == 13;

    public static bool _strContains(MiloString h, MiloString n) => h.Contains(n);
    public static long _strIndexOf(MiloString h, MiloString n) => h.IndexOf(n);

    /// <summary>First occurrence of <paramref name="n"/> at or after <paramref name="pos"/>; empty needle → pos; -1 when absent or pos out of range.</summary>
    public static long _strIndexOfFrom(MiloString h, MiloString n, long pos)
    {
        if (n.Length == 0) return pos;
        if (pos < 0 || pos + n.Length > h.Length) return -1;
        int idx = h.AsSpan().Slice((int)pos).IndexOf(n.AsSpan());
        return idx < 0 ? -1 : pos + idx;
    }

    public static long _strLastIndexOf(MiloString h, MiloString n) => h.LastIndexOf(n);
    public static bool _strStartsWith(MiloString s, MiloString p) => s.StartsWith(p);
    public static bool _strEndsWith(MiloString s, MiloString p) => s.EndsWith(p);
    public static MiloString _strToLower(MiloString s) => s.ToLower();
    public static MiloString _strToUpper(MiloString s) => s.ToUpper();
    public static MiloString _strTrim(MiloString s) => s.Trim();
    public static MiloString _strTrimStart(MiloString s) => s.TrimStart();
    public static MiloString _strTrimEnd(MiloString s) => s.TrimEnd();
    public static MiloVec<MiloString> _strSplit(MiloString s, MiloString sep) => s.Split(sep);
    public static MiloString _strRepeat(MiloString s, long n) => s.Repeat(n);
    public static MiloString _strPadStart(MiloString s, long n, MiloString pad) => s.PadStart(n, pad);
    public static MiloString _strPadEnd(MiloString s, long n, MiloString pad) => s.PadEnd(n, pad);
    public static MiloString _strReplace(MiloString s, MiloString o, MiloString n) => s.Replace(o, n);
    public static MiloString _strReplaceFirst(MiloString s, MiloString o, MiloString n) => s.ReplaceFirst(o, n);
    public static MiloVec<MiloString> _strSplitWords(MiloString s) => s.SplitWords();
    public static MiloVec<MiloString> _strSplitWhitespace(MiloString s) => s.SplitWhitespace();
    public static MiloString _strJoin(MiloVec<MiloString> parts, MiloString sep) => MiloVecOps.Join(parts, sep);
    public static MiloString _strCharAt(MiloString s, long i) => s.CharAt(i);
    public static MiloString _strReverse(MiloString s) => s.Reverse();
    public static long _strParseInt(MiloString s) => s.ParseInt();
}
