using System.Runtime.InteropServices;

namespace Milo.Compiler.Emit;

/// <summary>
/// std/sqlite runs on SQLitePCLRaw and its bundled native SQLite (e_sqlite3, from the NuGet package, so no system
/// libsqlite3 is needed). A compiled program that calls <c>Milo.Stdlib.SqliteModule</c> gets those files copied beside
/// it: the three SQLitePCLRaw assemblies and this platform's native library, flat, where the runtime's default probing
/// finds them (a program has no .deps.json). Programs that do not use std/sqlite get nothing extra.
/// </summary>
internal static class SqliteFiles
{
    private static readonly string[] Managed =
        { "SQLitePCLRaw.core.dll", "SQLitePCLRaw.provider.e_sqlite3.dll", "SQLitePCLRaw.batteries_v2.dll" };

    /// <summary>True when the program imports std/sqlite (its functions are part of the bound program).</summary>
    public static bool IsUsedBy(Binding.BoundProgram program) =>
        program.Functions.Any(f => f.Source.FilePath.Replace('\\', '/') == "std/sqlite.milo");

    /// <summary>The files to copy (source paths), looked up beside Milo.Stdlib.dll.</summary>
    public static IEnumerable<string> Sources(string stdlibDir)
    {
        foreach (var m in Managed) yield return Path.Combine(stdlibDir, m);
        var native = NativeName();
        // A RID-specific publish (artifacts/bin) puts it flat; a portable build keeps runtimes/<rid>/native/.
        var flat = Path.Combine(stdlibDir, native);
        if (File.Exists(flat)) { yield return flat; yield break; }
        foreach (var rid in Rids())
        {
            var p = Path.Combine(stdlibDir, "runtimes", rid, "native", native);
            if (File.Exists(p)) { yield return p; yield break; }
        }
    }

    private static string NativeName() =>
        OperatingSystem.IsWindows() ? "e_sqlite3.dll" : OperatingSystem.IsMacOS() ? "libe_sqlite3.dylib" : "libe_sqlite3.so";

    private static IEnumerable<string> Rids()
    {
        yield return RuntimeInformation.RuntimeIdentifier;
        var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        if (OperatingSystem.IsWindows()) yield return "win-" + arch;
        else if (OperatingSystem.IsMacOS()) yield return "osx-" + arch;
        else
        {
            bool musl = File.Exists("/lib/ld-musl-" + (arch == "x64" ? "x86_64" : "aarch64") + ".so.1");
            yield return (musl ? "linux-musl-" : "linux-") + arch;
        }
    }
}
