using Milo.Compiler.Binding;

namespace Milo.Compiler.Binding;

/// <summary>
/// Rebuilds a bound tree bottom-up: one virtual method per node kind (<see cref="BoundNodeKind"/>); the default rewrites
/// the children and returns the node itself when none changed (so an identity rewrite allocates nothing). Closure bodies
/// are separate functions and are left alone unless <see cref="RewriteClosure"/> is overridden. A node kind missing from
/// the dispatch is an exception, never a silent copy.
/// </summary>
internal abstract class BoundTreeRewriter
{
    public BoundExpr RewriteExpr(BoundExpr e) => e.NodeKind switch
    {
        BoundNodeKind.LiteralExpr => RewriteLiteral((BoundLiteralExpr)e),
        BoundNodeKind.StringLiteralExpr => RewriteStringLiteral((BoundStringLiteralExpr)e),
        BoundNodeKind.VariableExpr => RewriteVariable((BoundVariableExpr)e),
        BoundNodeKind.FunctionRefExpr => RewriteFunctionRef((BoundFunctionRefExpr)e),
        BoundNodeKind.UnaryExpr => RewriteUnary((BoundUnaryExpr)e),
        BoundNodeKind.BinaryExpr => RewriteBinary((BoundBinaryExpr)e),
        BoundNodeKind.CoalesceExpr => RewriteCoalesce((BoundCoalesceExpr)e),
        BoundNodeKind.CastExpr => RewriteCast((BoundCastExpr)e),
        BoundNodeKind.CallExpr => RewriteCall((BoundCallExpr)e),
        BoundNodeKind.ClosureCallExpr => RewriteClosureCall((BoundClosureCallExpr)e),
        BoundNodeKind.RuntimeCallExpr => RewriteRuntimeCall((BoundRuntimeCallExpr)e),
        BoundNodeKind.TryToOptionExpr => RewriteTryToOption((BoundTryToOptionExpr)e),
        BoundNodeKind.FieldExpr => RewriteField((BoundFieldExpr)e),
        BoundNodeKind.IndexExpr => RewriteIndex((BoundIndexExpr)e),
        BoundNodeKind.StructLiteralExpr => RewriteStructLiteral((BoundStructLiteralExpr)e),
        BoundNodeKind.EnumExpr => RewriteEnum((BoundEnumExpr)e),
        BoundNodeKind.ArrayLiteralExpr => RewriteArrayLiteral((BoundArrayLiteralExpr)e),
        BoundNodeKind.ArrayRepeatExpr => RewriteArrayRepeat((BoundArrayRepeatExpr)e),
        BoundNodeKind.HeapExpr => RewriteHeap((BoundHeapExpr)e),
        BoundNodeKind.DerefExpr => RewriteDeref((BoundDerefExpr)e),
        BoundNodeKind.UnwrapExpr => RewriteUnwrap((BoundUnwrapExpr)e),
        BoundNodeKind.PropagateExpr => RewritePropagate((BoundPropagateExpr)e),
        BoundNodeKind.IsExpr => RewriteIs((BoundIsExpr)e),
        BoundNodeKind.FormatExpr => RewriteFormat((BoundFormatExpr)e),
        BoundNodeKind.PrintExpr => RewritePrint((BoundPrintExpr)e),
        BoundNodeKind.ClosureExpr => RewriteClosure((BoundClosureExpr)e),
        BoundNodeKind.IntrinsicExpr => RewriteIntrinsic((BoundIntrinsicExpr)e),
        BoundNodeKind.InterfaceBoxExpr => RewriteInterfaceBox((BoundInterfaceBoxExpr)e),
        BoundNodeKind.InterfaceCallExpr => RewriteInterfaceCall((BoundInterfaceCallExpr)e),
        BoundNodeKind.DotNetExpr => RewriteDotNet((BoundDotNetExpr)e),
        BoundNodeKind.DotNetCatchExpr => RewriteDotNetCatch((BoundDotNetCatchExpr)e),
        BoundNodeKind.DisplayAppendExpr => RewriteDisplayAppend((BoundDisplayAppendExpr)e),
        BoundNodeKind.CollectionLengthExpr => RewriteCollectionLength((BoundCollectionLengthExpr)e),
        BoundNodeKind.ElementAtExpr => RewriteElementAt((BoundElementAtExpr)e),
        BoundNodeKind.SequenceExpr => RewriteSequence((BoundSequenceExpr)e),
        BoundNodeKind.ConditionalExpr => RewriteConditional((BoundConditionalExpr)e),
        BoundNodeKind.PayloadExpr => RewritePayload((BoundPayloadExpr)e),
        BoundNodeKind.SuspensionExpr => RewriteSuspension((BoundSuspensionExpr)e),
        BoundNodeKind.FrameMethodCallExpr => RewriteFrameMethodCall((BoundFrameMethodCallExpr)e),
        BoundNodeKind.FrameFieldRead => RewriteFrameFieldRead((BoundFrameFieldRead)e),
        BoundNodeKind.TypeTestExpr => RewriteTypeTest((BoundTypeTestExpr)e),
        _ => throw BoundTreeShape.UnknownKind(e),
    };

