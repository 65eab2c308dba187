using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Milo.Stdlib;

/// <summary>
/// std/signal — POSIX signal handlers on .NET's <see cref="PosixSignalRegistration"/>. A handler runs on a thread-pool
/// thread (not inside the interrupted code, so it may print, lock or allocate freely), and the signal's default action
/// (for SIGINT/SIGTERM/SIGQUIT/SIGHUP: ending the process) is cancelled while a handler or an ignore is installed.
/// Signal numbers are the host's (Linux/macOS numbering for the names the reference defines); other numbers are passed
/// to the runtime as raw values. SIGKILL and SIGSTOP cannot be caught: registering them does nothing, as with C signal().
/// </summary>
public static class SignalModule
{
    private static readonly ConcurrentDictionary<int, PosixSignalRegistration> Registrations = new();
    private static readonly object Gate = new();

    private static PosixSignal? ToPosix(int sig) => sig switch
    {
        1 => PosixSignal.SIGHUP,
        2 => PosixSignal.SIGINT,
        3 => PosixSignal.SIGQUIT,
        15 => PosixSignal.SIGTERM,
        9 or 17 or 19 when !OperatingSystem.IsWindows() && (sig == 9 || sig == (OperatingSystem.IsMacOS() ? 17 : 19)) => null, // SIGKILL, SIGSTOP
        > 0 when !OperatingSystem.IsWindows() => (PosixSignal)sig,
        _ => null,
    };

    private static bool Install(int sig, Action<PosixSignalContext> handler)
    {
        if (ToPosix(sig) is not { } ps) return false;
        lock (Gate)
        {
            PosixSignalRegistration reg;
            try { reg = PosixSignalRegistration.Create(ps, handler); }
            catch (Exception e) when (e is PlatformNotSupportedException or IOException or ArgumentException) { return false; }
            if (Registrations.TryRemove(sig, out var old)) old.Dispose();
            Registrations[sig] = reg;
            return true;
        }
    }

    /// <summary>Runs <paramref name="handler"/>(sig) each time the signal arrives. False when it cannot be caught.</summary>
    public static bool _signalOn(int sig, Action<int> handler) =>
        Install(sig, ctx => { ctx.Cancel = true; handler(sig); });

    /// <summary>The signal is received and discarded.</summary>
    public static bool _signalIgnore(int sig) => Install(sig, ctx => ctx.Cancel = true);

    /// <summary>Removes our handler: the signal's default action applies again.</summary>
    public static void _signalReset(int sig)
    {
        lock (Gate)
            if (Registrations.TryRemove(sig, out var old)) old.Dispose();
    }
}
