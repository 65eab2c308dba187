namespace Milo.Compiler.Symbols;

/// <summary>
/// How Milo names become CLR names: identifiers, the namespace of an assembly, the class of a library module. Shared by
/// the emitter and by tools that must predict the emitted names (`milo new` scaffolding) without depending on Emit.
/// </summary>
internal static class ClrNames
{
    /// <summary>Every character that is not a letter, digit or `_` becomes `_`.</summary>
    public static string Sanitize(string name)
    {
        var sb = new System.Text.StringBuilder(name.Length);
        foreach (var c in name) sb.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
        return sb.ToString();
    }

    /// <summary>The namespace of an assembly: its dotted name, each part sanitized (`_` before a leading digit); `MiloApp` when empty.</summary>
    public static string Namespace(string assemblyName)
    {
        var parts = assemblyName.Split('.', StringSplitOptions.RemoveEmptyEntries)
            .Select(Sanitize).Select(p => p.Length > 0 && char.IsDigit(p[0]) ? "_" + p : p);
        var ns = string.Join(".", parts);
        return ns.Length == 0 ? "MiloApp" : ns;
    }

    /// <summary>Name of a library's module class: PascalCase of the source file name; `…Module` when that equals the namespace's last segment.</summary>
    public static string ModuleClassName(string mainFile, string ns)
    {
        var baseName = Path.GetFileNameWithoutExtension(mainFile);
        var name = Pascal(Sanitize(string.IsNullOrWhiteSpace(baseName) ? "Library" : baseName));
        if (name.Length == 0 || char.IsDigit(name[0])) name = "_" + name;
        var last = ns.Split('.').Last();
        if (string.Equals(name, last, StringComparison.OrdinalIgnoreCase)) name += "Module";
        return name;
    }

    /// <summary>`area` → `Area`, `safe_div` → `SafeDiv`, `x` → `X`. Names that would start with a digit are kept.</summary>
    public static string Pascal(string name)
    {
        var parts = name.Split('_', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return name;
        var sb = new System.Text.StringBuilder(name.Length);
        foreach (var p in parts) sb.Append(char.ToUpperInvariant(p[0])).Append(p, 1, p.Length - 1);
        var r = sb.ToString();
        return char.IsDigit(r[0]) ? name : r;
    }
}
