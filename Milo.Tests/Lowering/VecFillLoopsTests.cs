using Milo.Compiler;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Tests.Lowering;

/// <summary>
/// Lowering/VecFillLoops.cs turns counted push loops into one PushRange call in release builds, and only those (the IL
/// shows it); Programs/lowering/vec_fill_loops.milo checks that behaviour is unchanged.
/// </summary>
public class VecFillLoopsTests
{
    private const string Source = """
        fn fill(n: i64): Vec<u8> {
            var v: Vec<u8> = Vec.new()
            var i: i64 = 0
            while i <= n {
                v.push(1 as u8)
                i = i + 1
            }
            return v
        }

        fn fillRange(n: i32): Vec<f64> {
            var v: Vec<f64> = Vec.new()
            for k in 0..n {
                v.push(0.5)
            }
            return v
        }

        fn iota(n: i64): Vec<i64> {
            var v: Vec<i64> = Vec.new()
            var i: i64 = 0
            while i < n {
                v.push(i)
                i = i + 1
            }
            return v
        }

        fn twice(n: i64): Vec<i64> {
            var v: Vec<i64> = Vec.new()
            var i: i64 = 0
            while i < n {
                v.push(1)
                i = i + 2
            }
            return v
        }

        fn strings(n: i64): Vec<string> {
            var v: Vec<string> = Vec.new()
            var i: i64 = 0
            while i < n {
                v.push("x")
                i = i + 1
            }
            return v
        }

        fn main(): i32 {
            print(fill(3).len, fillRange(4).len, iota(5).len, twice(6).len, strings(2).len)
            return 0
        }
        """;

    private static IList<Instruction> Body(ModuleDefinition m, string name) =>
        m.GetTypes().SelectMany(t => t.Methods).Single(x => x.Name == name).Body.Instructions;

    private static int Calls(IList<Instruction> body, string callee) =>
        body.Count(i => i.OpCode.Code is Code.Call or Code.Callvirt && i.Operand is MethodReference r && r.Name == callee);

    private static ModuleDefinition Compile(bool debug, string dir)
    {
        var dll = Path.Combine(dir, debug ? "fill-debug.dll" : "fill.dll");
        var c = Compilation.FromText("fill.milo", Source, new CompilationOptions { Debug = debug });
        Assert.True(c.Emit(dll), string.Join("\n", c.Diagnostics.Select(d => d.Format())));
        return ModuleDefinition.ReadModule(new MemoryStream(File.ReadAllBytes(dll)));
    }

    [Fact]
    public void Release_builds_fill_counted_push_loops_and_nothing_else()
    {
        var dir = Path.Combine(Path.GetTempPath(), "milo-fill-loops", Guid.NewGuid().ToString("N"));
        try
        {
            var m = Compile(debug: false, dir);
            Assert.Equal(1, Calls(Body(m, "fill"), "PushRangeI64"));
            Assert.Equal(0, Calls(Body(m, "fill"), "Push"));
            Assert.Equal(1, Calls(Body(m, "fillRange"), "PushRangeI32"));
            Assert.Equal(0, Calls(Body(m, "fillRange"), "Push"));
            foreach (var name in new[] { "iota", "twice", "strings" })   // the counter pushed, a step of 2, a string
            {
                Assert.Equal(1, Calls(Body(m, name), "Push"));
                Assert.Equal(0, Calls(Body(m, name), "PushRangeI64"));
            }

            var d = Compile(debug: true, dir);   // debug builds keep every loop as written
            Assert.Equal(1, Calls(Body(d, "fill"), "Push"));
            Assert.Equal(0, Calls(Body(d, "fill"), "PushRangeI64"));
            Assert.Equal(0, Calls(Body(d, "fillRange"), "PushRangeI32"));
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
