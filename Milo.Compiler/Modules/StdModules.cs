namespace Milo.Compiler.Modules;

/// <summary>
/// The `std/*` modules: Milo declarations embedded in the compiler whose bodies call into Milo.Stdlib / Milo.Runtime.
/// (Filled in module by module; an unknown std module gives the usual "cannot open" diagnostic.)
/// </summary>
public static class StdModules
{
    private static readonly Dictionary<string, string> Sources = new()
    {
    };

    public static string? TryGet(string path) => Sources.TryGetValue(path.EndsWith(".milo") ? path[..^5] : path, out var s) ? s : null;
}
