using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;

namespace Milo.Compiler.Binding;

/// <summary>Generic traversal of the bound tree: operands of an expression in evaluation order, and rebuilding with new ones.</summary>
internal static class BoundTreeShape
{
    /// <summary>Operands of <paramref name="e"/> in evaluation order (closure bodies excluded).</summary>
    public static List<BoundExpr> Children(BoundExpr e)
    {
        switch (e)
        {
            case BoundUnaryExpr u: return new() { u.Operand };
            case BoundBinaryExpr b: return new() { b.Left, b.Right };
            case BoundCoalesceExpr c: return new() { c.Left, c.Right };
            case BoundCastExpr c: return new() { c.Operand };
            case BoundCallExpr c: return new(c.Arguments);
            case BoundClosureCallExpr c: { var l = new List<BoundExpr> { c.Callee }; l.AddRange(c.Arguments); return l; }
            case BoundRuntimeCallExpr r: { var l = new List<BoundExpr>(); if (r.Receiver != null) l.Add(r.Receiver); l.AddRange(r.Arguments); return l; }
            case BoundTryToOptionExpr t: return Children(t.Call);
            case BoundDotNetCatchExpr dc: return new() { dc.Closure };
            case BoundDotNetExpr d: { var l = new List<BoundExpr>(); if (d.Receiver != null) l.Add(d.Receiver); l.AddRange(d.Arguments); return l; }
            case BoundFieldExpr f: return new() { f.Receiver };
            case BoundIndexExpr i: return new() { i.Receiver, i.Index };
            case BoundStructLiteralExpr s: return s.Fields.Select(f => f.Value).ToList();
            case BoundEnumExpr en: return new(en.Arguments);
            case BoundArrayLiteralExpr a: return new(a.Elements);
            case BoundArrayRepeatExpr a: return new() { a.Value };
            case BoundHeapExpr h: return new() { h.Value };
            case BoundDerefExpr d: return new() { d.Operand };
            case BoundUnwrapExpr u: return new() { u.Operand };
            case BoundPropagateExpr p: return new() { p.Operand };
            case BoundIsExpr i: return new() { i.Operand };
            case BoundFormatExpr f: return new(f.Parts);
            case BoundPrintExpr p: return new(p.Parts);
            case BoundIntrinsicExpr i: return new(i.Arguments);
            case BoundInterfaceBoxExpr b: return new() { b.Value };
            case BoundInterfaceCallExpr c: { var l = new List<BoundExpr> { c.Receiver }; l.AddRange(c.Arguments); return l; }
            case BoundDisplayAppendExpr d: return new() { d.Builder, d.Value };
            case BoundCollectionLengthExpr c: return new() { c.Collection };
            case BoundElementAtExpr a: return new() { a.Collection, a.Index };
            case BoundSequenceExpr q: return new() { q.Value };   // its statements: see ChildNodes
            case BoundConditionalExpr c: return new() { c.Condition, c.WhenTrue, c.WhenFalse };
            case BoundPayloadExpr p: return new() { p.Operand };
            case BoundSuspensionExpr s: return new() { s.Operation };
            case BoundFrameMethodCallExpr f: { var l = new List<BoundExpr>(); if (f.Receiver != null) l.Add(f.Receiver); l.AddRange(f.Arguments); return l; }
            case BoundFrameFieldRead f: return f.Frame == null ? new() : new() { f.Frame };
            case BoundTypeTestExpr t: return new() { t.Operand };
            case BoundLiteralExpr or BoundStringLiteralExpr or BoundVariableExpr or BoundFunctionRefExpr or BoundClosureExpr: return new();
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
    public static bool Any(BoundExpr e, Func<BoundExpr, bool> p) => p(e) || Children(e).Any(c => Any(c, p));

    /// <summary>
    /// Every child node of <paramref name="node"/> in evaluation order: an expression's operands, a statement's expressions
    /// and nested statements, a match's subject then each arm's pattern and body, a parallel block's branch closures.
    /// Closure bodies are not children (they are separate functions).
    /// </summary>
    public static List<BoundNode> ChildNodes(BoundNode node)
    {
        switch (node)
        {
            case BoundSequenceExpr q: return [.. q.Statements, q.Value];
            case BoundSuspensionExpr se: return [se.Operation, .. se.WriteBacks];
            case BoundExpr e: return Children(e).Cast<BoundNode>().ToList();
            case BoundPattern: return new();
        }
        var s = (BoundStmt)node;
        var l = new List<BoundNode>();
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
        return l;
    }

    /// <summary>Pre-order walk of statements and expressions (patterns included); the visitor returns false to skip a node's children.</summary>
    public static void Walk(BoundNode root, Func<BoundNode, bool> visit)
    {
        if (!visit(root)) return;
        foreach (var child in ChildNodes(root)) Walk(child, visit);
    }
}
