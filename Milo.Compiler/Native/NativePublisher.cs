using System.Runtime.InteropServices;

namespace Milo.Compiler.Native;

/// <summary>
/// `milo compile --native`: turns a compiled program (OUT.dll + Milo.Runtime.dll / Milo.Stdlib.dll) into a self-contained
/// native executable with NativeAOT. The program assembly is handed to the SDK's own publish pipeline through a small
/// MSBuild project (<see cref="NativeProject"/>) whose compile step copies the Milo-emitted assembly instead of running
/// C#, so the SDK picks the ILCompiler package matching its runtime and drives ILC and the native link (clang) itself.
/// The project lives in a per-user cache folder (<see cref="CacheDirectory"/>): its restore (the ILCompiler packages) is
/// done once, and a lock file serialises concurrent native compiles that share it.
/// </summary>
internal static class NativePublisher
{
    /// <summary>
    /// Publishes <paramref name="programDll"/> (with the runtime assemblies found in <paramref name="runtimeDir"/>) as the
    /// native executable <paramref name="outputPath"/>. Returns null on success, else an error message (the tool output).
    /// </summary>
    public static string? Publish(string programDll, string runtimeDir, string outputPath)
    {
        var dotnet = NativeToolchain.FindDotnet();
        if (dotnet == null)
            return "native compilation needs the .NET SDK: `dotnet` was not found (set DOTNET_HOST_PATH or put it on PATH)";
        var linker = NativeToolchain.FindCCompiler();
        if (linker == null)
            return "native compilation needs a C toolchain for the final link: install clang (Debian/Ubuntu: `apt-get install clang zlib1g-dev`)";

        var name = Path.GetFileNameWithoutExtension(programDll);
        var dir = CacheDirectory();
        Directory.CreateDirectory(dir);
        using var _ = CacheLock.Acquire(Path.Combine(dir, ".lock"));
        NativeProject.WriteIfChanged(dir);

        var publishDir = Path.Combine(dir, "out", name);
        if (Directory.Exists(publishDir)) Directory.Delete(publishDir, recursive: true);
        var exe = Path.Combine(publishDir, name + (OperatingSystem.IsWindows() ? ".exe" : ""));
        var canLinkStatically = CanLinkStatically();
        var (code, output) = RunPublish(dotnet, dir, publishDir, programDll, runtimeDir, name, linker, canLinkStatically);
        if (canLinkStatically && (code != 0 || !File.Exists(exe)))
        {
            // E.g. an `extern fn` naming a symbol the static C library lacks: the dynamic link defers it to run time, as before.
            if (Directory.Exists(publishDir)) Directory.Delete(publishDir, recursive: true);
            (code, output) = RunPublish(dotnet, dir, publishDir, programDll, runtimeDir, name, linker, staticLink: false);
        }
        if (code != 0 || !File.Exists(exe))
            return $"native compilation failed (dotnet publish exited with {code}):\n{output.TrimEnd()}";

        // Trimming/AOT analysis warnings (ILxxxx) mean the executable may behave differently from the JIT build: show them.
        // The static link's notes that glibc's dlopen/NSS functions need the same glibc at run time are expected (the
        // object-file check in NativeProject keeps programs that call them dynamic).
        foreach (var line in output.Split('\n'))
            if (line.Contains(": warning ", StringComparison.Ordinal) && !line.Contains(StaticGlibcNote, StringComparison.Ordinal))
                Console.Error.WriteLine(line.TrimEnd());
        var outFull = Path.GetFullPath(outputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(outFull)!);
        File.Copy(exe, outFull, overwrite: true);
        foreach (var lib in NativeLibrariesIn(runtimeDir))
            File.Copy(lib, Path.Combine(Path.GetDirectoryName(outFull)!, Path.GetFileName(lib)), overwrite: true);
        try { Directory.Delete(publishDir, recursive: true); } catch (IOException) { /* best effort */ }
        return null;
    }

    /// <summary>
    /// Native libraries the emitted program carries (std/sqlite's e_sqlite3, Emit/SqliteFiles): loaded at run time from
    /// the executable's folder, so they go beside it. Programs without them get only the executable.
    /// </summary>
    private static IEnumerable<string> NativeLibrariesIn(string runtimeDir) =>
        Directory.EnumerateFiles(runtimeDir).Where(f =>
            f.EndsWith(".so", StringComparison.Ordinal) || f.EndsWith(".dylib", StringComparison.Ordinal)
            || Path.GetFileName(f).Equals("e_sqlite3.dll", StringComparison.OrdinalIgnoreCase));

    private const string StaticGlibcNote = "in statically linked applications requires at runtime the shared libraries";

    private static (int Code, string Output) RunPublish(string dotnet, string dir, string publishDir, string programDll,
        string runtimeDir, string name, string linker, bool staticLink)
    {
        var args = new List<string>
        {
            "publish", Path.Combine(dir, NativeProject.FileName), "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier,
            "-o", publishDir, "-nologo", "-v", "quiet", "-clp:NoSummary", "-nodeReuse:false",
            "-p:MiloProgram=" + Path.GetFullPath(programDll),
            "-p:MiloRuntimeDir=" + Path.GetFullPath(runtimeDir),
            "-p:AssemblyName=" + name,
            "-p:CppCompilerAndLinker=" + linker,
            "-p:MiloStaticLink=" + (staticLink ? "true" : "false"),
        };
        return Tool.Run(dotnet, args, dir);
    }

    /// <summary>
    /// A static glibc executable (NativeProject.StaticLinkTargets) is tried on Linux with glibc only: musl has its own
    /// ILCompiler runtime packages, and macOS/Windows have no static C library. MILO_NATIVE_STATIC=0 turns it off.
    /// </summary>
    private static bool CanLinkStatically() =>
        OperatingSystem.IsLinux()
        && !RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.Ordinal)
        && Environment.GetEnvironmentVariable("MILO_NATIVE_STATIC") != "0";

    /// <summary>
    /// The cached publish project: MILO_NATIVE_CACHE, else $XDG_CACHE_HOME/milo/native (~/.cache/milo/native), one folder
    /// per runtime version (its ILCompiler packages follow the SDK's runtime).
    /// </summary>
    public static string CacheDirectory()
    {
        var root = Environment.GetEnvironmentVariable("MILO_NATIVE_CACHE");
        if (string.IsNullOrEmpty(root))
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            var baseDir = !string.IsNullOrEmpty(xdg) ? xdg
                : !string.IsNullOrEmpty(home) ? Path.Combine(home, ".cache")
                : Path.GetTempPath(); // no home folder (some CI users): still a per-machine cache
            root = Path.Combine(baseDir, "milo", "native");
        }
        return Path.Combine(root, "net" + Environment.Version.ToString(3));
    }
}
