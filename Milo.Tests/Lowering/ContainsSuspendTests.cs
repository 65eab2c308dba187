using Milo.Compiler;
using Milo.Compiler.Binding;
using Milo.Compiler.Diagnostics;
using Milo.Compiler.Lowering;
using Milo.Compiler.Modules;
using Milo.Compiler.Text;
using Xunit;

namespace Milo.Tests.Lowering;

/// <summary>
/// SuspensionPoints.ContainsSuspend (asked by the suspension spiller of every expression level of a suspending body) gives
/// the same answer as the plain recursive definition — the expression or an operand at any depth is a suspension point —
/// and walks without allocating.
/// </summary>
public class ContainsSuspendTests
{
    private const string Source = """
        from "std/runtime" import { Task, schedulerYield }
        from "std/sync" import { Channel }

        interface Port {
            fn take(self: &Self): i64
        }
        struct ChanPort { ch: Channel<i64> }
        impl ChanPort {
            fn take(self: &Self): i64 { return self.ch.recv()! }
        }

        fn plain(n: i64): i64 { return n * 2 + 1 }
        fn pause(n: i64): i64 {
            schedulerYield()
            return n
        }
        fn caller(p: &Port): i64 {
            let a = plain(plain(1) + plain(2)) * (3 - plain(4))
            let b = plain(1) + (2 * (plain(3) - (pause(4) + 5)))
            let c = (plain(1) + p.take()) * plain(a + b)
            if plain(c) > pause(a) { return a + b }
            return c + plain(a)
        }

        fn main(): void {
            let ch: Channel<i64> = Channel.new(1)!
            Task.spawn(move (): void => {
                let p: Port = ChanPort { ch: ch }
                print(caller(p))
            })
            ch.send(5)!
        }
        """;

    private static bool Reference(GreenThreadFacts facts, BoundExpr e)
        => facts.IsSuspendPoint(e) || BoundTreeShape.Children(e).Any(c => Reference(facts, c));

    private static (GreenThreadFacts Facts, List<BoundExpr> Exprs) Analyzed()
    {
        // Bound but not yet spilled (Compilation.Analyze spills: every suspension point is then at statement level).
        var diagnostics = new DiagnosticBag();
        var source = new SourceText("contains_suspend.milo", Source);
        var program = Binder.Bind(new ModuleLoader(diagnostics).Load(source), source, diagnostics, debug: false, library: false);
        Assert.False(diagnostics.HasErrors, string.Join("\n", diagnostics.Select(d => d.ToString())));
        var facts = SuspensionAnalysis.Analyze(program);
        var exprs = new List<BoundExpr>();
        foreach (var f in program.Functions)
            if (f.Body != null)
                BoundTreeShape.Walk(f.Body, n => { if (n is BoundExpr e) exprs.Add(e); return true; });
        return (facts, exprs);
    }

    [Fact]
    public void AgreesWithTheRecursiveDefinitionOnEveryExpression()
    {
        var (facts, exprs) = Analyzed();
        int suspending = 0, nested = 0;
        foreach (var e in exprs)
        {
            bool expected = Reference(facts, e);
            Assert.Equal(expected, facts.ContainsSuspend(e));
            if (expected) suspending++;
            if (expected && !facts.IsSuspendPoint(e)) nested++;   // found below the top: the walk went down
        }
        Assert.True(exprs.Count > 50, $"only {exprs.Count} expressions");
        Assert.True(nested >= 5, $"only {nested} expressions contain a suspension point below them");
        Assert.True(suspending < exprs.Count / 2, $"{suspending} of {exprs.Count} expressions suspend");
    }

    [Fact]
    public void AllocatesNothing()
    {
        var (facts, exprs) = Analyzed();
        foreach (var e in exprs) facts.ContainsSuspend(e);   // first calls: caches, JIT
        long before = GC.GetAllocatedBytesForCurrentThread();
        int found = 0;
        for (int round = 0; round < 10; round++)
            foreach (var e in exprs) if (facts.ContainsSuspend(e)) found++;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(found > 0);
        Assert.Equal(0, allocated);
    }
}
