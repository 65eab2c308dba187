using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Milo.Runtime;

namespace Milo.Stdlib;

/// <summary>A TLS client connection (<c>std/net</c> TlsStream) on .NET's <see cref="SslStream"/>. Error is empty while healthy.</summary>
public sealed class MiloTlsStream
{
    internal Socket? Socket;
    internal SslStream? Ssl;
    public MiloString Error = new();
    internal MiloTlsStream(string error) { Error = MiloString.FromString(error); }
    internal MiloTlsStream(Socket s, SslStream ssl) { Socket = s; Ssl = ssl; }
}

/// <summary>
/// .NET side of <c>std/net</c> beyond the TCP primitives of Milo.Runtime.NetModule (which stay there because the
/// compiler maps them to suspending frames): DNS, TLS, and the byte-level parts of the HTTP client (response parsing,
/// URL splitting). TLS operations suspend inside green threads (frames in <see cref="TlsGreenOps"/>).
/// </summary>
public static class NetModule
{
    // ---------------- DNS ----------------

    /// <summary>First IPv4 address of <paramref name="host"/> as the reference's u32 (a | b&lt;&lt;8 | c&lt;&lt;16 | d&lt;&lt;24), or -1.</summary>
    public static long _netResolve(MiloString host)
    {
        try
        {
            var h = host.ToString();
            if (h.Length == 0) return -1;
            IPAddress? ip = h == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(h, out var p) ? p : null;
            ip ??= Dns.GetHostAddresses(h).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
            if (ip is null || ip.AddressFamily != AddressFamily.InterNetwork) return -1;
            var b = ip.GetAddressBytes();
            return b[0] | (long)b[1] << 8 | (long)b[2] << 16 | (long)b[3] << 24;
        }
        catch (Exception e) when (e is SocketException or ArgumentException) { return -1; }
    }

    // ---------------- TLS ----------------

    /// <summary>The TLS handshake must finish within this (a peer that accepts but never answers).</summary>
    private const int HandshakeTimeoutMs = 30_000;

    [SuspendsAs(typeof(TlsGreenOps), nameof(TlsGreenOps.Connect))]
    public static MiloTlsStream _tlsConnect(MiloString ip, long port, MiloString hostname)
        => TlsConnectAsync(ip.ToString(), (int)port, hostname.ToString()).AsTask().GetAwaiter().GetResult();

