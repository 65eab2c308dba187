using System.Runtime.CompilerServices;
using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;

namespace Milo.Compiler.Binding;

/// <summary>Generic traversal of the bound tree: operands of an expression in evaluation order, and rebuilding with new ones.</summary>
internal static class BoundTreeShape
{
    /// <summary>Operands of <paramref name="e"/> in evaluation order (closure bodies excluded).</summary>
    public static List<BoundExpr> Children(BoundExpr e)
    {
        var l = new List<BoundExpr>();
        AddOperands(e, l);
        return l;
    }

    /// <summary>
    /// Appends the operands of <paramref name="e"/> (see <see cref="Children"/>) to <paramref name="l"/>: the one list of
    /// every expression kind's operands, written to a caller's list so that walks reuse one buffer instead of allocating
    /// a list per node (a compile walks every node several times: drops, warnings, suspension, optimizations).
    /// </summary>
    public static void AddOperands(BoundExpr e, List<BoundExpr> l) => Operands(e, new ExprSink(l));

    /// <summary><see cref="AddOperands(BoundExpr, List{BoundExpr})"/> into a list of nodes (the walker's).</summary>
    public static void AddOperands(BoundExpr e, List<BoundNode> l) => Operands(e, new NodeSink(l));

    // The operand switch is generic over a struct sink, not over the list's element type: code shared between reference
    // type arguments (List<T> with T : BoundNode) looks up List<T>.Add and the cast to T in a runtime generic dictionary
    // on every operand, which in the published compiler's ReadyToRun code goes through a resolver stub each time. A struct
    // type argument gets its own precompiled copy with direct calls.
    private interface IOperandSink
    {
        void Add(BoundExpr e);
        void AddAll(List<BoundExpr> es);
    }

    private readonly struct ExprSink(List<BoundExpr> l) : IOperandSink
    {
        public void Add(BoundExpr e) => l.Add(e);
        public void AddAll(List<BoundExpr> es) { foreach (var e in es) l.Add(e); }
    }

    private readonly struct NodeSink(List<BoundNode> l) : IOperandSink
    {
        public void Add(BoundExpr e) => l.Add(e);
        public void AddAll(List<BoundExpr> es) { foreach (var e in es) l.Add(e); }
    }

    private static void Operands<TSink>(BoundExpr e, TSink l) where TSink : struct, IOperandSink
    {
        switch (e)
        {
            case BoundUnaryExpr u: l.Add(u.Operand); break;
            case BoundBinaryExpr b: l.Add(b.Left); l.Add(b.Right); break;
            case BoundCoalesceExpr c: l.Add(c.Left); l.Add(c.Right); break;
            case BoundCastExpr c: l.Add(c.Operand); break;
            case BoundCallExpr c: l.AddAll(c.Arguments); break;
            case BoundClosureCallExpr c: l.Add(c.Callee); l.AddAll(c.Arguments); break;
            case BoundRuntimeCallExpr r: if (r.Receiver != null) l.Add(r.Receiver); l.AddAll(r.Arguments); break;
            case BoundTryToOptionExpr t: Operands(t.Call, l); break;
            case BoundDotNetCatchExpr dc: l.Add(dc.Closure); break;
            case BoundDotNetExpr d: if (d.Receiver != null) l.Add(d.Receiver); l.AddAll(d.Arguments); break;
            case BoundFieldExpr f: l.Add(f.Receiver); break;
            case BoundIndexExpr i: l.Add(i.Receiver); l.Add(i.Index); break;
            case BoundStructLiteralExpr s: foreach (var f in s.Fields) l.Add(f.Value); break;
            case BoundEnumExpr en: l.AddAll(en.Arguments); break;
            case BoundArrayLiteralExpr a: l.AddAll(a.Elements); break;
            case BoundArrayRepeatExpr a: l.Add(a.Value); break;
            case BoundHeapExpr h: l.Add(h.Value); break;
            case BoundDerefExpr d: l.Add(d.Operand); break;
            case BoundUnwrapExpr u: l.Add(u.Operand); break;
            case BoundPropagateExpr p: l.Add(p.Operand); break;
            case BoundIsExpr i: l.Add(i.Operand); break;
            case BoundFormatExpr f: l.AddAll(f.Parts); break;
            case BoundPrintExpr p: l.AddAll(p.Parts); break;
            case BoundIntrinsicExpr i: l.AddAll(i.Arguments); break;
            case BoundInterfaceBoxExpr b: l.Add(b.Value); break;
            case BoundInterfaceCallExpr c: l.Add(c.Receiver); l.AddAll(c.Arguments); break;
            case BoundDisplayAppendExpr d: l.Add(d.Builder); l.Add(d.Value); break;
            case BoundCollectionLengthExpr c: l.Add(c.Collection); break;
            case BoundElementAtExpr a: l.Add(a.Collection); l.Add(a.Index); break;
            case BoundSequenceExpr q: l.Add(q.Value); break;   // its statements: see ChildNodes
            case BoundConditionalExpr c: l.Add(c.Condition); l.Add(c.WhenTrue); l.Add(c.WhenFalse); break;
            case BoundPayloadExpr p: l.Add(p.Operand); break;
            case BoundSuspensionExpr s: l.Add(s.Operation); break;
            case BoundFrameMethodCallExpr f: if (f.Receiver != null) l.Add(f.Receiver); l.AddAll(f.Arguments); break;
            case BoundFrameFieldRead f: if (f.Frame != null) l.Add(f.Frame); break;
            case BoundTypeTestExpr t: l.Add(t.Operand); break;
            case BoundLiteralExpr or BoundStringLiteralExpr or BoundVariableExpr or BoundFunctionRefExpr or BoundClosureExpr: break;
            default: throw UnknownKind(e);
        }
    }

