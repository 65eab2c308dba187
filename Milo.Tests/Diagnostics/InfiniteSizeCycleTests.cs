using Milo.Compiler;
using Xunit;

namespace Milo.Tests.Diagnostics;

/// <summary>
/// A struct or enum that contains itself by value through other value types (an Option, another struct, an enum
/// payload) has infinite size. Only the direct case (<c>next: Node</c>) was reported; the others compiled and the program
/// died at start-up with "internal error: TypeLoadException". Each cycle is now one E0412 at the field or variant of
/// its first type in the program's own source; Heap/Vec/HashMap indirections stay fine.
/// </summary>
public class InfiniteSizeCycleTests
{
    private static List<string> Errors(string decls)
    {
        var c = Compilation.FromText("prog.milo", decls + "fn main(): i32 {\n    print(1)\n    return 0\n}\n");
        c.Check();
        return c.Diagnostics.Where(d => d.IsError).Select(d => $"{d.Location.Line}:{d.Location.Column}: {d.Message} | {d.Hint}").ToList();
    }

    [Fact]
    public void AStructHoldingAnOptionOfItself()
        => Assert.Equal(new[] { "1:23: struct 'Node' has infinite size due to recursive field 'next' | the type contains itself through " +
                                "this field; wrap it in Heap<Option<Node>> (or hold a Heap inside it) for heap allocation" },
            Errors("struct Node { v: i64, next: Option<Node> }\n"));

    [Fact]
    public void TwoStructsHoldingEachOtherAreOneError()
        => Assert.Equal(new[] { "1:12: struct 'A' has infinite size due to recursive field 'b' | the type contains itself through " +
                                "this field; wrap it in Heap<B> (or hold a Heap inside it) for heap allocation" },
            Errors("struct A { b: B, n: i64 }\nstruct B { a: A }\n"));

    [Fact]
    public void AnEnumWhosePayloadStructHoldsTheEnum()
        => Assert.Equal(new[] { "1:23: enum 'Expr' has infinite size due to recursive field | the type contains itself through " +
                                "this field; wrap it in Heap<Inner> (or hold a Heap inside it) for heap allocation" },
            Errors("enum Expr { Num(i64), Pair(Inner) }\nstruct Inner { left: Expr, right: i64 }\n"));

    [Fact]
    public void IndirectionsThroughHeapVecAndMapAreFine()
        => Assert.Empty(Errors("struct Node { next: Option<Heap<Node>>, kids: Vec<Node>, byName: HashMap<string, Node> }\n" +
                               "enum Tree { Leaf(i64), Fork(Heap<Pair>) }\nstruct Pair { l: Tree, r: Tree }\n"));

    [Fact]
    public void AStructHoldingAGenericOfItselfIsReportedAtItsOwnField()
        => Assert.Equal(new[] { "2:12: struct 'A' has infinite size due to recursive field 'w' | the type contains itself through " +
                                "this field; wrap it in Heap<W<A>> (or hold a Heap inside it) for heap allocation" },
            Errors("struct W<T> { v: T }\nstruct A { w: W<A>, n: i64 }\n"));
}
