using Milo.Compiler;
using Milo.Compiler.Binding;
using Milo.Compiler.Emit;
using Milo.Compiler.Lowering;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Xunit;

namespace Milo.Tests.Lowering;

/// <summary>
/// Lowering/LocalRewriter over every annotated test program: afterwards no function or closure body holds a construct
/// the emitter no longer implements (for loops, format/print, string `+`, `?`, `??`, `!`, match, max/min/exit), the lowered core nodes do appear, and a
/// second run changes nothing. The emitter itself refuses an unlowered construct. (That the lowered programs still
/// print the right thing is checked by ProgramTests, under the IL verifier.)
/// </summary>
public class LocalRewriterTests
{
    private sealed class KindCounter : BoundTreeWalker
    {
        public readonly Dictionary<string, int> Counts = new();
        private void Count(string what) => Counts[what] = Counts.GetValueOrDefault(what) + 1;

        protected override void VisitClosure(BoundClosureExpr node) => VisitClosureBody(node);
        protected override void VisitForEach(BoundForEach node) { Count("ForEach"); base.VisitForEach(node); }
        protected override void VisitForRange(BoundForRange node) { Count("ForRange"); base.VisitForRange(node); }
        protected override void VisitFormat(BoundFormatExpr node) { Count("Format"); base.VisitFormat(node); }
        protected override void VisitPrint(BoundPrintExpr node) { Count("Print"); base.VisitPrint(node); }
        protected override void VisitDisplayAppend(BoundDisplayAppendExpr node) { Count("DisplayAppend"); base.VisitDisplayAppend(node); }
        protected override void VisitElementAt(BoundElementAtExpr node) { Count("ElementAt"); base.VisitElementAt(node); }
        protected override void VisitPropagate(BoundPropagateExpr node) { Count("Propagate"); base.VisitPropagate(node); }
        protected override void VisitCoalesce(BoundCoalesceExpr node) { Count("Coalesce"); base.VisitCoalesce(node); }
        protected override void VisitUnwrap(BoundUnwrapExpr node) { Count("Unwrap"); base.VisitUnwrap(node); }
        protected override void VisitMatch(BoundMatch node) { Count("Match"); base.VisitMatch(node); }
        protected override void VisitSequence(BoundSequenceExpr node) { Count("Sequence"); base.VisitSequence(node); }
        protected override void VisitIntrinsic(BoundIntrinsicExpr node)
        {
            if (node.Kind is IntrinsicKind.Max or IntrinsicKind.Min or IntrinsicKind.Exit) Count("MinMaxExit");
            base.VisitIntrinsic(node);
        }

        protected override void VisitBinary(BoundBinaryExpr node)
        {
            if (node.Op == BinaryOp.Add && (node.Left.Type is RefType r ? r.Inner : node.Left.Type).StripRange() is StringType) Count("StringAdd");
            if (node.Op == BinaryOp.Coalesce) Count("Coalesce");
            base.VisitBinary(node);
        }

        protected override void VisitWhile(BoundWhile node)
        {
            if (node.Step != null) Count("WhileWithStep");
            base.VisitWhile(node);
        }
    }

    private static readonly string[] Lowered = ["ForEach", "ForRange", "Format", "Print", "StringAdd", "Propagate", "Coalesce", "Match", "Unwrap"];

    private static IEnumerable<(string File, BoundProgram Program)> TestPrograms()
    {
        var dir = Path.Combine(Milo.Tests.Build.BuildScriptTests.RepoRoot(), "Milo.Tests", "Programs");
        foreach (var file in Directory.GetFiles(dir, "*.milo", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (File.ReadAllText(file).Contains("@error:")) continue;
            var program = Compilation.FromFile(file).Analyze();
            if (program != null) yield return (file, program);
        }
    }

    private static Dictionary<string, int> Count(BoundProgram program)
    {
        var c = new KindCounter();
        foreach (var f in program.Functions.Where(f => f.Body != null)) c.VisitStmt(f.Body!);
        return c.Counts;
    }

    [Fact]
    public void LoweredProgramsHoldOnlyTheCoreAndASecondRunIsTheIdentity()
    {
        var before = new Dictionary<string, int>();
        var after = new Dictionary<string, int>();
        foreach (var (file, program) in TestPrograms())
        {
            foreach (var (k, n) in Count(program)) before[k] = before.GetValueOrDefault(k) + n;
            LocalRewriter.Lower(program);
            var counts = Count(program);
            foreach (var kind in Lowered.Append("MinMaxExit"))
                Assert.False(counts.ContainsKey(kind), $"{Path.GetFileName(file)}: {kind} left after lowering");
            foreach (var (k, n) in counts) after[k] = after.GetValueOrDefault(k) + n;

            var bodies = program.Functions.Select(f => f.Body).ToList();
            LocalRewriter.Lower(program);
            Assert.True(bodies.Zip(program.Functions).All(p => ReferenceEquals(p.First, p.Second.Body)), $"{Path.GetFileName(file)}: lowering is not a fixpoint");
        }
        // the corpus really exercises every construct, and each one became its core form
        foreach (var kind in Lowered)
            Assert.True(before.GetValueOrDefault(kind) > 10, $"only {before.GetValueOrDefault(kind)} {kind} in the test programs");
        Assert.Equal(before["ForEach"] + before["ForRange"], after.GetValueOrDefault("WhileWithStep"));
        Assert.True(after.GetValueOrDefault("DisplayAppend") >= before["Format"] + before["Print"]);
        Assert.True(after.GetValueOrDefault("ElementAt") > 0);
        Assert.True(before.GetValueOrDefault("MinMaxExit") > 5, $"only {before.GetValueOrDefault("MinMaxExit")} max/min/exit in the test programs");
        // `?`'s sequences return early: Lowering/Spilling hoists them (and the `??`/`!` sequences around one) to statements
        // (and a lowered max/min is a sequence too)
        Assert.InRange(after.GetValueOrDefault("Sequence"), 1, before["Coalesce"] + before["Unwrap"] + before["MinMaxExit"]);
    }

    [Fact]
    public void TheEmitterRefusesAConstructThatWasNotLowered()
    {
        var file = Path.Combine(Milo.Tests.Build.BuildScriptTests.RepoRoot(), "Milo.Tests", "Programs", "core", "for_range.milo");
        var program = Compilation.FromFile(file).Analyze()!;
        var dir = Path.Combine(Path.GetTempPath(), "milo-lowering-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var e = Assert.Throws<EmitException>(() => Emitter.Emit(program, Path.Combine(dir, "out.dll"), "out"));
            Assert.Contains("should have been lowered", e.Message);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