    /// <summary><paramref name="e"/> with its operands replaced (same order as <see cref="Children"/>).</summary>
    public static BoundExpr With(BoundExpr e, List<BoundExpr> k)
    {
        var loc = e.Location;
        switch (e)
        {
            case BoundUnaryExpr u: return new BoundUnaryExpr(loc, u.Op, k[0], u.Type, u.Checked);
            case BoundBinaryExpr b: return new BoundBinaryExpr(loc, b.Op, k[0], k[1], b.Type, b.Checked);
            case BoundCoalesceExpr c: return new BoundCoalesceExpr(loc, k[0], k[1], c.Type);
            case BoundCastExpr c: return new BoundCastExpr(loc, k[0], c.Type);
            case BoundCallExpr c: return new BoundCallExpr(loc, c.Function, k);
            case BoundClosureCallExpr c: return new BoundClosureCallExpr(loc, k[0], k.Skip(1).ToList(), c.Type);
            case BoundRuntimeCallExpr r:
                return r.Receiver != null
                    ? new BoundRuntimeCallExpr(loc, r.Method, r.InstanceType, k[0], k.Skip(1).ToList(), r.Type, r.MethodTypeArgs)
                    : new BoundRuntimeCallExpr(loc, r.Method, r.InstanceType, null, k, r.Type, r.MethodTypeArgs);
            case BoundTryToOptionExpr t: return new BoundTryToOptionExpr(loc, (BoundRuntimeCallExpr)With(t.Call, k), (EnumType)t.Type);
            case BoundDotNetCatchExpr dc: return new BoundDotNetCatchExpr(loc, k[0], (EnumType)dc.Type);
            case BoundDotNetExpr d: return d.Receiver != null ? d.With(k[0], k.Skip(1).ToList()) : d.With(null, k);
            case BoundFieldExpr f: return new BoundFieldExpr(loc, k[0], f.Field);
            case BoundIndexExpr i: return new BoundIndexExpr(loc, k[0], k[1], i.Type);
            case BoundStructLiteralExpr s: return new BoundStructLiteralExpr(loc, (StructType)s.Type, s.Fields.Select((f, j) => (f.Field, k[j])).ToList());
            case BoundEnumExpr en: return new BoundEnumExpr(loc, (EnumType)en.Type, en.Variant, k);
            case BoundArrayLiteralExpr a: return new BoundArrayLiteralExpr(loc, a.Type, k);
            case BoundArrayRepeatExpr a: return new BoundArrayRepeatExpr(loc, a.Type, k[0], a.Count);
            case BoundHeapExpr h: return new BoundHeapExpr(loc, (HeapType)h.Type, k[0]);
            case BoundDerefExpr d: return new BoundDerefExpr(loc, k[0], d.Type);
            case BoundUnwrapExpr u: return new BoundUnwrapExpr(loc, k[0], u.Type);
            case BoundPropagateExpr p:
            {
                var np = new BoundPropagateExpr(loc, k[0], p.Type, p.ReturnType, p.WrapVariant, p.WrapEnum);
                np.Drops.AddRange(p.Drops);
                return np;
            }
            case BoundIsExpr i: return new BoundIsExpr(loc, k[0], i.Variant);
            case BoundFormatExpr: return new BoundFormatExpr(loc, k);
            case BoundPrintExpr p: return new BoundPrintExpr(loc, k, p.ToStderr);
            case BoundIntrinsicExpr i: return new BoundIntrinsicExpr(loc, i.Kind, k, i.Type);
            case BoundInterfaceBoxExpr b: return new BoundInterfaceBoxExpr(loc, k[0], b.Interface);
            case BoundInterfaceCallExpr c: return new BoundInterfaceCallExpr(loc, k[0], c.Interface, c.MethodIndex, k.Skip(1).ToList(), c.Type);
            case BoundDisplayAppendExpr: return new BoundDisplayAppendExpr(loc, k[0], k[1]);
            case BoundCollectionLengthExpr: return new BoundCollectionLengthExpr(loc, k[0]);
            case BoundElementAtExpr a: return new BoundElementAtExpr(loc, k[0], k[1], a.Type);
            case BoundSequenceExpr q: return new BoundSequenceExpr(loc, q.Statements, k[0], q.MayReturn);
            case BoundConditionalExpr c: return new BoundConditionalExpr(loc, k[0], k[1], k[2], c.Type);
            case BoundPayloadExpr p: return new BoundPayloadExpr(loc, k[0], p.Variant, p.Slot, p.Type);
            case BoundSuspensionExpr s: return s.With(k[0], s.WriteBacks); // write-backs: see BoundTreeRewriter
            case BoundFrameMethodCallExpr f: return f.Receiver != null ? f.With(k[0], k.Skip(1).ToList()) : f.With(null, k);
            case BoundFrameFieldRead f: return f.Frame == null ? f : new BoundFrameFieldRead(loc, k[0], f.Field, f.Type);
            case BoundTypeTestExpr t: return new BoundTypeTestExpr(loc, k[0], t.TargetType, t.Target);
            case BoundLiteralExpr or BoundStringLiteralExpr or BoundVariableExpr or BoundFunctionRefExpr or BoundClosureExpr: return e;
            default: throw UnknownKind(e);
        }
    }

