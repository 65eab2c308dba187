using System.Text;
using Milo.Compiler;
using Milo.Tests.Programs;

namespace Milo.Tests.Emit;

/// <summary>
/// Issue #12: a CLR type holds at most 65,535 methods, so a program with more top-level functions than that must spread
/// them over several classes (MiloProgram, MiloProgram$1, …) and still load, JIT and run.
/// </summary>
[Collection("reliability-serial")]   // a 70k-function compile is CPU- and memory-heavy
public class ManyMethodsTests
{
    private const int Functions = 70_000;
    private const int Chain = 100;

    /// <summary>
    /// f{i} = f{i-1}(a) + i inside chains of <see cref="Chain"/> functions (f{100c}(a) = a + 100c); main adds up the last
    /// function of every chain, so every function is called once and the printed total depends on all of them.
    /// </summary>
    private static string Generate(int functions)
    {
        var sb = new StringBuilder(functions * 48);
        for (int i = 0; i < functions; i++)
        {
            if (i % Chain == 0) sb.Append("fn f").Append(i).Append("(a: i64): i64 { return a + ").Append(i).Append(" }\n");
            else sb.Append("fn f").Append(i).Append("(a: i64): i64 { return f").Append(i - 1).Append("(a) + ").Append(i).Append(" }\n");
        }
        // A function value and a string literal in a late function: thunks and literals must find a home too.
        sb.Append("fn apply(g: (i64) => i64, x: i64): i64 { return g(x) }\n");
        sb.Append("fn main(): i32 {\n    var total: i64 = 0\n");
        for (int c = 0; c < functions / Chain; c++) sb.Append("    total = total + f").Append(c * Chain + Chain - 1).Append("(1)\n");
        sb.Append("    total = total + apply(f0, 0)\n");
        sb.Append("    print(\"total \", total)\n    return 0\n}\n");
        return sb.ToString();
    }

    [Fact]
    public async Task SeventyThousandFunctionsCompileLoadAndRun()
    {
        var dir = Path.Combine(Path.GetTempPath(), "milo-many-methods", $"{Environment.ProcessId}_{Guid.NewGuid():N}");
        var dll = Path.Combine(dir, "many.dll");
        try
        {
            var compilation = Compilation.FromText("many.milo", Generate(Functions));
            Assert.True(compilation.Emit(dll), string.Join("\n", compilation.Diagnostics.Select(d => d.Format())));

            // More than one class holds the functions, none of them over the CLR's limit.
            using (var asm = Mono.Cecil.AssemblyDefinition.ReadAssembly(dll))
            {
                var hosts = asm.MainModule.Types.Where(t => t.Name.StartsWith("MiloProgram", StringComparison.Ordinal)).ToList();
                Assert.True(hosts.Count >= 2, "expected the functions to be split over several classes");
                Assert.All(asm.MainModule.Types, t => Assert.True(t.Methods.Count <= ushort.MaxValue, $"{t.Name} has {t.Methods.Count} methods"));
                Assert.Contains(hosts.Single(t => t.Name == "MiloProgram").Methods, m => m.Name == "Main");
                Assert.Equal(Functions + 2, hosts.Sum(t => t.Methods.Count(m => m.Name.StartsWith('f') || m.Name is "apply" or "main")));
            }

            var run = await ProgramHarness.RunProcessAsync(ProgramHarness.DotnetHost(), [dll], dir, TimeSpan.FromSeconds(60));
            long expected = Functions / Chain + (long)(Functions - 1) * Functions / 2;   // 1 per chain + Σ i
            Assert.Equal("", run.Stderr);
            Assert.Equal($"total {expected}\n", run.Stdout.Replace("\r\n", "\n"));
            Assert.Equal(0, run.ExitCode);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch { /* best effort */ }
        }
    }
}
