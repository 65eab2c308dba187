using System.Net;
using System.Net.Sockets;
using Milo.Runtime;

namespace Milo.Stdlib;

/// <summary>
/// The listening side of <c>std/http</c> (Milo type <c>_HttpSrv</c>): the socket, the limits and timeouts every
/// connection applies, and the connections idling between requests (so that <see cref="Stop"/> can close them).
/// </summary>
public sealed class MiloHttpServer
{
    internal Socket? Listener;
    public MiloString Error = new();
    internal volatile bool Stopping;

    /// <summary>Limits: request head (request line + headers) in bytes, header count, body bytes.</summary>
    internal int MaxHeadBytes = 16 * 1024, MaxHeaders = 100;
    internal long MaxBodyBytes = 1 << 20;
    /// <summary>A keep-alive connection with no request in progress is closed after this; a started request must be
    /// complete within <see cref="RequestTimeoutMs"/> (else 408), which also bounds slow ("slowloris") senders.</summary>
    internal int IdleTimeoutMs = 30_000, RequestTimeoutMs = 10_000;

    private readonly object _lock = new();
    private readonly HashSet<MiloHttpConn> _idle = new();

    internal MiloHttpServer(Socket? listener, string error = "")
    {
        Listener = listener;
        if (error.Length > 0) Error = MiloString.FromString(error);
    }

    internal static MiloHttpServer Listen(string host, int port)
    {
        try
        {
            var ip = host is "" or "0.0.0.0" ? IPAddress.Any : host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(host);
            var s = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            s.Bind(new IPEndPoint(ip, port));
            s.Listen(1024);
            return new MiloHttpServer(s);
        }
        catch (Exception e) when (e is SocketException or FormatException or ArgumentException)
        {
            return new MiloHttpServer(null, e.Message);
        }
    }

    internal int Port => Listener?.LocalEndPoint is IPEndPoint ep ? ep.Port : -1;

    /// <summary>Marks a connection as waiting for its next request (true) or busy (false). False when stopping.</summary>
    internal bool SetIdle(MiloHttpConn c, bool idle)
    {
        lock (_lock)
        {
            if (!idle) { _idle.Remove(c); return true; }
            if (Stopping) return false;
            _idle.Add(c);
            return true;
        }
    }

    internal void Forget(MiloHttpConn c) { lock (_lock) _idle.Remove(c); }

    /// <summary>Stops accepting (a pending accept fails, so the accept loop ends) and closes idle connections; busy ones
    /// finish their current request and then close.</summary>
    internal void Stop()
    {
        List<MiloHttpConn> idle;
        lock (_lock)
        {
            Stopping = true;
            idle = _idle.ToList();
            _idle.Clear();
        }
        try { Listener?.Dispose(); } catch (SocketException) { }
        foreach (var c in idle) c.Close();
    }
}

/// <summary>Reason phrases of the statuses std/http sends.</summary>
internal static class HttpStatus
{
    internal static string Reason(int status) => status switch
    {
        100 => "Continue", 200 => "OK", 201 => "Created", 202 => "Accepted", 204 => "No Content",
        301 => "Moved Permanently", 302 => "Found", 303 => "See Other", 304 => "Not Modified",
        307 => "Temporary Redirect", 308 => "Permanent Redirect",
        400 => "Bad Request", 401 => "Unauthorized", 403 => "Forbidden", 404 => "Not Found",
        405 => "Method Not Allowed", 408 => "Request Timeout", 409 => "Conflict", 410 => "Gone",
        411 => "Length Required", 413 => "Content Too Large", 414 => "URI Too Long", 415 => "Unsupported Media Type",
        417 => "Expectation Failed", 422 => "Unprocessable Content", 429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error", 501 => "Not Implemented", 502 => "Bad Gateway", 503 => "Service Unavailable",
        504 => "Gateway Timeout", 505 => "HTTP Version Not Supported",
        _ => status < 200 ? "Informational" : status < 300 ? "OK" : status < 400 ? "Redirect" : status < 500 ? "Client Error" : "Server Error",
    };
}

/// <summary>
/// A compiled route table (Milo type <c>_HttpRoutes</c>): the patterns of a Router (<c>/users/:id</c>, a trailing
/// <c>*</c> matches any rest) matched against a connection's request path; the first matching route wins.
/// </summary>
public sealed class MiloHttpRoutes
{
    private readonly List<(string Method, string[] Segs, bool Wildcard)> _routes = new();

    internal static string[] Split(ReadOnlySpan<char> path)
    {
        var segs = new List<string>();
        foreach (var r in path.Split('/'))
            if (!path[r].IsEmpty) segs.Add(path[r].ToString());
        return segs.ToArray();
    }

    internal void Add(string method, string pattern)
    {
        var segs = Split(pattern);
        bool wild = segs.Length > 0 && segs[^1] == "*";
        _routes.Add((method, wild ? segs[..^1] : segs, wild));
    }

    /// <summary>Index of the first route matching the request of <paramref name="c"/> (its parameters go to c.Params), or -1.</summary>
    internal int Match(MiloHttpConn c)
    {
        var method = c.Method.ToString();
        var path = Split(c.Path.ToString());
        for (int i = 0; i < _routes.Count; i++)
        {
            var (m, segs, wild) = _routes[i];
            if (m != "*" && m != method) continue;
            if (wild ? path.Length < segs.Length : path.Length != segs.Length) continue;
            bool ok = true;
            for (int k = 0; k < segs.Length && ok; k++)
                ok = segs[k].StartsWith(':') || segs[k] == path[k];
            if (!ok) continue;
            c.Params.Clear();
            for (int k = 0; k < segs.Length; k++)
                if (segs[k].StartsWith(':')) c.Params.Add((MiloString.FromString(segs[k][1..]), MiloString.FromString(path[k])));
            return i;
        }
        return -1;
    }
}
