using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Milo.Runtime;

/// <summary>A TCP connection (<c>std/net</c> TcpStream). <see cref="Error"/> is empty while healthy.</summary>
public sealed class MiloTcpStream
{
    internal Socket? Socket;
    public MiloString Error = new();
    internal MiloTcpStream(Socket? s, string error = "") { Socket = s; if (error.Length > 0) Error = MiloString.FromString(error); }
}

/// <summary>A listening TCP socket (<c>std/net</c> TcpListener).</summary>
public sealed class MiloTcpListener
{
    internal Socket? Socket;
    public MiloString Error = new();
    internal MiloTcpListener(Socket? s, string error = "") { Socket = s; if (error.Length > 0) Error = MiloString.FromString(error); }
}

/// <summary>
/// .NET side of <c>std/net</c>. These blocking versions run outside green threads; inside one the compiler calls the
/// frame versions in <see cref="GreenNetOps"/>, which start the socket operation asynchronously and park the task until
/// .NET's socket engine (epoll/kqueue/IOCP) completes it — the scheduler thread never blocks and never polls.
/// </summary>
public static class NetModule
{
    internal static IPAddress Resolve(MiloString host)
    {
        var h = host.ToString();
        if (h == "" || h == "localhost") return IPAddress.Loopback;
        if (IPAddress.TryParse(h, out var ip)) return ip;
        foreach (var a in Dns.GetHostAddresses(h)) if (a.AddressFamily == AddressFamily.InterNetwork) return a;
        return Dns.GetHostAddresses(h)[0];
    }

