using System.Reflection;
using System.Runtime.Loader;

namespace Milo.Compiler.Binding.DotNet;

/// <summary>
/// Finds the CLR types named by `dotnet:` imports: in the assemblies given with `-r PATH.dll` (loaded for inspection
/// into their own load context, with their directories as probing paths) and in the shared framework of the running
/// runtime (the compiler runs on the same .NET as the programs it builds). A namespace is looked up first in the
/// assemblies whose names it suggests (`System.Text.RegularExpressions` → System.Text.RegularExpressions.dll,
/// `System.Text` → System.Runtime's forwarders), and only when that fails in every framework assembly.
/// </summary>
internal sealed class DotNetAssemblies
{
    private readonly List<Assembly> _references = new();
    private readonly List<(string Path, string Reason)> _referenceErrors = new();
    private readonly Dictionary<string, Assembly?> _framework = new(StringComparer.OrdinalIgnoreCase);
    private static readonly string FrameworkDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
    private static readonly string[] Common = { "System.Runtime", "System.Collections", "System.Linq", "System.Console", "System.Net.Http", "System.Text.RegularExpressions" };

    public DotNetAssemblies(IEnumerable<string> referencePaths)
    {
        var paths = referencePaths.Select(Path.GetFullPath).Distinct().ToList();
        if (paths.Count == 0) return;
        var context = new ReferenceContext(paths.Select(p => Path.GetDirectoryName(p)!).Distinct().ToList());
        foreach (var p in paths)
        {
            // A framework assembly (or its reference assembly) given with -r: the running runtime's copy is used anyway.
            if (File.Exists(Path.Combine(FrameworkDir, Path.GetFileName(p)))) continue;
            try { _references.Add(context.LoadFromAssemblyPath(p)); }
            catch (Exception e) when (e is IOException or BadImageFormatException or FileLoadException or ArgumentException)
            { _referenceErrors.Add((p, e.Message)); }
        }
    }

    /// <summary>Problems with `-r` assemblies (missing file, not a .NET assembly), reported once by the binder.</summary>
    public IReadOnlyList<(string Path, string Reason)> ReferenceErrors => _referenceErrors;
    public IReadOnlyList<Assembly> References => _references;

    /// <summary>Every public top-level type `ns.name` (any generic arity), from the references first.</summary>
    public List<Type> FindTypes(string ns, string name)
    {
        var found = new List<Type>();
        void Scan(Assembly a)
        {
            foreach (var t in Candidates(a, ns, name))
                if (!found.Any(f => f.FullName == t.FullName)) found.Add(t);
        }
        foreach (var r in _references) Scan(r);
        if (found.Count > 0) return found;
        foreach (var a in SuggestedAssemblies(ns)) Scan(a);
        if (found.Count > 0) return found;
        foreach (var a in AllFramework()) Scan(a);
        return found;
    }

    /// <summary>Whether any reference or framework assembly declares a public type in <paramref name="ns"/>.</summary>
    public bool NamespaceExists(string ns)
    {
        foreach (var a in _references.Concat(SuggestedAssemblies(ns)).Concat(AllFramework()))
            if (SafeTypes(a).Any(t => t.IsPublic && t.Namespace == ns)) return true;
        return false;
    }

    /// <summary>Public type names of <paramref name="ns"/> close to <paramref name="name"/> (for "did you mean").</summary>
    public IEnumerable<string> NamesIn(string ns)
        => _references.Concat(SuggestedAssemblies(ns)).SelectMany(SafeTypes).Where(t => t.IsPublic && t.Namespace == ns)
            .Select(t => t.Name.Split('`')[0]).Distinct();

    private static IEnumerable<Type> Candidates(Assembly a, string ns, string name)
    {
        var direct = a.GetType(ns + "." + name, throwOnError: false);
        if (direct != null && direct.IsPublic) yield return direct;
        for (int arity = 1; arity <= 8; arity++)
        {
            var g = a.GetType($"{ns}.{name}`{arity}", throwOnError: false);
            if (g != null && g.IsPublic) yield return g;
        }
    }

    private static Type[] SafeTypes(Assembly a)
    {
        try { return a.GetExportedTypes().Concat(a.GetForwardedTypes().Where(t => t.IsPublic)).ToArray(); }
        catch (Exception e) when (e is ReflectionTypeLoadException or FileNotFoundException or FileLoadException or NotSupportedException) { return Array.Empty<Type>(); }
    }

    private IEnumerable<Assembly> SuggestedAssemblies(string ns)
    {
        var names = new List<string>();
        for (var n = ns; n.Length > 0; n = n.Contains('.') ? n[..n.LastIndexOf('.')] : "") names.Add(n);
        names.AddRange(Common);
        foreach (var n in names)
            if (Framework(n) is { } a) yield return a;
    }

    private IEnumerable<Assembly> AllFramework()
    {
        foreach (var file in Directory.EnumerateFiles(FrameworkDir, "*.dll").OrderBy(f => f, StringComparer.Ordinal))
            if (Framework(Path.GetFileNameWithoutExtension(file)) is { } a) yield return a;
    }

    private Assembly? Framework(string name)
    {
        if (_framework.TryGetValue(name, out var a)) return a;
        a = null;
        if (File.Exists(Path.Combine(FrameworkDir, name + ".dll")) && !name.StartsWith("Microsoft.VisualBasic", StringComparison.Ordinal))
        {
            try { a = Assembly.Load(new AssemblyName(name)); }
            catch (Exception e) when (e is IOException or BadImageFormatException or FileLoadException) { a = null; }
        }
        _framework[name] = a;
        return a;
    }

    /// <summary>Load context of `-r` assemblies: framework assemblies come from the default context (type identity),
    /// other dependencies from the references' directories.</summary>
    private sealed class ReferenceContext(List<string> dirs) : AssemblyLoadContext("milo-dotnet-references", isCollectible: false)
    {
        protected override Assembly? Load(AssemblyName name)
        {
            if (File.Exists(Path.Combine(FrameworkDir, name.Name + ".dll"))) return null;   // the default context's
            foreach (var d in dirs)
            {
                var p = Path.Combine(d, name.Name + ".dll");
                if (File.Exists(p)) return LoadFromAssemblyPath(p);
            }
            return null;
        }
    }
}
