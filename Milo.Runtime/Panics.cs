using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Milo.Runtime;

/// <summary>
/// The panics compiled code and the runtime raise (index out of bounds, unwrap of None/Err, overflow and division by zero
/// under --debug, out-of-range values, pop on an empty Vec, runtime errors). Each builds the language's exact message,
/// hands it to <see cref="PanicReport.Raise"/> (which prints it in a program) and throws <see cref="MiloPanicException"/>.
/// They never return; their <see cref="Exception"/> return type only lets compiled code write
/// <c>throw Panics.UnwrapNone(l, c)</c> (IL: <c>call; throw</c>) in expression position.
/// </summary>
public static class Panics
{
    /// <summary>
    /// Throws <see cref="MiloPanicException"/> with <paramref name="message"/> + ` at FILE:LINE` of the innermost Milo frame
    /// (found from the portable PDB, only now that a panic happens: no cost on the success path). In a program
    /// (<see cref="MiloProcess.RunMain"/>) the message is also printed to stdout after earlier output; in a library called
    /// from .NET it is not (the caller decides; <see cref="UncaughtExceptions.ExitCodeFor"/> prints it if nobody caught it).
    /// </summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception Panic(string message)
    {
        var (file, line) = PanicReport.CallerMiloLocation();
        throw PanicReport.Raise(file != null && !message.Contains(".milo:", StringComparison.Ordinal) ? message + " at " + file + ":" + line : message,
            file, line, printed: message);
    }

    /// <summary><c>milo: array index out of bounds: I/LEN at FILE:LINE</c> (I as signed 32-bit).</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception IndexOutOfBounds(long index, long len) =>
        Panic("milo: array index out of bounds: " + unchecked((int)index) + "/" + len);

    /// <summary><c>runtime error: integer overflow at FILE:LINE</c> (debug builds).</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception Overflow(string file, int line) => throw PanicReport.Raise("runtime error: integer overflow at " + file + ":" + line, file, line);

    /// <summary><c>runtime error: value out of range at FILE:LINE</c> (ranged let/var).</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception OutOfRange(string file, int line) => throw PanicReport.Raise("runtime error: value out of range at " + file + ":" + line, file, line);

    /// <summary><c>runtime error: division by zero at FILE:LINE</c>.</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception DivideByZero(string file, int line) => throw PanicReport.Raise("runtime error: division by zero at " + file + ":" + line, file, line);

    /// <summary><c>error at FILE:L:C: unwrap called on None</c> (the reference prints <c>error at L:C</c>; FILE is added).</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception UnwrapNone(int line, int col) => PanicAt(line, col, "unwrap called on None");

    /// <summary><c>error at FILE:L:C: MSG</c> (unwrap of <c>Err(msg)</c> with a string error).</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception UnwrapErr(int line, int col, MiloString msg) => PanicAt(line, col, msg.ToString());

    /// <summary><c>error at FILE:L:C: unwrap called on Err</c> (non-string error type).</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception UnwrapErrOther(int line, int col) => PanicAt(line, col, "unwrap called on Err");

    /// <summary><c>pop on empty Vec at FILE:L:C</c>.</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception PopEmpty(int line, int col)
    {
        var (file, _) = PanicReport.CallerMiloLocation();
        var printed = "pop on empty Vec at " + line + ":" + col;
        throw PanicReport.Raise(file != null ? "pop on empty Vec at " + file + ":" + line + ":" + col : printed, file, line, printed: printed);
    }

    /// <summary><c>error at FILE:L:C: MSG</c> — FILE from the calling Milo frame (left out when unknown).</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static Exception PanicAt(int line, int col, string msg)
    {
        var (file, _) = PanicReport.CallerMiloLocation();
        var printed = "error at " + line + ":" + col + ": " + msg;
        throw PanicReport.Raise(file != null ? "error at " + file + ":" + line + ":" + col + ": " + msg : printed, file, line, printed: printed);
    }
}
