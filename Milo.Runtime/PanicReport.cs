using System.Diagnostics;

namespace Milo.Runtime;

/// <summary>
/// Where and when a panic is reported (docs/interop.md, "Errors"). Every <see cref="MiloPanicException"/> carries the
/// Milo source location (<see cref="MiloPanicException.MiloFile"/>/<see cref="MiloPanicException.MiloLine"/>). A program
/// (<see cref="MiloProcess.ProgramMode"/>) prints the message the moment the panic happens (after earlier output, as the
/// reference does); a library called from .NET prints nothing, so a C# caller that catches the exception sees no output —
/// and one that does not gets the ordinary unhandled-exception report from .NET.
/// </summary>
public static class PanicReport
{
    /// <summary>
    /// Creates the exception, printing it now in a program (stdout, or stderr for asserts). <paramref name="printed"/> is
    /// the language's exact text when <paramref name="message"/> adds the location to it.
    /// </summary>
    internal static MiloPanicException Raise(string message, string? file, int line, bool toStderr = false, string? printed = null)
    {
        var p = new MiloPanicException(message, 1)
        {
            MiloFile = file, MiloLine = line, ToStderr = toStderr, PrintedText = printed != message ? printed : null,
        };
        if (MiloProcess.ProgramMode) Report(p);
        return p;
    }

    /// <summary>
    /// Prints <paramref name="p"/> once: the language's exact text on stdout after buffered output (stderr for asserts);
    /// where that text does not name the file, `  at FILE:LINE` follows on stderr.
    /// </summary>
    internal static void Report(MiloPanicException p)
    {
        if (p.Reported) return;
        p.Reported = true;
        var bytes = System.Text.Encoding.UTF8.GetBytes((p.PrintedText ?? p.Message) + "\n");
        if (p.ToStderr) { MiloProcess.Out.Flush(); MiloProcess.Err.Write(bytes); return; }
        MiloProcess.Out.Write(bytes);
        MiloProcess.Out.Flush();
        if (p.PrintedText != null && p.MiloFile != null)
            MiloProcess.Err.Write(System.Text.Encoding.UTF8.GetBytes("  at " + p.MiloFile + ":" + p.MiloLine + "\n"));
    }

    /// <summary>
    /// `file.milo` and line of the innermost stack frame that has Milo source (from the portable PDB next to the Milo
    /// assembly), or (null, 0) without symbols. Only called while panicking. In optimised builds a Milo function the JIT
    /// inlined reports its caller's line (compile with --debug for exact frames).
    /// </summary>
    public static (string? File, int Line) CallerMiloLocation()
    {
        try
        {
            var trace = new StackTrace(1, fNeedFileInfo: true);
            foreach (var f in trace.GetFrames())
            {
                var file = f.GetFileName();
                if (file != null && file.EndsWith(".milo", StringComparison.Ordinal) && f.GetFileLineNumber() > 0)
                    return (Path.GetFileName(file), f.GetFileLineNumber());
            }
        }
        catch (Exception) { /* no symbols: no location */ }
        return (null, 0);
    }
}
