using System.Text;
using Milo.Compiler.Diagnostics;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Tests.Syntax;

/// <summary>The parser must never throw or hang, whatever the input.</summary>
public class RobustnessTests
{
    private const string Sample = """
        from "std/io" import { readLine }
        @derive(Eq)
        struct Point<T> { x: T, y: T }
        enum Shape { Circle(f64), Rect(f64, f64), Empty }
        extern fn printf(fmt: *u8, ...): i32
        trait Area: Eq { fn area(self: &Self): f64  fn twice(self: &Self): f64 { return self.area() * 2.0 } }
        impl Area for Shape {
            fn area(self: &Self): f64 {
                match self {
                    Shape.Circle(r) => { return 3.14 * r * r }
                    Shape.Rect(w, h) => { return w * h }
                    _ => { return 0.0 }
                }
            }
        }
        type Small = i32(-5..5)
        fn main(): i32 {
            var v: Vec<Vec<i32>> = Vec.new()
            let c = Channel<i64>.new(8)
            let f = move (x: i32): i32 => { return x << 2 >> 1 }
            let p = Point { x: 1, y: 2 }
            if p.x == MAX { print($"x={p.x + 1} {f(3) ?? 0}") } else if let Option.Some(q) = m.get("k") { }
            for i, x in v { unsafe { *ptr = x[0] as u8 } }
            for i in 0..10 { while i < N { break } }
            parallel { let a = f(1)  let b = f(2) }
            let s = "esc \x41\n\t" + 'c' as string
            /* block */ return v.len as i32 // done
        }
        """;

    private static void ParseNoThrow(string text)
    {
        var bag = new DiagnosticBag();
        var unit = SyntaxParser.Parse(new SourceText("fuzz.milo", text), bag);
        Assert.NotNull(unit);
    }

    [Fact]
    public void SampleParsesCleanly()
    {
        var bag = new DiagnosticBag();
        SyntaxParser.Parse(new SourceText("sample.milo", Sample), bag);
        Assert.True(bag.Count == 0, string.Join("\n", bag.Select(d => d.ToString())));
    }

    [Fact]
    public void EveryTruncationOfTheSample()
    {
        for (int i = 0; i <= Sample.Length; i++) ParseNoThrow(Sample[..i]);
    }

    [Fact]
    public void EverySuffixOfTheSample()
    {
        for (int i = 0; i <= Sample.Length; i += 3) ParseNoThrow(Sample[i..]);
    }

    [Fact]
    public void GarbledVariants()
    {
        var rng = new Random(12345);
        const string junk = "{}()[]<>;:,.=!?&|*-+\"'$@#/\\\n _aZ09";
        for (int iter = 0; iter < 3000; iter++)
        {
            var chars = Sample.ToCharArray().ToList();
            int edits = rng.Next(1, 8);
            for (int e = 0; e < edits; e++)
            {
                int pos = rng.Next(chars.Count);
                switch (rng.Next(3))
                {
                    case 0: chars.RemoveAt(pos); break;
                    case 1: chars.Insert(pos, junk[rng.Next(junk.Length)]); break;
                    default: chars[pos] = junk[rng.Next(junk.Length)]; break;
                }
            }
            ParseNoThrow(new string(chars.ToArray()));
        }
    }

    [Fact]
    public void TokenShuffles()
    {
        var rng = new Random(777);
        var words = Sample.Split(new[] { ' ', '\n' }, StringSplitOptions.RemoveEmptyEntries);
        for (int iter = 0; iter < 500; iter++)
        {
            var sb = new StringBuilder();
            int n = rng.Next(1, 200);
            for (int i = 0; i < n; i++) sb.Append(words[rng.Next(words.Length)]).Append(rng.Next(4) == 0 ? '\n' : ' ');
            ParseNoThrow(sb.ToString());
        }
    }

    [Fact]
    public void RandomBytes()
    {
        var rng = new Random(42);
        for (int iter = 0; iter < 300; iter++)
        {
            var bytes = new byte[rng.Next(0, 2000)];
            rng.NextBytes(bytes);
            ParseNoThrow(Encoding.UTF8.GetString(bytes));
            ParseNoThrow(Encoding.Latin1.GetString(bytes));
        }
    }

