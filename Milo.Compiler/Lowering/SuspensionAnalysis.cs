using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;

namespace Milo.Compiler.Lowering;

/// <summary>Which bound expressions are suspension points, given a program's <see cref="GreenThreadFacts"/>.</summary>
internal static class SuspensionPoints
{
    /// <summary>Whether evaluating <paramref name="e"/> itself (not its operands) may suspend.</summary>
    public static bool IsSuspendPoint(this GreenThreadFacts info, BoundExpr e) => e switch
    {
        BoundCallExpr c => info.Suspending.Contains(c.Function),
        BoundClosureCallExpr cc => info.IsSuspendingType(cc.Callee.Type is RefType r ? r.Inner : cc.Callee.Type),
        BoundRuntimeCallExpr r => SuspensionPrimitives.IsPrimitive(r.Method),
        BoundInterfaceCallExpr ic => info.SuspendingInterfaceMethods.Contains((ic.Interface, ic.MethodIndex)),
        _ => false,
    };

    /// <summary>Whether <paramref name="e"/> or an operand may suspend (closure bodies are separate functions). The spiller
    /// asks this of every expression level of a suspending body, so it walks without allocating (no list per node).</summary>
    public static bool ContainsSuspend(this GreenThreadFacts info, BoundExpr e) =>
        BoundTreeShape.Any(e, info, static (facts, x) => facts.IsSuspendPoint(x));
}

/// <summary>
/// Suspension analysis (fixpoint over the call graph): a function suspends if its body calls a suspension primitive,
/// a suspending function, a function value whose type is the type of some suspending closure or of a suspending named
/// function used as a value, or an interface method one of whose implementations suspends.
/// </summary>
internal static class SuspensionAnalysis
{
    private sealed class Facts
    {
        public bool Primitive;
        public HashSet<FunctionSymbol> Calls = new();
        public HashSet<string> ClosureCallTypes = new();
        public HashSet<(InterfaceType, int)> InterfaceCalls = new();
    }

    public static GreenThreadFacts Analyze(BoundProgram program)
    {
        var info = new GreenThreadFacts();
        var facts = new Dictionary<FunctionSymbol, Facts>();
        var closureTypes = new Dictionary<FunctionSymbol, string>();
        // Named functions used as values (`let f = worker`): if one suspends, its function type may carry a suspending
        // callee (the emitter wraps such a reference in an object implementing the type's IGreenFn interface).
        var functionRefTypes = new Dictionary<FunctionSymbol, HashSet<string>>();
        var work = new Stack<BoundFunction>();
        foreach (var f in program.Functions) if (f.Body != null) work.Push(f);
        while (work.Count > 0)
        {
            var f = work.Pop();
            if (f.Body == null || facts.ContainsKey(f.Symbol)) continue;
            info.Bodies[f.Symbol] = f;
            var fa = new Facts();
            facts[f.Symbol] = fa;
            new FactsCollector(fa, closureTypes, functionRefTypes, work).VisitStmt(f.Body);
        }
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var (fn, fa) in facts)
            {
                if (info.Suspending.Contains(fn)) continue;
                if (fa.Primitive || fa.Calls.Any(info.Suspending.Contains) || fa.ClosureCallTypes.Any(info.SuspendingTypes.Contains)
                    || fa.InterfaceCalls.Any(info.SuspendingInterfaceMethods.Contains))
                {
                    info.Suspending.Add(fn);
                    if (closureTypes.TryGetValue(fn, out var t)) info.SuspendingTypes.Add(t);
                    changed = true;
                }
            }
            foreach (var (fn, types) in functionRefTypes)
                if (info.Suspending.Contains(fn) && facts.ContainsKey(fn))
                    foreach (var t in types) changed |= info.SuspendingTypes.Add(t);
            foreach (var impl in program.InterfaceImpls)
                for (int i = 0; i < impl.Methods.Count && i < impl.Interface.Methods.Count; i++)
                    if (info.Suspending.Contains(impl.Methods[i]) && GreenThreadFacts.CanSuspendThrough(impl.Interface, i))
                        changed |= info.SuspendingInterfaceMethods.Add((impl.Interface, i));
        }
        return info;
    }

    /// <summary>What one body calls (functions, closures by type, interface methods, primitives); closures found are queued.</summary>
    private sealed class FactsCollector(Facts fa, Dictionary<FunctionSymbol, string> closureTypes,
        Dictionary<FunctionSymbol, HashSet<string>> functionRefTypes, Stack<BoundFunction> work) : BoundTreeWalker
    {
        protected override void VisitClosure(BoundClosureExpr c)
        {
            if (c.Type.StripRange() is FunctionType ft) closureTypes[c.Function.Symbol] = ft.MangledName;
            work.Push(c.Function); // a separate function
        }

        protected override void VisitCall(BoundCallExpr call) { fa.Calls.Add(call.Function); base.VisitCall(call); }

        protected override void VisitFunctionRef(BoundFunctionRefExpr fr)
        {
            if (fr.Type.StripRange() is FunctionType rft)
            {
                if (!functionRefTypes.TryGetValue(fr.Function, out var set)) functionRefTypes[fr.Function] = set = new();
                set.Add(rft.MangledName);
            }
        }

        protected override void VisitInterfaceCall(BoundInterfaceCallExpr ic) { fa.InterfaceCalls.Add((ic.Interface, ic.MethodIndex)); base.VisitInterfaceCall(ic); }

        protected override void VisitDropLocal(BoundDropLocal dl)
        {
            if (dl.Local.Type.StripRange() is StructType { DropMethod: { } d }) fa.Calls.Add(d);
        }

        protected override void VisitClosureCall(BoundClosureCallExpr cc)
        {
            if ((cc.Callee.Type is RefType r ? r.Inner : cc.Callee.Type).StripRange() is FunctionType cft) fa.ClosureCallTypes.Add(cft.MangledName);
            base.VisitClosureCall(cc);
        }

        protected override void VisitRuntimeCall(BoundRuntimeCallExpr rc)
        {
            if (SuspensionPrimitives.IsPrimitive(rc.Method)) fa.Primitive = true;
            base.VisitRuntimeCall(rc);
        }
    }
}
