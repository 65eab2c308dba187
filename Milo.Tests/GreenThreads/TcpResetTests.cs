using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Milo.Compiler;
using Xunit;

namespace Milo.Tests.GreenThreads;

/// <summary>
/// Issue #12: a peer that resets a TCP connection (SO_LINGER 0 + close: the kernel sends RST) gives the Milo program an
/// <c>Err</c> from std/net — never a crash — both from plain code (blocking sockets) and inside a green thread (socket
/// operations the task is parked on). The peer is C# in this process; the Milo program runs as a child process.
/// </summary>
public class TcpResetTests
{
    /// <summary>Every connection: wait until a reset will hit a pending operation (a parked recv / a send blocked on a
    /// full buffer), then reset it.</summary>
    private const int ResetDelayMs = 300;

    private const string ClientSource = """
        from "std/runtime" import { Task }
        from "std/net" import { TcpStream }
        from "std/args" import { args }
        from "std/strconv" import { parseInt }
        from "std/time" import { sleepMs }

        // recv waits for the peer, which resets: Err. Later sends fail too (Broken pipe / reset).
        fn recvThenSend(label: string, port: i64): void {
            let s = TcpStream.connectHost("127.0.0.1", port)!
            match s.recv() {
                Result.Ok(d) => { print(label + " recv: ok " + d.len.toString()) }
                Result.Err(e) => { print(label + " recv: err") eprint(label + " recv: " + e.message()) }
            }
            var i: i64 = 0
            var failed = false
            while i < 200 && !failed {
                match s.send("x") {
                    Result.Ok(n) => { sleepMs(1) }
                    Result.Err(e) => {
                        failed = true
                        eprint(label + " send: " + e.message())
                    }
                }
                i = i + 1
            }
            if failed { print(label + " send: err") } else { print(label + " send: no error") }
            s.close()
        }

        // A send much larger than the socket buffers is still in progress when the peer (not reading) resets.
        fn bigSend(label: string, port: i64): void {
            let s = TcpStream.connectHost("127.0.0.1", port)!
            let big = "0123456789abcdef".repeat(1048576)
            match s.send(big) {
                Result.Ok(n) => { print(label + " big send: ok " + n.toString()) }
                Result.Err(e) => { print(label + " big send: err") eprint(label + " big send: " + e.message()) }
            }
            s.close()
        }

        fn main(): i32 {
            let port = parseInt(args()[1])!
            recvThenSend("plain", port)
            bigSend("plain", port)
            Task.spawn(move (): void => {
                recvThenSend("green", port)
                bigSend("green", port)
                print("green done")
            })
            return 0
        }
        """;

    private const string ServerSource = """
        from "std/runtime" import { Task }
        from "std/net" import { TcpListener }

        fn main(): i32 {
            let l = TcpListener.bind("127.0.0.1", 0)!
            print(l.port())
            flush()
            // plain code: the client sends "hi", then resets
            let c = l.accept()!
            let first = c.recv()!
            print("plain got " + first)
            match c.recv() {
                Result.Ok(d) => { print("plain recv: ok " + d.len.toString()) }
                Result.Err(e) => { print("plain recv: err") }
            }
            c.close()
            // the same in a green thread while another task keeps running
            Task.spawn(move (): void => {
                let g = l.accept()!
                let msg = g.recv()!
                print("green got " + msg)
                match g.recv() {
                    Result.Ok(d) => { print("green recv: ok " + d.len.toString()) }
                    Result.Err(e) => { print("green recv: err") }
                }
                g.close()
                l.close()
            })
            return 0
        }
        """;

    private static string Build(string name, string source)
    {
        var dir = Path.Combine(Path.GetTempPath(), "milo-green-tests", Guid.NewGuid().ToString("N"));
        var dll = Path.Combine(dir, name + ".dll");
        var c = Compilation.FromText(name + ".milo", source);
        Assert.True(c.Emit(dll), string.Join("\n", c.Diagnostics.Select(d => d.Format())));
        return dll;
    }

    private static Process Start(string dll, params string[] args)
    {
        var psi = new ProcessStartInfo(Programs.ProgramHarness.DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    private static void Reset(Socket s)
    {
        s.LingerState = new LingerOption(true, 0);
        s.Close();
    }

    [Fact]
    public void ClientGetsErrWhenThePeerResets()
    {
        var dll = Build("reset_client", ClientSource);
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(16);
        var peer = new Thread(() =>
        {
            try
            {
                for (int i = 0; i < 4; i++)
                {
                    var c = listener.Accept();
                    Thread.Sleep(ResetDelayMs);   // never reads: a big send fills the buffers and blocks
                    Reset(c);
                }
            }
            catch (SocketException) { /* listener closed: the test is over */ }
        }) { IsBackground = true };
        peer.Start();

        using var p = Start(dll, ((IPEndPoint)listener.LocalEndPoint!).Port.ToString());
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(true); Assert.Fail("client did not finish in 60 s"); }
        string diag = "\nstdout:\n" + stdout.Result + "\nstderr:\n" + stderr.Result;
        Assert.True(p.ExitCode == 0, "exit " + p.ExitCode + diag);
        Assert.Equal(new[]
        {
            "plain recv: err", "plain send: err", "plain big send: err",
            "green recv: err", "green send: err", "green big send: err", "green done",
        }, stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public void ServerGetsErrWhenTheClientResets()
    {
        var dll = Build("reset_server", ServerSource);
        using var p = Start(dll);
        var stderr = p.StandardError.ReadToEndAsync();
        var portLine = p.StandardOutput.ReadLine();
        Assert.True(int.TryParse(portLine, out int port), "no port line: " + portLine);
        for (int i = 0; i < 2; i++)
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            s.Connect(new IPEndPoint(IPAddress.Loopback, port));
            s.Send("hi"u8);
            Thread.Sleep(ResetDelayMs);   // the server has read "hi" and is waiting in its second recv
            Reset(s);
        }
        var rest = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(true); Assert.Fail("server did not finish in 60 s"); }
        string diag = "\nstdout:\n" + rest.Result + "\nstderr:\n" + stderr.Result;
        Assert.True(p.ExitCode == 0, "exit " + p.ExitCode + diag);
        Assert.Equal(new[] { "plain got hi", "plain recv: err", "green got hi", "green recv: err" },
            rest.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
