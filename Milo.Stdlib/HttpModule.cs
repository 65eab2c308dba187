using Milo.Runtime;

namespace Milo.Stdlib;

/// <summary>
/// .NET side of <c>std/http</c> (the <c>extern fn</c>s of Modules/std/http.milo). The server loop, routing and the
/// Context API are Milo code; the byte-level work (request parsing with limits, route matching, response encoding) and the
/// socket operations are here. <c>_httpAccept</c>, <c>_httpRead</c> and <c>_httpSend</c> suspend inside green threads
/// (frame versions in <see cref="HttpGreenOps"/>).
/// </summary>
public static class HttpModule
{
    // ---------------- server ----------------

    public static MiloHttpServer _httpListen(MiloString host, long port) => MiloHttpServer.Listen(host.ToString(), (int)port);
    public static MiloString _httpServerError(MiloHttpServer s) => s.Error;
    public static long _httpServerPort(MiloHttpServer s) => s.Port;
    public static void _httpStop(MiloHttpServer s) => s.Stop();
    public static bool _httpStopping(MiloHttpServer s) => s.Stopping;
    public static void _httpSetError(MiloHttpServer s, MiloString err) => s.Error = err;

    /// <summary>Timeouts in milliseconds: idle keep-alive connection, and whole request once its first byte arrived.</summary>
    public static void _httpSetTimeouts(MiloHttpServer s, long idleMs, long requestMs)
    {
        s.IdleTimeoutMs = (int)Math.Clamp(idleMs, 1, int.MaxValue);
        s.RequestTimeoutMs = (int)Math.Clamp(requestMs, 1, int.MaxValue);
    }

    /// <summary>Limits: request head bytes (431 beyond), body bytes (413 beyond).</summary>
    public static void _httpSetLimits(MiloHttpServer s, long maxHead, long maxBody)
    {
        s.MaxHeadBytes = (int)Math.Clamp(maxHead, 256, 1 << 24);
        s.MaxBodyBytes = Math.Clamp(maxBody, 0, 1L << 30);
    }

    /// <summary>Waits for the next connection (suspends in a green thread); a connection with an Error once stopped.</summary>
    [SuspendsAs(typeof(HttpGreenOps), nameof(HttpGreenOps.Accept))]
    public static MiloHttpConn _httpAccept(MiloHttpServer s) => HttpGreenOps.AcceptBlocking(s);

    // ---------------- connection ----------------

    public static MiloString _httpConnError(MiloHttpConn c) => c.Error;

    /// <summary>Receives the next request: 1 = ready, -1 = connection ended (EOF, reset, idle timeout, server stopped),
    /// else the status of the error reply to send before closing (400, 408, 413, 417, 431, 501, 505).</summary>
    [SuspendsAs(typeof(HttpGreenOps), nameof(HttpGreenOps.Read))]
    public static long _httpRead(MiloHttpConn c) => HttpGreenOps.ReadBlocking(c);

    /// <summary>Sends a response (status line, Content-Type unless empty, Content-Length, the headers added with
    /// _httpAddHeader, Connection, body); its size in bytes, or -1 when the connection failed.</summary>
    [SuspendsAs(typeof(HttpGreenOps), nameof(HttpGreenOps.Send))]
    public static long _httpSend(MiloHttpConn c, long status, MiloString contentType, MiloString body)
        => HttpGreenOps.SendBlocking(c, status, contentType, body);

    /// <summary>Adds a response header for the next _httpSend. CR and LF are dropped (no header injection).</summary>
    public static void _httpAddHeader(MiloHttpConn c, MiloString name, MiloString value)
    {
        static string Clean(MiloString s) => s.ToString().Replace("\r", "").Replace("\n", "");
        var n = Clean(name);
        if (n.Length > 0) c.ResponseHeaders.Add((n, Clean(value)));
    }

    /// <summary>Whether the connection stays open after this response (HTTP/1.1 default; Connection: close; server stopping).</summary>
    public static bool _httpKeepAlive(MiloHttpConn c) => c.KeepAlive && c.Socket is not null && !(c.Server?.Stopping ?? false);
    public static void _httpSetClose(MiloHttpConn c) => c.KeepAlive = false;
    /// <summary>Done with the current request: the next _httpRead parses what follows it.</summary>
    public static void _httpNextRequest(MiloHttpConn c) => c.Consume();
    public static void _httpClose(MiloHttpConn c) => c.Close();

    // ---------------- the current request ----------------

    public static MiloString _httpMethod(MiloHttpConn c) => c.Method;
    public static MiloString _httpPath(MiloHttpConn c) => c.Path;
    public static MiloString _httpBody(MiloHttpConn c) => c.Body;
    public static long _httpHeaderCount(MiloHttpConn c) => c.Headers.Count;
    public static MiloString _httpHeaderName(MiloHttpConn c, long i) => c.Headers[(int)i].Name;
    public static MiloString _httpHeaderValue(MiloHttpConn c, long i) => c.Headers[(int)i].Value;
    public static long _httpQueryCount(MiloHttpConn c) => c.Query.Count;
    public static MiloString _httpQueryName(MiloHttpConn c, long i) => c.Query[(int)i].Name;
    public static MiloString _httpQueryValue(MiloHttpConn c, long i) => c.Query[(int)i].Value;
    public static long _httpParamCount(MiloHttpConn c) => c.Params.Count;
    public static MiloString _httpParamName(MiloHttpConn c, long i) => c.Params[(int)i].Name;
    public static MiloString _httpParamValue(MiloHttpConn c, long i) => c.Params[(int)i].Value;

    // ---------------- routes ----------------

    public static MiloHttpRoutes _routesNew() => new();
    public static void _routesAdd(MiloHttpRoutes r, MiloString method, MiloString pattern) => r.Add(method.ToString(), pattern.ToString());
    /// <summary>Index of the first route matching the connection's request (parameters: _httpParam*), or -1.</summary>
    public static long _routesMatch(MiloHttpRoutes r, MiloHttpConn c) => r.Match(c);

    // ---------------- helpers ----------------

    public static MiloString _httpReason(long status) => MiloString.FromString(HttpStatus.Reason((int)status));

    /// <summary>Runs a handler; false when it failed at run time (a panic, overflow, division by zero…): the message is
    /// printed as the runtime would before exiting, but the server answers 500 and keeps serving. exit(code) still exits.</summary>
    public static bool _httpCatch(Action f)
    {
        try { f(); return true; }
        catch (MiloPanicException) { return false; }
        catch (Exception e) when (e is not MiloExitException) { UncaughtExceptions.ExitCodeFor(e); return false; }
    }
}