    /// <summary>
    /// Every expression kind is listed above (leaves explicitly), so a new kind fails loudly here instead of being
    /// silently treated as a leaf by every pass built on this shape.
    /// </summary>
    internal static InvalidOperationException UnknownKind(BoundNode n) =>
        new($"BoundTreeShape: unhandled bound node kind {n.GetType().Name}");

    /// <summary>Whether any operand of <paramref name="e"/>, at any depth (closure bodies excluded), satisfies <paramref name="p"/>.</summary>
    /// <remarks>A <see cref="BoundSequenceExpr"/>'s statements are not searched: only its value.</remarks>
    /// <remarks>An explicit stack, not one call per level: a long concatenation or f-string lowers to an append chain
    /// thousands of nodes deep, and the emitter asks this of it on whatever stack the compiler runs (DeepDisplayChainTests).</remarks>
    public static bool Any(BoundExpr e, Func<BoundExpr, bool> p) => Any(e, p, static (q, x) => q(x));

    /// <summary>
    /// <see cref="Any(BoundExpr, Func{BoundExpr, bool})"/> without allocating: the predicate gets <paramref name="state"/>
    /// instead of capturing it (a static lambda), and the pending stack is one list per thread, reused by every call (a
    /// nested call while a walk is running gets a fresh one). For queries asked of every expression of a body, such as
    /// whether it contains a suspension point.
    /// </summary>
    public static bool Any<TState>(BoundExpr e, TState state, Func<TState, BoundExpr, bool> p)
    {
        if (p(state, e)) return true;
        var pending = t_anyStack ?? new List<BoundExpr>();
        t_anyStack = null;
        try
        {
            AddOperands(e, pending);
            while (pending.Count > 0)
            {
                var x = pending[^1];
                pending.RemoveAt(pending.Count - 1);
                if (p(state, x)) return true;
                AddOperands(x, pending);
            }
            return false;
        }
        finally
        {
            pending.Clear();
            t_anyStack = pending;
        }
    }

    [ThreadStatic] private static List<BoundExpr>? t_anyStack;

