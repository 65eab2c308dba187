using Milo.Compiler.Syntax;
using static Milo.Tests.Syntax.SyntaxTestHelpers;

namespace Milo.Tests.Syntax;

public class ParserExpressionTests
{
    [Theory]
    [InlineData("1 + 2 * 3", "(+ 1 (* 2 3))")]
    [InlineData("1 - 2 - 3", "(- (- 1 2) 3)")]
    [InlineData("a || b && c", "(|| a (&& b c))")]
    [InlineData("x & 1 == 0", "(& x (== 1 0))")]
    [InlineData("a | b ^ c & d", "(| a (^ b (& c d)))")]
    [InlineData("a << 2 + 1", "(<< a (+ 2 1))")]
    [InlineData("a >> b < c", "(< (>> a b) c)")]
    [InlineData("a < b < c", "(< (< a b) c)")]
    [InlineData("-1 as i64", "(neg (as 1 i64))")]
    [InlineData("a + b as i64", "(+ a (as b i64))")]
    [InlineData("&x as *u8", "(addr (as x *u8))")]
    [InlineData("*b.field", "(deref (. b field))")]
    [InlineData("!x.f()", "(not (.f x))")]
    [InlineData("-x!", "(neg (unwrap x))")]
    [InlineData("~a", "(bitnot a)")]
    [InlineData("a ?? b || c", "(?? a (|| b c))")]
    [InlineData("m.get(k) ?? 0", "(?? (.get m k) 0)")]
    [InlineData("f()?.x", "(. (try (call f)) x)")]
    [InlineData("(1 + 2) * 3", "(* (+ 1 2) 3)")]
    [InlineData("a[i][j]", "(index (index a i) j)")]
    [InlineData("s[a + 1..b]", "(slice s (+ a 1) b)")]
    [InlineData("x is Option.Some", "(is x Option.Some)")]
    [InlineData("x is E.B(a, b) && y", "(&& (is x E.B(a b)) y)")]
    [InlineData("a == b is E.A", "(is (== a b) E.A)")]
    [InlineData("1.toString()", "(.toString 1)")]
    [InlineData("x as i32 < y", "(< (as x i32) y)")]
    [InlineData("x as Vec<i32>", "(as x Vec<i32>)")]
    public void Precedence(string source, string expected) => Assert.Equal(expected, Expr(source));

    [Theory]
    [InlineData("Color.Red", "Color.Red")]
    [InlineData("Vec.new()", "(call Vec.new)")]
    [InlineData("Shape.Circle(1.0)", "(call Shape.Circle 1.0)")]
    [InlineData("Channel<i64>.new(8)", "(call Channel<i64>.new 8)")]
    [InlineData("Promise<i64>.run(f)", "(call Promise<i64>.run f)")]
    [InlineData("HashMap<string, Vec<i32>>.new()", "(call HashMap<string,Vec<i32>>.new)")]
    [InlineData("Point { x: 1, y: 2 }", "(struct Point x:1 y:2)")]
    [InlineData("Point { x: 1 y: 2, }", "(struct Point x:1 y:2)")]
    [InlineData("Box<i32> { value: 1 }", "(struct Box<i32> value:1)")]
    [InlineData("A < B", "(< A B)")]
    [InlineData("A < b && c > D", "(&& (< A b) (> c D))")]
    [InlineData("sizeOf<i64>()", "(call sizeOf<i64>)")]
    [InlineData("zeroed<[u8; 16]>()", "(call zeroed<[u8; 16]>)")]
    [InlineData("Heap(x)", "(call Heap x)")]
    [InlineData("f(a b, c,)", "(call f a b c)")]
    [InlineData("[1, 2, 3]", "[1 2 3]")]
    [InlineData("[]", "[]")]
    [InlineData("[0; 16]", "[0; 16]")]
    [InlineData("null", "null")]
    [InlineData("'A'", "'65")]
    public void PrimaryForms(string source, string expected) => Assert.Equal(expected, Expr(source));

