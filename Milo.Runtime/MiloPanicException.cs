namespace Milo.Runtime;

/// <summary>
/// Thrown by <see cref="Rt.Panic"/> and friends after the message has already been written (and stdout flushed).
/// Catchers must not print it again; they only terminate with <see cref="ExitCode"/>.
/// </summary>
public sealed class MiloPanicException : Exception
{
    public int ExitCode { get; }
    public MiloPanicException(string message, int exitCode = 1) : base(message) { ExitCode = exitCode; }
}

/// <summary>Thrown by <see cref="Rt.Exit"/> (the <c>exit(code)</c> builtin) to unwind to <see cref="Rt.RunMain"/>.</summary>
public sealed class MiloExitException : Exception
{
    public int ExitCode { get; }
    public MiloExitException(int exitCode) : base("exit(" + exitCode + ")") { ExitCode = exitCode; }
}
