using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Milo.Runtime;

/// <summary>
/// Process-level runtime: program entry, stdout/stderr, arguments, exit and panics (§4.10, §5.4, §5.12).
/// Every panic helper writes its message (panics: stdout after previously buffered output; assert: stderr), flushes
/// stdout and then throws <see cref="MiloPanicException"/>. They never return; their <see cref="Exception"/> return type
/// only lets compiled code write <c>throw Rt.UnwrapNone(l, c)</c> (IL: <c>call; throw</c>) in expression position.
/// </summary>
public static partial class Rt
{
    /// <summary>Buffered stdout (flushed at exit, at panic and by <see cref="Flush"/>).</summary>
    public static readonly MiloOutput Out = new(Console.OpenStandardOutput(), buffered: true);
    /// <summary>Unbuffered stderr.</summary>
    public static readonly MiloOutput Err = new(Console.OpenStandardError(), buffered: false);

    /// <summary>argv: program path at index 0, then the command-line arguments.</summary>
    public static string[] Args = new[] { "milo" };

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
        int code;
        try
        {
            code = main();
            Scheduler.Drain();
        }
        catch (Exception e)
        {
            code = ExitCodeFor(e);
        }
        Out.Flush();
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

    /// <summary>Reports <paramref name="e"/> the Milo way (if not yet reported) and returns the exit status to use.</summary>
    public static int ExitCodeFor(Exception e)
    {
        switch (e)
        {
            case MiloPanicException p: Report(p); Out.Flush(); return p.ExitCode;
            case MiloExitException x: Out.Flush(); return x.ExitCode;
            case AggregateException ag when ag.InnerExceptions.Count > 0: return ExitCodeFor(ag.InnerExceptions[0]);
        }
        string msg = e switch
        {
            OverflowException => "runtime error: integer overflow",
            DivideByZeroException => "runtime error: division by zero",
            IndexOutOfRangeException => "milo: array index out of bounds",
            NullReferenceException => "milo: null dereference",
            InsufficientExecutionStackException => "milo: stack overflow",
            _ when ThrownByDotNetApi(e) => "panic: .NET " + e.GetType().FullName + ": " + e.Message,
            _ => "milo: internal error: " + e.GetType().Name + ": " + e.Message,
        };
        if (MiloLocation(e) is { } where) msg += " at " + where;
        Out.Write(System.Text.Encoding.UTF8.GetBytes(msg + "\n"));
        Out.Flush();
        if (BacktraceRequested)
            Err.Write(System.Text.Encoding.UTF8.GetBytes(e + "\n"));
        return 1;
    }

    /// <summary>MILO_BACKTRACE=1 (or the older MILO_TRACE=1) prints the .NET stack trace of unexpected exceptions to stderr.</summary>
    public static bool BacktraceRequested =>
        Environment.GetEnvironmentVariable("MILO_BACKTRACE") == "1" || Environment.GetEnvironmentVariable("MILO_TRACE") == "1";

    /// <summary>
    /// Whether <paramref name="e"/> was thrown by a .NET API that Milo code called through a `dotnet:` import: between the
    /// throw site and the innermost Milo frame there is no frame of Milo.Runtime / Milo.Stdlib (other than the interop
    /// helpers in DotNetInterop.cs, through which awaited task exceptions pass).
    /// </summary>
    public static bool ThrownByDotNetApi(Exception e)
    {
        try
        {
            var trace = new System.Diagnostics.StackTrace(e, fNeedFileInfo: true);
            foreach (var f in trace.GetFrames())
            {
                var file = f.GetFileName();
                if (file != null && file.EndsWith(".milo", StringComparison.Ordinal)) return true;
                if (System.Diagnostics.DiagnosticMethodInfo.Create(f) is not { } m || m.DeclaringTypeName is not { } type) continue;
                if (type.StartsWith("Milo.Runtime.DotNetInterop", StringComparison.Ordinal) || type.StartsWith("Milo.Runtime.DotNetAwait", StringComparison.Ordinal)
                    || type.StartsWith("Milo.Runtime.GreenTaskOps", StringComparison.Ordinal))
                    continue;   // the interop helpers (awaits rethrow the task's exception)
                var asm = m.DeclaringAssemblyName ?? "";
                if (asm.StartsWith("Milo.Runtime,", StringComparison.Ordinal) || asm.StartsWith("Milo.Stdlib,", StringComparison.Ordinal)) return false;
            }
        }
        catch (Exception) { /* no trace: not attributable */ }
        return false;
    }