    /// <summary>Whether <paramref name="p"/> holds for <paramref name="root"/> or any node under it (statements too; closure
    /// bodies excluded, as in <see cref="ChildNodes"/>). Iterative, and one list for the whole walk.</summary>
    public static bool AnyNode(BoundNode root, Func<BoundNode, bool> p)
    {
        var pending = new List<BoundNode> { root };
        while (pending.Count > 0)
        {
            var x = pending[^1];
            pending.RemoveAt(pending.Count - 1);
            if (p(x)) return true;
            AddChildNodes(x, pending);
        }
        return false;
    }

    /// <summary>
    /// Every child node of <paramref name="node"/> in evaluation order: an expression's operands, a statement's expressions
    /// and nested statements, a match's subject then each arm's pattern and body, a parallel block's branch closures.
    /// Closure bodies are not children (they are separate functions).
    /// </summary>
    public static List<BoundNode> ChildNodes(BoundNode node)
    {
        var l = new List<BoundNode>();
        AddChildNodes(node, l);
        return l;
    }

    /// <summary>Appends the children of <paramref name="node"/> (see <see cref="ChildNodes"/>) to <paramref name="l"/>.</summary>
    public static void AddChildNodes(BoundNode node, List<BoundNode> l)
    {
        // By kind, not `case BoundExpr` / `(BoundStmt)`: a test against an abstract class is a call into the runtime's
        // cast helper (it walks the class's parents), paid per node of every walk. IsExpr/IsPattern hold by construction
        // (BoundTreeWalkerTests.KindRangesMatchTheBaseClasses), so the unchecked casts below are safe.
        var kind = node.NodeKind;
        if (IsExpr(kind))
        {
            var e = Unsafe.As<BoundExpr>(node);
            switch (kind)
            {
                case BoundNodeKind.SequenceExpr: var q = (BoundSequenceExpr)e; l.AddRange(q.Statements); l.Add(q.Value); return;
                case BoundNodeKind.SuspensionExpr: var se = (BoundSuspensionExpr)e; l.Add(se.Operation); l.AddRange(se.WriteBacks); return;
                default: AddOperands(e, l); return;
            }
        }
        if (IsPattern(kind)) return;
        var s = Unsafe.As<BoundStmt>(node);
        switch (s)
        {
            case BoundBlock b: l.AddRange(b.Statements); break;
            case BoundLocalDecl d: if (d.Initializer != null) l.Add(d.Initializer); break;
            case BoundAssign a: l.Add(a.Target); l.Add(a.Value); break;
            case BoundExprStmt e: l.Add(e.Expression); break;
            case BoundIf i: l.Add(i.Condition); l.Add(i.Then); if (i.Else != null) l.Add(i.Else); break;
            case BoundWhile w: l.Add(w.Condition); l.Add(w.Body); if (w.Step != null) l.Add(w.Step); break;
            case BoundForRange f: l.Add(f.Start); l.Add(f.End); l.Add(f.Body); break;
            case BoundForEach f: l.Add(f.Collection); l.Add(f.Body); break;
            case BoundReturn r: if (r.Value != null) l.Add(r.Value); break;
            case BoundMatch m: l.Add(m.Subject); foreach (var arm in m.Arms) { l.Add(arm.Pattern); l.Add(arm.Body); } break;
            case BoundParallel p: foreach (var (_, br) in p.Bindings) l.Add(br); break;
            case BoundStateDispatch d: l.Add(d.Value); break;
            case BoundBreak or BoundContinue or BoundRangeCheck or BoundDropLocal or BoundLabelStmt: break;
            default: throw UnknownKind(s);
        }
    }

    /// <summary>Whether nodes of <paramref name="kind"/> are expressions (<see cref="BoundExpr"/>): the expression kinds come
    /// first in <see cref="BoundNodeKind"/>, then statements, then patterns.</summary>
    internal static bool IsExpr(BoundNodeKind kind) => kind <= BoundNodeKind.TypeTestExpr;

    /// <summary>Whether nodes of <paramref name="kind"/> are match patterns (<see cref="BoundPattern"/>).</summary>
    internal static bool IsPattern(BoundNodeKind kind) => kind >= BoundNodeKind.WildcardPattern;

    /// <summary>Pre-order walk of statements and expressions (patterns included); the visitor returns false to skip a node's children.</summary>
    public static void Walk(BoundNode root, Func<BoundNode, bool> visit)
    {
        if (!visit(root)) return;
        foreach (var child in ChildNodes(root)) Walk(child, visit);
    }
}
