using System.Diagnostics;

namespace Milo.Compiler.Native;

/// <summary>The CLI side of `--native`: emit the program to a temporary folder, publish it, run it.</summary>
internal static class NativeBuild
{
    /// <summary>
    /// Compiles <paramref name="compilation"/> to the native executable <paramref name="outputPath"/>. False on compile
    /// errors (left in the compilation's diagnostics) or when the native toolchain failed (<paramref name="error"/>).
    /// </summary>
    public static bool Compile(Compilation compilation, string outputPath, out string? error)
    {
        error = null;
        var tmp = Path.Combine(Path.GetTempPath(), "milo-native", Guid.NewGuid().ToString("N"));
        var name = Path.GetFileNameWithoutExtension(outputPath);
        if (string.IsNullOrWhiteSpace(name)) name = "program";
        var dll = Path.Combine(tmp, name + ".dll");
        try
        {
            if (!compilation.Emit(dll)) return false;
            error = NativePublisher.Publish(dll, tmp, outputPath);
            return error == null;
        }
        finally
        {
            try { Directory.Delete(tmp, recursive: true); } catch (IOException) { /* best effort */ }
        }
    }

    /// <summary>`milo run --native`: compile to a temporary executable and run it with <paramref name="args"/>; its exit status.</summary>
    public static int Run(Compilation compilation, string[] args, out string? error)
    {
        var dir = Path.Combine(Path.GetTempPath(), "milo-native-run", Guid.NewGuid().ToString("N"));
        var name = Path.GetFileNameWithoutExtension(compilation.MainSource.FilePath);
        if (string.IsNullOrWhiteSpace(name)) name = "program";
        var exe = Path.Combine(dir, name + (OperatingSystem.IsWindows() ? ".exe" : ""));
        try
        {
            if (!Compile(compilation, exe, out error)) return 1;
            var psi = new ProcessStartInfo(exe) { UseShellExecute = false };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            p.WaitForExit();
            return p.ExitCode;
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { /* best effort */ }
        }
    }
}
