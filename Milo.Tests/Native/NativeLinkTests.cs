using System.Diagnostics;

namespace Milo.Tests.Native;

/// <summary>
/// How `--native` links (docs/native.md, fifth pass): on Linux a program that loads no shared library at run time becomes a
/// static, non-PIE glibc executable (no dynamic loader at start-up); it still runs with a bare environment and prints
/// what the JIT build prints. (examples/native.milo, which calls C through FFI, stays dynamic: NativeCompileTests.)
/// </summary>
public class NativeLinkTests
{
    private const string Program = """
        fn fib(n: i32): i64 {
            if n < 2 { return n as i64 }
            return fib(n - 1) + fib(n - 2)
        }

        fn main(): i32 {
            var words: Vec<string> = Vec.new()
            for w in "static native start".split(" ") {
                words.push(w.clone())
            }
            var lens: HashMap<string, i32> = HashMap.new()
            for w in words {
                lens.insert(w.clone(), w.len as i32)
            }
            print("words ", words.len, ", native=", lens.getOrDefault("native", 0))
            print("fib ", fib(20))
            return 3
        }
        """;

    [Fact]
    public void A_program_without_shared_libraries_links_statically_and_runs_bare()
    {
        if (!OperatingSystem.IsLinux()) return; // static glibc executables are a Linux matter
        var dir = Path.Combine(Path.GetTempPath(), "milo-native-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var source = Path.Combine(dir, "plain.milo");
        var exe = Path.Combine(dir, "plain");
        File.WriteAllText(source, Program);
        try
        {
            var (code, stderr) = NativeCompile.Run("compile", "--native", source, "-o", exe);
            Assert.True(code == 0, $"milo compile --native exited with {code}:\n{stderr}");
            // Neither ILC warnings nor the static link's glibc notes reach the user.
            Assert.DoesNotContain("warning", stderr);

            var (type, interp) = ElfHeaders.Read(exe);
            Assert.Equal(ElfHeaders.EtExec, type);
            Assert.False(interp, "expected a static executable (no PT_INTERP)");

            var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.Environment.Clear();
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd();
            var err = p.StandardError.ReadToEnd();
            Assert.True(p.WaitForExit(20_000), "the native executable did not finish in 20 s");
            Assert.True(p.ExitCode == 3, $"exit {p.ExitCode}: {err}");
            Assert.Equal(["words 3, native=6", "fib 6765"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
