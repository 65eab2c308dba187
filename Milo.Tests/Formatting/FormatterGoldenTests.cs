using Milo.Compiler.Formatting;

namespace Milo.Tests.Formatting;

/// <summary>The canonical layout, case by case: each input formats to exactly the expected text, and that text is a fixed point.</summary>
public class FormatterGoldenTests
{
    private static string Fmt(string input)
    {
        var result = MiloFormatter.Format("golden.milo", input);
        Assert.Empty(result.Diagnostics);
        var again = MiloFormatter.Format("golden.milo", result.Text);
        Assert.Equal(result.Text, again.Text); // idempotent
        return result.Text;
    }

    private static void Golden(string input, string expected) => Assert.Equal(expected, Fmt(input));

    [Fact]
    public void SpacesOperatorsCommasColonsAndBraces() => Golden(
        "fn add(a:i32,b:i32):i32{ return a+b*2 }\n",
        "fn add(a: i32, b: i32): i32 { return a + b * 2 }\n");

    [Fact]
    public void IndentsMultiLineBlocksByFourSpacesAndPutsTheClosingBraceAlone() => Golden(
        "fn main(): i32 {\nlet x = 1\n      if x == 1 {\n  print(x) }\n  return 0 }\n",
        "fn main(): i32 {\n    let x = 1\n    if x == 1 {\n        print(x)\n    }\n    return 0\n}\n");

    [Fact]
    public void KeepsOneLineBracesOnOneLinePadded() => Golden(
        "struct P {x: i32,y: i32}\nfn main(): i32 {\n    let p = P{x:1,y:2}\n    let e = P {}\n    return 0\n}\n",
        "struct P { x: i32, y: i32 }\n\nfn main(): i32 {\n    let p = P { x: 1, y: 2 }\n    let e = P {}\n    return 0\n}\n");

    [Fact]
    public void CollapsesBlankLineRunsAndSeparatesTopLevelItems() => Golden(
        "from \"std/thread\" import {Thread}\nfn a(): void {\n    let x = 1\n\n\n\n    let y = 2\n}\nfn b(): void {}\n\n\n\nfn c(): void {}\n",
        "from \"std/thread\" import { Thread }\n\nfn a(): void {\n    let x = 1\n\n    let y = 2\n}\n\nfn b(): void {}\n\nfn c(): void {}\n");

    [Fact]
    public void BlankLineBeforeAnItemGoesAboveItsComments() => Golden(
        "struct A { x: i32 }\n/// Doc for f.\n/// Second line.\nfn f(): void {}\n// plain comment\nfn g(): void {}\n",
        "struct A { x: i32 }\n\n/// Doc for f.\n/// Second line.\nfn f(): void {}\n\n// plain comment\nfn g(): void {}\n");

    [Fact]
    public void KeepsEveryKindOfCommentVerbatim() => Golden(
        "// @expect: 3\n/* header\n   spans lines */\nfn main(): i32 {   // trailing\n      /* own line */\n  let x = /* inline */ 3 // after\n        // @expect: not an annotation here\n  print(x)\n  return 0\n}\n",
        "// @expect: 3\n/* header\n   spans lines */\nfn main(): i32 { // trailing\n    /* own line */\n    let x = /* inline */ 3 // after\n    // @expect: not an annotation here\n    print(x)\n    return 0\n}\n");

    [Fact]
    public void CommentBeforeClosingBraceStaysInsideTheBlock() => Golden(
        "fn f(): void {\n    let x = 1\n// last words\n}\n",
        "fn f(): void {\n    let x = 1\n    // last words\n}\n");

    [Fact]
    public void GenericBracketsAreTightComparisonsAndShiftsSpaced() => Golden(
        "fn f(v: Vec < Vec<i32> >, a: i32): i32 {\n    let m: HashMap<string,i32> = HashMap()\n    if a<3 && a>1 { return (a<<2)>>1 }\n    return a\n}\n",
        "fn f(v: Vec<Vec<i32> >, a: i32): i32 {\n    let m: HashMap<string, i32> = HashMap()\n    if a < 3 && a > 1 { return (a << 2) >> 1 }\n    return a\n}\n");

