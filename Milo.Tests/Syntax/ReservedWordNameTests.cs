using Milo.Compiler.Syntax;
using static Milo.Tests.Syntax.SyntaxTestHelpers;

namespace Milo.Tests.Syntax;

/// <summary>
/// A reserved word used as the name of a parameter, field or variable is one error with a hint, and the declaration is
/// still parsed. Before, the parser recovered by skipping to the keyword as if a declaration started there: `fn f(from: i64)`
/// also reported "expected string literal but found ':'" and "cannot open '.milo'" (`from` read as an import).
/// </summary>
public class ReservedWordNameTests
{
    [Theory]
    [InlineData("fn relay(from: i64, to: i64): i64 {\n    return to\n}\n", "from", 1, 10)]
    [InlineData("struct Token {\n    type: string,\n    text: string,\n}\n", "type", 2, 5)]
    [InlineData("fn main() {\n    let in = 3\n}\n", "in", 2, 9)]
    [InlineData("fn main() {\n    var match: i64 = 3\n}\n", "match", 2, 9)]
    [InlineData("struct T { n: i64 }\nfn main() {\n    let t = T { is: 1 }\n}\n", "is", 3, 17)]
    public void ReservedWordAsNameIsOneErrorWithAHint(string source, string word, int line, int column)
    {
        var (unit, bag) = Parse(source);
        var d = Assert.Single(bag);
        Assert.Equal("E0004", d.Code);
        Assert.Equal($"expected identifier but found '{word}'", d.Message);
        Assert.Equal((line, column), (d.Location.Line, d.Location.Column));
        Assert.Contains($"'{word}' is a reserved word", d.Hint);
        Assert.NotEmpty(unit.Decls);
    }

    [Fact]
    public void TheDeclarationAroundTheReservedWordIsKept()
    {
        var (unit, _) = Parse("fn relay(from: i64, to: i64): i64 {\n    return to\n}\nfn main() {}\n");
        var relay = Assert.IsType<FunctionDeclSyntax>(unit.Decls[0]);
        Assert.Equal(new[] { "from", "to" }, relay.Parameters.Select(p => p.Name));
        Assert.IsType<FunctionDeclSyntax>(unit.Decls[1]);
        Assert.DoesNotContain(unit.Decls, d => d is ImportDeclSyntax);
    }

    [Fact]
    public void AKeywordNotFollowedByColonOrEqualsStillRecovers()
    {
        var (_, bag) = Parse("fn main() {\n    let = 3\n}\n");
        Assert.Equal("expected identifier but found '='", Assert.Single(bag).Message);
    }
}
