using System.Runtime.InteropServices;

namespace Milo.Runtime;

/// <summary>
/// File-descriptor readiness for green threads (<c>schedulerWaitRead/Write(fd)</c>, docs/ffi.md): one background poller
/// thread runs <c>poll(2)</c> (P/Invoke) over every registered (fd, direction) plus a self-pipe used to add registrations;
/// when an fd becomes ready (or reports an error / hang-up) its <see cref="GreenEvent"/> is set, which wakes the parked
/// task through the scheduler's thread-safe wake path. One-shot: a task registers again each time it waits.
/// Linux and macOS (libc poll); on Windows waiting degrades to a short sleep-and-retry.
/// </summary>
public static unsafe class FdPoller
{
    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd { public int Fd; public short Events; public short Revents; }

    private const short PollIn = 0x1, PollOut = 0x4, PollErr = 0x8, PollHup = 0x10, PollNval = 0x20;

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)] private static extern int poll(PollFd* fds, nuint n, int timeoutMs);
    [DllImport("libc", EntryPoint = "pipe", SetLastError = true)] private static extern int pipe(int* fds);
    [DllImport("libc", EntryPoint = "read", SetLastError = true)] private static extern nint read(int fd, byte* buf, nint n);
    [DllImport("libc", EntryPoint = "write", SetLastError = true)] private static extern nint write(int fd, byte* buf, nint n);
    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)] private static extern int fcntl(int fd, int cmd, int arg);

    private static readonly object Lock = new();
    private static readonly List<(int Fd, short Events, GreenEvent Ready)> Waiters = new();
    private static int _wakeRead = -1, _wakeWrite = -1;
    private static Thread? _thread;

    static FdPoller() { Ffi.Register(typeof(FdPoller)); }

    /// <summary>An event set once <paramref name="fd"/> is readable (or writable when <paramref name="forWrite"/>).</summary>
    public static GreenEvent Watch(int fd, bool forWrite)
    {
        var e = new GreenEvent();
        if (OperatingSystem.IsWindows() || fd < 0) { e.Set(); return e; }
        Scheduler.ExternalWaitStarted();   // the poller thread may still set it (deadlock detection)
        lock (Lock)
        {
            EnsureStarted();
            Waiters.Add((fd, forWrite ? PollOut : PollIn, e));
        }
        Interrupt();
        return e;
    }

    /// <summary><c>schedulerWaitRead/Write</c> outside a state machine: runs other green tasks (or blocks) until ready.</summary>
    public static void WaitBlocking(int fd, bool forWrite)
    {
        var e = Watch(fd, forWrite);
        if (ThreadedGreenTask.CurrentOnThread is not null)
        {
            while (!e.IsSet) Scheduler.Yield();
            return;
        }
        e.Wait();
    }

    private static void EnsureStarted()
    {
        if (_thread != null) return;
        int* fds = stackalloc int[2];
        if (pipe(fds) != 0) throw Panics.Panic("runtime error: fd poller: pipe() failed");
        _wakeRead = fds[0]; _wakeWrite = fds[1];
        const int F_GETFL = 3, F_SETFL = 4;
        int nonblock = OperatingSystem.IsMacOS() ? 0x4 : 0x800;
        fcntl(_wakeRead, F_SETFL, fcntl(_wakeRead, F_GETFL, 0) | nonblock);
        fcntl(_wakeWrite, F_SETFL, fcntl(_wakeWrite, F_GETFL, 0) | nonblock);
        _thread = new Thread(Run) { IsBackground = true, Name = "milo-fd-poller" };
        _thread.Start();
    }

    private static void Interrupt()
    {
        byte b = 1;
        write(_wakeWrite, &b, 1);
    }

    private static void Run()
    {
        var batch = new List<(int Fd, short Events, GreenEvent Ready)>();
        var buf = new PollFd[16];
        byte* drain = stackalloc byte[64];
        while (true)
        {
            lock (Lock) { batch.Clear(); batch.AddRange(Waiters); }
            int n = batch.Count + 1;
            if (buf.Length < n) buf = new PollFd[Math.Max(n, buf.Length * 2)];
            buf[0] = new PollFd { Fd = _wakeRead, Events = PollIn };
            for (int i = 0; i < batch.Count; i++) buf[i + 1] = new PollFd { Fd = batch[i].Fd, Events = batch[i].Events };
            int r;
            fixed (PollFd* p = buf) r = poll(p, (nuint)n, -1);
            if (r < 0) { Thread.Sleep(1); continue; } // EINTR
            if ((buf[0].Revents & PollIn) != 0) while (read(_wakeRead, drain, 64) > 0) { }
            List<GreenEvent>? ready = null;
            lock (Lock)
            {
                for (int i = 0; i < batch.Count; i++)
                {
                    if ((buf[i + 1].Revents & (batch[i].Events | PollErr | PollHup | PollNval)) == 0) continue;
                    (ready ??= new()).Add(batch[i].Ready);
                    Waiters.Remove(batch[i]);
                }
            }
            if (ready != null) foreach (var e in ready) { e.Set(); Scheduler.ExternalWaitFinished(); }
        }
    }
}
