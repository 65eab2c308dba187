using System.Diagnostics;

namespace Milo.Tests.Native;

/// <summary>
/// examples/sqlite_notes.milo under `--native`: std/sqlite's SQLitePCLRaw assemblies are compiled in and its bundled
/// native SQLite is written beside the executable (before, the executable failed at start with a type initialiser
/// error). It loads a library at run time, so it is linked dynamically.
/// </summary>
public class NativeSqliteTests
{
    [Fact]
    public void A_std_sqlite_program_runs_as_a_native_executable_with_its_sqlite_library_beside_it()
    {
        var source = NativeCompile.ExamplePath("sqlite_notes.milo");
        var dir = Path.Combine(Path.GetTempPath(), "milo-native-tests", Guid.NewGuid().ToString("N"));
        var exe = Path.Combine(dir, "notes");
        try
        {
            var (code, stderr) = NativeCompile.Run("compile", "--native", source, "-o", exe);
            Assert.True(code == 0, $"milo compile --native exited with {code}:\n{stderr}");
            Assert.DoesNotContain("warning", stderr);
            var written = Directory.GetFiles(dir).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(2, written.Length);
            Assert.Equal("notes", written[1]);
            Assert.Contains("sqlite3", written[0]);
            if (OperatingSystem.IsLinux()) Assert.True(ElfHeaders.Read(exe).HasInterpreter);

            var psi = new ProcessStartInfo(exe)
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = dir,
            };
            psi.Environment.Remove("DOTNET_ROOT");
            psi.Environment["PATH"] = "/usr/bin:/bin";
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd();
            var err = p.StandardError.ReadToEnd();
            Assert.True(p.WaitForExit(20_000), "the native executable did not finish in 20 s");
            Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}: {err}\n{output}");
            var expected = File.ReadAllLines(source)
                .Where(l => l.StartsWith("// @expect: ", StringComparison.Ordinal))
                .Select(l => l["// @expect: ".Length..].Trim()).ToArray();
            Assert.True(expected.Length >= 5, "the example lost its @expect lines");
            Assert.Equal(expected, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToArray());
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
