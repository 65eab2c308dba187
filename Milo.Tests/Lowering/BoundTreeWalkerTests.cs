using System.Runtime.CompilerServices;
using Milo.Compiler;
using Milo.Compiler.Binding;
using Milo.Compiler.Lowering;
using Milo.Compiler.Symbols;
using Xunit;

namespace Milo.Tests.Lowering;

/// <summary>
/// BoundNodeKind is the one list of bound node kinds: every concrete BoundNode class has its own kind, and
/// BoundTreeWalker / BoundTreeRewriter dispatch every kind (an unknown one throws). Then both are run over every
/// annotated test program: the walker reaches the same nodes as BoundTreeShape.Walk, an identity rewrite returns the very
/// same trees, and a rewrite that changes integer literals rebuilds exactly the nodes above them.
/// </summary>
public class BoundTreeWalkerTests
{
    private static List<Type> ConcreteNodes() =>
        typeof(BoundNode).Assembly.GetTypes().Where(t => typeof(BoundNode).IsAssignableFrom(t) && !t.IsAbstract).ToList();

    private static BoundNode Uninitialised(Type t) => (BoundNode)RuntimeHelpers.GetUninitializedObject(t);

    private static bool KnowsKind(Action visit)
    {
        try { visit(); return true; }
        catch (InvalidOperationException e) when (e.Message.Contains("unhandled bound node kind")) { return false; }
        catch (Exception) { return true; } // an uninitialised node's null operands: the kind itself was recognised
    }

    [Fact]
    public void EveryNodeClassHasItsOwnKindAndEveryKindAClass()
    {
        var byKind = ConcreteNodes().GroupBy(t => Uninitialised(t).NodeKind).ToDictionary(g => g.Key, g => g.Select(t => t.Name).ToList());
        Assert.Empty(byKind.Where(kv => kv.Value.Count > 1).Select(kv => $"{kv.Key}: {string.Join(", ", kv.Value)}"));
        Assert.Empty(Enum.GetValues<BoundNodeKind>().Where(k => !byKind.ContainsKey(k)));
        Assert.True(byKind.Count >= 48, $"only {byKind.Count} node classes found");
    }

    /// <summary>The walker and BoundTreeShape tell expressions, statements and patterns apart by kind range and then cast
    /// without a check, so every kind must sit in the range of its class's base.</summary>
    [Fact]
    public void KindRangesMatchTheBaseClasses()
    {
        foreach (var t in ConcreteNodes())
        {
            var kind = Uninitialised(t).NodeKind;
            Assert.True(BoundTreeShape.IsExpr(kind) == typeof(BoundExpr).IsAssignableFrom(t), $"{t.Name} ({kind}): expression range");
            Assert.True(BoundTreeShape.IsPattern(kind) == typeof(BoundPattern).IsAssignableFrom(t), $"{t.Name} ({kind}): pattern range");
            Assert.True((!BoundTreeShape.IsExpr(kind) && !BoundTreeShape.IsPattern(kind)) == typeof(BoundStmt).IsAssignableFrom(t),
                $"{t.Name} ({kind}): statement range");
        }
    }

    private sealed class NullWalker : BoundTreeWalker;

    private sealed class IdentityRewriter : BoundTreeRewriter;

    [Fact]
    public void WalkerAndRewriterDispatchEveryKind()
    {
        foreach (var t in ConcreteNodes())
        {
            var n = Uninitialised(t);
            Assert.True(KnowsKind(() => new NullWalker().Visit(n)), $"BoundTreeWalker does not handle {t.Name}");
            Assert.True(KnowsKind(() => BoundTreeShape.ChildNodes(n)), $"BoundTreeShape.ChildNodes does not handle {t.Name}");
            Action rewrite = n switch
            {
                BoundExpr e => () => new IdentityRewriter().RewriteExpr(e),
                BoundStmt s => () => new IdentityRewriter().RewriteStmt(s),
                BoundPattern p => () => new IdentityRewriter().RewritePattern(p),
                _ => throw new InvalidOperationException(t.Name),
            };
            Assert.True(KnowsKind(rewrite), $"BoundTreeRewriter does not handle {t.Name}");
        }
    }

    /// <summary>Counts nodes by kind, entering closure bodies.</summary>
    private sealed class Counter : BoundTreeWalker
    {
        public readonly Dictionary<BoundNodeKind, int> Counts = new();
        private void Count(BoundNode n) => Counts[n.NodeKind] = Counts.GetValueOrDefault(n.NodeKind) + 1;
        public void Run(BoundNode root)
        {
            Count(root);
            foreach (var c in BoundTreeShape.ChildNodes(root)) Run(c);
            if (root is BoundClosureExpr { Function.Body: { } body }) Run(body);
        }
    }

