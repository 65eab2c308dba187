using System.Diagnostics;

namespace Milo.Runtime;

/// <summary>
/// Where and when a panic is reported (docs/interop.md, "Errors"). Every <see cref="MiloPanicException"/> carries the
/// Milo source location (<see cref="MiloPanicException.MiloFile"/>/<see cref="MiloPanicException.MiloLine"/>). A program
/// prints the message the moment the panic happens (after earlier output, as the reference does); a library called from
/// .NET prints nothing, so a C# caller that catches the exception sees no output — and one that does not gets the
/// ordinary unhandled-exception report from .NET.
/// </summary>
public static partial class Rt
{
    /// <summary>True once <see cref="RunMain"/> started: Milo owns the process, panics are printed where they happen.</summary>
    public static bool ProgramMode { get; set; }

    /// <summary>Creates the exception, printing the message now in a program (stdout, or stderr for asserts).</summary>
    internal static MiloPanicException Raise(string message, string? file, int line, bool toStderr = false)
    {
        var p = new MiloPanicException(message, 1) { MiloFile = file, MiloLine = line, ToStderr = toStderr };
        if (ProgramMode) Report(p);
        return p;
    }

    /// <summary>Prints <paramref name="p"/>'s message once (stdout after buffered output, or stderr for asserts).</summary>
    internal static void Report(MiloPanicException p)
    {
        if (p.Reported) return;
        p.Reported = true;
        var bytes = System.Text.Encoding.UTF8.GetBytes(p.Message + "\n");
        if (p.ToStderr) { Out.Flush(); Err.Write(bytes); }
        else { Out.Write(bytes); Out.Flush(); }
    }

    /// <summary><c>pop on empty Vec at FILE:L:C</c>.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn, System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static Exception PopEmpty(int line, int col)
    {
        var (file, _) = CallerMiloLocation();
        throw Raise("pop on empty Vec at " + (file != null ? file + ":" : "") + line + ":" + col, file, line);
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