    /// <summary>`file.milo:line` of the innermost Milo frame of <paramref name="e"/> (from the program's portable PDB), if any.</summary>
    public static string? MiloLocation(Exception e)
    {
        try
        {
            var trace = new System.Diagnostics.StackTrace(e, fNeedFileInfo: true);
            foreach (var f in trace.GetFrames())
            {
                var file = f.GetFileName();
                if (file != null && file.EndsWith(".milo", StringComparison.Ordinal) && f.GetFileLineNumber() > 0)
                    return System.IO.Path.GetFileName(file) + ":" + f.GetFileLineNumber();
            }
        }
        catch (Exception) { /* no symbols: no location */ }
        return null;
    }

    /// <summary>Terminates the whole process because of <paramref name="e"/> raised on a non-main thread.</summary>
    [DoesNotReturn]
    public static void TerminateProcess(Exception e)
    {
        int code = ExitCodeFor(e);
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

    // ---------------- panics ----------------

    /// <summary>
    /// Throws <see cref="MiloPanicException"/> with <paramref name="message"/> + ` at FILE:LINE` of the innermost Milo frame
    /// (found from the portable PDB, only now that a panic happens: no cost on the success path). In a program
    /// (<see cref="RunMain"/>) the message is also printed to stdout after earlier output; in a library called from .NET it
    /// is not (the caller decides; <see cref="ExitCodeFor"/> prints it if nobody caught it).
    /// </summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception Panic(string message)
    {
        var (file, line) = CallerMiloLocation();
        throw Raise(file != null && !message.Contains(".milo:", StringComparison.Ordinal) ? message + " at " + file + ":" + line : message,
            file, line, printed: message);
    }

    /// <summary><c>milo: array index out of bounds: I/LEN at FILE:LINE</c> (I as signed 32-bit).</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception IndexOutOfBounds(long index, long len) =>
        Panic("milo: array index out of bounds: " + unchecked((int)index) + "/" + len);

    /// <summary><c>runtime error: integer overflow at FILE:LINE</c> (debug builds).</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception Overflow(string file, int line) => throw Raise("runtime error: integer overflow at " + file + ":" + line, file, line);

    /// <summary><c>runtime error: value out of range at FILE:LINE</c> (ranged let/var).</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception OutOfRange(string file, int line) => throw Raise("runtime error: value out of range at " + file + ":" + line, file, line);

    /// <summary><c>runtime error: division by zero at FILE:LINE</c>.</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception DivideByZero(string file, int line) => throw Raise("runtime error: division by zero at " + file + ":" + line, file, line);

    /// <summary><c>error at FILE:L:C: unwrap called on None</c> (the reference prints <c>error at L:C</c>; FILE is added).</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception UnwrapNone(int line, int col) => PanicAt(line, col, "unwrap called on None");

    /// <summary><c>error at FILE:L:C: MSG</c> (unwrap of <c>Err(msg)</c> with a string error).</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception UnwrapErr(int line, int col, MiloString msg) => PanicAt(line, col, msg.ToString());

    /// <summary><c>error at FILE:L:C: unwrap called on Err</c> (non-string error type).</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception UnwrapErrOther(int line, int col) => PanicAt(line, col, "unwrap called on Err");

    /// <summary><c>error at FILE:L:C: MSG</c> — FILE from the calling Milo frame (left out when unknown).</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static Exception PanicAt(int line, int col, string msg)
    {
        var (file, _) = CallerMiloLocation();
        var printed = "error at " + line + ":" + col + ": " + msg;
        throw Raise(file != null ? "error at " + file + ":" + line + ":" + col + ": " + msg : printed, file, line, printed: printed);
    }

    /// <summary>Builtin <c>assert</c> failure: stderr <c>assertion failed at FILE:L:C[: msg]</c>, exit status 1.</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception AssertFailed(string file, int line, int col, MiloString? msg)
    {
        var b = new MiloStringBuilder().AppendText("assertion failed at ").AppendText(file).AppendByte((byte)':')
            .AppendI32(line).AppendByte((byte)':').AppendI32(col);
        if (msg is not null) b.AppendText(": ").AppendStr(msg);
        throw Raise(b.ToString(), file, line, toStderr: true);
    }

    /// <summary><c>assert(cond)</c> / <c>assert(cond, msg)</c> (msg may be null).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Assert(bool cond, string file, int line, int col, MiloString? msg)
    {
        if (!cond) AssertFailed(file, line, col, msg);
    }
}