    [Theory]
    [InlineData("(x: i32) => x * 2", "(closure (x:i32) (* x 2))")]
    [InlineData("(a: i32, b: &mut Vec<i32>): bool => { return true }", "(closure (a:i32 b:&mut Vec<i32>):bool {(return true)})")]
    [InlineData("() => 42", "(closure () 42)")]
    [InlineData("(): void => { }", "(closure ():void {})")]
    [InlineData("move (x: i32): i32 => { return x }", "(move closure (x:i32):i32 {(return x)})")]
    [InlineData("move(): i64 => 1", "(move closure ():i64 1)")]
    [InlineData("(x)", "x")]
    [InlineData("(x) + 1", "(+ x 1)")]
    [InlineData("()", "<error>")]
    public void ClosuresVersusParentheses(string source, string expected)
    {
        if (expected == "<error>")
        {
            var (_, bag) = Parse("fn main() { let x = " + source + " }");
            Assert.True(bag.HasErrors);
            return;
        }
        Assert.Equal(expected, Expr(source));
    }

    [Fact]
    public void FStringParsesEmbeddedExpressions()
    {
        Assert.Equal("(fstr (+ x 1) \" = \" (?? (.get m \"k\") 0))", Expr("$\"{x + 1} = {m.get(\"k\") ?? 0}\""));
        Assert.Equal("\"plain\"", Expr("$\"plain\""));
    }

    [Fact]
    public void FStringExpressionLocationsPointIntoTheOuterFile()
    {
        var stmt = Assert.IsType<LetStmtSyntax>(Assert.Single(ParseBody("let s = $\"ab{value}\"")));
        var fs = Assert.IsType<InterpolatedStringExprSyntax>(stmt.Initializer);
        var name = Assert.IsType<NameExprSyntax>(fs.Parts[1]);
        Assert.Equal(2, name.Location.Line);
        Assert.Equal(14, name.Location.Column);
    }

    [Fact]
    public void FStringErrors()
    {
        var (_, bag) = Parse("fn main() { let s = $\"{}\" }");
        Assert.True(bag.HasErrors);
        (_, bag) = Parse("fn main() { let s = $\"{1 +}\" }");
        Assert.True(bag.HasErrors);
    }

    [Fact]
    public void BinaryLocationIsLeftOperandAndOperator()
    {
        var stmt = Assert.IsType<LetStmtSyntax>(Assert.Single(ParseBody("let x = abc + d")));
        var bin = Assert.IsType<BinaryExprSyntax>(stmt.Initializer);
        Assert.Equal(9, bin.Location.Column);
        Assert.Equal(13, bin.OperatorLocation.Column);
    }

    [Fact]
    public void IntegerLiteralKeepsExactValue()
    {
        var stmt = Assert.IsType<LetStmtSyntax>(Assert.Single(ParseBody("let x = 9_223_372_036_854_775_807")));
        var lit = Assert.IsType<IntLiteralExprSyntax>(stmt.Initializer);
        Assert.Equal(9223372036854775807UL, lit.Value);
        Assert.Equal("9223372036854775807", lit.Text);
    }
}

public class ParserStatementTests
{
    private static string Body(string body) => string.Join(" ", ParseBody(body).Select(Show));

    [Fact]
    public void CallParenMustBeOnTheSameLine()
    {
        Assert.Equal("(call f 1)", Body("f(1)"));
        Assert.Equal("f (+ 1 2)", Body("f\n(1 + 2)"));
        Assert.Equal("(.m x 1)", Body("x.m(1)"));
        Assert.Equal("(. x m) 1", Body("x.m\n(1)"));
    }

    [Fact]
    public void StarOnNewLineIsDeref()
    {
        Assert.Equal("(let a (* b c))", Body("let a = b * c"));
        Assert.Equal("(let a (* b c))", Body("let a = b *\n c"));
        Assert.Equal("(let a b) (= (deref p) 1)", Body("let a = b\n*p = 1"));
    }

    [Fact]
    public void BinaryOperatorsContinueOnNextLine()
    {
        Assert.Equal("(let a (+ (+ b c) d))", Body("let a = b\n + c\n + d"));
        Assert.Equal("(let a (.bar (.foo b)))", Body("let a = b\n  .foo()\n  .bar()"));
    }

    [Fact]
    public void ReturnRules()
    {
        Assert.Equal("(return)", Body("return"));
        Assert.Equal("(return (+ 1 2))", Body("return 1 + 2"));
        Assert.Equal("(if x {(return)})", Body("if x { return }"));
        Assert.Equal("(return) (let y 1)", Body("return\nlet y = 1"));
        Assert.Equal("(return x)", Body("return\nx"));
    }

