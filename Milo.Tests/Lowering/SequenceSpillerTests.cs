using Milo.Compiler;
using Milo.Compiler.Binding;
using Milo.Compiler.Emit;
using Milo.Compiler.Lowering;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Xunit;

namespace Milo.Tests.Lowering;

/// <summary>
/// Lowering/Spilling/SequenceSpiller: after lowering, no sequence that may return early (a lowered `?`) is left inside
/// an expression, in any test program; the operands before it are spilled in order, places passed by reference are
/// kept; and the emitter refuses a returning sequence it meets. (Behaviour: Programs/lowering/spilled_operands.milo.)
/// </summary>
public class SequenceSpillerTests
{
    private sealed class Finder : BoundTreeWalker
    {
        public int Returning, SpillTemps;
        protected override void VisitClosure(BoundClosureExpr node) => VisitClosureBody(node);
        protected override void VisitSequence(BoundSequenceExpr node) { if (node.MayReturn) Returning++; base.VisitSequence(node); }
        protected override void VisitLocalDecl(BoundLocalDecl node) { if (node.Local.Name.StartsWith("$sp")) SpillTemps++; base.VisitLocalDecl(node); }
    }

    private static Finder Find(BoundProgram program)
    {
        var f = new Finder();
        foreach (var fn in program.Functions.Where(f => f.Body != null)) f.VisitStmt(fn.Body!);
        return f;
    }

    [Fact]
    public void NoTestProgramKeepsAReturningSequenceInsideAnExpression()
    {
        var dir = Path.Combine(Milo.Tests.Build.BuildScriptTests.RepoRoot(), "Milo.Tests", "Programs");
        int spilled = 0;
        foreach (var file in Directory.GetFiles(dir, "*.milo", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (File.ReadAllText(file).Contains("@error:")) continue;
            var program = Compilation.FromFile(file).Analyze();
            if (program == null) continue;
            LocalRewriter.Lower(program);
            var found = Find(program);
            Assert.True(found.Returning == 0, $"{Path.GetFileName(file)}: {found.Returning} returning sequences left after lowering");
            spilled += found.SpillTemps;
        }
        Assert.True(spilled > 20, $"only {spilled} spilled operands in the test programs");
    }

    private static BoundFunction Lowered(string source, string function)
    {
        var program = Compilation.FromText("spill.milo", source).Analyze()!;
        LocalRewriter.Lower(program);
        return program.Functions.Single(f => f.Symbol.Name == function);
    }

    /// <summary>The body's statements with nested blocks opened (a spilled statement and its hoisted ones share a block).</summary>
    private static List<BoundStmt> Flat(BoundBlock b) => b.Statements.SelectMany(s => s is BoundBlock inner ? Flat(inner) : [s]).ToList();

    private const string Prelude = """
        struct Counter { n: i32 }
        impl Counter { fn bump(self: &mut Self, by: i32, extra: i32) { self.n = self.n + by + extra } }
        fn half(n: i32): Option<i32> {
            if n % 2 == 0 { return Option.Some(n / 2) }
            return Option.None
        }
        fn g(n: i32): i32 { return n + 1 }
        fn add(a: i32, b: i32, c: i32): i32 { return a + b + c }
        fn main(): i32 { return 0 }

        """;

    [Fact]
    public void OperandsBeforeAReturningOneAreSpilledInOrderAndTheSequenceIsHoisted()
    {
        var f = Lowered(Prelude + "fn f(a: i32): Option<i32> { return Option.Some(add(g(a), 7, half(a)?)) }", "f");
        var s = Flat(f.Body!);
        // let $sp1 = g(a); let $t = half(a); if $t is Some {} else { …return }; return Some(add($sp1, 7, payload($t)))
        var spill = Assert.IsType<BoundLocalDecl>(s[0]);
        Assert.StartsWith("$sp", spill.Local.Name);
        Assert.Equal("g", Assert.IsType<BoundCallExpr>(spill.Initializer).Function.Name);
        Assert.Equal("half", Assert.IsType<BoundCallExpr>(Assert.IsType<BoundLocalDecl>(s[1]).Initializer).Function.Name);
        Assert.IsType<BoundIf>(s[2]);
        var ret = Assert.IsType<BoundReturn>(s[3]);
        var call = Assert.IsType<BoundCallExpr>(Assert.IsType<BoundEnumExpr>(ret.Value).Arguments[0]);
        Assert.Same(spill.Local, Assert.IsType<BoundVariableExpr>(call.Arguments[0]).Variable);
        Assert.IsType<BoundLiteralExpr>(call.Arguments[1]);   // a constant is not spilled
        Assert.IsType<BoundPayloadExpr>(call.Arguments[2]);
    }

    [Fact]
    public void APlacePassedByReferenceStaysThePlaceWithItsIndexSpilled()
    {
        var f = Lowered(Prelude + """
            fn f(n: i32): Option<i32> {
                var cs = [Counter { n: 0 }, Counter { n: 0 }]
                cs[g(0)].bump(g(1), half(n)?)
                return Option.Some(cs[1].n)
            }
            """, "f");
        var call = Flat(f.Body!).OfType<BoundExprStmt>().Select(e => e.Expression).OfType<BoundCallExpr>().Single(c => c.Function.Name.EndsWith("bump"));
        // self: the element itself (not a copy), its index read from the temporary that ran first
        var self = Assert.IsType<BoundIndexExpr>(call.Arguments[0]);
        Assert.Equal("cs", Assert.IsType<BoundVariableExpr>(self.Receiver).Variable.Name);
        var index = Assert.IsType<BoundVariableExpr>(self.Index).Variable;
        var by = Assert.IsType<BoundVariableExpr>(call.Arguments[1]).Variable;
        var decls = Flat(f.Body!).OfType<BoundLocalDecl>().Select(d => d.Local).ToList();
        Assert.True(decls.IndexOf((LocalSymbol)index) < decls.IndexOf((LocalSymbol)by), "the index is evaluated before the next argument");
    }

    [Fact]
    public void TheEmitterRefusesAReturningSequenceInsideAnExpression()
    {
        var program = Compilation.FromText("spill.milo", Prelude).Analyze()!;
        LocalRewriter.Lower(program);
        var main = program.Functions.Single(f => f.Symbol.Name == "main");
        var loc = main.Body!.Location;
        var i32 = TypeFactory.I32;
        var returning = new BoundSequenceExpr(loc, [], new BoundLiteralExpr(loc, i32, 2L));
        main.Body = new BoundBlock(loc, [new BoundReturn(loc, new BoundBinaryExpr(loc, BinaryOp.Add, new BoundLiteralExpr(loc, i32, 1L), returning, i32, false))]);
        var dir = Path.Combine(Path.GetTempPath(), "milo-spill-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var e = Assert.Throws<EmitException>(() => Emitter.Emit(program, Path.Combine(dir, "out.dll"), "out"));
            Assert.Contains("may return early", e.Message);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
