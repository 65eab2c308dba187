using System.Runtime.CompilerServices;
using Milo.Compiler.Binding;

namespace Milo.Compiler.Binding;

/// <summary>
/// Visits a bound tree: one virtual method per node kind (<see cref="BoundNodeKind"/>), each visiting the node's children
/// in evaluation order unless overridden (call the base method to keep descending). Closure bodies are separate
/// functions and are not entered unless <see cref="VisitClosure"/> is overridden (<see cref="VisitClosureBody"/>).
/// A node kind missing from the dispatch is an exception, never a silent leaf.
/// </summary>
internal abstract class BoundTreeWalker
{
    public void Visit(BoundNode node)
    {
        // By kind range rather than `case BoundExpr`: see BoundTreeShape.AddChildNodes.
        var kind = node.NodeKind;
        if (BoundTreeShape.IsExpr(kind)) VisitExpr(Unsafe.As<BoundExpr>(node));
        else if (BoundTreeShape.IsPattern(kind)) VisitPattern(Unsafe.As<BoundPattern>(node));
        else VisitStmt(Unsafe.As<BoundStmt>(node));
    }

    public void VisitExpr(BoundExpr e)
    {
        switch (e.NodeKind)
        {
            case BoundNodeKind.LiteralExpr: VisitLiteral((BoundLiteralExpr)e); break;
            case BoundNodeKind.StringLiteralExpr: VisitStringLiteral((BoundStringLiteralExpr)e); break;
            case BoundNodeKind.VariableExpr: VisitVariable((BoundVariableExpr)e); break;
            case BoundNodeKind.FunctionRefExpr: VisitFunctionRef((BoundFunctionRefExpr)e); break;
            case BoundNodeKind.UnaryExpr: VisitUnary((BoundUnaryExpr)e); break;
            case BoundNodeKind.BinaryExpr: VisitBinary((BoundBinaryExpr)e); break;
            case BoundNodeKind.CoalesceExpr: VisitCoalesce((BoundCoalesceExpr)e); break;
            case BoundNodeKind.CastExpr: VisitCast((BoundCastExpr)e); break;
            case BoundNodeKind.CallExpr: VisitCall((BoundCallExpr)e); break;
            case BoundNodeKind.ClosureCallExpr: VisitClosureCall((BoundClosureCallExpr)e); break;
            case BoundNodeKind.RuntimeCallExpr: VisitRuntimeCall((BoundRuntimeCallExpr)e); break;
            case BoundNodeKind.TryToOptionExpr: VisitTryToOption((BoundTryToOptionExpr)e); break;
            case BoundNodeKind.FieldExpr: VisitField((BoundFieldExpr)e); break;
            case BoundNodeKind.IndexExpr: VisitIndex((BoundIndexExpr)e); break;
            case BoundNodeKind.StructLiteralExpr: VisitStructLiteral((BoundStructLiteralExpr)e); break;
            case BoundNodeKind.EnumExpr: VisitEnum((BoundEnumExpr)e); break;
            case BoundNodeKind.ArrayLiteralExpr: VisitArrayLiteral((BoundArrayLiteralExpr)e); break;
            case BoundNodeKind.ArrayRepeatExpr: VisitArrayRepeat((BoundArrayRepeatExpr)e); break;
            case BoundNodeKind.HeapExpr: VisitHeap((BoundHeapExpr)e); break;
            case BoundNodeKind.DerefExpr: VisitDeref((BoundDerefExpr)e); break;
            case BoundNodeKind.UnwrapExpr: VisitUnwrap((BoundUnwrapExpr)e); break;
            case BoundNodeKind.PropagateExpr: VisitPropagate((BoundPropagateExpr)e); break;
            case BoundNodeKind.IsExpr: VisitIs((BoundIsExpr)e); break;
            case BoundNodeKind.FormatExpr: VisitFormat((BoundFormatExpr)e); break;
            case BoundNodeKind.PrintExpr: VisitPrint((BoundPrintExpr)e); break;
            case BoundNodeKind.ClosureExpr: VisitClosure((BoundClosureExpr)e); break;
            case BoundNodeKind.IntrinsicExpr: VisitIntrinsic((BoundIntrinsicExpr)e); break;
            case BoundNodeKind.InterfaceBoxExpr: VisitInterfaceBox((BoundInterfaceBoxExpr)e); break;
            case BoundNodeKind.InterfaceCallExpr: VisitInterfaceCall((BoundInterfaceCallExpr)e); break;
            case BoundNodeKind.DotNetExpr: VisitDotNet((BoundDotNetExpr)e); break;
            case BoundNodeKind.DotNetCatchExpr: VisitDotNetCatch((BoundDotNetCatchExpr)e); break;
            case BoundNodeKind.DisplayAppendExpr: VisitDisplayAppend((BoundDisplayAppendExpr)e); break;
            case BoundNodeKind.CollectionLengthExpr: VisitCollectionLength((BoundCollectionLengthExpr)e); break;
            case BoundNodeKind.ElementAtExpr: VisitElementAt((BoundElementAtExpr)e); break;
            case BoundNodeKind.SequenceExpr: VisitSequence((BoundSequenceExpr)e); break;
            case BoundNodeKind.ConditionalExpr: VisitConditional((BoundConditionalExpr)e); break;
            case BoundNodeKind.PayloadExpr: VisitPayload((BoundPayloadExpr)e); break;
            case BoundNodeKind.SuspensionExpr: VisitSuspension((BoundSuspensionExpr)e); break;
            case BoundNodeKind.FrameMethodCallExpr: VisitFrameMethodCall((BoundFrameMethodCallExpr)e); break;
            case BoundNodeKind.FrameFieldRead: VisitFrameFieldRead((BoundFrameFieldRead)e); break;
            case BoundNodeKind.TypeTestExpr: VisitTypeTest((BoundTypeTestExpr)e); break;
            default: throw BoundTreeShape.UnknownKind(e);
        }
    }

