using System.Text;
using BenchmarkDotNet.Attributes;
using Milo.Compiler.Diagnostics;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Benchmarks;

/// <summary>Lexing + parsing a generated ~10k-line Milo program.</summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private SourceText _source = null!;

    [GlobalSetup]
    public void Setup()
    {
        _source = new SourceText("bench.milo", ProgramGenerator.Generate(targetLines: 10_000));
        var diagnostics = new DiagnosticBag();
        SyntaxParser.Parse(_source, diagnostics);
        if (diagnostics.HasErrors)
            throw new InvalidOperationException("generated program does not parse: " + diagnostics.First());
    }

    [Benchmark]
    public object Parse10kLines()
    {
        var diagnostics = new DiagnosticBag();
        return SyntaxParser.Parse(_source, diagnostics);
    }
}

/// <summary>Generates syntactically valid Milo using the core features (structs, impls, loops, ifs, strings, f-strings).</summary>
public static class ProgramGenerator
{
    public static string Generate(int targetLines)
    {
        var sb = new StringBuilder();
        int lines = 0;
        void Line(string s) { sb.Append(s).Append('\n'); lines++; }

        Line("struct Point {");
        Line("    x: i64");
        Line("    y: i64");
        Line("}");
        Line("");
        Line("impl Point {");
        Line("    fn new(x: i64, y: i64): Point {");
        Line("        return Point { x: x, y: y }");
        Line("    }");
        Line("    fn sum(self: &Self): i64 {");
        Line("        return self.x + self.y");
        Line("    }");
        Line("    fn shift(self: &mut Self, d: i64) {");
        Line("        self.x = self.x + d");
        Line("    }");
        Line("}");
        Line("");

        int n = 0;
        while (lines < targetLines - 8)
        {
            Line($"fn work{n}(a: i32, b: i32): i32 {{");
            Line("    var total: i32 = 0");
            Line("    for i in 0..a {");
            Line("        if (i & 1) == 0 && i % 3 != 0 {");
            Line("            total = total + i * b - (a << 2) / 7");
            Line("        } else if i > 100 {");
            Line("            break");
            Line("        } else {");
            Line("            total = total ^ 0x1F");
            Line("        }");
            Line("    }");
            Line("    var k = 0");
            Line("    while k < 10 {");
            Line("        k = k + 1");
            Line("        if k == 5 { continue }");
            Line("    }");
            Line("    let p = Point.new(a as i64, b as i64)");
            Line($"    let label = \"work{n}: \" + p.sum().toString()");
            Line($"    let msg = $\"{{label}} total={{total}} ok={{total >= 0 || false}}\"");
            Line("    if msg.len > 1000 {");
            Line("        print(msg, \" \", 2.5, \" \", 'x', \" \", true)");
            Line("    }");
            Line("    return total + work_helper(k)");
            Line("}");
            Line("");
            n++;
        }
        Line("fn work_helper(k: i32): i32 {");
        Line("    return -k + 0b1010 + 1_000");
        Line("}");
        Line("");
        Line("fn main(): i32 {");
        Line("    print(work0(10, 3))");
        Line("    return 0");
        Line("}");
        return sb.ToString();
    }
}
