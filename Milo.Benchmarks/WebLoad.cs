using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Milo.Compiler;

namespace Milo.Benchmarks;

/// <summary>
/// The two servers of <see cref="WebServerBenchmarks"/>, each a child process on a free loopback port: the std/http
/// program Programs/webserver.milo, and an ASP.NET Core minimal API with the same three routes (this executable with
/// <c>--aspnet-server</c>). And the load: keep-alive HTTP/1.1 clients on raw sockets (so the client costs little) that
/// check every response and record each request's latency.
/// </summary>
public static class WebLoad
{
    /// <summary>The routes, cycled per request: plain text, JSON, path parameter.</summary>
    public static readonly string[] Paths = ["/hello", "/json", "/users/42"];
    public static readonly string[] Bodies = ["Hello from Milo!", "{\"language\": \"milo\", \"memorySafe\": true}", "{\"userId\": \"42\"}"];

    public sealed class Server(Process process, int port) : IDisposable
    {
        public int Port => port;
        public void Dispose()
        {
            try { if (!process.HasExited) process.Kill(true); } catch (InvalidOperationException) { }
            process.Dispose();
        }
    }

    private static Server StartProcess(ProcessStartInfo psi)
    {
        psi.RedirectStandardOutput = true;
        psi.UseShellExecute = false;
        var p = Process.Start(psi)!;
        var line = p.StandardOutput.ReadLine() ?? throw new InvalidOperationException("server printed no port");
        return new Server(p, int.Parse(line.Trim()));
    }

    public static Server StartMilo()
    {
        var path = MiloProgramLoader.SourcePath("webserver");
        var c = Compilation.FromText(path, File.ReadAllText(path));
        var dll = Path.Combine(Path.GetTempPath(), "milo-bench", Environment.ProcessId.ToString(), "webserver", "webserver.dll");
        if (!c.Emit(dll)) throw new InvalidOperationException("webserver.milo: " + string.Join("\n", c.Diagnostics.Select(d => d.Format())));
        var psi = new ProcessStartInfo("dotnet");
        psi.ArgumentList.Add(dll);
        return StartProcess(psi);
    }

    public static Server StartAspNet()
    {
        var psi = new ProcessStartInfo("dotnet");
        psi.ArgumentList.Add(typeof(WebLoad).Assembly.Location);
        psi.ArgumentList.Add("--aspnet-server");
        return StartProcess(psi);
    }

    /// <summary>The ASP.NET Core side (run in the child process): minimal API, Kestrel on 127.0.0.1:0, no logging.</summary>
    public static void RunAspNetServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/hello", () => Results.Text(Bodies[0], "text/plain; charset=utf-8"));
        app.MapGet("/json", () => Results.Text(Bodies[1], "application/json"));
        app.MapGet("/users/{id}", (string id) => Results.Text("{\"userId\": \"" + id + "\"}", "application/json"));
        app.Start();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine(new Uri(address).Port);
        Console.Out.Flush();
        app.WaitForShutdown();
    }

    /// <summary>One keep-alive client connection.</summary>
    private sealed class Client : IDisposable
    {
        private readonly Socket _s;
        private readonly byte[] _buf = new byte[16384];
        private static readonly byte[][] Requests = Paths.Select(p => Encoding.ASCII.GetBytes($"GET {p} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")).ToArray();

        public Client(int port)
        {
            _s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            _s.Connect(IPAddress.Loopback, port);
        }

        /// <summary>Sends request <paramref name="k"/> and reads its response; throws unless it is 200 with the expected body.</summary>
        public async ValueTask Request(int k)
        {
            await _s.SendAsync(Requests[k], SocketFlags.None);
            int len = 0, headEnd = -1, total = -1;
            while (total < 0 || len < total)
            {
                int n = await _s.ReceiveAsync(_buf.AsMemory(len), SocketFlags.None);
                if (n == 0) throw new InvalidOperationException("server closed the connection");
                len += n;
                if (headEnd < 0)
                {
                    headEnd = _buf.AsSpan(0, len).IndexOf("\r\n\r\n"u8);
                    if (headEnd < 0) continue;
                    var head = Encoding.ASCII.GetString(_buf, 0, headEnd);
                    int cl = head.IndexOf("Content-Length:", StringComparison.OrdinalIgnoreCase);
                    total = headEnd + 4 + int.Parse(head.AsSpan(cl + 15, head.IndexOf('\r', cl) - cl - 15).Trim());
                    if (!head.StartsWith("HTTP/1.1 200")) throw new InvalidOperationException("unexpected status: " + head);
                }
            }
            if (!_buf.AsSpan(headEnd + 4, total - headEnd - 4).SequenceEqual(Encoding.UTF8.GetBytes(Bodies[k])))
                throw new InvalidOperationException("unexpected body for " + Paths[k]);
        }

        public void Dispose() => _s.Dispose();
    }

    /// <summary>Open keep-alive connections of one benchmark case.</summary>
    public sealed class Pool(int port, int clients) : IDisposable
    {
        private readonly Client[] _clients = Enumerable.Range(0, clients).Select(_ => new Client(port)).ToArray();

        /// <summary>Runs <paramref name="requests"/> requests spread over the connections (each sends its next request when
        /// the previous response arrived); adds each request's latency in ms to <paramref name="latencies"/>.</summary>
        public void Run(int requests, List<double> latencies)
        {
            int perClient = requests / _clients.Length;
            var lat = new double[_clients.Length][];
            var tasks = new Task[_clients.Length];
            for (int c = 0; c < _clients.Length; c++)
            {
                int ci = c;
                lat[ci] = new double[perClient];
                tasks[ci] = Task.Run(async () =>
                {
                    for (int i = 0; i < perClient; i++)
                    {
                        long t0 = Stopwatch.GetTimestamp();
                        await _clients[ci].Request((ci + i) % Paths.Length);
                        lat[ci][i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                    }
                });
            }
            Task.WaitAll(tasks);
            lock (latencies) foreach (var l in lat) latencies.AddRange(l);
        }

        public void Dispose() { foreach (var c in _clients) c.Dispose(); }
    }

    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