    public BoundStmt RewriteStmt(BoundStmt s) => s.NodeKind switch
    {
        BoundNodeKind.Block => RewriteBlock((BoundBlock)s),
        BoundNodeKind.LocalDecl => RewriteLocalDecl((BoundLocalDecl)s),
        BoundNodeKind.Assign => RewriteAssign((BoundAssign)s),
        BoundNodeKind.ExprStmt => RewriteExprStmt((BoundExprStmt)s),
        BoundNodeKind.If => RewriteIf((BoundIf)s),
        BoundNodeKind.While => RewriteWhile((BoundWhile)s),
        BoundNodeKind.ForRange => RewriteForRange((BoundForRange)s),
        BoundNodeKind.ForEach => RewriteForEach((BoundForEach)s),
        BoundNodeKind.Break => RewriteBreak((BoundBreak)s),
        BoundNodeKind.Continue => RewriteContinue((BoundContinue)s),
        BoundNodeKind.Return => RewriteReturn((BoundReturn)s),
        BoundNodeKind.Match => RewriteMatch((BoundMatch)s),
        BoundNodeKind.RangeCheck => RewriteRangeCheck((BoundRangeCheck)s),
        BoundNodeKind.Parallel => RewriteParallel((BoundParallel)s),
        BoundNodeKind.DropLocal => RewriteDropLocal((BoundDropLocal)s),
        BoundNodeKind.Label => RewriteLabel((BoundLabelStmt)s),
        BoundNodeKind.StateDispatch => RewriteStateDispatch((BoundStateDispatch)s),
        _ => throw BoundTreeShape.UnknownKind(s),
    };

    /// <summary>Patterns have no operands: a rewriter sees them through <see cref="RewriteMatch"/> and keeps them.</summary>
    public BoundPattern RewritePattern(BoundPattern p) => p.NodeKind switch
    {
        BoundNodeKind.WildcardPattern => p,
        BoundNodeKind.LiteralPattern => p,
        BoundNodeKind.VariantPattern => p,
        _ => throw BoundTreeShape.UnknownKind(p),
    };

    /// <summary><paramref name="e"/> with its operands rewritten (the same node when none changed).</summary>
    protected BoundExpr RewriteChildren(BoundExpr e)
    {
        // The operand list is a reused buffer (one per nesting level): only a node that changes gets a new list.
        var kids = _freeLists.Count > 0 ? _freeLists.Pop() : new List<BoundExpr>(4);
        BoundTreeShape.AddOperands(e, kids);
        List<BoundExpr>? rewritten = null;
        for (int i = 0; i < kids.Count; i++)
        {
            var r = RewriteExpr(kids[i]);
            if (rewritten == null && !ReferenceEquals(r, kids[i])) rewritten = kids.Take(i).ToList();
            rewritten?.Add(r);
        }
        kids.Clear();
        _freeLists.Push(kids);
        return rewritten == null ? e : BoundTreeShape.With(e, rewritten);
    }

    private readonly Stack<List<BoundExpr>> _freeLists = new();

    private BoundExpr? RewriteOptional(BoundExpr? e) => e == null ? null : RewriteExpr(e);

    protected BoundBlock RewriteBlockOf(BoundBlock b) => (BoundBlock)RewriteStmt(b);

