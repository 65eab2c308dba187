using System.Runtime.InteropServices;
using Milo.Compiler.Diagnostics;
using Milo.Compiler.Modules;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;
using Xunit;

namespace Milo.Tests.Stdlib;

/// <summary>
/// An `extern fn` of a std module binds to the public static .NET method of the same name in Milo.Stdlib/Milo.Runtime
/// (StdModules.FindImplementation); one that does not resolve silently becomes a C P/Invoke. So every std extern must
/// resolve to .NET or be a function a C library really exports (libc, libm, OpenSSL for the reference's TLS externs in std/os —
/// .NET itself needs OpenSSL on Linux — and the bundled e_sqlite3 for std/sqlite's raw externs): a misspelt .NET name (`_regexCompil`) fails here instead of failing at
/// run time with EntryPointNotFoundException.
/// </summary>
public class StdExternResolutionTests
{
    private static readonly string[] CLibraries = OperatingSystem.IsMacOS()
        ? ["libSystem.dylib"]
        : ["libc.so.6", "libm.so.6", "libssl.so.3", "libcrypto.so.3", BundledSqlite()];

    /// <summary>The SQLite engine the NuGet bundle ships (std/sqlite's raw sqlite3_* externs), not a system library.</summary>
    private static string BundledSqlite()
        => Path.Combine(AppContext.BaseDirectory, "runtimes", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, "native", "libe_sqlite3.so") is var p && File.Exists(p)
            ? p : Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libe_sqlite3.so");

    private static bool IsCFunction(string name)
    {
        foreach (var lib in CLibraries)
            if (NativeLibrary.TryLoad(lib, out var handle) && NativeLibrary.TryGetExport(handle, name, out _)) return true;
        return false;
    }

    private static IEnumerable<(string Module, FunctionDeclSyntax Decl)> StdExterns()
    {
        foreach (var path in StdModules.Paths)
        {
            var text = StdModules.TryGet(path);
            Assert.NotNull(text);
            var bag = new DiagnosticBag();
            var unit = SyntaxParser.Parse(new SourceText(path + ".milo", text!), bag);
            Assert.False(bag.HasErrors, $"{path} does not parse");
            foreach (var f in unit.Decls.OfType<FunctionDeclSyntax>().Where(f => f.IsExtern))
                yield return (path, f);
        }
    }

    [Fact]
    public void EveryStdExternResolvesToDotNetOrToTheCLibrary()
    {
        Assert.True(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "the C-library check needs libc");
        int dotnet = 0, c = 0;
        var broken = new List<string>();
        foreach (var (module, decl) in StdExterns())
        {
            if (StdModules.FindImplementation(module + ".milo", decl.Name.Text) != null) dotnet++;
            else if (IsCFunction(decl.Name.Text)) c++;
            else broken.Add($"{module}: extern fn {decl.Name.Text} has no .NET implementation and is not exported by {string.Join("/", CLibraries)}");
        }
        Assert.True(broken.Count == 0, string.Join("\n", broken));
        Assert.True(dotnet > 200, $"only {dotnet} .NET-implemented std externs found");
        Assert.True(c > 10, $"only {c} C-library std externs found");
    }

    [Fact]
    public void TheCheckCatchesAMisspeltDotNetName()
    {
        Assert.NotNull(StdModules.FindImplementation("std/regex.milo", "_regexCompile"));
        Assert.Null(StdModules.FindImplementation("std/regex.milo", "_regexCompil"));
        Assert.False(IsCFunction("_regexCompil"));
        Assert.True(IsCFunction("strlen"));
    }
}