    [Fact]
    public void StructLiteralVersusBlockInConditions()
    {
        Assert.Equal("(if (== x Y) {(call print 1)})", Body("if x == Y { print(1) }"));
        Assert.Equal("(while (< i N) {(= i (+ i 1))})", Body("while i < N { i = i + 1 }"));
        Assert.Equal("(match s Color.Red => {} _ => {})", Body("match s { Color.Red => {} _ => {} }"));
        Assert.Equal("(if (== p (struct P x:1)) {})", Body("if p == (P { x: 1 }) { }"));
        Assert.Equal("(if (call eq (struct P x:1)) {})", Body("if eq(P { x: 1 }) { }"));
        Assert.Equal("(foreach x items {})", Body("for x in items { }"));
        Assert.Equal("(let p (struct P x:1))", Body("let p = P { x: 1 }"));
        Assert.Equal("(if (< A B) {})", Body("if A < B { }"));
    }

    [Fact]
    public void ControlFlow()
    {
        Assert.Equal("(if a {} else (if b {} else {}))", Body("if a { } else if b { } else { }"));
        Assert.Equal("(iflet Option.Some(v) (.get m k) {(call print v)} else {})", Body("if let Option.Some(v) = m.get(k) { print(v) } else { }"));
        Assert.Equal("(for i 0..(. v len) {break continue})", Body("for i in 0..v.len { break continue }"));
        Assert.Equal("(foreach i,x v {})", Body("for i, x in v { }"));
        Assert.Equal("(unsafe {(= (deref p) 1)})", Body("unsafe { *p = 1 }"));
        Assert.Equal("(parallel (let a (call f)) (let b (call g)))", Body("parallel {\n let a = f()\n let b = g()\n}"));
        Assert.Equal("(var x:i32(0..100) 5)", Body("var x: i32(0..100) = 5"));
    }

    [Fact]
    public void MatchPatterns()
    {
        const string src = "match x {\n 1 => { }\n -2 => { }\n \"s\" => { },\n true => { }\n E.A(a, b) => { }\n E.B => { }\n _ => { }\n}";
        Assert.Equal("(match x 1 => {} (neg 2) => {} \"s\" => {} true => {} E.A(a b) => {} E.B => {} _ => {})", Body(src));
    }

    [Fact]
    public void Assignments()
    {
        Assert.Equal("(= x 1) (= (. a b) 2) (= (index v 0) 3) (= (deref h) 4)", Body("x = 1\na.b = 2\nv[0] = 3\n*h = 4"));
    }

    [Fact]
    public void CompoundAssignmentIsAnError()
    {
        var (_, bag) = Parse("fn main() {\n x += 1\n}");
        Assert.Contains(bag, d => d.Message == "unexpected token '='");
    }

    [Fact]
    public void SemicolonIsAnError()
    {
        var (_, bag) = Parse("fn main() {\n let x = 1; let y = 2\n}");
        Assert.Contains(bag, d => d.Message == "unexpected token ';'");
    }

    [Fact]
    public void MissingCloseBrace()
    {
        var (_, bag) = Parse("fn main() {\n let x = 1\n");
        Assert.Contains(bag, d => d.Message == "expected '}' but found 'EOF'");
    }

    [Fact]
    public void RecoveryReportsErrorsInSeveralFunctions()
    {
        var (unit, bag) = Parse("fn a() {\n let x = )\n let y = 2\n}\nfn b() {\n let = 3\n}\nfn c() { }\n");
        Assert.Equal(2, bag.Count);
        Assert.Equal(3, unit.Decls.Count);
    }
}

