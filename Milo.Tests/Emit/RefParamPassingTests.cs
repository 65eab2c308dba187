using Milo.Compiler;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Tests.Emit;

/// <summary>
/// Which `&amp;T` parameters are CLR byrefs (Emit/RefParamPassing.cs): a read-only reference to a class-typed value is
/// passed by value when no parameter of the function can reach a caller's variable; `&amp;mut`, references to structs,
/// and functions that also take a `&amp;mut` or a function value keep the byref. Programs/values/ref_param_*.milo check
/// the behaviour.
/// </summary>
public class RefParamPassingTests
{
    private const string Source = """
        enum Tree {
            Leaf,
            Node(Heap<Tree>, Heap<Tree>),
        }

        struct Point { x: i64, y: i64 }

        fn check(t: &Heap<Tree>): i32 {
            match *t {
                Tree.Leaf => {
                    return 1
                }
                Tree.Node(l, r) => {
                    return 1 + check(l) + check(r)
                }
            }
        }

        fn plain(s: &string, v: &Vec<i64>, m: &HashMap<string, i64>, p: &Point): i64 {
            return s.len + v.len + m.len + p.x
        }

        fn withMut(a: &string, b: &mut string): i64 {
            b = b + a
            return a.len
        }

        fn withCallback(a: &string, g: () => void): i64 {
            g()
            return a.len
        }

        fn grow(b: &mut string): i64 {
            b = b + "!"
            return b.len
        }

        fn main(): i32 {
            let t = Heap(Tree.Node(Heap(Tree.Leaf), Heap(Tree.Leaf)))
            var s = "ab"
            let v: Vec<i64> = [1, 2]
            let m: HashMap<string, i64> = HashMap.new()
            let p = Point { x: 1, y: 2 }
            var n = 0
            let g = () => { n = n + 1 }
            print(check(t), " ", plain(s, v, m, p), " ", withMut("x", s), " ", withCallback(s, g), " ", plain(s, v, m, p))
            print(grow(s), " ", withMut(s, s))
            return 0
        }
        """;

    private static ModuleDefinition Compile(string dir)
    {
        var dll = Path.Combine(dir, "refs.dll");
        var c = Compilation.FromText("refs.milo", Source, new CompilationOptions());
        Assert.True(c.Emit(dll), string.Join("\n", c.Diagnostics.Select(d => d.Format())));
        return ModuleDefinition.ReadModule(new MemoryStream(File.ReadAllBytes(dll)));
    }

    private static MethodDefinition Method(ModuleDefinition m, string name) => m.GetTypes().SelectMany(t => t.Methods).Single(x => x.Name == name);

    private static string Kinds(MethodDefinition m)
        => string.Join(",", m.Parameters.Select(p => p.ParameterType is ByReferenceType br ? "&" + br.ElementType.Name : p.ParameterType.Name));

    [Fact]
    public void Read_only_references_to_class_types_are_values_unless_a_parameter_can_reach_the_callers_variables()
    {
        var dir = Path.Combine(Path.GetTempPath(), "milo-ref-params", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            using var m = Compile(dir);
            Assert.Equal("Box`1", Kinds(Method(m, "check")));
            Assert.Equal("MiloString,MiloVec`1,MiloMap`2,&Point", Kinds(Method(m, "plain")));
            Assert.Equal("&MiloString,&MiloString", Kinds(Method(m, "withMut")));
            Assert.Equal("&MiloString,Action", Kinds(Method(m, "withCallback")));
            Assert.Equal("&MiloString", Kinds(Method(m, "grow")));
            // The recursive calls pass the payload references themselves: no address of a local or parameter is taken.
            var body = Method(m, "check").Body.Instructions;
            Assert.DoesNotContain(body, i => i.OpCode.Code is Code.Ldloca or Code.Ldloca_S or Code.Ldarga or Code.Ldarga_S);
        }
        finally { try { Directory.Delete(dir, true); } catch (IOException) { } }
    }
}
