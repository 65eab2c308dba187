using Milo.Compiler.Text;

namespace Milo.Compiler.Lsp;

internal enum SymbolKindTag { Local, Parameter, Function, Method, Field, Struct, Enum, Variant, Trait, Interface, Alias, Constant, Builtin }

/// <summary>
/// What a name at a position means: its kind, a one-line signature for hover (`let x: i64`, `fn add(a: i64, b: i64): i64`),
/// the doc comment, where it is declared (the declaring name's span, in whatever file) and a key that is equal for every
/// occurrence of the same symbol (used by rename).
/// </summary>
internal sealed record ResolvedSymbol(SymbolKindTag Kind, string Name, string Signature, Location? Declaration, string? Doc, string? Key)
{
    /// <summary>Equal for the same declaration seen from any document (an imported file's path is relative to the working
    /// directory, an open document's is absolute: both are made absolute).</summary>
    public static string KeyOf(string kind, Location decl)
    {
        var p = decl.Source.FilePath;
        if (!p.StartsWith("std/") && !p.StartsWith("<")) p = Path.GetFullPath(p);
        return $"{kind}:{p}:{decl.Start}";
    }
}