public class ParserDeclarationTests
{
    [Fact]
    public void AllDeclarationKinds()
    {
        const string src = """
            from "std/io" import { readLine, writeLine, }
            from "std/time" import {}
            @derive(Eq) @ send
            struct Point<T> { x: T, y: T
              z: [u8; 4] }
            enum Shape { Circle(f64), Rect(f64 f64) Empty }
            extern
            fn printf(fmt: *u8, ...): i32
            fn id<T: Eq + Hash, U>(x: T, f: (T, &U) => T?): T { return x }
            impl Point<T> { fn new(x: T): Self { return Point<T> { x: x, y: x } } }
            impl Eq for Point { fn eq(self: &Self, other: &Self): bool { return true } }
            trait Ord: Eq + Hash { fn cmp(self: &Self, o: &Self): i32  fn lt(self: &Self, o: &Self): bool { return false } }
            interface Drawable { fn draw(self: &Self): void }
            type Altitude = i32(-10..50000)
            pub fn visible() { }
            """;
        var unit = ParseClean(src);
        Assert.Equal(12, unit.Decls.Count);
        var imp = Assert.IsType<ImportDeclSyntax>(unit.Decls[0]);
        Assert.Equal("std/io", imp.Path);
        Assert.Equal(new[] { "readLine", "writeLine" }, imp.Names.Select(n => n.Text));
        Assert.Empty(Assert.IsType<ImportDeclSyntax>(unit.Decls[1]).Names);
        var st = Assert.IsType<StructDeclSyntax>(unit.Decls[2]);
        Assert.Equal(new[] { "derive", "send" }, st.Annotations.Select(a => a.Name));
        Assert.Equal(new[] { "Eq" }, st.Annotations[0].Args);
        Assert.Equal(3, st.Fields.Count);
        Assert.Equal("[u8; 4]", Show(st.Fields[2].Type));
        var en = Assert.IsType<EnumDeclSyntax>(unit.Decls[3]);
        Assert.Equal(new[] { 1, 2, 0 }, en.Variants.Select(v => v.Payload.Count));
        var ext = Assert.IsType<FunctionDeclSyntax>(unit.Decls[4]);
        Assert.True(ext.IsExtern && ext.IsVariadic && ext.Body == null);
        var id = Assert.IsType<FunctionDeclSyntax>(unit.Decls[5]);
        Assert.Equal(new[] { "Eq", "Hash" }, id.TypeParams[0].Bounds);
        Assert.Equal("(T, &U) => T?", Show(id.Parameters[1].Type));
        var impl = Assert.IsType<ImplDeclSyntax>(unit.Decls[6]);
        Assert.Null(impl.TraitName);
        Assert.Equal("Point<T>", Show(impl.Target));
        var traitImpl = Assert.IsType<ImplDeclSyntax>(unit.Decls[7]);
        Assert.Equal("Eq", traitImpl.TraitName!.Value.Text);
        var trait = Assert.IsType<TraitDeclSyntax>(unit.Decls[8]);
        Assert.Equal(new[] { "Eq", "Hash" }, trait.Supertraits.Select(s => s.Text));
        Assert.Null(trait.Methods[0].Body);
        Assert.NotNull(trait.Methods[1].Body);
        Assert.IsType<InterfaceDeclSyntax>(unit.Decls[9]);
        var alias = Assert.IsType<TypeAliasDeclSyntax>(unit.Decls[10]);
        var ranged = Assert.IsType<RangedTypeSyntax>(alias.Type);
        Assert.Equal(-10, ranged.Low);
        Assert.Equal(50000, ranged.High);
        Assert.Equal("visible", Assert.IsType<FunctionDeclSyntax>(unit.Decls[11]).Name.Text);
    }

    [Theory]
    [InlineData("Vec<Vec<i32>>", "Vec<Vec<i32>>")]
    [InlineData("Vec<i32>?", "Vec<i32>?")]
    [InlineData("&mut [u8; 64]", "&mut [u8; 64]")]
    [InlineData("*u8", "*u8")]
    [InlineData("() => void", "() => void")]
    [InlineData("(i32) => (i32) => i32", "(i32) => (i32) => i32")]
    [InlineData("HashMap<string, Heap<Node>>", "HashMap<string,Heap<Node>>")]
    [InlineData("u8(0..9)", "u8(0..9)")]
    public void Types(string type, string expected)
    {
        var unit = ParseClean("type T = " + type);
        Assert.Equal(expected, Show(Assert.IsType<TypeAliasDeclSyntax>(Assert.Single(unit.Decls)).Type));
    }

    [Fact]
    public void TopLevelErrors()
    {
        var (unit, bag) = Parse("while x\nimport \"a\"\nfn main() { }\n");
        Assert.Contains(bag, d => d.Message == "unexpected token 'while'");
        Assert.Contains(bag, d => d.Message.StartsWith("use 'from \"x\" import"));
        Assert.IsType<FunctionDeclSyntax>(Assert.Single(unit.Decls));
    }

    [Fact]
    public void TopLevelLetIsAConstant()
    {
        var unit = ParseClean("let SIGINT: i32 = 2\nlet NAME = \"x\"\n");
        var a = Assert.IsType<ConstDeclSyntax>(unit.Decls[0]);
        Assert.Equal("SIGINT", a.Name.Text);
        Assert.Equal("i32", Show(a.Type!));
        Assert.IsType<IntLiteralExprSyntax>(a.Init);
        var b = Assert.IsType<ConstDeclSyntax>(unit.Decls[1]);
        Assert.Null(b.Type);
        Assert.IsType<StringLiteralExprSyntax>(b.Init);
    }
}
