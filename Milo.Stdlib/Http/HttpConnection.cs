using System.Net.Sockets;
using System.Text;
using Milo.Runtime;

namespace Milo.Stdlib;

/// <summary>
/// One server-side HTTP/1.1 connection of <c>std/http</c> (Milo type <c>_HttpConn</c>): the socket, a receive buffer that
/// may hold more than one pipelined request, the request parsed from it (<see cref="TryParse"/>), the route parameters
/// of the last match and the response headers being collected. Owned by the one green thread serving the connection.
/// </summary>
public sealed class MiloHttpConn
{
    /// <summary><see cref="TryParse"/> results besides HTTP error statuses.</summary>
    internal const int NeedMore = 0, Ready = 1;

    internal readonly MiloHttpServer? Server;
    internal Socket? Socket;
    public MiloString Error = new();

    // Received bytes not yet consumed: Buf[Start..End).
    internal byte[] Buf = new byte[4096];
    internal int Start, End;
    /// <summary>When the first byte of the request being received arrived (request deadline), 0 while idle.</summary>
    internal long RequestStartedMs;
    internal CancellationTokenSource? Timeout;

    // The parsed request (valid after TryParse returned Ready, until Consume).
    private bool _headParsed;
    private int _bodyStart, _requestEnd;
    private long _contentLength;
    private bool _chunked;
    internal bool KeepAlive, ExpectContinue, ContinueSent;
    internal MiloString Method = new(), Path = new(), Body = new();
    internal readonly List<(MiloString Name, MiloString Value)> Headers = new();
    internal readonly List<(MiloString Name, MiloString Value)> Query = new();
    internal readonly List<(MiloString Name, MiloString Value)> Params = new();
    internal readonly List<(string Name, string Value)> ResponseHeaders = new();
    internal byte[] SendBuf = new byte[1024];

    internal MiloHttpConn(MiloHttpServer? server, Socket? socket, string error = "")
    {
        Server = server;
        Socket = socket;
        if (error.Length > 0) Error = MiloString.FromString(error);
    }

    internal int MaxHead => Server?.MaxHeadBytes ?? 16 * 1024;
    internal long MaxBody => Server?.MaxBodyBytes ?? 1 << 20;

    /// <summary>Drops the request returned by the last Ready (its bytes and parse state); keeps pipelined bytes after it.</summary>
    internal void Consume()
    {
        if (_headParsed && _requestEnd > 0) Start = _requestEnd;
        if (Start >= End)
        {
            Start = End = 0;
            if (Buf.Length > 64 * 1024) Buf = new byte[4096];   // after a large body: don't keep it per idle connection
        }
        if (SendBuf.Length > 256 * 1024) SendBuf = new byte[1024];
        _headParsed = false; _requestEnd = 0; _contentLength = 0; _chunked = false;
        ExpectContinue = ContinueSent = false;
        Headers.Clear(); Query.Clear(); Params.Clear(); ResponseHeaders.Clear();
        Body = new MiloString();
        RequestStartedMs = Start < End ? Environment.TickCount64 : 0;
    }

    /// <summary>Free space after End for the next receive, compacting and growing the buffer up to what a request may need.</summary>
    internal Memory<byte> ReceiveSpace()
    {
        if (Start > 0 && (End == Buf.Length || Start > Buf.Length / 2))
        {
            Buffer.BlockCopy(Buf, Start, Buf, 0, End - Start);
            if (_headParsed) { _bodyStart -= Start; if (_requestEnd > 0) _requestEnd -= Start; }
            End -= Start; Start = 0;
        }
        if (End == Buf.Length)
        {
            long want = _headParsed && !_chunked ? _bodyStart + _contentLength : (long)Buf.Length * 2;
            int size = (int)Math.Min(Math.Max(want, Buf.Length * 2L), MaxHead + MaxBody + 64 * 1024);
            if (size <= Buf.Length) size = Buf.Length + 4096;
            Array.Resize(ref Buf, size);
        }
        return Buf.AsMemory(End);
    }

