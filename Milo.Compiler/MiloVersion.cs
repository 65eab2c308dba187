namespace Milo.Compiler;

/// <summary>The compiler's version: printed by `milo --version`, reported by `milo lsp`, used for Milo.Sdk references.</summary>
public static class MiloVersion
{
    public const string Current = "0.1.0";
}
