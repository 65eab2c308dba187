using Milo.Compiler;
using Xunit;

namespace Milo.Tests.Diagnostics;

/// <summary>
/// The hint under "use of moved variable" suggests `.clone()` only for a type that has one (strings, types with a
/// `clone` method or a Clone default). For a Vec, HashMap or struct without clone() it used to suggest `v.clone()`,
/// which fails with "Vec has no method 'clone'"; it now says so and suggests borrowing.
/// </summary>
public class MovedValueHintTests
{
    private static string Hint(string decls, string body)
    {
        var c = Compilation.FromText("prog.milo", decls + "fn main(): i32 {\n" + body + "    return 0\n}\n");
        Assert.False(c.Check());
        var d = Assert.Single(c.Diagnostics, d => d.IsError);
        Assert.Equal("E0301", d.Code);
        return d.Hint!;
    }

    [Fact]
    public void AStringIsToldToClone()
        => Assert.EndsWith("To keep it alive, clone it at the point of transfer: 's.clone()'.",
            Hint("", "    let s = \"a\"\n    let t = s\n    print(s)\n"));

    [Fact]
    public void AVecWithoutCloneIsToldToBorrow()
        => Assert.Equal("ownership of 'v' was transferred earlier and it can no longer be used here. 'Vec<string>' has no clone(): " +
                        "borrow it at the point of transfer (a '&' parameter) or use it before the transfer.",
            Hint("fn take(v: Vec<string>) {}\n", "    let v: Vec<string> = [\"a\"]\n    take(v)\n    print(v.len)\n"));

    [Fact]
    public void AStructWithoutCloneIsToldToBorrow()
        => Assert.Contains("'Bag' has no clone()", Hint("struct Bag { items: Vec<i64> }\n", "    let b = Bag { items: [1] }\n    let c = b\n    print(b.items.len)\n"));

    [Theory]
    [InlineData("impl Bag {\n    fn clone(self: &Self): Bag {\n        return Bag { items: [1] }\n    }\n}\n")]
    [InlineData("impl Clone for Bag {\n    fn clone(self: &Self): Bag {\n        return Bag { items: [1] }\n    }\n}\n")]
    public void AStructWithACloneMethodIsToldToClone(string impl)
        => Assert.EndsWith("clone it at the point of transfer: 'b.clone()'.",
            Hint("struct Bag { items: Vec<i64> }\n" + impl, "    let b = Bag { items: [1] }\n    let c = b\n    print(b.items.len)\n"));
}
