using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MiloCompilation = Milo.Compiler.Compilation;
using MiloOptions = Milo.Compiler.CompilationOptions;

namespace Milo.Tests.Interop;

/// <summary>
/// Compiles a Milo library (`--library`) into a temp folder, then C# source against it with Roslyn, and runs the C# in a
/// collectible load context. Milo.Runtime resolves to the test process's copy, so MiloString/MiloVec values cross freely.
/// </summary>
internal sealed class MiloLibrary : IDisposable
{
    public string Dir { get; }
    public string DllPath { get; }
    public string MiloPath { get; }
    public string AssemblyName { get; }

    private MiloLibrary(string dir, string dll, string milo, string name) { Dir = dir; DllPath = dll; MiloPath = milo; AssemblyName = name; }

    /// <summary>Writes <paramref name="source"/> to DIR/<paramref name="fileName"/> and compiles it to DIR/<paramref name="assemblyName"/>.dll.</summary>
    public static MiloLibrary Compile(string source, string fileName = "geometry.milo", string assemblyName = "GeoLib")
    {
        var dir = Path.Combine(Path.GetTempPath(), "milo-interop-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var milo = Path.Combine(dir, fileName);
        File.WriteAllText(milo, source);
        return CompileFile(milo, assemblyName, dir);
    }

    /// <summary>Compiles an existing .milo file to OUTDIR/<paramref name="assemblyName"/>.dll (OUTDIR: a fresh temp folder by default).</summary>
    public static MiloLibrary CompileFile(string milo, string assemblyName, string? dir = null)
    {
        dir ??= Path.Combine(Path.GetTempPath(), "milo-interop-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var dll = Path.Combine(dir, assemblyName + ".dll");
        var c = MiloCompilation.FromFile(milo, new MiloOptions { Library = true });
        bool ok = c.Emit(dll);
        Assert.True(ok, "Milo library failed to compile:\n" + string.Join("\n", c.Diagnostics.Select(d => d.Format())));
        return new MiloLibrary(dir, dll, milo, assemblyName);
    }

    private static readonly Lazy<List<MetadataReference>> PlatformRefs = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && !p.Contains("Milo.", StringComparison.Ordinal)
                        && !Path.GetFileName(p).StartsWith("xunit", StringComparison.OrdinalIgnoreCase))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList());

    /// <summary>Compiles C# (a file with `public static class Test { public static object? Run() … }`); returns the diagnostics on failure.</summary>
    public (Assembly? Asm, string Errors) CompileCSharp(string csharp)
    {
        var refs = new List<MetadataReference>(PlatformRefs.Value)
        {
            MetadataReference.CreateFromFile(DllPath),
            MetadataReference.CreateFromFile(typeof(Milo.Runtime.MiloString).Assembly.Location),
        };
        var tree = CSharpSyntaxTree.ParseText(csharp, new CSharpParseOptions(LanguageVersion.Latest), path: "Test.cs");
        var comp = CSharpCompilation.Create("CSharpConsumer" + Guid.NewGuid().ToString("N"), [tree], refs,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var pe = new MemoryStream();
        var result = comp.Emit(pe);
        var errors = string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
        if (!result.Success) return (null, errors);
        pe.Position = 0;
        var alc = new LibraryContext(this);
        return (alc.LoadFromStream(pe), "");
    }

    /// <summary>Compiles and runs `Test.Run()`; returns its result.</summary>
    public object? Run(string csharp)
    {
        var (asm, errors) = CompileCSharp(csharp);
        Assert.True(asm != null, "C# failed to compile:\n" + errors);
        var run = asm!.GetType("Test")!.GetMethod("Run")!;
        try { return run.Invoke(null, null); }
        catch (TargetInvocationException e) when (e.InnerException != null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    // Not collectible: a collectible context that becomes unreachable starts unloading on its own (finalizer), and a
    // later assembly resolution from the C# test code then fails with "AssemblyLoadContext is unloading".
    private sealed class LibraryContext(MiloLibrary lib) : AssemblyLoadContext("milo-interop", isCollectible: false)
    {
        protected override Assembly? Load(AssemblyName name)
            => name.Name == lib.AssemblyName ? LoadFromAssemblyPath(lib.DllPath) : null; // Milo.Runtime etc.: the default context's
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch { /* loaded assemblies may keep files open on some platforms */ }
    }
}
