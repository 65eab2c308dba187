using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;

namespace Milo.Compiler.Lowering;

/// <summary>
/// Builds the state machine of every suspending function, method and closure body (docs/green-threads.md), after
/// spilling (<see cref="GreenLowering"/>) has moved each suspension point to statement level:
/// <list type="bullet">
/// <item>the frame description — one <see cref="FrameFieldSymbol"/> per parameter (`&amp;T`/`&amp;mut T` store the T);</item>
/// <item>the marked body — the spilled body with each suspension point wrapped in a <see cref="BoundSuspensionExpr"/>
/// saying how it suspends (a function's frame, a function value or interface method that may be suspending, a
/// [SuspendsAs] primitive with its resolved frame factory, an inline yield, the drop of a struct whose Drop suspends),
/// and for calls of suspending functions the
/// copy-back of `&amp;mut` arguments from the finished child frame as ordinary assignments from
/// <see cref="BoundFrameFieldRead"/>.</item>
/// </list>
/// <see cref="ResumeRewriter"/> then makes the body the frame's MoveNext: resume dispatch, numbered resume labels,
/// hoisted locals, `return` as stores of result and state, and every suspension point lowered to core nodes (start the
/// child frame into a frame field, step it, suspend; ResumeRewriter.Points.cs and .Dynamic.cs). The emitter knows nothing
/// about suspension: it emits MoveNext like any body over the frame's fields. Results: <see cref="GreenThreadFacts.StateMachines"/>.
/// </summary>
internal static class StateMachineRewriter
{
    public static void Run(GreenThreadFacts info)
    {
        var machines = new List<(FunctionSymbol Fn, BoundBlock Body, List<FrameFieldSymbol> Fields)>();
        foreach (var fn in info.Suspending)
        {
            if (!info.Bodies.TryGetValue(fn, out var f) || f.Body == null) continue;
            var fields = fn.Parameters.Select((p, i) => new FrameFieldSymbol(fn, "p_" + p.Name, p.Type is RefType r ? r.Inner : p.Type, i)).ToList();
            machines.Add((fn, f.Body, fields));
        }
        var fieldsOf = machines.ToDictionary(m => m.Fn, m => m.Fields);
        var marker = new SuspensionPointMarker(info, fieldsOf);
        foreach (var (fn, body, fields) in machines)
            info.StateMachines[fn] = ResumeRewriter.Build(fn, fields, (BoundBlock)marker.RewriteStmt(body));
    }

    /// <summary>Wraps every suspension point of a body (closure bodies are separate functions and are left alone).</summary>
    private sealed class SuspensionPointMarker(GreenThreadFacts info, Dictionary<FunctionSymbol, List<FrameFieldSymbol>> fieldsOf) : BoundTreeRewriter
    {
        private static BoundSuspensionExpr Point(BoundExpr op, SuspensionKind kind) => new(op, kind, null, new());

        protected override BoundExpr RewriteCall(BoundCallExpr node)
        {
            var c = (BoundCallExpr)RewriteChildren(node);
            // Closure bodies are reached through their function value (ClosureCall), never by a direct call.
            if (!info.Suspends(c.Function) || c.Function.Kind == FunctionKind.Closure || !fieldsOf.TryGetValue(c.Function, out var fields))
                return c;
            var writeBacks = new List<BoundAssign>();
            var ps = c.Function.Parameters;
            for (int k = 0; k < c.Arguments.Count && k < ps.Count; k++)
                if (ps[k].Type is RefType { IsMutable: true })
                {
                    var arg = c.Arguments[k];
                    writeBacks.Add(new BoundAssign(arg.Location, arg, new BoundFrameFieldRead(arg.Location, null, fields[k], arg.Type)));
                }
            return new BoundSuspensionExpr(c, SuspensionKind.Call, null, writeBacks);
        }

        protected override BoundExpr RewriteClosureCall(BoundClosureCallExpr node)
        {
            var c = (BoundClosureCallExpr)RewriteChildren(node);
            return info.IsSuspendingType(c.Callee.Type is RefType r ? r.Inner : c.Callee.Type) ? Point(c, SuspensionKind.ClosureCall) : c;
        }

        protected override BoundExpr RewriteInterfaceCall(BoundInterfaceCallExpr node)
        {
            var c = (BoundInterfaceCallExpr)RewriteChildren(node);
            return info.SuspendingInterfaceMethods.Contains((c.Interface, c.MethodIndex)) ? Point(c, SuspensionKind.InterfaceCall) : c;
        }

        protected override BoundExpr RewriteDisplayAppend(BoundDisplayAppendExpr node) => DisplayChains.Rewrite(node, RewriteExpr);

        /// <summary>`drop x` where x's user Drop suspends: a Drop suspension point (the fields' glue runs plainly after it).</summary>
        protected override BoundStmt RewriteDropLocal(BoundDropLocal node)
        {
            if (info.SuspendingDrop(node.Local.Type) is not { } drop || !fieldsOf.ContainsKey(drop)) return node;
            var call = new BoundCallExpr(node.Location, drop, [new BoundVariableExpr(node.Location, node.Local, node.Local.Type)]);
            return new BoundExprStmt(node.Location, Point(call, SuspensionKind.Drop));
        }

        /// <summary>The drops of a `?`'s early-return path are statements too.</summary>
        protected override BoundExpr RewritePropagate(BoundPropagateExpr node)
        {
            var p = (BoundPropagateExpr)RewriteChildren(node);
            var drops = p.Drops.Select(RewriteStmt).ToList();
            if (drops.Zip(p.Drops).All(d => ReferenceEquals(d.First, d.Second))) return p;
            var np = new BoundPropagateExpr(p.Location, p.Operand, p.Type, p.ReturnType, p.WrapVariant, p.WrapEnum);
            np.Drops.AddRange(drops);
            return np;
        }

        protected override BoundExpr RewriteRuntimeCall(BoundRuntimeCallExpr node)
        {
            var c = (BoundRuntimeCallExpr)RewriteChildren(node);
            if (SuspensionPrimitives.IsYield(c.Method)) return Point(c, SuspensionKind.Yield);
            return SuspensionPrimitives.IsPrimitive(c.Method)
                ? new BoundSuspensionExpr(c, SuspensionKind.Primitive, SuspensionPrimitives.Factory(c.Method), new())
                : c;
        }
    }
}