    public void VisitStmt(BoundStmt s)
    {
        switch (s.NodeKind)
        {
            case BoundNodeKind.Block: VisitBlock((BoundBlock)s); break;
            case BoundNodeKind.LocalDecl: VisitLocalDecl((BoundLocalDecl)s); break;
            case BoundNodeKind.Assign: VisitAssign((BoundAssign)s); break;
            case BoundNodeKind.ExprStmt: VisitExprStmt((BoundExprStmt)s); break;
            case BoundNodeKind.If: VisitIf((BoundIf)s); break;
            case BoundNodeKind.While: VisitWhile((BoundWhile)s); break;
            case BoundNodeKind.ForRange: VisitForRange((BoundForRange)s); break;
            case BoundNodeKind.ForEach: VisitForEach((BoundForEach)s); break;
            case BoundNodeKind.Break: VisitBreak((BoundBreak)s); break;
            case BoundNodeKind.Continue: VisitContinue((BoundContinue)s); break;
            case BoundNodeKind.Return: VisitReturn((BoundReturn)s); break;
            case BoundNodeKind.Match: VisitMatch((BoundMatch)s); break;
            case BoundNodeKind.RangeCheck: VisitRangeCheck((BoundRangeCheck)s); break;
            case BoundNodeKind.Parallel: VisitParallel((BoundParallel)s); break;
            case BoundNodeKind.DropLocal: VisitDropLocal((BoundDropLocal)s); break;
            case BoundNodeKind.Label: VisitLabel((BoundLabelStmt)s); break;
            case BoundNodeKind.StateDispatch: VisitStateDispatch((BoundStateDispatch)s); break;
            default: throw BoundTreeShape.UnknownKind(s);
        }
    }

    public void VisitPattern(BoundPattern p)
    {
        switch (p.NodeKind)
        {
            case BoundNodeKind.WildcardPattern: VisitWildcardPattern((BoundWildcardPattern)p); break;
            case BoundNodeKind.LiteralPattern: VisitLiteralPattern((BoundLiteralPattern)p); break;
            case BoundNodeKind.VariantPattern: VisitVariantPattern((BoundVariantPattern)p); break;
            default: throw BoundTreeShape.UnknownKind(p);
        }
    }

    /// <summary>Child lists of the nodes being visited, one per nesting level, reused: a walk allocates no list per node.</summary>
    private readonly Stack<List<BoundNode>> _freeLists = new();

    /// <summary>Visits every child of <paramref name="node"/> (expressions, statements, patterns) in evaluation order.</summary>
    protected void VisitChildren(BoundNode node)
    {
        var children = _freeLists.Count > 0 ? _freeLists.Pop() : new List<BoundNode>(4);
        BoundTreeShape.AddChildNodes(node, children);
        if (children.Count > 0)
            foreach (var child in children) Visit(child);
        children.Clear();
        _freeLists.Push(children);
    }

    /// <summary>Enters a closure's body (a separate function), for walkers that treat it as part of the enclosing one.</summary>
    protected void VisitClosureBody(BoundClosureExpr c)
    {
        if (c.Function.Body != null) VisitStmt(c.Function.Body);
    }

    /// <summary>A suspension point: the call, then the `&amp;mut` write-backs after it.</summary>
    protected virtual void VisitSuspension(BoundSuspensionExpr node)
    {
        VisitExpr(node.Operation);
        foreach (var w in node.WriteBacks) VisitStmt(w);
    }

    protected virtual void VisitFrameMethodCall(BoundFrameMethodCallExpr node) => VisitChildren(node);
    protected virtual void VisitFrameFieldRead(BoundFrameFieldRead node) => VisitChildren(node);
    protected virtual void VisitTypeTest(BoundTypeTestExpr node) => VisitChildren(node);

    protected virtual void VisitLabel(BoundLabelStmt node) => VisitChildren(node);
    protected virtual void VisitStateDispatch(BoundStateDispatch node) => VisitChildren(node);

