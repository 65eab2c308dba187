using Milo.Compiler;
using Xunit;

namespace Milo.Tests.Diagnostics;

public class DiagnosticFormatTests
{
    private static Milo.Compiler.Diagnostics.Diagnostic FirstError(string source)
    {
        var c = Compilation.FromText("prog.milo", source);
        Assert.False(c.Check());
        return c.Diagnostics.First(d => d.IsError);
    }

    [Fact]
    public void TextFormatHasLocationMessageCodeSourceLineAndCaret()
    {
        var d = FirstError("fn main(): i32 {\n    let s = \"a\"\n    let t = s\n    print(s)\n    return 0\n}\n");
        var lines = d.Format().Split('\n');
        Assert.Equal("prog.milo:4:11: error: use of moved variable 's' [E0301]", lines[0]);
        Assert.Equal("        print(s)", lines[1]);
        Assert.Equal("              ^", lines[2]);
    }

    [Fact]
    public void MsBuildFormatIsParsableByIdes()
    {
        var d = FirstError("fn main(): i32 {\n    let x: i32 = \"s\"\n    return 0\n}\n");
        Assert.Equal("prog.milo(2,18): error E0201: type mismatch: 'x' declared as i32 but got string", d.FormatMsBuild());
    }

    [Theory]
    [InlineData("fn main(): i32 {\n    print(y)\n    return 0\n}\n", "E0101")]
    [InlineData("fn main(): i32 {\n    foo()\n    return 0\n}\n", "E0102")]
    [InlineData("fn main(): i32 {\n    break\n    return 0\n}\n", "E0401")]
    [InlineData("fn main(): i32 {\n    let x = 1\n    x = 2\n    return 0\n}\n", "E0304")]
    [InlineData("fn main(): i32 {\n    let x: i8 = 200\n    return 0\n}\n", "E0204")]
    public void ErrorsHaveStableCodes(string source, string code) => Assert.Equal(code, FirstError(source).Code);
}