    /// <summary>Parses the buffered bytes: <see cref="Ready"/> (a whole request is available), <see cref="NeedMore"/>,
    /// or the status of the error reply (400, 413, 431, 501, 505) after which the connection is closed.</summary>
    internal int TryParse()
    {
        if (!_headParsed)
        {
            while (Start < End && (Buf[Start] == (byte)'\r' || Buf[Start] == (byte)'\n')) Start++;   // RFC 9112 2.2
            if (Start == End) { Start = End = 0; return NeedMore; }
            if (RequestStartedMs == 0) RequestStartedMs = Environment.TickCount64;
            int headEnd = FindHeadEnd(Buf.AsSpan(Start, End - Start));
            if (headEnd < 0) return End - Start > MaxHead ? 431 : NeedMore;
            if (headEnd > MaxHead) return 431;
            int st = ParseHead(Buf.AsSpan(Start, headEnd));
            if (st != 0) return st;
            _headParsed = true;
            _bodyStart = Start + headEnd;
        }
        if (_chunked) return TryChunkedBody();
        long end = _bodyStart + _contentLength;
        if (End < end) return NeedMore;
        _requestEnd = (int)end;
        Body = _contentLength == 0 ? new MiloString() : MiloString.FromBytes(Buf.AsSpan(_bodyStart, (int)_contentLength));
        return Ready;
    }

    /// <summary>Whether the client waits for "100 Continue" before sending the body it announced.</summary>
    internal bool WantsContinue => _headParsed && ExpectContinue && !ContinueSent && End - _bodyStart < Math.Max(1, _contentLength);

    /// <summary>Offset just past the blank line ending the head (CRLF CRLF, or bare LF lines), or -1.</summary>
    private static int FindHeadEnd(ReadOnlySpan<byte> s)
    {
        int i = 0;
        while (true)
        {
            int nl = s[i..].IndexOf((byte)'\n');
            if (nl < 0) return -1;
            int p = i + nl + 1;
            if (p < s.Length && s[p] == (byte)'\n') return p + 1;
            if (p + 1 < s.Length && s[p] == (byte)'\r' && s[p + 1] == (byte)'\n') return p + 2;
            if (p + 1 >= s.Length && (p == s.Length || s[p] == (byte)'\r')) return -1;
            i = p;
        }
    }

    private static bool IsTokenChar(byte c) => c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".IndexOf((char)c) < 0;

    private static ReadOnlySpan<byte> TrimLine(ReadOnlySpan<byte> line) => line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    private static ReadOnlySpan<byte> TrimOws(ReadOnlySpan<byte> v)
    {
        int a = 0, b = v.Length;
        while (a < b && (v[a] == (byte)' ' || v[a] == (byte)'\t')) a++;
        while (b > a && (v[b - 1] == (byte)' ' || v[b - 1] == (byte)'\t')) b--;
        return v[a..b];
    }

