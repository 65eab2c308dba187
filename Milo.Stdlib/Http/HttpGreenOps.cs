using System.Net.Sockets;
using Milo.Runtime;

namespace Milo.Stdlib;

/// <summary>
/// Socket operations of std/http, each in two versions: blocking (plain code) and a frame (inside a green thread: the
/// task parks on the pending .NET socket operation via <see cref="GreenNetOps.ParkUntilCompleted{T}"/>, the scheduler
/// thread serves other connections). <c>HttpModule._httpAccept/_httpRead/_httpSend</c> declare the frame
/// factories here with [SuspendsAs].
/// </summary>
public static class HttpGreenOps
{
    public static GreenFrame<MiloHttpConn> Accept(MiloHttpServer s) => new AcceptFrame(s);
    public static GreenFrame<long> Read(MiloHttpConn c) => new ReadFrame(c);
    public static GreenFrame<long> Send(MiloHttpConn c, long status, MiloString contentType, MiloString body) => new SendFrame(c, status, contentType, body);

    private static bool IsIoError(Exception e) => e is SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException;

    // ---------------- blocking versions ----------------

    internal static MiloHttpConn AcceptBlocking(MiloHttpServer s)
    {
        if (s.Listener is null || s.Stopping) return new MiloHttpConn(s, null, "server stopped");
        try { var c = s.Listener.Accept(); c.NoDelay = true; return new MiloHttpConn(s, c); }
        catch (Exception e) when (IsIoError(e)) { return new MiloHttpConn(s, null, s.Stopping ? "server stopped" : e.Message); }
    }

    internal static long ReadBlocking(MiloHttpConn c)
    {
        while (true)
        {
            int st = c.TryParse();
            if (st != MiloHttpConn.NeedMore) return st;
            if (c.Socket is null) return -1;
            try
            {
                SendContinueIfWanted(c);
                int timeout = NextTimeout(c, out bool idle);
                if (timeout <= 0) return idle ? -1 : 408;
                c.Socket.ReceiveTimeout = timeout;
                int n = c.Socket.Receive(c.ReceiveSpace().Span);
                if (n == 0) return -1;
                c.End += n;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut) { return c.Start < c.End ? 408 : -1; }
            catch (Exception e) when (IsIoError(e)) { return -1; }
        }
    }

    internal static long SendBlocking(MiloHttpConn c, long status, MiloString contentType, MiloString body)
    {
        if (c.Socket is null) return -1;
        int len = c.BuildResponse((int)status, contentType, body);
        try
        {
            int sent = 0;
            while (sent < len) sent += c.Socket.Send(c.SendBuf.AsSpan(sent, len - sent));
            return len;
        }
        catch (Exception e) when (IsIoError(e)) { c.Error = MiloString.FromString(e.Message); return -1; }
    }

    /// <summary>Milliseconds the next receive may wait: the idle timeout between requests, else what is left of the
    /// request deadline. <paramref name="idle"/>: no request bytes buffered.</summary>
    private static int NextTimeout(MiloHttpConn c, out bool idle)
    {
        var srv = c.Server;
        idle = c.Start >= c.End;
        if (idle) return srv?.IdleTimeoutMs ?? 30_000;
        long left = c.RequestStartedMs + (srv?.RequestTimeoutMs ?? 10_000) - Environment.TickCount64;
        return (int)Math.Clamp(left, 0, int.MaxValue);
    }

    private static void SendContinueIfWanted(MiloHttpConn c)
    {
        if (!c.WantsContinue) return;
        c.ContinueSent = true;
        c.Socket!.Send("HTTP/1.1 100 Continue\r\n\r\n"u8);   // 25 bytes: fits the empty send buffer of a waiting client
    }

    // ---------------- frames ----------------

