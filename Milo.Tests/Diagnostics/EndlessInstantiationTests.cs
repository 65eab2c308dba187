using Milo.Compiler;
using Xunit;

namespace Milo.Tests.Diagnostics;

/// <summary>
/// Generics are monomorphised, so a generic that instantiates itself with a bigger type argument needs infinitely many
/// instances. The compiler used to hang on such programs (a function: the work queue never emptied; a struct or enum:
/// field resolution never returned); the reference overflows its stack. Now the declaration is reported once (E0412),
/// with nothing else, and well-nested generics just below the limit still compile.
/// </summary>
public class EndlessInstantiationTests
{
    private static Milo.Compiler.Diagnostics.Diagnostic OnlyError(string source)
    {
        var c = Compilation.FromText("prog.milo", source);
        Assert.False(c.Check());
        return Assert.Single(c.Diagnostics, d => d.IsError);
    }

    [Fact]
    public void AFunctionRecursingWithABiggerTypeArgumentIsReported()
    {
        var d = OnlyError("fn rec<T>(x: T, n: i64): i64 {\n    if n == 0 { return 0 }\n    let v: Vec<T> = Vec.new()\n    return rec(v, n - 1)\n}\n" +
                          "fn main(): i32 {\n    print(rec(1, 3))\n    return 0\n}\n");
        Assert.Equal("E0412", d.Code);
        Assert.Equal((1, 4), (d.Location.Line, d.Location.Column));
        Assert.StartsWith("generic 'rec' instantiates itself with ever deeper type arguments (Vec<Vec<", d.Message);
    }

    [Fact]
    public void AStructWhoseFieldGrowsItsTypeArgumentIsReportedWithoutEchoes()
    {
        var d = OnlyError("struct Nest<T> {\n    value: T,\n    inner: Option<Heap<Nest<Vec<T>>>>,\n}\n" +
                          "fn main(): i32 {\n    let n = Nest { value: 1, inner: Option.None }\n    print(n.value)\n    return 0\n}\n");
        Assert.Equal("E0412", d.Code);
        Assert.Contains("generic 'Nest' instantiates itself", d.Message);
    }

    [Fact]
    public void AnEnumWhosePayloadGrowsItsTypeArgumentIsReported()
    {
        var d = OnlyError("enum Deep<T> {\n    Leaf(T),\n    More(Heap<Deep<Heap<T>>>),\n}\n" +
                          "fn main(): i32 {\n    let d: Deep<i64> = Deep.Leaf(1 as i64)\n    print(d is Deep.Leaf)\n    return 0\n}\n");
        Assert.Equal("E0412", d.Code);
        Assert.Contains("generic 'Deep' instantiates itself with ever deeper type arguments (Heap<Heap<", d.Message);
    }

    [Fact]
    public void DeepButFiniteNestingStillCompiles()
    {
        // Vec nested 30 deep around i64: depth 31, within the limit of 32.
        var t = "i64";
        for (int i = 0; i < 30; i++) t = $"Vec<{t}>";
        var c = Compilation.FromText("prog.milo", $"fn id<T>(x: T): T {{\n    return x\n}}\nfn main(): i32 {{\n    let v: {t} = Vec.new()\n    let w = id(v)\n    print(w.len)\n    return 0\n}}\n");
        Assert.True(c.Check(), string.Join("\n", c.Diagnostics.Select(d => d.Message)));
    }
}
