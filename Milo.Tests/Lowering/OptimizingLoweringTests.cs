using Milo.Compiler;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Tests.Lowering;

/// <summary>
/// The release-build rewrites TailAccumulation and BranchlessCounters apply where they should and nowhere else (the IL
/// shows it); Programs/core/tail_accumulation.milo and branchless_counters.milo check that behaviour is unchanged.
/// </summary>
public class OptimizingLoweringTests
{
    private const string Source = """
        fn fib(n: i64): i64 {
            if n < 2 {
                return n
            }
            return fib(n - 1) + fib(n - 2)
        }

        fn walkUp(n: i64): i64 {
            if n == 0 {
                return 0
            }
            return walkUp(n - 1) + probe(n)
        }

        fn probe(n: i64): i64 {
            print(n)
            return n
        }

        fn countSmall(v: &Vec<i64>): i64 {
            var c: i64 = 0
            for x in v {
                if x < 10 {
                    c = c + 1
                }
            }
            return c
        }

        fn main(): i32 {
            let v: Vec<i64> = [1, 20, 3]
            print(fib(10), walkUp(2), countSmall(v))
            return 0
        }
        """;

    private static MethodDefinition Method(ModuleDefinition m, string name) =>
        m.GetTypes().SelectMany(t => t.Methods).Single(x => x.Name == name);

    private static int Calls(MethodDefinition m, string callee) =>
        m.Body.Instructions.Count(i => i.OpCode.Code == Code.Call && i.Operand is MethodReference r && r.Name == callee);

    private static ModuleDefinition Compile(bool debug, string dir)
    {
        var dll = Path.Combine(dir, "opt.dll");
        var c = Compilation.FromText("opt.milo", Source, new CompilationOptions { Debug = debug });
        Assert.True(c.Emit(dll), string.Join("\n", c.Diagnostics.Select(d => d.Format())));
        return ModuleDefinition.ReadModule(new MemoryStream(File.ReadAllBytes(dll)));
    }

    [Fact]
    public void Release_build_loops_tail_calls_and_adds_comparisons()
    {
        var dir = Path.Combine(Path.GetTempPath(), "milo-opt-lowering", Guid.NewGuid().ToString("N"));
        try
        {
            var m = Compile(debug: false, dir);
            Assert.Equal(1, Calls(Method(m, "fib"), "fib"));          // fib(n - 2) became a jump
            Assert.Equal(1, Calls(Method(m, "walkUp"), "walkUp"));    // impure right operand: still a real call …
            Assert.DoesNotContain(Method(m, "walkUp").Body.Instructions, i => i.OpCode.Code is Code.Starg or Code.Starg_S);   // … not a jump
            var count = Method(m, "countSmall").Body.Instructions;
            Assert.Contains(count, i => i.OpCode.Code == Code.Conv_U8);   // c + (x < 10) as i64
            
            var d = Compile(debug: true, dir);
            Assert.Equal(2, Calls(Method(d, "fib"), "fib"));          // debug builds keep the recursion
            Assert.DoesNotContain(Method(d, "countSmall").Body.Instructions, i => i.OpCode.Code == Code.Conv_U8);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