    internal static async ValueTask<MiloTlsStream> TlsConnectAsync(string ip, int port, string hostname)
    {
        Socket? s = null;
        try
        {
            s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await s.ConnectAsync(new IPEndPoint(IPAddress.Parse(ip), port)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or FormatException or ArgumentException)
        {
            s?.Dispose();
            return new MiloTlsStream("connect: " + e.Message);
        }
        var ssl = new SslStream(new NetworkStream(s, ownsSocket: true));
        try
        {
            using var cts = new CancellationTokenSource(HandshakeTimeoutMs);
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = hostname }, cts.Token).ConfigureAwait(false);
            return new MiloTlsStream(s, ssl);
        }
        catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException or SocketException or OperationCanceledException)
        {
            ssl.Dispose();
            return new MiloTlsStream("handshake: " + (e is OperationCanceledException ? "timed out" : e.Message));
        }
    }

    [SuspendsAs(typeof(TlsGreenOps), nameof(TlsGreenOps.Send))]
    public static long _tlsSend(MiloTlsStream t, MiloString data) => TlsSendAsync(t, data).AsTask().GetAwaiter().GetResult();

    internal static async ValueTask<long> TlsSendAsync(MiloTlsStream t, MiloString data)
    {
        if (t.Ssl is null) return -1;
        try { await t.Ssl.WriteAsync(data.AsSpan().ToArray()).ConfigureAwait(false); await t.Ssl.FlushAsync().ConfigureAwait(false); return data.Length; }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException) { t.Error = MiloString.FromString(e.Message); return -1; }
    }

    /// <summary>Up to <paramref name="max"/> bytes (waits for at least one); "" at end of stream or on error (see Error).</summary>
    [SuspendsAs(typeof(TlsGreenOps), nameof(TlsGreenOps.Recv))]
    public static MiloString _tlsRecv(MiloTlsStream t, long max) => TlsRecvAsync(t, max).AsTask().GetAwaiter().GetResult();

    internal static async ValueTask<MiloString> TlsRecvAsync(MiloTlsStream t, long max)
    {
        if (t.Ssl is null) return new MiloString();
        try
        {
            var buf = new byte[Math.Clamp(max, 1, 1 << 20)];
            int n = await t.Ssl.ReadAsync(buf).ConfigureAwait(false);
            return MiloString.FromBytes(buf.AsSpan(0, n));
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException) { t.Error = MiloString.FromString(e.Message); return new MiloString(); }
    }

    public static MiloString _tlsError(MiloTlsStream t) => t.Error;

    public static void _tlsClose(MiloTlsStream t)
    {
        try { t.Ssl?.Dispose(); } catch (IOException) { }
        t.Ssl = null;
        t.Socket = null;
    }

    // ---------------- HTTP client parsing ----------------

    private static int HeadEnd(ReadOnlySpan<byte> raw)
    {
        int i = raw.IndexOf("\r\n\r\n"u8);
        return i < 0 ? -1 : i + 4;
    }

    /// <summary>The status code of "HTTP/1.1 200 OK…", 0 when malformed.</summary>
    public static long _respStatus(MiloString raw)
    {
        var s = raw.AsSpan();
        if (s.Length < 12 || !s.StartsWith("HTTP/"u8)) return 0;
        int sp = s.IndexOf((byte)' ');
        if (sp < 0 || sp + 4 > s.Length) return 0;
        long code = 0;
        for (int i = sp + 1; i < sp + 4; i++)
        {
            if (s[i] < '0' || s[i] > '9') return 0;
            code = code * 10 + (s[i] - '0');
        }
        return code;
    }

    /// <summary>The header lines (without the status line and the blank line), "" when there is no complete head.</summary>
    public static MiloString _respHeaders(MiloString raw)
    {
        var s = raw.AsSpan();
        int end = HeadEnd(s);
        if (end < 0) return new MiloString();
        int first = s.IndexOf("\r\n"u8) + 2;
        return first >= end - 2 ? new MiloString() : MiloString.FromBytes(s[first..(end - 4)]);
    }

    /// <summary>What follows the head (everything when there is no head).</summary>
    public static MiloString _respRawBody(MiloString raw)
    {
        var s = raw.AsSpan();
        int end = HeadEnd(s);
        return end < 0 ? raw : MiloString.FromBytes(s[end..]);
    }

    /// <summary>Value of header <paramref name="name"/> (case-insensitive) in "Name: value" lines, "" when absent.</summary>
    public static MiloString _findHeader(MiloString headers, MiloString name)
    {
        var n = name.ToString();
        foreach (var line in headers.ToString().Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon > 0 && line[..colon].Trim().Equals(n, StringComparison.OrdinalIgnoreCase))
                return MiloString.FromString(line[(colon + 1)..].Trim());
        }
        return new MiloString();
    }

    /// <summary>Decodes a chunked transfer-coded body (stops at the last chunk or at malformed input).</summary>
    public static MiloString _decodeChunked(MiloString rawBody)
    {
        var s = rawBody.AsSpan();
        var o = new List<byte>();
        int i = 0;
        while (i < s.Length)
        {
            int nl = s[i..].IndexOf((byte)'\n');
            if (nl < 0) break;
            var line = Encoding.ASCII.GetString(s.Slice(i, nl)).Trim();
            int semi = line.IndexOf(';');
            if (semi >= 0) line = line[..semi];
            if (!long.TryParse(line, System.Globalization.NumberStyles.HexNumber, null, out long size) || size < 0) break;
            i += nl + 1;
            if (size == 0) break;
            int take = (int)Math.Min(size, s.Length - i);
            foreach (var b in s.Slice(i, take)) o.Add(b);
            i += take;
            if (i < s.Length && s[i] == (byte)'\r') i++;
            if (i < s.Length && s[i] == (byte)'\n') i++;
        }
        return MiloString.FromBytes(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(o));
    }

    /// <summary>Whether <paramref name="raw"/> holds a whole response by its framing (Content-Length reached, or the last
    /// chunk and trailer of a chunked body; 1xx/204/304 have none). Without framing only the end of the stream tells.</summary>
    public static bool _respComplete(MiloString raw)
    {
        var s = raw.AsSpan();
        int end = HeadEnd(s);
        if (end < 0) return false;
        long status = _respStatus(raw);
        if (status is 204 or 304 || status is >= 100 and < 200) return true;
        var headers = _respHeaders(raw);
        if (_findHeader(headers, MiloString.FromString("Transfer-Encoding")).ToString().Contains("chunked", StringComparison.OrdinalIgnoreCase))
            return s[end..].EndsWith("0\r\n\r\n"u8);
        var cl = _findHeader(headers, MiloString.FromString("Content-Length")).ToString();
        return long.TryParse(cl, out long n) && s.Length - end >= n;
    }

    // ---------------- URLs ----------------

    private static (bool Https, string Host, int Port, string Path) SplitUrl(string url)
    {
        bool https = url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        int start = https ? 8 : url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? 7 : 0;
        int slash = url.IndexOf('/', start);
        var authority = slash < 0 ? url[start..] : url[start..slash];
        var path = slash < 0 ? "/" : url[slash..];
        int hash = path.IndexOf('#');
        if (hash >= 0) path = path[..hash];
        int port = https ? 443 : 80;
        int colon = authority.LastIndexOf(':');
        if (colon >= 0 && !authority.EndsWith(']'))
        {
            if (int.TryParse(authority[(colon + 1)..], out int p) && p is > 0 and < 65536) port = p;
            authority = authority[..colon];
        }
        return (https, authority, port, path);
    }

    public static bool _urlIsHttps(MiloString url) => SplitUrl(url.ToString()).Https;
    public static MiloString _urlHost(MiloString url) => MiloString.FromString(SplitUrl(url.ToString()).Host);
    public static long _urlPort(MiloString url) => SplitUrl(url.ToString()).Port;
    public static MiloString _urlPath(MiloString url) => MiloString.FromString(SplitUrl(url.ToString()).Path);

    /// <summary>A redirect's Location made absolute against the URL that answered (absolute locations are kept).</summary>
    public static MiloString _urlResolve(MiloString baseUrl, MiloString location)
    {
        var loc = location.ToString();
        if (loc.Contains("://")) return location;
        var (https, host, port, path) = SplitUrl(baseUrl.ToString());
        var origin = (https ? "https://" : "http://") + host + (port == (https ? 443 : 80) ? "" : ":" + port);
        if (loc.StartsWith('/')) return MiloString.FromString(origin + loc);
        int q = path.IndexOf('?');
        if (q >= 0) path = path[..q];
        return MiloString.FromString(origin + path[..(path.LastIndexOf('/') + 1)] + loc);
    }
}

/// <summary>Frame versions of the TLS operations (green threads): the async operation runs on .NET's I/O machinery and the
/// task parks until it completes.</summary>
public static class TlsGreenOps
{
    private sealed class AsyncFrame<T>(Func<ValueTask<T>> start) : GreenFrame<T>
    {
        private ValueTask<T> _op;
        public override bool MoveNext()
        {
            if (State == 0)
            {
                _op = start();
                State = 1;
                if (!_op.IsCompleted) { GreenNetOps.ParkUntilCompleted(_op); return true; }
            }
            State = -1;
            Result = _op.GetAwaiter().GetResult();
            return false;
        }
    }

    public static GreenFrame<MiloTlsStream> Connect(MiloString ip, long port, MiloString hostname)
        => new AsyncFrame<MiloTlsStream>(() => NetModule.TlsConnectAsync(ip.ToString(), (int)port, hostname.ToString()));
    public static GreenFrame<long> Send(MiloTlsStream t, MiloString data) => new AsyncFrame<long>(() => NetModule.TlsSendAsync(t, data));
    public static GreenFrame<MiloString> Recv(MiloTlsStream t, long max) => new AsyncFrame<MiloString>(() => NetModule.TlsRecvAsync(t, max));
}