    protected virtual BoundExpr RewriteLiteral(BoundLiteralExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteStringLiteral(BoundStringLiteralExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteVariable(BoundVariableExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteFunctionRef(BoundFunctionRefExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteUnary(BoundUnaryExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteBinary(BoundBinaryExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteCoalesce(BoundCoalesceExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteCast(BoundCastExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteCall(BoundCallExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteClosureCall(BoundClosureCallExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteRuntimeCall(BoundRuntimeCallExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteTryToOption(BoundTryToOptionExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteField(BoundFieldExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteIndex(BoundIndexExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteStructLiteral(BoundStructLiteralExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteEnum(BoundEnumExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteArrayLiteral(BoundArrayLiteralExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteArrayRepeat(BoundArrayRepeatExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteHeap(BoundHeapExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteDeref(BoundDerefExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteUnwrap(BoundUnwrapExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewritePropagate(BoundPropagateExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteIs(BoundIsExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteFormat(BoundFormatExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewritePrint(BoundPrintExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteClosure(BoundClosureExpr node) => node;
    protected virtual BoundExpr RewriteIntrinsic(BoundIntrinsicExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteInterfaceBox(BoundInterfaceBoxExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteInterfaceCall(BoundInterfaceCallExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteDotNet(BoundDotNetExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteDotNetCatch(BoundDotNetCatchExpr node) => RewriteChildren(node);
    /// <summary>A suspension point: the call and its write-backs (which assign to the call's own arguments, so a rewriter
    /// that changes arguments rewrites the write-back targets alike).</summary>
    protected virtual BoundExpr RewriteSuspension(BoundSuspensionExpr node)
    {
        var op = RewriteExpr(node.Operation);
        var wbs = node.WriteBacks.Select(w => (BoundAssign)RewriteStmt(w)).ToList();
        return ReferenceEquals(op, node.Operation) && wbs.Zip(node.WriteBacks).All(p => ReferenceEquals(p.First, p.Second))
            ? node : node.With(op, wbs);
    }

    protected virtual BoundExpr RewriteFrameMethodCall(BoundFrameMethodCallExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteFrameFieldRead(BoundFrameFieldRead node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteTypeTest(BoundTypeTestExpr node) => RewriteChildren(node);

    protected virtual BoundExpr RewriteDisplayAppend(BoundDisplayAppendExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteCollectionLength(BoundCollectionLengthExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewriteElementAt(BoundElementAtExpr node) => RewriteChildren(node);

    protected virtual BoundExpr RewriteSequence(BoundSequenceExpr node)
    {
        var block = RewriteBlockOf(new BoundBlock(node.Location, node.Statements));
        var value = RewriteExpr(node.Value);
        return ReferenceEquals(block.Statements, node.Statements) && ReferenceEquals(value, node.Value) ? node : new BoundSequenceExpr(node.Location, block.Statements, value, node.MayReturn);
    }

    protected virtual BoundExpr RewriteConditional(BoundConditionalExpr node) => RewriteChildren(node);
    protected virtual BoundExpr RewritePayload(BoundPayloadExpr node) => RewriteChildren(node);

    protected virtual BoundStmt RewriteBlock(BoundBlock node)
    {
        List<BoundStmt>? list = null;
        for (int i = 0; i < node.Statements.Count; i++)
        {
            var r = RewriteStmt(node.Statements[i]);
            if (list == null && !ReferenceEquals(r, node.Statements[i])) list = node.Statements.Take(i).ToList();
            list?.Add(r);
        }
        return list == null ? node : new BoundBlock(node.Location, list);
    }

    protected virtual BoundStmt RewriteLocalDecl(BoundLocalDecl node)
    {
        var init = RewriteOptional(node.Initializer);
        return ReferenceEquals(init, node.Initializer) ? node : new BoundLocalDecl(node.Location, node.Local, init);
    }

    protected virtual BoundStmt RewriteAssign(BoundAssign node)
    {
        var target = RewriteExpr(node.Target);
        var value = RewriteExpr(node.Value);
        return ReferenceEquals(target, node.Target) && ReferenceEquals(value, node.Value) ? node : new BoundAssign(node.Location, target, value);
    }

    protected virtual BoundStmt RewriteExprStmt(BoundExprStmt node)
    {
        var e = RewriteExpr(node.Expression);
        return ReferenceEquals(e, node.Expression) ? node : new BoundExprStmt(node.Location, e);
    }

    protected virtual BoundStmt RewriteIf(BoundIf node)
    {
        var c = RewriteExpr(node.Condition);
        var t = RewriteStmt(node.Then);
        var e = node.Else == null ? null : RewriteStmt(node.Else);
        return ReferenceEquals(c, node.Condition) && ReferenceEquals(t, node.Then) && ReferenceEquals(e, node.Else) ? node : new BoundIf(node.Location, c, t, e);
    }

    protected virtual BoundStmt RewriteWhile(BoundWhile node)
    {
        var c = RewriteExpr(node.Condition);
        var b = RewriteBlockOf(node.Body);
        var step = node.Step == null ? null : RewriteStmt(node.Step);
        return ReferenceEquals(c, node.Condition) && ReferenceEquals(b, node.Body) && ReferenceEquals(step, node.Step) ? node : new BoundWhile(node.Location, c, b, step);
    }

    protected virtual BoundStmt RewriteForRange(BoundForRange node)
    {
        var s = RewriteExpr(node.Start);
        var e = RewriteExpr(node.End);
        var b = RewriteBlockOf(node.Body);
        return ReferenceEquals(s, node.Start) && ReferenceEquals(e, node.End) && ReferenceEquals(b, node.Body)
            ? node : new BoundForRange(node.Location, node.Variable, s, e, b);
    }

    protected virtual BoundStmt RewriteForEach(BoundForEach node)
    {
        var c = RewriteExpr(node.Collection);
        var b = RewriteBlockOf(node.Body);
        return ReferenceEquals(c, node.Collection) && ReferenceEquals(b, node.Body)
            ? node : new BoundForEach(node.Location, node.Kind, node.Index, node.Element, c, b);
    }

    protected virtual BoundStmt RewriteBreak(BoundBreak node) => node;
    protected virtual BoundStmt RewriteContinue(BoundContinue node) => node;

    protected virtual BoundStmt RewriteReturn(BoundReturn node)
    {
        var v = RewriteOptional(node.Value);
        return ReferenceEquals(v, node.Value) ? node : new BoundReturn(node.Location, v);
    }

    protected virtual BoundStmt RewriteMatch(BoundMatch node)
    {
        var subject = RewriteExpr(node.Subject);
        bool changed = !ReferenceEquals(subject, node.Subject);
        var arms = new List<BoundMatchArm>(node.Arms.Count);
        foreach (var arm in node.Arms)
        {
            var pattern = RewritePattern(arm.Pattern);
            var body = RewriteBlockOf(arm.Body);
            changed |= !ReferenceEquals(pattern, arm.Pattern) || !ReferenceEquals(body, arm.Body);
            arms.Add(ReferenceEquals(pattern, arm.Pattern) && ReferenceEquals(body, arm.Body) ? arm : new BoundMatchArm(pattern, body));
        }
        return changed ? new BoundMatch(node.Location, subject, arms) : node;
    }

    protected virtual BoundStmt RewriteRangeCheck(BoundRangeCheck node) => node;

    protected virtual BoundStmt RewriteParallel(BoundParallel node)
    {
        var bindings = node.Bindings.Select(b => (b.Local, Branch: (BoundClosureExpr)RewriteExpr(b.Branch))).ToList();
        return bindings.Select((b, i) => ReferenceEquals(b.Branch, node.Bindings[i].Branch)).All(x => x) ? node : new BoundParallel(node.Location, bindings);
    }

    protected virtual BoundStmt RewriteDropLocal(BoundDropLocal node) => node;
    protected virtual BoundStmt RewriteLabel(BoundLabelStmt node) => node;

    protected virtual BoundStmt RewriteStateDispatch(BoundStateDispatch node)
    {
        var v = RewriteExpr(node.Value);
        return ReferenceEquals(v, node.Value) ? node : new BoundStateDispatch(node.Location, v, node.Targets);
    }
}
