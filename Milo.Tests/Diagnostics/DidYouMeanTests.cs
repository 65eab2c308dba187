using Milo.Compiler;
using Milo.Compiler.Diagnostics;
using Xunit;

namespace Milo.Tests.Diagnostics;

/// <summary>
/// `help: did you mean '…'?` under unknown-name errors (Diagnostics/Spelling.cs, Binding/Binder.Suggestions.cs): the
/// error's first line stays exactly as before, the suggestion is an extra line after the caret.
/// </summary>
public class DidYouMeanTests
{
    private static string FirstError(string source)
    {
        var c = Compilation.FromText("prog.milo", source);
        Assert.False(c.Check());
        return c.Diagnostics.First(d => d.IsError).Format();
    }

    private static string Main(string body) => "fn main(): i32 {\n" + body + "    return 0\n}\n";

    [Fact]
    public void UnknownLocalSuggestsTheClosestVariableInScope()
        => Assert.Equal(
            "prog.milo:3:11: error: undefined variable 'totl' [E0101]\n        print(totl)\n              ^\n    help: did you mean 'total'?",
            FirstError(Main("    let total = 1\n    print(totl)\n")));

    [Fact]
    public void UnknownFunctionSuggestsADeclaredFunction()
        => Assert.Equal(
            "prog.milo:5:11: error: undefined function 'compte' [E0102]\n        print(compte())\n              ^\n    help: did you mean 'compute'?",
            FirstError("fn compute(): i64 {\n    return 1\n}\nfn main(): i32 {\n    print(compte())\n    return 0\n}\n"));

    [Fact]
    public void UnknownTypeSuggestsAStructAndTransposedLettersCountAsOneEdit()
        => Assert.Equal(
            "prog.milo:4:14: error: unknown type 'Piont' [E0103]\n    fn origin(p: Piont): i32 {\n                 ^\n    help: did you mean 'Point'?",
            FirstError("struct Point {\n    x: i32,\n}\nfn origin(p: Piont): i32 {\n    return 0\n}\n" + Main("")));

    [Fact]
    public void UnknownPrimitiveTypeSuggestsThePrimitive()
        => Assert.EndsWith("\n    help: did you mean 'string'?", FirstError(Main("    let s: strng = \"a\"\n    print(s)\n")));

    [Fact]
    public void UnknownStructLiteralSuggestsAStruct()
        => Assert.Equal(
            "prog.milo:5:13: error: unknown struct 'Pont' [E0104]\n        let p = Pont { x: 1 }\n                ^\n    help: did you mean 'Point'?",
            FirstError("struct Point {\n    x: i32,\n}\nfn main(): i32 {\n    let p = Pont { x: 1 }\n    return 0\n}\n"));

    [Fact]
    public void UnknownFieldSuggestsAField()
        => Assert.Equal(
            "prog.milo:6:13: error: struct 'Point' has no field 'lenght' [E0107]\n        print(p.lenght)\n                ^\n    help: did you mean 'length'?",
            FirstError("struct Point {\n    length: i32,\n}\nfn main(): i32 {\n    let p = Point { length: 1 }\n    print(p.lenght)\n    return 0\n}\n"));

    [Fact]
    public void UnknownVariantSuggestsAVariant()
        => Assert.Equal(
            "prog.milo:6:19: error: enum 'Color' has no variant 'Gren' [E0109]\n        let c = Color.Gren\n                      ^\n    help: did you mean 'Green'?",
            FirstError("enum Color {\n    Red,\n    Green,\n}\nfn main(): i32 {\n    let c = Color.Gren\n    return 0\n}\n"));

    [Fact]
    public void UnknownEnumSuggestsAnEnum()
        => Assert.EndsWith("\n    help: did you mean 'Color'?",
            FirstError("enum Color {\n    Red,\n}\nfn main(): i32 {\n    let c = Colr.Red\n    return 0\n}\n"));

    [Fact]
    public void UnknownUserMethodSuggestsAnImplMethod()
        => Assert.Equal(
            "prog.milo:11:7: error: type 'Counter' has no method 'incremnt' [E0108]\n        c.incremnt()\n          ^\n    help: did you mean 'increment'?",
            FirstError("struct Counter {\n    n: i64,\n}\nimpl Counter {\n    fn increment(self: &Self): i64 {\n        return self.n + 1\n    }\n}\n" +
                       "fn main(): i32 {\n    let c = Counter { n: 1 }\n    c.incremnt()\n    return 0\n}\n"));

    [Fact]
    public void UnknownStringMethodSuggestsAStringMethod()
        => Assert.Equal(
            "prog.milo:3:13: error: type 'string' has no method 'toUppr' [E0108]\n        print(s.toUppr())\n                ^\n    help: did you mean 'toUpper'?",
            FirstError(Main("    let s = \"a\"\n    print(s.toUppr())\n")));

    [Fact]
    public void UnknownTraitSuggestsATrait()
        => Assert.EndsWith("\n    help: did you mean 'Shape'?",
            FirstError("trait Shape {\n    fn area(self: &Self): f64\n}\nstruct P {\n    x: f64,\n}\nimpl Shpe for P {\n    fn area(self: &Self): f64 {\n        return 1.0\n    }\n}\n" + Main("")));

    [Fact]
    public void UnknownStdImportNameSuggestsAnExportedName()
    {
        var text = FirstError("from \"std/string\" import { strSplitWord }\n" + Main(""));
        Assert.StartsWith("prog.milo:1:1: error: error[import]: 'strSplitWord' not found in 'std/string' [E0601]\n", text);
        Assert.EndsWith("\n    help: did you mean 'strSplitWords'?", text);
    }

    [Fact]
    public void UnknownStdModuleSuggestsAModule()
        => Assert.EndsWith("\n    help: did you mean 'std/string'?", FirstError("from \"std/strng\" import { strSplitWords }\n" + Main("")));

    [Fact]
    public void FarOrOneLetterNamesGetNoSuggestion()
    {
        Assert.DoesNotContain("help:", FirstError(Main("    let total = 1\n    print(quantity)\n")));
        Assert.DoesNotContain("help:", FirstError(Main("    let a = 1\n    print(b)\n")));
    }

    [Theory]
    [InlineData("total", "totl", 1)]
    [InlineData("Point", "Piont", 1)]
    [InlineData("abc", "abc", 0)]
    [InlineData("length", "lenght", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    public void DamerauLevenshteinDistance(string a, string b, int expected)
    {
        Assert.Equal(expected, Spelling.Distance(a, b));
        Assert.Equal(expected, Spelling.Distance(b, a));
    }

    [Fact]
    public void ShortNamesAllowOneEditLongerNamesTwo()
    {
        Assert.Equal("cat", Spelling.Closest("cst", ["cat", "dog"]));
        Assert.Null(Spelling.Closest("cxy", ["cat"]));              // 2 edits on a 3-letter name
        Assert.Equal("count", Spelling.Closest("countr", ["counter", "count"])); // both 1 edit away: ties go to the ordinally smallest
        Assert.Null(Spelling.Closest("abcdef", ["uvwxyz"]));
        Assert.Null(Spelling.Closest("x", ["y"]));
        Assert.Null(Spelling.Closest("name", ["name"]));           // the unknown name itself is no suggestion
    }
}
