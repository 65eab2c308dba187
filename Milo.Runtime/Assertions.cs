using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Milo.Runtime;

/// <summary>The builtin <c>assert(cond[, msg])</c>: a failure prints to stderr and exits with status 1.</summary>
public static class Assertions
{
    /// <summary><c>assert(cond)</c> / <c>assert(cond, msg)</c> (msg may be null).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Assert(bool cond, string file, int line, int col, MiloString? msg)
    {
        if (!cond) AssertFailed(file, line, col, msg);
    }

    /// <summary>Builtin <c>assert</c> failure: stderr <c>assertion failed at FILE:L:C[: msg]</c>, exit status 1.</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception AssertFailed(string file, int line, int col, MiloString? msg)
    {
        var b = new MiloStringBuilder().AppendText("assertion failed at ").AppendText(file).AppendByte((byte)':')
            .AppendI32(line).AppendByte((byte)':').AppendI32(col);
        if (msg is not null) b.AppendText(": ").AppendStr(msg);
        throw PanicReport.Raise(b.ToString(), file, line, toStderr: true);
    }
}
