using Milo.Compiler;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Tests.Lowering;

/// <summary>
/// `match *t` on a Heap reached through a reference looks at the payload in place: a recursive walk does not deep-copy
/// the subtree at every level (it did for a while, which made binarytrees 8× slower). Moving the payload out of a
/// borrowed box into an owner still copies (checklist §5.7), and Programs/values/heap_match_borrowed.milo checks the
/// observable behaviour (drops once per node).
/// </summary>
public class BorrowedHeapMatchTests
{
    private const string Source = """
        enum Tree {
            Leaf,
            Node(Heap<Tree>, Heap<Tree>),
        }

        fn make(d: i32): Heap<Tree> {
            if d <= 0 {
                return Heap(Tree.Leaf)
            }
            return Heap(Tree.Node(make(d - 1), make(d - 1)))
        }

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

        fn firstLeft(t: &Heap<Tree>): Heap<Tree> {
            match *t {
                Tree.Leaf => {
                    return Heap(Tree.Leaf)
                }
                Tree.Node(l, r) => {
                    return l
                }
            }
        }

        fn main(): i32 {
            let t = make(3)
            let l = firstLeft(t)
            print(check(t), " ", check(l))
            return 0
        }
        """;

    private static int CopyCalls(ModuleDefinition m, string method) =>
        m.GetTypes().SelectMany(t => t.Methods).Single(x => x.Name == method).Body.Instructions
            .Count(i => i.OpCode.Code == Code.Call && i.Operand is MethodReference r && r.Name.StartsWith("__copy", StringComparison.Ordinal));

    [Fact]
    public void Matching_a_borrowed_box_does_not_copy_it_but_moving_a_binding_out_does()
    {
        var dir = Path.Combine(Path.GetTempPath(), "milo-heap-match", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var dll = Path.Combine(dir, "tree.dll");
            var c = Compilation.FromText("tree.milo", Source, new CompilationOptions());
            Assert.True(c.Emit(dll), string.Join("\n", c.Diagnostics.Select(d => d.Format())));
            using var m = ModuleDefinition.ReadModule(new MemoryStream(File.ReadAllBytes(dll)));
            Assert.Equal(0, CopyCalls(m, "check"));
            Assert.True(CopyCalls(m, "firstLeft") >= 1, "returning a binding of a borrowed box must copy it");
        }
        finally { try { Directory.Delete(dir, true); } catch (IOException) { } }
    }
}
