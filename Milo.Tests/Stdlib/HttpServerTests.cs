using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Milo.Compiler;

namespace Milo.Tests.Stdlib;

/// <summary>
/// Issue #17: a std/http server (a Milo program, child process, loopback only) under concurrent real HTTP clients
/// (HttpClient, keep-alive) with hostile connections in between — malformed request lines and headers, bad and
/// conflicting Content-Length, oversized heads and bodies (431/413), slow, silent and half-closed clients (timeouts),
/// random bytes, a panicking handler. Every response is checked, and the server must keep serving throughout.
/// </summary>
public class HttpServerTests
{
    private const string ServerSource = """
        from "std/http" import { Context, Response, Router, HttpServer }

        fn hello(ctx: &mut Context): Response { return ctx.text("Hello from Milo!") }
        fn user(ctx: &mut Context): Response {
            return ctx.json("{\"id\": \"" + ctx.param("id") + "\", \"q\": \"" + ctx.query("q") + "\"}")
        }
        fn echo(ctx: &mut Context): Response {
            ctx.setHeader("X-Len", ctx.req.body.len.toString())
            return ctx.text(ctx.req.body.clone())
        }
        fn boom(ctx: &mut Context): Response {
            let v: Vec<i64> = []
            return ctx.text(v[1].toString())
        }

        fn main(): i32 {
            let srv = HttpServer.bind("127.0.0.1", 0)!
            srv.setTimeouts(1500, 1000)
            srv.setLimits(4096, 65536)
            var r: Router = Router.new()
            r.get("/hello", hello)
            r.get("/users/:id", user)
            r.post("/echo", echo)
            r.get("/panic", boom)
            r.get("/stop", (ctx: &mut Context): Response => {
                srv.stop()
                return ctx.text("bye")
            })
            print(srv.port())
            flush()
            let n = srv.serveRouter(r)!
            print("stopped after " + (n > 0).toString())
            return 0
        }
        """;

    private static string Build()
    {
        var dir = Path.Combine(Path.GetTempPath(), "milo-http-tests", Guid.NewGuid().ToString("N"));
        var dll = Path.Combine(dir, "http_server.dll");
        var c = Compilation.FromText("http_server.milo", ServerSource);
        Assert.True(c.Emit(dll), string.Join("\n", c.Diagnostics.Select(d => d.Format())));
        return dll;
    }