    internal static Socket NewSocket(IPAddress ip) => new(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

    [SuspendsAs(typeof(GreenNetOps), nameof(GreenNetOps.Connect))]
    public static MiloTcpStream _tcpConnect(MiloString host, long port)
    {
        try
        {
            var ip = Resolve(host);
            var s = NewSocket(ip);
            s.Connect(new IPEndPoint(ip, (int)port));
            return new MiloTcpStream(s);
        }
        catch (Exception e) when (e is SocketException or ArgumentException or FormatException) { return new MiloTcpStream(null, e.Message); }
    }

    /// <summary>Sends all of <paramref name="data"/>; bytes sent, or -1 (see the stream's Error).</summary>
    [SuspendsAs(typeof(GreenNetOps), nameof(GreenNetOps.Send))]
    public static long _tcpSend(MiloTcpStream st, MiloString data)
    {
        if (st.Socket is null) return -1;
        try
        {
            var bytes = data.AsSpan();
            int sent = 0;
            while (sent < bytes.Length) sent += st.Socket.Send(bytes[sent..]);
            return sent;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { st.Error = MiloString.FromString(e.Message); return -1; }
    }

    /// <summary>Receives up to <paramref name="max"/> bytes (blocks until some arrive); "" at end of stream or error.</summary>
    [SuspendsAs(typeof(GreenNetOps), nameof(GreenNetOps.Recv))]
    public static MiloString _tcpRecv(MiloTcpStream st, long max)
    {
        if (st.Socket is null) return new MiloString();
        try
        {
            var buf = new byte[Math.Clamp(max, 1, 1 << 20)];
            int n = st.Socket.Receive(buf);
            return MiloString.FromBytes(buf.AsSpan(0, n));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { st.Error = MiloString.FromString(e.Message); return new MiloString(); }
    }

    public static MiloString _tcpError(MiloTcpStream st) => st.Error;
    public static void _tcpClose(MiloTcpStream st) { try { st.Socket?.Shutdown(SocketShutdown.Both); } catch (SocketException) { } st.Socket?.Dispose(); st.Socket = null; }

    public static MiloTcpListener _tcpListen(MiloString host, long port)
    {
        try
        {
            var ip = Resolve(host);
            var s = NewSocket(ip);
            s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            s.Bind(new IPEndPoint(ip, (int)port));
            s.Listen(4096);
            return new MiloTcpListener(s);
        }
        catch (Exception e) when (e is SocketException or ArgumentException or FormatException) { return new MiloTcpListener(null, e.Message); }
    }

    public static long _listenerPort(MiloTcpListener l) => l.Socket?.LocalEndPoint is IPEndPoint ep ? ep.Port : -1;
    public static MiloString _listenerError(MiloTcpListener l) => l.Error;
    public static void _listenerClose(MiloTcpListener l) { l.Socket?.Dispose(); l.Socket = null; }

    [SuspendsAs(typeof(GreenNetOps), nameof(GreenNetOps.Accept))]
    public static MiloTcpStream _tcpAccept(MiloTcpListener l)
    {
        if (l.Socket is null) return new MiloTcpStream(null, "listener is closed");
        try { var c = l.Socket.Accept(); c.NoDelay = true; return new MiloTcpStream(c); }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { return new MiloTcpStream(null, e.Message); }
    }
}

/// <summary>Frame versions of the std/net operations (green threads): park on the pending .NET socket operation.</summary>
public static class GreenNetOps
{
    /// <summary>Common shape: start an async operation once; if it did not complete synchronously, park until it does.</summary>
    private abstract class IoFrame<T, TResult> : GreenFrame<TResult>
    {
        private ValueTask<T> _op;
        protected abstract ValueTask<T> Start();
        protected abstract TResult Complete(T value);
        protected abstract TResult Fail(Exception e);

        public override bool MoveNext()
        {
            if (State == 0)
            {
                try { _op = Start(); }
                catch (Exception e) when (e is SocketException or ObjectDisposedException or ArgumentException) { Result = Fail(e); State = -1; return false; }
                State = 1;
                if (!_op.IsCompleted)
                {
                    var waker = Scheduler.Park();
                    // Pending I/O can still wake the task: keep the deadlock detection from firing meanwhile.
                    Scheduler.ExternalWaitStarted();
                    _op.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => { waker.Wake(); Scheduler.ExternalWaitFinished(); });
                    return true;
                }
            }
            if (State == 1)
            {
                State = -1;
                try { Result = Complete(_op.GetAwaiter().GetResult()); }
                catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException) { Result = Fail(e); }
            }
            return false;
        }
    }

    private sealed class ConnectFrame(MiloString host, long port) : IoFrame<Socket, MiloTcpStream>
    {
        protected override ValueTask<Socket> Start()
        {
            var ip = NetModule.Resolve(host);
            var s = NetModule.NewSocket(ip);
            return Run(s, new IPEndPoint(ip, (int)port));
        }
        private static async ValueTask<Socket> Run(Socket s, IPEndPoint ep)
        {
            try { await s.ConnectAsync(ep, CancellationToken.None).ConfigureAwait(false); }
            catch { s.Dispose(); throw; }
            return s;
        }
        protected override MiloTcpStream Complete(Socket s) => new(s);
        protected override MiloTcpStream Fail(Exception e) => new(null, e.Message);
    }

    private sealed class SendFrame(MiloTcpStream st, MiloString data) : IoFrame<int, long>
    {
        protected override ValueTask<int> Start()
        {
            if (st.Socket is null) return ValueTask.FromResult(-1);
            return SendAll(st.Socket, data.AsSpan().ToArray());
        }
        private static async ValueTask<int> SendAll(Socket s, byte[] bytes)
        {
            int sent = 0;
            while (sent < bytes.Length) sent += await s.SendAsync(bytes.AsMemory(sent), SocketFlags.None).ConfigureAwait(false);
            return sent;
        }
        protected override long Complete(int n) => n;
        protected override long Fail(Exception e) { st.Error = MiloString.FromString(e.Message); return -1; }
    }

    private sealed class RecvFrame(MiloTcpStream st, long max) : IoFrame<int, MiloString>
    {
        private byte[] _buf = Array.Empty<byte>();
        protected override ValueTask<int> Start()
        {
            if (st.Socket is null) return ValueTask.FromResult(0);
            _buf = new byte[Math.Clamp(max, 1, 1 << 20)];
            return st.Socket.ReceiveAsync(_buf.AsMemory(), SocketFlags.None);
        }
        protected override MiloString Complete(int n) => MiloString.FromBytes(_buf.AsSpan(0, n));
        protected override MiloString Fail(Exception e) { st.Error = MiloString.FromString(e.Message); return new MiloString(); }
    }

    private sealed class AcceptFrame(MiloTcpListener l) : IoFrame<Socket, MiloTcpStream>
    {
        protected override ValueTask<Socket> Start()
            => l.Socket is null ? throw new ObjectDisposedException("listener") : l.Socket.AcceptAsync(CancellationToken.None);
        protected override MiloTcpStream Complete(Socket s) { s.NoDelay = true; return new(s); }
        protected override MiloTcpStream Fail(Exception e) => new(null, e.Message);
    }

    /// <summary>
    /// For socket frames of std modules outside Milo.Runtime (std/http): parks the running green task until
    /// <paramref name="op"/> completes, counting it as pending I/O for the deadlock detection (as this class's frames do).
    /// Call from MoveNext only when <c>!op.IsCompleted</c>, then return <c>true</c>.
    /// </summary>
    public static void ParkUntilCompleted<T>(ValueTask<T> op)
    {
        var waker = Scheduler.Park();
        Scheduler.ExternalWaitStarted();
        op.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => { waker.Wake(); Scheduler.ExternalWaitFinished(); });
    }

    public static GreenFrame<MiloTcpStream> Connect(MiloString host, long port) => new ConnectFrame(host, port);
    public static GreenFrame<long> Send(MiloTcpStream st, MiloString data) => new SendFrame(st, data);
    public static GreenFrame<MiloString> Recv(MiloTcpStream st, long max) => new RecvFrame(st, max);
    public static GreenFrame<MiloTcpStream> Accept(MiloTcpListener l) => new AcceptFrame(l);
}
