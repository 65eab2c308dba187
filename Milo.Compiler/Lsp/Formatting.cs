namespace Milo.Compiler.Lsp;

/// <summary>`textDocument/formatting` through `milo fmt`'s formatter (wired when the formatter is part of the compiler).</summary>
public static class Formatting
{
    public static bool Available => false;

    public static object? Format(OpenDocument doc) => null;
}
