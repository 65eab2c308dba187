namespace Milo.Runtime;

/// <summary>
/// What an exception that escapes Milo code means for the process: the one line printed for it (a panic's own text,
/// `runtime error: …` for a .NET arithmetic/overflow exception, `panic: .NET …` for one thrown by an imported .NET API,
/// `milo: internal error: …` otherwise) and the exit status — never a .NET stack trace unless MILO_BACKTRACE=1.
/// </summary>
public static class UncaughtExceptions
{
    /// <summary>Reports <paramref name="e"/> the Milo way (if not yet reported) and returns the exit status to use.</summary>
    public static int ExitCodeFor(Exception e)
    {
        switch (e)
        {
            case MiloPanicException p: PanicReport.Report(p); MiloProcess.Out.Flush(); return p.ExitCode;
            case MiloExitException x: MiloProcess.Out.Flush(); return x.ExitCode;
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
        MiloProcess.Out.Write(System.Text.Encoding.UTF8.GetBytes(msg + "\n"));
        MiloProcess.Out.Flush();
        if (BacktraceRequested)
            MiloProcess.Err.Write(System.Text.Encoding.UTF8.GetBytes(e + "\n"));
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
}
