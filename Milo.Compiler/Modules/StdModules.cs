using System.Reflection;

namespace Milo.Compiler.Modules;

/// <summary>
/// The `std/*` modules. Each is a Milo source file embedded in the compiler (Modules/std/NAME.milo, resource
/// `std/NAME.milo`). Inside a std module, `extern fn name(...)` binds to a public static method `name` of the .NET class
/// `Milo.Stdlib.NameModule` (module file name in PascalCase + "Module", e.g. std/strconv → StrconvModule), or of
/// `Milo.Runtime.NameModule` — the one uniform seam between Milo declarations and .NET implementations. A std extern
/// with no such method is an ordinary C extern (P/Invoke).
/// </summary>
internal static class StdModules
{
    private static readonly Assembly Self = typeof(StdModules).Assembly;
    private static readonly Assembly[] Implementations =
    {
        typeof(Milo.Stdlib.StdInfo).Assembly,
        typeof(Milo.Runtime.MiloString).Assembly,
    };

    private static string Normalize(string path) => path.EndsWith(".milo") ? path[..^5] : path;

    /// <summary>The OS suffix of platform-specific std modules: `darwin` on macOS, else `linux` (Windows uses the Linux
    /// declarations; see docs/ffi.md).</summary>
    public static string HostOs => OperatingSystem.IsMacOS() ? "darwin" : "linux";

    /// <summary>Every std module path (`std/math`, …; platform-specific ones once, without the OS suffix).</summary>
    public static IReadOnlyList<string> Paths => Self.GetManifestResourceNames()
        .Where(n => n.StartsWith("std/") && n.EndsWith(".milo"))
        .Select(n => n[..^5])
        .Select(n => n.EndsWith(".linux") || n.EndsWith(".darwin") ? n[..n.LastIndexOf('.')] : n)
        .Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Source text of std module <paramref name="path"/> (`std/math`), or null.</summary>
    public static string? TryGet(string path)
    {
        var p = Normalize(path);
        if (!p.StartsWith("std/")) return null;
        // Platform-specific modules first (`std/<name>.<os>.milo`, os = linux or darwin), as in the reference's resolver.
        using var s = Self.GetManifestResourceStream(p + "." + HostOs + ".milo") ?? Self.GetManifestResourceStream(p + ".milo");
        if (s == null) return null;
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }

    /// <summary>The .NET method implementing `extern fn <paramref name="name"/>` of the std module whose source path is <paramref name="sourcePath"/>.</summary>
    public static MethodInfo? FindImplementation(string sourcePath, string name)
    {
        var p = Normalize(sourcePath.Replace('\\', '/'));
        if (!p.StartsWith("std/")) return null;
        var module = p[4..];
        if (module.EndsWith(".linux") || module.EndsWith(".darwin")) module = module[..module.LastIndexOf('.')];
        var className = string.Concat(module.Split('/', '_', '-').Select(s => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..])) + "Module";
        foreach (var asm in Implementations)
        {
            var t = asm.GetType("Milo.Stdlib." + className) ?? asm.GetType("Milo.Runtime." + className);
            var m = t?.GetMethod(name, BindingFlags.Public | BindingFlags.Static);
            if (m != null) return m;
        }
        return null;
    }
}
