using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Milo.Runtime;

/// <summary>
/// The process a Milo program runs in (§4.10, §5.4, §5.12): program entry (<see cref="RunMain"/>), buffered stdout and
/// stderr, the command-line arguments, <c>exit()</c>/<c>flush()</c>, and terminating the process when a non-main thread
/// fails. What an escaping exception prints and which status it exits with is <see cref="UncaughtExceptions"/>.
/// </summary>
public static class MiloProcess
{
    /// <summary>Buffered stdout (flushed at exit, at panic and by <see cref="Flush"/>).</summary>
    public static readonly MiloOutput Out = new(Console.OpenStandardOutput(), buffered: true);
    /// <summary>Unbuffered stderr.</summary>
    public static readonly MiloOutput Err = new(Console.OpenStandardError(), buffered: false);

    /// <summary>argv: program path at index 0, then the command-line arguments.</summary>
    public static string[] Args = new[] { "milo" };

    /// <summary>
    /// True once <see cref="RunMain"/> started: Milo owns the process, panics are printed where they happen
    /// (<see cref="PanicReport"/>). A library called from .NET leaves it false and prints nothing.
    /// </summary>
    public static bool ProgramMode { get; set; }

    private static int _hooksInstalled;

    // ---------------- entry / exit ----------------

    /// <summary>
    /// Runs Milo <c>main</c>: sets <see cref="Args"/>, calls <paramref name="main"/>, then drains green threads
    /// (<see cref="Scheduler.Drain"/>), flushes stdout and returns the exit status. Panics, <c>exit()</c> and stray .NET
    /// exceptions become an exit status (no stack trace; set MILO_TRACE=1 to get one on stderr).
    /// </summary>
    public static int RunMain(Func<int> main, string[] args)
    {
        var a = new string[args.Length + 1];
        string[] cl = Environment.GetCommandLineArgs();
        a[0] = cl.Length > 0 ? cl[0] : "milo";
        Array.Copy(args, 0, a, 1, args.Length);
        Args = a;
        InstallHooks();
        ProgramMode = true;
        Scheduler.EnterProgramMain();
        var consoleOut = Console.Out;
        Console.SetOut(new MiloConsoleWriter(Out));   // Console.WriteLine from .NET code keeps its place among prints
        int code;
        try
        {
            code = main();
            Scheduler.Drain();
        }
        catch (Exception e)
        {
            code = UncaughtExceptions.ExitCodeFor(e);
        }
        Out.Flush();
        Console.SetOut(consoleOut);
        return code;
    }

    /// <summary>Installs ProcessExit flushing and the unhandled-exception terminator (idempotent).</summary>
    public static void InstallHooks()
    {
        if (Interlocked.Exchange(ref _hooksInstalled, 1) != 0) return;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Out.Flush();
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            if (e.ExceptionObject is Exception ex) TerminateProcess(ex);
        };
    }

    /// <summary>Terminates the whole process because of <paramref name="e"/> raised on a non-main thread.</summary>
    [DoesNotReturn]
    public static void TerminateProcess(Exception e)
    {
        int code = UncaughtExceptions.ExitCodeFor(e);
        Out.Flush();
        Environment.Exit(code);
        throw new InvalidOperationException("unreachable");
    }

    /// <summary><c>flush()</c>.</summary>
    public static void Flush() => Out.Flush();

    /// <summary><c>exit(code)</c>: flushes stdout and unwinds to <see cref="RunMain"/> (or exits the process from other threads).</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception Exit(int code)
    {
        Out.Flush();
        throw new MiloExitException(code);
    }

    // ---------------- printing ----------------

    /// <summary><c>print(s)</c> for a single string argument.</summary>
    public static void PrintLine(MiloString s) => MiloStringBuilder.Rent().AppendStr(s).PrintLine();

    /// <summary><c>eprint(s)</c> for a single string argument.</summary>
    public static void EPrintLine(MiloString s) => MiloStringBuilder.Rent().AppendStr(s).EPrintLine();

    // ---------------- arguments ----------------

    /// <summary><c>_miloArgCount()</c>.</summary>
    public static long ArgCount() => Args.Length;

    /// <summary><c>_miloArgAt(i)</c>; out of range → "".</summary>
    public static MiloString ArgAt(long i) => (ulong)i < (ulong)Args.Length ? MiloString.FromString(Args[i]) : new MiloString();
}
