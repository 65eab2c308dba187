// TEMPORARY FILE — stubs for the Compilation API the CLI and the tests call.
// The binder/emitter engineer deletes this file and implements these members elsewhere
// (same signatures, in `public sealed partial class Compilation`). Nothing else should be added here.

namespace Milo.Compiler;

public sealed partial class Compilation
{
    /// <summary>Parse and bind only. True when there are no errors; diagnostics go to <see cref="Diagnostics"/>.</summary>
    public bool Check() => throw new NotImplementedException("Compilation.Check is not implemented yet");

    /// <summary>
    /// Compile to <paramref name="outputPath"/> (a .dll), writing OUT.runtimeconfig.json and copying Milo.Runtime.dll /
    /// Milo.Stdlib.dll beside it. False (with diagnostics) on errors.
    /// </summary>
    public bool Emit(string outputPath) => throw new NotImplementedException("Compilation.Emit is not implemented yet");

    /// <summary>Compile in memory and run `main` in-process with <paramref name="args"/>; returns the program's exit code.</summary>
    public int Run(string[] args) => throw new NotImplementedException("Compilation.Run is not implemented yet");
}