    /// <summary>The same count through the walker's virtual methods (each override counts, then descends).</summary>
    private sealed class VirtualCounter : BoundTreeWalker
    {
        public readonly Dictionary<BoundNodeKind, int> Counts = new();
        private void Count(BoundNode n) => Counts[n.NodeKind] = Counts.GetValueOrDefault(n.NodeKind) + 1;
        protected override void VisitClosure(BoundClosureExpr node) { Count(node); VisitClosureBody(node); }
        protected override void VisitLiteral(BoundLiteralExpr node) { Count(node); base.VisitLiteral(node); }
        protected override void VisitVariable(BoundVariableExpr node) { Count(node); base.VisitVariable(node); }
        protected override void VisitCall(BoundCallExpr node) { Count(node); base.VisitCall(node); }
        protected override void VisitBinary(BoundBinaryExpr node) { Count(node); base.VisitBinary(node); }
        protected override void VisitBlock(BoundBlock node) { Count(node); base.VisitBlock(node); }
        protected override void VisitMatch(BoundMatch node) { Count(node); base.VisitMatch(node); }
        protected override void VisitVariantPattern(BoundVariantPattern node) { Count(node); base.VisitVariantPattern(node); }
        protected override void VisitReturn(BoundReturn node) { Count(node); base.VisitReturn(node); }
    }

    /// <summary>Replaces every integer literal by one with the value plus 1 000 000.</summary>
    private sealed class BumpIntegers : BoundTreeRewriter
    {
        protected override BoundExpr RewriteLiteral(BoundLiteralExpr node)
            => node.Value is long v ? new BoundLiteralExpr(node.Location, node.Type, v + 1_000_000) : node;
    }

    private static IEnumerable<BoundProgram> BoundTestPrograms()
    {
        var dir = Path.Combine(Milo.Tests.Build.BuildScriptTests.RepoRoot(), "Milo.Tests", "Programs");
        foreach (var file in Directory.GetFiles(dir, "*.milo", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (File.ReadAllText(file).Contains("@error:")) continue;
            var program = Compilation.FromFile(file).Analyze();
            if (program != null) yield return program;
        }
    }

    [Fact]
    public void OverEveryTestProgramWalkerMatchesShapeAndIdentityRewriteSharesTheTree()
    {
        int programs = 0, bodies = 0;
        foreach (var program in BoundTestPrograms())
        {
            programs++;
            // Bound bodies; then, lowered as for emit, the desugared bodies, the marked bodies of state machines (with
            // their suspension points) and their MoveNext bodies (the points lowered to frame nodes).
            var all = program.Functions.Where(f => f.Body != null).Select(f => f.Body!).ToList();
            Milo.Compiler.Lowering.LocalRewriter.Lower(program);
            all.AddRange(program.Functions.Where(f => f.Body != null).Select(f => f.Body!));
            all.AddRange(program.GreenThreads.StateMachines.Values.Select(m => m.MarkedBody!));
            all.AddRange(program.GreenThreads.StateMachines.Values.Select(m => m.MoveNextBody));
            foreach (var body in all)
            {
                bodies++;
                var reference = new Counter();
                reference.Run(body);
                var viaWalker = new VirtualCounter();
                viaWalker.VisitStmt(body);
                foreach (var (kind, n) in viaWalker.Counts)
                    Assert.Equal(reference.Counts.GetValueOrDefault(kind), n);
                Assert.Same(body, new IdentityRewriter().RewriteStmt(body));
            }
        }
        Assert.True(programs > 100, $"only {programs} programs bound");
        Assert.True(bodies > 1000, $"only {bodies} function bodies");
    }

    [Fact]
    public void ARewriteRebuildsOnlyTheSpineAboveChangedNodes()
    {
        int changedBodies = 0;
        foreach (var program in BoundTestPrograms().Take(60))
            foreach (var f in program.Functions.Where(f => f.Body != null))
            {
                var before = new Counter(); before.Run(f.Body!);
                var rewritten = new BumpIntegers().RewriteStmt(f.Body!);
                var after = new Counter(); after.Run(rewritten);
                Assert.Equal(before.Counts.OrderBy(kv => kv.Key), after.Counts.OrderBy(kv => kv.Key)); // same shape
                var oldInts = new List<long>(); var newInts = new List<long>();
                BoundTreeShape.Walk(f.Body!, n => { if (n is BoundLiteralExpr { Value: long v }) oldInts.Add(v); return true; });
                BoundTreeShape.Walk(rewritten, n => { if (n is BoundLiteralExpr { Value: long v }) newInts.Add(v); return true; });
                Assert.Equal(oldInts.Select(v => v + 1_000_000), newInts);
                Assert.Equal(oldInts.Count == 0, ReferenceEquals(rewritten, f.Body));
                if (oldInts.Count > 0) changedBodies++;
            }
        Assert.True(changedBodies > 50, $"only {changedBodies} bodies had integer literals");
    }
}
