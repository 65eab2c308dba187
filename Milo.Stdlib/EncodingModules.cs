using System.Security.Cryptography;
using Milo.Runtime;

namespace Milo.Stdlib;

/// <summary>std/hex — lower-case hex encoding of the string's bytes.</summary>
public static class HexModule
{
    private static int Val(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => 0,
    };

    public static MiloString _hexEncode(MiloString s) => MiloString.FromString(Convert.ToHexStringLower(s.AsSpan()));

    /// <summary>Pairs of hex digits to bytes; an odd trailing digit is ignored and non-hex digits count as 0 (reference behaviour).</summary>
    public static MiloString _hexDecode(MiloString s)
    {
        var b = s.AsSpan();
        var r = new byte[b.Length / 2];
        for (int i = 0; i + 1 < b.Length; i += 2) r[i / 2] = (byte)((Val(b[i]) << 4) | Val(b[i + 1]));
        return MiloString.FromBytes(r);
    }
}

/// <summary>std/base64 — standard alphabet with '=' padding.</summary>
public static class Base64Module
{
    private static int Val(byte c) => c switch
    {
        >= (byte)'A' and <= (byte)'Z' => c - 'A',
        >= (byte)'a' and <= (byte)'z' => c - 'a' + 26,
        >= (byte)'0' and <= (byte)'9' => c - '0' + 52,
        (byte)'+' => 62,
        (byte)'/' => 63,
        _ => 0,
    };

    public static MiloString _base64Encode(MiloString s) => MiloString.FromString(Convert.ToBase64String(s.AsSpan()));

    /// <summary>Decodes whole 4-character groups (a trailing partial group is ignored, unknown characters count as 0, stops at
    /// a group starting with '=') — lenient like the reference.</summary>
    public static MiloString _base64Decode(MiloString s)
    {
        var b = s.AsSpan();
        var r = new MiloString();
        for (int i = 0; i + 3 < b.Length; i += 4)
        {
            if (b[i] == '=') break;
            int a = Val(b[i]), c1 = Val(b[i + 1]), c2 = Val(b[i + 2]), d = Val(b[i + 3]);
            r.Push((byte)((a << 2) | (c1 >> 4)));
            if (b[i + 2] != '=') r.Push((byte)(((c1 & 15) << 4) | (c2 >> 2)));
            if (b[i + 3] != '=') r.Push((byte)(((c2 & 3) << 6) | d));
        }
        return r;
    }
}

/// <summary>std/crypto — digests as lower-case hex.</summary>
public static partial class CryptoModule
{
    public static MiloString _cryptoSha256(MiloString s) => MiloString.FromString(Convert.ToHexStringLower(SHA256.HashData(s.AsSpan())));
    public static MiloString _cryptoSha1(MiloString s) => MiloString.FromString(Convert.ToHexStringLower(SHA1.HashData(s.AsSpan())));
    public static MiloString _cryptoSha512(MiloString s) => MiloString.FromString(Convert.ToHexStringLower(SHA512.HashData(s.AsSpan())));
    public static MiloString _cryptoMd5(MiloString s) => MiloString.FromString(Convert.ToHexStringLower(MD5.HashData(s.AsSpan())));
    public static MiloString _cryptoHmacSha256(MiloString key, MiloString s) => MiloString.FromString(Convert.ToHexStringLower(HMACSHA256.HashData(key.AsSpan(), s.AsSpan())));
}

/// <summary>std/uuid — random (version 4) UUIDs.</summary>
public static class UuidModule
{
    public static MiloString _uuidV4() => MiloString.FromString(Guid.NewGuid().ToString("D"));
}

/// <summary>std/csv — RFC 4180 parsing/quoting.</summary>
public static class CsvModule
{
    /// <summary>Quotes toggle with '"', '""' inside quotes is a literal quote, ',' ends a field, LF ends a row, CR is dropped
    /// outside quotes; a final row without newline is kept, a trailing newline adds no row.</summary>
    public static MiloVec<MiloVec<MiloString>> _csvParse(MiloString input)
    {
        var b = input.AsSpan();
        var rows = new MiloVec<MiloVec<MiloString>>();
        var row = new MiloVec<MiloString>();
        var field = new MiloString();
        bool inQuote = false;
        for (int i = 0; i < b.Length; i++)
        {
            byte ch = b[i];
            if (inQuote)
            {
                if (ch == '"')
                {
                    if (i + 1 < b.Length && b[i + 1] == '"') { field.Push((byte)'"'); i++; continue; }
                    inQuote = false;
                }
                else field.Push(ch);
            }
            else if (ch == '"') inQuote = true;
            else if (ch == ',') { row.Push(field); field = new MiloString(); }
            else if (ch == '\n') { row.Push(field); field = new MiloString(); rows.Push(row); row = new MiloVec<MiloString>(); }
            else if (ch != '\r') field.Push(ch);
        }
        if (field.Length > 0 || row.Count > 0) { row.Push(field); rows.Push(row); }
        return rows;
    }

    public static MiloString _csvQuote(MiloString v)
    {
        var b = v.AsSpan();
        if (b.IndexOfAny((byte)',', (byte)'"', (byte)'\n') < 0 && b.IndexOf((byte)'\r') < 0) return v.Clone();
        var r = new MiloString();
        r.Push((byte)'"');
        foreach (var c in b) { if (c == '"') r.Push((byte)'"'); r.Push(c); }
        r.Push((byte)'"');
        return r;
    }

    public static MiloString _csvStringify(MiloVec<MiloVec<MiloString>> rows)
    {
        var r = new MiloString();
        for (int i = 0; i < rows.Count; i++)
        {
            var row = rows.Items[i];
            for (int j = 0; j < row.Count; j++)
            {
                if (j > 0) r.Push((byte)',');
                r.PushStr(_csvQuote(row.Items[j]));
            }
            r.Push((byte)'\n');
        }
        return r;
    }
}