    [Theory]
    [InlineData("(", ")")]
    [InlineData("[", "]")]
    [InlineData("f(", ")")]
    [InlineData("x.m(", ")")]
    [InlineData("[1; ", "]")]
    [InlineData("-", "")]
    [InlineData("!", "")]
    [InlineData("$\"{", "}\"")]
    [InlineData("if x {", "}")]
    [InlineData("(x: i32) => ", "")]
    public void DeepNestingReportsAnError(string open, string close)
    {
        const int depth = 100_000;
        var sb = new StringBuilder("fn main() {\n let x = ");
        for (int i = 0; i < depth; i++) sb.Append(open);
        sb.Append('1');
        for (int i = 0; i < depth; i++) sb.Append(close);
        sb.Append("\n}\nfn other() { }\n");
        var bag = new DiagnosticBag();
        var unit = SyntaxParser.Parse(new SourceText("deep.milo", sb.ToString()), bag);
        Assert.Contains(bag, d => d.Message == "nesting too deep");
        Assert.Contains(unit.Decls, d => d is FunctionDeclSyntax f && f.Name.Text == "other");
    }

    [Theory]
    [InlineData("Vec<", ">")]
    [InlineData("&", "")]
    [InlineData("(i32) => ", "")]
    [InlineData("[", "; 2]")]
    public void DeepTypeNestingReportsAnError(string open, string close)
    {
        const int depth = 100_000;
        var sb = new StringBuilder("type T = ");
        for (int i = 0; i < depth; i++) sb.Append(open);
        sb.Append("i32");
        for (int i = 0; i < depth; i++) sb.Append(close);
        sb.Append("\nfn other() { }\n");
        var bag = new DiagnosticBag();
        var unit = SyntaxParser.Parse(new SourceText("deep.milo", sb.ToString()), bag);
        Assert.Contains(bag, d => d.Message == "nesting too deep");
        Assert.Contains(unit.Decls, d => d is FunctionDeclSyntax f && f.Name.Text == "other");
    }

    [Fact]
    public void DeepComparisonChainOfGenericLookingNamesTerminates()
    {
        var src = "fn main() { let x = " + string.Concat(Enumerable.Repeat("Vec<", 100_000)) + "1" + new string('>', 100_000) + " }";
        AssertTerminates(() => ParseNoThrow(src));
    }

    [Fact]
    public void ModerateNestingIsFine()
    {
        var src = "fn main() { let x = " + new string('(', 100) + "1" + new string(')', 100) + " }";
        var bag = new DiagnosticBag();
        SyntaxParser.Parse(new SourceText("n.milo", src), bag);
        Assert.Equal(0, bag.Count);
    }

    [Fact]
    public void LargeInputParses()
    {
        var sb = new StringBuilder();
        int i = 0;
        while (sb.Length < 10_000_000) sb.Append("fn f").Append(i++).Append("(a: i32): i32 { return a * 2 + b.c(d[1]) }\n");
        var bag = new DiagnosticBag();
        var unit = SyntaxParser.Parse(new SourceText("big.milo", sb.ToString()), bag);
        Assert.Equal(0, bag.Count);
        Assert.Equal(i, unit.Decls.Count);
    }

    [Fact]
    public void ManyComparisonsWithCapitalisedNamesAreNotTypeArguments()
    {
        var src = "fn main() { let x = f(" + string.Concat(Enumerable.Repeat("A < b, ", 600)) + "1) }";
        var bag = new DiagnosticBag();
        SyntaxParser.Parse(new SourceText("cmp.milo", src), bag);
        Assert.Equal(0, bag.Count);
    }

    [Fact]
    public void PathologicalGenericHeadsTerminate()
    {
        var sb = new StringBuilder("fn main() { let x = f(");
        for (int i = 0; i < 20000; i++) sb.Append("A < b, ");
        sb.Append("1) }");
        AssertTerminates(() => ParseNoThrow(sb.ToString()));
    }

    /// <summary>
    /// Hang guard, not a performance assertion (speed is measured in Milo.Benchmarks): an exponential parse of these
    /// inputs would never finish, a linear one finishes in well under the bound even on a loaded CI machine.
    /// </summary>
    private static void AssertTerminates(Action parse)
    {
        Exception? failure = null;
        var t = new Thread(() => { try { parse(); } catch (Exception e) { failure = e; } }, 64 * 1024 * 1024) { IsBackground = true };
        t.Start();
        Assert.True(t.Join(TimeSpan.FromMinutes(3)), "parser did not terminate (exponential backtracking?)");
        if (failure != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
    }
}
