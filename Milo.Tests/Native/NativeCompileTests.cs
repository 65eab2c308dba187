using System.Diagnostics;

namespace Milo.Tests.Native;

/// <summary>
/// `milo compile --native`: examples/native.milo (strings, Vec, HashMap, closures, heap enums, a C callback) becomes a
/// self-contained NativeAOT executable whose output matches the example's `// @expect:` lines. One test: a NativeAOT
/// publish takes ~10 s CPU (30–40 s wall on a loaded 2-core box). Needs clang (./build.sh installs it).
/// </summary>
public class NativeCompileTests
{
    [Fact]
    public void Compile_native_produces_a_self_contained_executable_with_the_expected_output()
    {
        var source = NativeCompile.ExamplePath("native.milo");
        var dir = Path.Combine(Path.GetTempPath(), "milo-native-tests", Guid.NewGuid().ToString("N"));
        var exe = Path.Combine(dir, "native-example");
        try
        {
            var (code, stderr) = NativeCompile.Run("compile", "--native", source, "-o", exe);
            Assert.True(code == 0, $"milo compile --native exited with {code}:\n{stderr}");
            // Milo.Runtime / Milo.Stdlib / the emitted program are trimming- and AOT-clean: ILC reports no warning.
            Assert.DoesNotContain("warning", stderr);
            Assert.True(File.Exists(exe));
            // Self-contained: only the executable was written (no .dll, no runtimeconfig), and it runs without `dotnet`.
            Assert.Equal(["native-example"], Directory.GetFiles(dir).Select(f => Path.GetFileName(f)!).ToArray());
            if (OperatingSystem.IsLinux())
            {
                // Linked at a fixed address, and dynamically: its FFI reaches NativeLibrary (docs/native.md, fifth pass).
                var (type, interp) = ElfHeaders.Read(exe);
                Assert.Equal(ElfHeaders.EtExec, type);
                Assert.True(interp, "a program that may load shared libraries must stay dynamically linked");
            }

            var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.Environment.Remove("DOTNET_ROOT");
            psi.Environment["PATH"] = "/usr/bin:/bin";
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd();
            var err = p.StandardError.ReadToEnd();
            Assert.True(p.WaitForExit(20_000), "the native executable did not finish in 20 s");
            Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}: {err}");

            var expected = File.ReadAllLines(source)
                .Where(l => l.StartsWith("// @expect: ", StringComparison.Ordinal))
                .Select(l => l["// @expect: ".Length..].Trim()).ToArray();
            Assert.True(expected.Length >= 5, "the example lost its @expect lines");
            var actual = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToArray();
            Assert.Equal(expected, actual);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public void Native_and_library_together_are_a_usage_error()
    {
        var (code, _) = NativeCompile.Run("compile", "--native", "--library", NativeCompile.ExamplePath("native.milo"));
        Assert.Equal(1, code);
    }
}