    private sealed class AcceptFrame(MiloHttpServer s) : GreenFrame<MiloHttpConn>
    {
        private ValueTask<Socket> _op;
        public override bool MoveNext()
        {
            if (State == 0)
            {
                if (s.Listener is null || s.Stopping) { Result = new MiloHttpConn(s, null, "server stopped"); State = -1; return false; }
                try { _op = s.Listener.AcceptAsync(CancellationToken.None); }
                catch (Exception e) when (IsIoError(e)) { Result = new MiloHttpConn(s, null, e.Message); State = -1; return false; }
                State = 1;
                if (!_op.IsCompleted) { MiloProcess.Out.Flush(); GreenNetOps.ParkUntilCompleted(_op); return true; }
            }
            State = -1;
            try { var sock = _op.GetAwaiter().GetResult(); sock.NoDelay = true; Result = new MiloHttpConn(s, sock); }
            catch (Exception e) when (IsIoError(e)) { Result = new MiloHttpConn(s, null, s.Stopping ? "server stopped" : e.Message); }
            return false;
        }
    }

    /// <summary>Receives until a whole request is buffered (1), the connection ends (-1), or an error status (4xx/5xx).</summary>
    private sealed class ReadFrame(MiloHttpConn c) : GreenFrame<long>
    {
        private ValueTask<int> _op;
        private bool _idle;

        public override bool MoveNext()
        {
            while (true)
            {
                if (State == 1)
                {
                    State = 0;
                    if (_idle) c.Server?.SetIdle(c, false);
                    int n;
                    try { n = _op.GetAwaiter().GetResult(); }
                    catch (Exception e) when (IsIoError(e))
                    {
                        Result = e is OperationCanceledException && !_idle && c.Socket is not null ? 408 : -1;
                        State = -1;
                        return false;
                    }
                    if (c.Socket is null) { Result = -1; State = -1; return false; }
                    if (c.Timeout is { } cts && !cts.TryReset()) c.Timeout = null;
                    if (n == 0) { Result = -1; State = -1; return false; }
                    c.End += n;
                }
                int st = c.TryParse();
                if (st != MiloHttpConn.NeedMore || c.Socket is null) { Result = c.Socket is null ? -1 : st; State = -1; return false; }
                try
                {
                    SendContinueIfWanted(c);
                    int timeout = NextTimeout(c, out _idle);
                    if (timeout <= 0) { Result = _idle ? -1 : 408; State = -1; return false; }
                    if (_idle && c.Server is { } srv && !srv.SetIdle(c, true)) { Result = -1; State = -1; return false; }
                    c.Timeout ??= new CancellationTokenSource();
                    c.Timeout.CancelAfter(timeout);
                    _op = c.Socket.ReceiveAsync(c.ReceiveSpace(), SocketFlags.None, c.Timeout.Token);
                }
                catch (Exception e) when (IsIoError(e)) { Result = -1; State = -1; return false; }
                State = 1;
                if (!_op.IsCompleted)
                {
                    if (_idle) MiloProcess.Out.Flush();   // a server's log lines show up while it waits, not at exit
                    GreenNetOps.ParkUntilCompleted(_op);
                    return true;
                }
            }
        }
    }

    private sealed class SendFrame(MiloHttpConn c, long status, MiloString contentType, MiloString body) : GreenFrame<long>
    {
        private ValueTask<int> _op;
        private int _sent, _len;

        public override bool MoveNext()
        {
            if (State == 0)
            {
                if (c.Socket is null) { Result = -1; State = -1; return false; }
                _len = c.BuildResponse((int)status, contentType, body);
            }
            while (true)
            {
                if (State == 1)
                {
                    try { _sent += _op.GetAwaiter().GetResult(); }
                    catch (Exception e) when (IsIoError(e)) { c.Error = MiloString.FromString(e.Message); Result = -1; State = -1; return false; }
                }
                if (_sent >= _len || c.Socket is null) { Result = c.Socket is null ? -1 : _len; State = -1; return false; }
                try { _op = c.Socket.SendAsync(c.SendBuf.AsMemory(_sent, _len - _sent), SocketFlags.None); }
                catch (Exception e) when (IsIoError(e)) { Result = -1; State = -1; return false; }
                State = 1;
                if (!_op.IsCompleted) { GreenNetOps.ParkUntilCompleted(_op); return true; }
            }
        }
    }
}
