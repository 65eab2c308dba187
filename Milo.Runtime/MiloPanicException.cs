namespace Milo.Runtime;

/// <summary>
/// A Milo panic (index out of bounds, unwrap of None/Err, failed assert, division by zero, overflow in --debug …) thrown
/// out of Milo code. <see cref="Exception.Message"/> is the Milo message, which names the source location
/// (`milo: array index out of bounds: 5/2 at stats.milo:12`); <see cref="MiloFile"/>/<see cref="MiloLine"/> hold it
/// separately. In a Milo program the panic was already printed when it happened — on stdout in the language's exact
/// text (`milo: array index out of bounds: 5/2`, `error at 4:13: unwrap called on None`), with the file and line on
/// stderr when that text does not name them; in a library nothing is printed (see <see cref="MiloProcess.ProgramMode"/>).
/// </summary>
public sealed class MiloPanicException : Exception
{
    public int ExitCode { get; }
    /// <summary>The `.milo` file (name only) the panic happened in, when known.</summary>
    public string? MiloFile { get; init; }
    /// <summary>The line in <see cref="MiloFile"/> (0 when unknown).</summary>
    public int MiloLine { get; init; }
    internal bool ToStderr { get; init; }
    /// <summary>The language's exact panic text when it differs from <see cref="Exception.Message"/> (which adds the file).</summary>
    internal string? PrintedText { get; init; }
    internal bool Reported { get; set; }
    public MiloPanicException(string message, int exitCode = 1) : base(message) { ExitCode = exitCode; }
}

/// <summary>Thrown by <see cref="MiloProcess.Exit"/> (the <c>exit(code)</c> builtin) to unwind to <see cref="MiloProcess.RunMain"/>.</summary>
public sealed class MiloExitException : Exception
{
    public int ExitCode { get; }
    public MiloExitException(int exitCode) : base("exit(" + exitCode + ")") { ExitCode = exitCode; }
}
