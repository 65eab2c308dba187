using System.Diagnostics;
using System.Reflection.PortableExecutable;
using Milo.Compiler.Cli;

namespace Milo.Tests.Native;

/// <summary>
/// `milo compile` precompiles the program ReadyToRun (crossgen2, the package the SDK selects) and writes the measured
/// runtime settings; MILO_READY_TO_RUN=0 keeps plain IL. Both assemblies run with the same output.
/// </summary>
public class ReadyToRunTests
{
    private const string Source = """
        fn square(x: i64): i64 {
            return x * x
        }

        fn main(): i32 {
            var total: i64 = 0
            for i in 0..10 {
                total = total + square(i as i64)
            }
            print("sum of squares ", total)
            return 0
        }
        """;

    private static bool HasNativeCode(string dll)
    {
        using var pe = new PEReader(File.OpenRead(dll));
        return pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0; // the ReadyToRun header
    }

    private static string RunDll(string dll)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(20_000));
        Assert.Equal(0, p.ExitCode);
        return output.Trim();
    }

    [Fact]
    public void Compile_precompiles_the_program_and_the_opt_out_keeps_IL()
    {
        var dir = Path.Combine(Path.GetTempPath(), "milo-r2r-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var src = Path.Combine(dir, "squares.milo");
        File.WriteAllText(src, Source);
        try
        {
            var r2r = Path.Combine(dir, "r2r", "squares.dll");
            Assert.Equal(0, MiloCli.Run(["compile", src, "-o", r2r]));
            Assert.True(HasNativeCode(r2r), "milo compile did not produce a ReadyToRun image");
            Assert.Equal("sum of squares 285", RunDll(r2r));
            var config = File.ReadAllText(Path.ChangeExtension(r2r, null) + ".runtimeconfig.json");
            Assert.Contains("\"System.GC.Concurrent\": false", config);
            Assert.Contains("\"System.Runtime.TieredPGO\": false", config);

            var il = Path.Combine(dir, "il", "squares.dll");
            Environment.SetEnvironmentVariable("MILO_READY_TO_RUN", "0");
            try { Assert.Equal(0, MiloCli.Run(["compile", src, "-o", il])); }
            finally { Environment.SetEnvironmentVariable("MILO_READY_TO_RUN", null); }
            Assert.False(HasNativeCode(il));
            Assert.Equal("sum of squares 285", RunDll(il));
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
