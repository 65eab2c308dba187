using Milo.Compiler.Binding;
using Milo.Compiler.Lsp;

namespace Milo.Tests.Architecture;

/// <summary>
/// The language server's <see cref="BoundIndex"/> is built on <see cref="BoundTreeShape"/>: over every test program it
/// indexes exactly the expressions a <see cref="BoundTreeWalker"/> reaches in the document (closure bodies and the drops of
/// a `?` included), so no node kind is skipped by a hand-written list.
/// </summary>
public sealed class BoundIndexTraversalTests
{
    private sealed class ExpressionCollector(Milo.Compiler.Text.SourceText source) : BoundTreeWalker
    {
        public HashSet<BoundExpr> Found { get; } = new(ReferenceEqualityComparer.Instance);

        public void Function(BoundFunction f)
        {
            if (f.Body != null) VisitStmt(f.Body);
        }

        private void Note(BoundExpr e)
        {
            if (ReferenceEquals(e.Location.Source, source)) Found.Add(e);
        }

        protected override void VisitLiteral(BoundLiteralExpr node) { Note(node); base.VisitLiteral(node); }
        protected override void VisitStringLiteral(BoundStringLiteralExpr node) { Note(node); base.VisitStringLiteral(node); }
        protected override void VisitVariable(BoundVariableExpr node) { Note(node); base.VisitVariable(node); }
        protected override void VisitFunctionRef(BoundFunctionRefExpr node) { Note(node); base.VisitFunctionRef(node); }
        protected override void VisitUnary(BoundUnaryExpr node) { Note(node); base.VisitUnary(node); }
        protected override void VisitBinary(BoundBinaryExpr node) { Note(node); base.VisitBinary(node); }
        protected override void VisitCoalesce(BoundCoalesceExpr node) { Note(node); base.VisitCoalesce(node); }
        protected override void VisitCast(BoundCastExpr node) { Note(node); base.VisitCast(node); }
        protected override void VisitCall(BoundCallExpr node) { Note(node); base.VisitCall(node); }
        protected override void VisitClosureCall(BoundClosureCallExpr node) { Note(node); base.VisitClosureCall(node); }
        protected override void VisitRuntimeCall(BoundRuntimeCallExpr node) { Note(node); base.VisitRuntimeCall(node); }
        protected override void VisitTryToOption(BoundTryToOptionExpr node) { Note(node); base.VisitTryToOption(node); }
        protected override void VisitField(BoundFieldExpr node) { Note(node); base.VisitField(node); }
        protected override void VisitIndex(BoundIndexExpr node) { Note(node); base.VisitIndex(node); }
        protected override void VisitStructLiteral(BoundStructLiteralExpr node) { Note(node); base.VisitStructLiteral(node); }
        protected override void VisitEnum(BoundEnumExpr node) { Note(node); base.VisitEnum(node); }
        protected override void VisitArrayLiteral(BoundArrayLiteralExpr node) { Note(node); base.VisitArrayLiteral(node); }
        protected override void VisitArrayRepeat(BoundArrayRepeatExpr node) { Note(node); base.VisitArrayRepeat(node); }
        protected override void VisitHeap(BoundHeapExpr node) { Note(node); base.VisitHeap(node); }
        protected override void VisitDeref(BoundDerefExpr node) { Note(node); base.VisitDeref(node); }
        protected override void VisitUnwrap(BoundUnwrapExpr node) { Note(node); base.VisitUnwrap(node); }
        protected override void VisitIs(BoundIsExpr node) { Note(node); base.VisitIs(node); }
        protected override void VisitFormat(BoundFormatExpr node) { Note(node); base.VisitFormat(node); }
        protected override void VisitPrint(BoundPrintExpr node) { Note(node); base.VisitPrint(node); }
        protected override void VisitIntrinsic(BoundIntrinsicExpr node) { Note(node); base.VisitIntrinsic(node); }
        protected override void VisitInterfaceBox(BoundInterfaceBoxExpr node) { Note(node); base.VisitInterfaceBox(node); }
        protected override void VisitInterfaceCall(BoundInterfaceCallExpr node) { Note(node); base.VisitInterfaceCall(node); }
        protected override void VisitDotNet(BoundDotNetExpr node) { Note(node); base.VisitDotNet(node); }
        protected override void VisitDotNetCatch(BoundDotNetCatchExpr node) { Note(node); base.VisitDotNetCatch(node); }
        protected override void VisitDisplayAppend(BoundDisplayAppendExpr node) { Note(node); base.VisitDisplayAppend(node); }
        protected override void VisitCollectionLength(BoundCollectionLengthExpr node) { Note(node); base.VisitCollectionLength(node); }
        protected override void VisitElementAt(BoundElementAtExpr node) { Note(node); base.VisitElementAt(node); }
        protected override void VisitSequence(BoundSequenceExpr node) { Note(node); base.VisitSequence(node); }
        protected override void VisitConditional(BoundConditionalExpr node) { Note(node); base.VisitConditional(node); }
        protected override void VisitPayload(BoundPayloadExpr node) { Note(node); base.VisitPayload(node); }
        protected override void VisitSuspension(BoundSuspensionExpr node) { Note(node); base.VisitSuspension(node); }
        protected override void VisitFrameMethodCall(BoundFrameMethodCallExpr node) { Note(node); base.VisitFrameMethodCall(node); }
        protected override void VisitFrameFieldRead(BoundFrameFieldRead node) { Note(node); base.VisitFrameFieldRead(node); }
        protected override void VisitTypeTest(BoundTypeTestExpr node) { Note(node); base.VisitTypeTest(node); }

        protected override void VisitPropagate(BoundPropagateExpr node)
        {
            Note(node);
            foreach (var d in node.Drops) VisitStmt(d);
            base.VisitPropagate(node);
        }

        protected override void VisitClosure(BoundClosureExpr node)
        {
            Note(node);
            VisitClosureBody(node);
        }
    }

    [Fact]
    public void The_index_holds_every_expression_of_the_document_the_walker_reaches()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Programs"), "*.milo", SearchOption.AllDirectories);
        int bound = 0, expressions = 0;
        var problems = new List<string>();
        foreach (var file in files)
        {
            var doc = new LspWorkspace().Open(new Uri(file).AbsoluteUri, File.ReadAllText(file), 1).Current;
            if (doc.Program is not { } program) continue;
            bound++;
            var walker = new ExpressionCollector(doc.Source);
            foreach (var f in program.Functions) walker.Function(f);
            var indexed = doc.Index.Expressions.ToHashSet(ReferenceEqualityComparer.Instance);
            expressions += walker.Found.Count;
            foreach (var missing in walker.Found.Where(e => !indexed.Contains(e)).Take(3))
                problems.Add($"{Path.GetFileName(file)}: {missing.GetType().Name} at {missing.Location} not indexed");
            foreach (var extra in indexed.Cast<BoundExpr>().Where(e => !walker.Found.Contains(e)).Take(3))
                problems.Add($"{Path.GetFileName(file)}: {extra.GetType().Name} at {extra.Location} indexed but not reached by the walker");
        }
        Assert.True(problems.Count == 0, $"{problems.Count} differences, e.g.:\n" + string.Join("\n", problems.Take(20)));
        Assert.True(bound > 100 && expressions > 10_000, $"only {bound} programs / {expressions} expressions");
    }
}
