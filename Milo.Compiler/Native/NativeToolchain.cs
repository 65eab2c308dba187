using System.Runtime.InteropServices;

namespace Milo.Compiler.Native;

/// <summary>Finds the tools a native compile needs: the `dotnet` host (with its SDK) and a C compiler/linker.</summary>
internal static class NativeToolchain
{
    /// <summary>
    /// `clang` on PATH, else the newest versioned `clang-N` (Debian installs e.g. /usr/bin/clang-19 without the plain
    /// name). NativeAOT drives the link through it.
    /// </summary>
    public static string? FindCCompiler()
    {
        var env = Environment.GetEnvironmentVariable("MILO_NATIVE_CC");
        if (!string.IsNullOrEmpty(env)) return env;
        if (FindOnPath("clang") is { } plain) return plain;
        for (int v = 40; v >= 11; v--)
            if (FindOnPath("clang-" + v) is { } versioned) return versioned;
        return null;
    }

    /// <summary>
    /// The `dotnet` host: DOTNET_HOST_PATH (set by the CLI for the processes it starts), else the host of the runtime this
    /// compiler runs on (…/dotnet/shared/Microsoft.NETCore.App/VERSION/ → …/dotnet/dotnet), else `dotnet` on PATH.
    /// </summary>
    public static string? FindDotnet()
    {
        var exeName = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath)) return hostPath;
        var runtimeDir = RuntimeEnvironment.GetRuntimeDirectory();
        var root = Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", ".."));
        var candidate = Path.Combine(root, exeName);
        if (File.Exists(candidate)) return candidate;
        return FindOnPath("dotnet");
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var full = Path.Combine(dir, name);
            if (File.Exists(full)) return full;
            if (OperatingSystem.IsWindows() && File.Exists(full + ".exe")) return full + ".exe";
        }
        return null;
    }
}