    private int ParseHead(ReadOnlySpan<byte> head)
    {
        int nl = head.IndexOf((byte)'\n');
        var line = TrimLine(head[..nl]);
        head = head[(nl + 1)..];
        // request-line = method SP request-target SP HTTP-version
        int sp1 = line.IndexOf((byte)' ');
        if (sp1 <= 0) return 400;
        int sp2 = line[(sp1 + 1)..].IndexOf((byte)' ');
        if (sp2 <= 0) return 400;
        var method = line[..sp1];
        var target = line.Slice(sp1 + 1, sp2);
        var version = line[(sp1 + sp2 + 2)..];
        foreach (var c in method) if (!IsTokenChar(c)) return 400;
        foreach (var c in target) if (c <= 32 || c == 127) return 400;
        if (target[0] != (byte)'/' && !(target.Length == 1 && target[0] == (byte)'*')) return 400;
        bool http11;
        if (version.SequenceEqual("HTTP/1.1"u8)) http11 = true;
        else if (version.SequenceEqual("HTTP/1.0"u8)) http11 = false;
        else if (version.Length == 8 && version.StartsWith("HTTP/"u8) && char.IsAsciiDigit((char)version[5]) && version[6] == (byte)'.' && char.IsAsciiDigit((char)version[7])) return 505;
        else return 400;

        Method = MiloString.FromBytes(method);
        int q = target.IndexOf((byte)'?');
        Path = MiloString.FromBytes(q < 0 ? target : target[..q]);
        if (q >= 0) ParseQuery(target[(q + 1)..], Query);

        KeepAlive = http11;
        bool sawLength = false, sawTe = false;
        _contentLength = 0;
        while (head.Length > 0)
        {
            nl = head.IndexOf((byte)'\n');
            line = TrimLine(head[..nl]);
            head = head[(nl + 1)..];
            if (line.Length == 0) break;
            int colon = line.IndexOf((byte)':');
            if (colon <= 0) return 400;
            var name = line[..colon];
            foreach (var c in name) if (!IsTokenChar(c)) return 400;   // also rejects "Name :" and obs-fold lines
            var value = TrimOws(line[(colon + 1)..]);
            foreach (var c in value) if ((c < 32 && c != (byte)'\t') || c == 127) return 400;
            if (Headers.Count >= (Server?.MaxHeaders ?? 100)) return 431;
            if (Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                if (!TryParseLength(value, out long n)) return 400;
                if (sawLength && n != _contentLength) return 400;
                sawLength = true;
                _contentLength = n;
            }
            else if (Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
            {
                if (!Ascii.EqualsIgnoreCase(value, "chunked"u8)) return 501;
                sawTe = true;
            }
            else if (Ascii.EqualsIgnoreCase(name, "connection"u8))
            {
                if (ContainsTokenIgnoreCase(value, "close"u8)) KeepAlive = false;
                else if (ContainsTokenIgnoreCase(value, "keep-alive"u8)) KeepAlive = true;
            }
            else if (Ascii.EqualsIgnoreCase(name, "expect"u8))
            {
                if (!Ascii.EqualsIgnoreCase(value, "100-continue"u8)) return 417;
                ExpectContinue = true;
            }
            Headers.Add((MiloString.FromBytes(name), MiloString.FromBytes(value)));
        }
        if (sawTe && sawLength) return 400;   // request smuggling guard (RFC 9112 6.1)
        if (_contentLength > MaxBody) return 413;
        _chunked = sawTe;
        return 0;
    }

    private static bool TryParseLength(ReadOnlySpan<byte> v, out long n)
    {
        n = 0;
        if (v.Length == 0 || v.Length > 18) return false;
        foreach (var c in v)
        {
            if (c < (byte)'0' || c > (byte)'9') return false;
            n = n * 10 + (c - '0');
        }
        return true;
    }

    private static bool ContainsTokenIgnoreCase(ReadOnlySpan<byte> list, ReadOnlySpan<byte> token)
    {
        foreach (var range in list.Split((byte)','))
            if (Ascii.EqualsIgnoreCase(TrimOws(list[range]), token)) return true;
        return false;
    }

    /// <summary>Decodes a chunked body once all of it (and the trailer section) has arrived.</summary>
    private int TryChunkedBody()
    {
        var s = Buf.AsSpan(_bodyStart, End - _bodyStart);
        var body = new List<byte>();
        int i = 0;
        while (true)
        {
            int nl = s[i..].IndexOf((byte)'\n');
            if (nl < 0) return s.Length - i > 1024 ? 400 : NeedMore;
            var sizeLine = TrimLine(s.Slice(i, nl));
            int semi = sizeLine.IndexOf((byte)';');
            if (semi >= 0) sizeLine = sizeLine[..semi];
            sizeLine = TrimOws(sizeLine);
            if (sizeLine.Length == 0 || sizeLine.Length > 15) return 400;
            long size = 0;
            foreach (var c in sizeLine)
            {
                int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (d < 0) return 400;
                size = size * 16 + d;
            }
            i += nl + 1;
            if (size == 0)
            {
                // trailer section: lines until an empty one
                while (true)
                {
                    int t = s[i..].IndexOf((byte)'\n');
                    if (t < 0) return s.Length - i > MaxHead ? 431 : NeedMore;
                    bool empty = TrimLine(s.Slice(i, t)).Length == 0;
                    i += t + 1;
                    if (empty) break;
                }
                _requestEnd = _bodyStart + i;
                Body = MiloString.FromBytes(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(body));
                return Ready;
            }
            if (body.Count + size > MaxBody) return 413;
            if (s.Length - i < size + 2) return NeedMore;
            foreach (var b in s.Slice(i, (int)size)) body.Add(b);
            i += (int)size;
            if (s[i] == (byte)'\r') i++;
            if (s[i] != (byte)'\n') return 400;
            i++;
        }
    }

    /// <summary>Splits <c>a=1&amp;b=x%20y</c> into percent-decoded pairs ('+' is a space, as in HTML forms).</summary>
    internal static void ParseQuery(ReadOnlySpan<byte> qs, List<(MiloString, MiloString)> into)
    {
        foreach (var range in qs.Split((byte)'&'))
        {
            var part = qs[range];
            if (part.Length == 0) continue;
            int eq = part.IndexOf((byte)'=');
            var k = eq < 0 ? part : part[..eq];
            var v = eq < 0 ? ReadOnlySpan<byte>.Empty : part[(eq + 1)..];
            if (k.Length == 0) continue;
            into.Add((PercentDecode(k), PercentDecode(v)));
        }
    }

    internal static MiloString PercentDecode(ReadOnlySpan<byte> s)
    {
        if (s.IndexOfAny((byte)'%', (byte)'+') < 0) return MiloString.FromBytes(s);
        var o = new byte[s.Length];
        int n = 0;
        for (int i = 0; i < s.Length; i++)
        {
            byte c = s[i];
            if (c == (byte)'+') { o[n++] = (byte)' '; continue; }
            if (c == (byte)'%' && i + 2 < s.Length && Hex(s[i + 1]) >= 0 && Hex(s[i + 2]) >= 0)
            {
                o[n++] = (byte)(Hex(s[i + 1]) * 16 + Hex(s[i + 2]));
                i += 2;
                continue;
            }
            o[n++] = c;
        }
        return MiloString.FromBytes(o.AsSpan(0, n));
    }

    private static int Hex(byte c) => c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

    /// <summary>Writes status line, headers and body into <see cref="SendBuf"/>; its length.</summary>
    internal int BuildResponse(int status, MiloString contentType, MiloString body)
    {
        bool close = !KeepAlive || (Server?.Stopping ?? false);
        var sb = new StringBuilder(128);
        sb.Append("HTTP/1.1 ").Append(status).Append(' ').Append(HttpStatus.Reason(status)).Append("\r\n");
        if (contentType.Length > 0) sb.Append("Content-Type: ").Append(contentType.ToString()).Append("\r\n");
        sb.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        foreach (var (n, v) in ResponseHeaders) sb.Append(n).Append(": ").Append(v).Append("\r\n");
        sb.Append(close ? "Connection: close\r\n" : "Connection: keep-alive\r\n");
        sb.Append("Date: ").Append(HttpDate.Now).Append("\r\n");
        sb.Append("Server: milo\r\n\r\n");
        var headText = sb.ToString();
        int headLen = Encoding.UTF8.GetByteCount(headText);
        int total = headLen + body.Length;
        if (SendBuf.Length < total) SendBuf = new byte[Math.Max(total, SendBuf.Length * 2)];
        Encoding.UTF8.GetBytes(headText, SendBuf);
        body.AsSpan().CopyTo(SendBuf.AsSpan(headLen));
        if (close) KeepAlive = false;
        return total;
    }

    internal void Close()
    {
        var s = Socket;
        Socket = null;
        if (s is null) return;
        Server?.Forget(this);
        try { s.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
        s.Dispose();
        Timeout = null;   // not disposed: a receive may still hold its token
    }
}

/// <summary>The IMF-fixdate of the Date header (RFC 9110 6.6.1), formatted at most once a second.</summary>
internal static class HttpDate
{
    private static string s_text = "";
    private static long s_second = -1;

    internal static string Now
    {
        get
        {
            long sec = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            if (sec != Volatile.Read(ref s_second))
            {
                s_text = DateTimeOffset.FromUnixTimeSeconds(sec).ToString("r");
                Volatile.Write(ref s_second, sec);
            }
            return s_text;
        }
    }
}