    protected virtual void VisitLiteral(BoundLiteralExpr node) => VisitChildren(node);
    protected virtual void VisitStringLiteral(BoundStringLiteralExpr node) => VisitChildren(node);
    protected virtual void VisitVariable(BoundVariableExpr node) => VisitChildren(node);
    protected virtual void VisitFunctionRef(BoundFunctionRefExpr node) => VisitChildren(node);
    protected virtual void VisitUnary(BoundUnaryExpr node) => VisitChildren(node);
    protected virtual void VisitBinary(BoundBinaryExpr node) => VisitChildren(node);
    protected virtual void VisitCoalesce(BoundCoalesceExpr node) => VisitChildren(node);
    protected virtual void VisitCast(BoundCastExpr node) => VisitChildren(node);
    protected virtual void VisitCall(BoundCallExpr node) => VisitChildren(node);
    protected virtual void VisitClosureCall(BoundClosureCallExpr node) => VisitChildren(node);
    protected virtual void VisitRuntimeCall(BoundRuntimeCallExpr node) => VisitChildren(node);
    protected virtual void VisitTryToOption(BoundTryToOptionExpr node) => VisitChildren(node);
    protected virtual void VisitField(BoundFieldExpr node) => VisitChildren(node);
    protected virtual void VisitIndex(BoundIndexExpr node) => VisitChildren(node);
    protected virtual void VisitStructLiteral(BoundStructLiteralExpr node) => VisitChildren(node);
    protected virtual void VisitEnum(BoundEnumExpr node) => VisitChildren(node);
    protected virtual void VisitArrayLiteral(BoundArrayLiteralExpr node) => VisitChildren(node);
    protected virtual void VisitArrayRepeat(BoundArrayRepeatExpr node) => VisitChildren(node);
    protected virtual void VisitHeap(BoundHeapExpr node) => VisitChildren(node);
    protected virtual void VisitDeref(BoundDerefExpr node) => VisitChildren(node);
    protected virtual void VisitUnwrap(BoundUnwrapExpr node) => VisitChildren(node);
    protected virtual void VisitPropagate(BoundPropagateExpr node) => VisitChildren(node);
    protected virtual void VisitIs(BoundIsExpr node) => VisitChildren(node);
    protected virtual void VisitFormat(BoundFormatExpr node) => VisitChildren(node);
    protected virtual void VisitPrint(BoundPrintExpr node) => VisitChildren(node);
    protected virtual void VisitClosure(BoundClosureExpr node) { }
    protected virtual void VisitIntrinsic(BoundIntrinsicExpr node) => VisitChildren(node);
    protected virtual void VisitInterfaceBox(BoundInterfaceBoxExpr node) => VisitChildren(node);
    protected virtual void VisitInterfaceCall(BoundInterfaceCallExpr node) => VisitChildren(node);
    protected virtual void VisitDotNet(BoundDotNetExpr node) => VisitChildren(node);
    protected virtual void VisitDotNetCatch(BoundDotNetCatchExpr node) => VisitChildren(node);
    protected virtual void VisitDisplayAppend(BoundDisplayAppendExpr node) => VisitChildren(node);
    protected virtual void VisitCollectionLength(BoundCollectionLengthExpr node) => VisitChildren(node);
    protected virtual void VisitElementAt(BoundElementAtExpr node) => VisitChildren(node);
    protected virtual void VisitSequence(BoundSequenceExpr node) => VisitChildren(node);
    protected virtual void VisitConditional(BoundConditionalExpr node) => VisitChildren(node);
    protected virtual void VisitPayload(BoundPayloadExpr node) => VisitChildren(node);
    protected virtual void VisitBlock(BoundBlock node) => VisitChildren(node);
    protected virtual void VisitLocalDecl(BoundLocalDecl node) => VisitChildren(node);
    protected virtual void VisitAssign(BoundAssign node) => VisitChildren(node);
    protected virtual void VisitExprStmt(BoundExprStmt node) => VisitChildren(node);
    protected virtual void VisitIf(BoundIf node) => VisitChildren(node);
    protected virtual void VisitWhile(BoundWhile node) => VisitChildren(node);
    protected virtual void VisitForRange(BoundForRange node) => VisitChildren(node);
    protected virtual void VisitForEach(BoundForEach node) => VisitChildren(node);
    protected virtual void VisitBreak(BoundBreak node) => VisitChildren(node);
    protected virtual void VisitContinue(BoundContinue node) => VisitChildren(node);
    protected virtual void VisitReturn(BoundReturn node) => VisitChildren(node);
    protected virtual void VisitMatch(BoundMatch node) => VisitChildren(node);
    protected virtual void VisitRangeCheck(BoundRangeCheck node) => VisitChildren(node);
    protected virtual void VisitParallel(BoundParallel node) => VisitChildren(node);
    protected virtual void VisitDropLocal(BoundDropLocal node) => VisitChildren(node);
    protected virtual void VisitWildcardPattern(BoundWildcardPattern node) => VisitChildren(node);
    protected virtual void VisitLiteralPattern(BoundLiteralPattern node) => VisitChildren(node);
    protected virtual void VisitVariantPattern(BoundVariantPattern node) => VisitChildren(node);
}