    /// <summary>Sends raw bytes, then reads until the server closes (or a whole response plus close). Returns the text.</summary>
    private static string Raw(int port, byte[] request, bool shutdownSend = false, int timeoutMs = 5000)
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Connect(IPAddress.Loopback, port);
        s.ReceiveTimeout = timeoutMs;
        if (request.Length > 0)
        {
            try { s.Send(request); }
            catch (SocketException) { /* the server may close before reading it all (413/431) */ }
        }
        if (shutdownSend) s.Shutdown(SocketShutdown.Send);
        var buf = new MemoryStream();
        var chunk = new byte[8192];
        while (true)
        {
            int n;
            try { n = s.Receive(chunk); }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { break; }
            if (n == 0) break;
            buf.Write(chunk, 0, n);
        }
        return Encoding.UTF8.GetString(buf.ToArray());
    }

    private static string Raw(int port, string request, bool shutdownSend = false) => Raw(port, Encoding.UTF8.GetBytes(request), shutdownSend);

    private static string StatusLine(string response) => response.Length == 0 ? "" : response[..response.IndexOf("\r\n", StringComparison.Ordinal)];

    /// <summary>Each hostile request: its raw bytes and the status line the server must answer before closing.</summary>
    public static IEnumerable<(string Name, byte[] Request, string Status)> BadRequests()
    {
        byte[] B(string s) => Encoding.UTF8.GetBytes(s);
        yield return ("garbage request line", B("GARBAGE\r\n\r\n"), "HTTP/1.1 400 Bad Request");
        yield return ("missing version", B("GET /hello\r\n\r\n"), "HTTP/1.1 400 Bad Request");
        yield return ("unknown version", B("GET /hello HTTP/9.9\r\n\r\n"), "HTTP/1.1 505 HTTP Version Not Supported");
        yield return ("target without slash", B("GET hello HTTP/1.1\r\n\r\n"), "HTTP/1.1 400 Bad Request");
        yield return ("control byte in target", B("GET /he\u0001llo HTTP/1.1\r\n\r\n"), "HTTP/1.1 400 Bad Request");
        yield return ("negative Content-Length", B("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"), "HTTP/1.1 400 Bad Request");
        yield return ("non-numeric Content-Length", B("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 12abc\r\n\r\n"), "HTTP/1.1 400 Bad Request");
        yield return ("conflicting Content-Length", B("POST /echo HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"), "HTTP/1.1 400 Bad Request");
        yield return ("Content-Length and chunked", B("POST /echo HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"), "HTTP/1.1 400 Bad Request");
        yield return ("unknown transfer coding", B("POST /echo HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n"), "HTTP/1.1 501 Not Implemented");
        yield return ("header without colon", B("GET /hello HTTP/1.1\r\nHost x\r\n\r\n"), "HTTP/1.1 400 Bad Request");
        yield return ("space before colon", B("GET /hello HTTP/1.1\r\nHost : x\r\n\r\n"), "HTTP/1.1 400 Bad Request");
        yield return ("obsolete line folding", B("GET /hello HTTP/1.1\r\nX-A: 1\r\n  continued\r\n\r\n"), "HTTP/1.1 400 Bad Request");
        yield return ("unsupported Expect", B("GET /hello HTTP/1.1\r\nExpect: teapot\r\n\r\n"), "HTTP/1.1 417 Expectation Failed");
        yield return ("body over the limit", B("POST /echo HTTP/1.1\r\nContent-Length: 10000000\r\n\r\n"), "HTTP/1.1 413 Content Too Large");
        yield return ("chunked body over the limit", B("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n20000\r\n" + new string('x', 70000)), "HTTP/1.1 413 Content Too Large");
        yield return ("head over the limit", B("GET /hello HTTP/1.1\r\nX-Big: " + new string('a', 5000) + "\r\n\r\n"), "HTTP/1.1 431 Request Header Fields Too Large");
        yield return ("endless head", B("GET /hello HTTP/1.1\r\n" + new string('b', 6000)), "HTTP/1.1 431 Request Header Fields Too Large");
        yield return ("too many headers", B("GET /hello HTTP/1.1\r\n" + string.Concat(Enumerable.Range(0, 101).Select(i => $"X-{i}: {i}\r\n")) + "\r\n"), "HTTP/1.1 431 Request Header Fields Too Large");
        yield return ("slow client (request timeout)", B("GET /hel"), "HTTP/1.1 408 Request Timeout");
        yield return ("bad request after a good one", B("GET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1 x\r\n\r\n"), "HTTP/1.1 200 OK");
    }

    [Fact]
    public async Task ServesConcurrentClientsAndSurvivesHostileInput()
    {
        var dll = Build();
        var psi = new ProcessStartInfo(Programs.ProgramHarness.DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        using var proc = Process.Start(psi)!;
        try
        {
            var portLine = await proc.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            int port = int.Parse(portLine!);
            var baseUri = new Uri($"http://127.0.0.1:{port}");

            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 50, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(1) };
            using var client = new HttpClient(handler) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(20) };

            // 50 concurrent keep-alive clients, 20 checked requests each, while hostile connections run beside them.
            var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
            int ok = 0;
            async Task Worker(int w)
            {
                var rnd = new Random(w);
                for (int i = 0; i < 20; i++)
                {
                    switch ((w + i) % 4)
                    {
                        case 0:
                            {
                                var body = await client.GetStringAsync("/hello");
                                if (body != "Hello from Milo!") failures.Add($"hello: {body}"); else Interlocked.Increment(ref ok);
                                break;
                            }
                        case 1:
                            {
                                var r = await client.GetAsync($"/users/{w}-{i}?q=a%20b%26c");
                                var body = await r.Content.ReadAsStringAsync();
                                var want = $"{{\"id\": \"{w}-{i}\", \"q\": \"a b&c\"}}";
                                if (r.StatusCode != HttpStatusCode.OK || r.Content.Headers.ContentType?.MediaType != "application/json" || body != want)
                                    failures.Add($"user: {(int)r.StatusCode} {body}");
                                else Interlocked.Increment(ref ok);
                                break;
                            }
                        case 2:
                            {
                                var payload = new string((char)('a' + rnd.Next(26)), rnd.Next(0, 3000)) + "é";
                                var req = new HttpRequestMessage(HttpMethod.Post, "/echo") { Content = new StringContent(payload) };
                                if (i % 3 == 0) req.Headers.ExpectContinue = true;
                                var r = await client.SendAsync(req);
                                var body = await r.Content.ReadAsStringAsync();
                                var len = r.Headers.TryGetValues("X-Len", out var v) ? v.Single() : "";
                                if (r.StatusCode != HttpStatusCode.OK || body != payload || len != Encoding.UTF8.GetByteCount(payload).ToString())
                                    failures.Add($"echo: {(int)r.StatusCode} len={len}");
                                else Interlocked.Increment(ref ok);
                                break;
                            }
                        default:
                            {
                                var r = await client.GetAsync("/nope/" + i);
                                if (r.StatusCode != HttpStatusCode.NotFound || await r.Content.ReadAsStringAsync() != "404 Not Found")
                                    failures.Add($"404: {(int)r.StatusCode}");
                                else Interlocked.Increment(ref ok);
                                break;
                            }
                    }
                }
            }

            var hostile = Task.Run(() =>
            {
                foreach (var (name, request, status) in BadRequests())
                {
                    var resp = Raw(port, request);
                    if (StatusLine(resp) != status) failures.Add($"{name}: got '{StatusLine(resp)}', want '{status}'");
                    if (name == "bad request after a good one" && !resp.Contains("HTTP/1.1 400 Bad Request")) failures.Add($"{name}: no 400 after the 200");
                }
                // Random bytes: an error status (4xx) or just a closed connection, never a crash.
                var rnd = new Random(17);
                for (int k = 0; k < 20; k++)
                {
                    var bytes = new byte[rnd.Next(1, 3000)];
                    rnd.NextBytes(bytes);
                    if (bytes[0] == (byte)'\r' || bytes[0] == (byte)'\n') bytes[0] = (byte)'x';
                    var resp = Raw(port, bytes);
                    if (resp.Length > 0 && !System.Text.RegularExpressions.Regex.IsMatch(StatusLine(resp), "^HTTP/1.1 4\\d\\d ")) failures.Add($"random bytes #{k}: '{StatusLine(resp)}'");
                }
                // Half-closed client: a whole request then FIN: answered, then closed.
                var half = Raw(port, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", shutdownSend: true);
                if (StatusLine(half) != "HTTP/1.1 200 OK" || !half.EndsWith("Hello from Milo!")) failures.Add($"half-closed: '{half}'");
                // Half a request then FIN: closed without a response.
                var cut = Raw(port, "GET /hel", shutdownSend: true);
                if (cut.Length != 0) failures.Add($"truncated request: '{cut}'");
                // A silent client is dropped after the idle timeout (1.5 s) with no response.
                var sw = Stopwatch.StartNew();
                var silent = Raw(port, Array.Empty<byte>());
                if (silent.Length != 0 || sw.ElapsedMilliseconds > 4500) failures.Add($"silent client: '{silent}' after {sw.ElapsedMilliseconds} ms");
                // A panicking handler: 500, and the same connection serves the next request.
                var panic = Raw(port, "GET /panic HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                if (StatusLine(panic) != "HTTP/1.1 500 Internal Server Error" || !panic.EndsWith("Hello from Milo!")) failures.Add($"panic: '{panic}'");
            });

            await Task.WhenAll(Enumerable.Range(0, 50).Select(Worker).Append(hostile)).WaitAsync(TimeSpan.FromSeconds(120));
            Assert.True(failures.IsEmpty, string.Join("\n", failures));
            Assert.Equal(1000, ok);

            // Still serving after all of it; then a clean stop.
            Assert.Equal("Hello from Milo!", await client.GetStringAsync("/hello"));
            Assert.Equal("bye", await client.GetStringAsync("/stop"));
            Assert.True(proc.WaitForExit(30_000), "server did not stop");
            var rest = await proc.StandardOutput.ReadToEndAsync();
            Assert.Equal(0, proc.ExitCode);
            Assert.Contains("stopped after true", rest);
            Assert.Contains("milo: array index out of bounds: 1/0", rest);   // the panic is reported, not fatal
        }
        finally
        {
            if (!proc.HasExited) proc.Kill(true);
        }
    }
}