    [Fact]
    public void PrefixOperatorsAreTightBinaryOnesSpaced() => Golden(
        "fn f(p: *u8, r: &mut i32): i32 {\n    let a = - 1\n    let b = !true\n    let c = 3 - -a\n    let d = p as * i64\n    *r = * r+1\n    return a-b\n}\n",
        "fn f(p: *u8, r: &mut i32): i32 {\n    let a = -1\n    let b = !true\n    let c = 3 - -a\n    let d = p as *i64\n    *r = *r + 1\n    return a - b\n}\n");

    [Fact]
    public void PostfixUnwrapAndTryStayAttached() => Golden(
        "fn f(): void {\n    let t = Thread.spawn(move () : void => {\n        print(1)\n    }) !\n    let v = g() ?\n}\n",
        "fn f(): void {\n    let t = Thread.spawn(move (): void => {\n        print(1)\n    })!\n    let v = g()?\n}\n");

    [Fact]
    public void ArraysRangesAndPaths() => Golden(
        "fn f(): void {\n    var a: [u8;4] = [0 ; 4]\n    for i in 0 .. 4 { a[i] = i as u8 }\n    let e = Color . Red\n}\n",
        "fn f(): void {\n    var a: [u8 ; 4] = [0 ; 4]\n    for i in 0..4 { a[i] = i as u8 }\n    let e = Color.Red\n}\n");

    [Fact]
    public void ElseStaysWhereItWasAndMatchArmsIndent() => Golden(
        "fn f(x: i32): i32 {\n    if x > 0 {\n        return 1\n    } else {\n        return 2 }\n    match x {\n    1 => { print(1) }\n    _ => {\n    print(0)\n    }\n    }\n    return 0\n}\n",
        "fn f(x: i32): i32 {\n    if x > 0 {\n        return 1\n    } else {\n        return 2\n    }\n    match x {\n        1 => { print(1) }\n        _ => {\n            print(0)\n        }\n    }\n    return 0\n}\n");

    [Fact]
    public void AnOpenParenAtTheEndOfALineIndentsItsContents() => Golden(
        "fn f(): void {\n    let t = pair(\n1,\n        2\n    )\n}\n",
        "fn f(): void {\n    let t = pair(\n        1,\n        2\n    )\n}\n");

    [Fact]
    public void StringsFStringsAndCharsAreUntouched() => Golden(
        "fn f(): void {\n    let s = \"a  b\\n\"\n    let t = $\"x = {1+2}  y\"\n    let c = ' '\n}\n",
        "fn f(): void {\n    let s = \"a  b\\n\"\n    let t = $\"x = {1+2}  y\"\n    let c = ' '\n}\n");

    [Fact]
    public void TrailingWhitespaceCrLfAndLeadingBlankLinesAreNormalised() => Golden(
        "\n\n// c   \r\nfn main(): i32 {   \r\n\treturn 0\r\n}\r\n",
        "// c\nfn main(): i32 {\n    return 0\n}\n");

    [Fact]
    public void OneTrailingBlankLineSurvivesAsInTheReference()
    {
        Assert.Equal("fn f(): void {}\n\n", Fmt("fn f(): void {}\n\n\n\n"));
        Assert.Equal("fn f(): void {}\n", Fmt("fn f(): void {}"));
        Assert.Equal("", Fmt(""));
        Assert.Equal("// only a comment\n", Fmt("// only a comment"));
    }

    [Fact]
    public void AttributesStayOnTheItemTheyDecorate() => Golden(
        "struct A { x: i32 }\n@derive(Eq)\nstruct B { x: i32 }\n",
        "struct A { x: i32 }\n\n@derive(Eq)\nstruct B { x: i32 }\n");

    [Fact]
    public void AFileThatDoesNotParseIsReturnedUnchangedWithItsDiagnostic()
    {
        const string bad = "fn main(): i32 {\n    let x = 5;\n    return 0\n}\n";
        var result = MiloFormatter.Format("bad.milo", bad);
        Assert.Equal(bad, result.Text);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("bad.milo:2:14: error: unexpected token ';' [E0003]", d.Format().Split('\n')[0]);
    }

    [Fact]
    public void AStatementOnTheSameLineAsABlocksBraceMovesDown() => Golden(
        "fn f(p: &mut i32): void { *p = 1\n    -1\n    (2)\n}\nfn g(): void { [1, 2]\n}\n",
        "fn f(p: &mut i32): void {\n    *p = 1\n    -1\n    (2)\n}\n\nfn g(): void {\n    [1, 2]\n}\n");
}
