using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MiloCompilation = Milo.Compiler.Compilation;
using MiloOptions = Milo.Compiler.CompilationOptions;

namespace Milo.Tests.DotNet;

/// <summary>
/// Compiles Milo programs that import .NET types (optionally with `-r` references) into a temp folder and runs them with
/// `dotnet OUT.dll` (a real process: exit status and stdout as a user sees them). Also builds small C# libraries with
/// Roslyn for the `-r` tests.
/// </summary>
internal static class DotNetHarness
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr, string Diagnostics);

    public static string NewDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "milo-dotnet-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Diagnostics of compiling <paramref name="source"/> (formatted like the CLI), empty when it compiles.</summary>
    public static string Check(string source, string fileName = "prog.milo", params string[] references)
    {
        var c = MiloCompilation.FromText(fileName, source, new MiloOptions { References = references });
        c.Check();
        return string.Join("\n", c.Diagnostics.Select(d => d.Format())).Replace("\r", "");
    }

    public static Result CompileAndRun(string source, params string[] references)
    {
        var dir = NewDir();
        var milo = Path.Combine(dir, "prog.milo");
        File.WriteAllText(milo, source);
        var dll = Path.Combine(dir, "out", "prog.dll");
        var c = MiloCompilation.FromFile(milo, new MiloOptions { References = references });
        bool ok = c.Emit(dll);
        var diags = string.Join("\n", c.Diagnostics.Select(d => d.Format()));
        Assert.True(ok, "compile failed:\n" + diags);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        psi.ArgumentList.Add(dll);
        psi.Environment.Remove("MILO_BACKTRACE");
        using var p = Process.Start(psi)!;
        var stdoutTask = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(60_000), "program timed out");
        return new Result(p.ExitCode, stdoutTask.Result.Replace("\r", ""), stderr, diags);
    }

    private static readonly Lazy<List<MetadataReference>> PlatformRefs = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && !p.Contains("Milo.", StringComparison.Ordinal)
                        && !Path.GetFileName(p).StartsWith("xunit", StringComparison.OrdinalIgnoreCase))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList());

    /// <summary>Builds C# <paramref name="source"/> into DIR/<paramref name="name"/>.dll (nullable annotations enabled).</summary>
    public static string BuildCSharpLibrary(string source, string name)
    {
        var dir = NewDir();
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest));
        var comp = CSharpCompilation.Create(name, [tree], PlatformRefs.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var path = Path.Combine(dir, name + ".dll");
        var emit = comp.Emit(path);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        return path;
    }
}
