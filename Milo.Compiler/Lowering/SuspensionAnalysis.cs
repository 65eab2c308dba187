using System.Runtime.CompilerServices;
using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;

namespace Milo.Compiler.Lowering;

/// <summary>
/// Result of the suspension analysis of a program: which functions and closures can suspend a green thread, and which
/// function types may carry a suspending closure (calls through such a type are potential suspension points).
/// </summary>
public sealed class GreenInfo
{
    /// <summary>Functions, methods and closure bodies that reach a suspension primitive.</summary>
    public HashSet<FunctionSymbol> Suspending { get; } = new();
    /// <summary>Mangled names of function types of suspending closures.</summary>
    public HashSet<string> SuspendingTypes { get; } = new();
    /// <summary>Every function with a body (free, methods, closure bodies) by symbol.</summary>
    public Dictionary<FunctionSymbol, BoundFunction> Bodies { get; } = new();
    /// <summary>Interface methods (interface, index) with at least one suspending implementation: a dynamic call of one
    /// is a suspension point (the adapter of a suspending implementation starts its frame, others run plain).</summary>
    public HashSet<(InterfaceType, int)> SuspendingInterfaceMethods { get; } = new();

    /// <summary>Whether a call through <paramref name="it"/>'s method <paramref name="index"/> may take the suspending
    /// path (methods with `&amp;mut` parameters after self are passed by reference and always run plain).</summary>
    public static bool CanSuspendThrough(InterfaceType it, int index)
        => !it.Methods[index].Parameters.Any(p => p is RefType { IsMutable: true });

    public bool IsSuspendingType(MiloType t)
        => t.StripRange() is FunctionType ft && SuspendingTypes.Contains(ft.MangledName);

    /// <summary>The user <c>Drop</c> of a struct type when it suspends (dropping such a local is a suspension point;
    /// the fields' glue then runs plainly). Enums and drops nested in fields/collections run their plain glue.</summary>
    public FunctionSymbol? SuspendingDrop(MiloType t)
        => t.StripRange() is StructType { DropMethod: { } d } && Suspending.Contains(d) && Bodies.ContainsKey(d) ? d : null;

    /// <summary>Whether evaluating <paramref name="e"/> itself (not its operands) may suspend.</summary>
    public bool IsSuspendPoint(BoundExpr e) => e switch
    {
        BoundCallExpr c => Suspending.Contains(c.Function),
        BoundClosureCallExpr cc => IsSuspendingType(cc.Callee.Type is RefType r ? r.Inner : cc.Callee.Type),
        BoundRuntimeCallExpr r => SuspensionPrimitives.IsPrimitive(r.Method),
        BoundInterfaceCallExpr ic => SuspendingInterfaceMethods.Contains((ic.Interface, ic.MethodIndex)),
        _ => false,
    };

    /// <summary>Whether <paramref name="e"/> or an operand may suspend (closure bodies are separate functions).</summary>
    public bool ContainsSuspend(BoundExpr e)
    {
        if (IsSuspendPoint(e)) return true;
        foreach (var c in BoundTreeShape.Children(e)) if (ContainsSuspend(c)) return true;
        return false;
    }

    private static readonly ConditionalWeakTable<BoundProgram, GreenInfo> Attached = new();
    public static GreenInfo? For(BoundProgram p) => Attached.TryGetValue(p, out var g) ? g : null;
    internal void AttachTo(BoundProgram p) => Attached.AddOrUpdate(p, this);
}

/// <summary>
/// Suspension analysis (fixpoint over the call graph): a function suspends if its body calls a suspension primitive,
/// a suspending function, a function value whose type is the type of some suspending closure or of a suspending named
/// function used as a value, or an interface method one of whose implementations suspends.
/// </summary>
public static class SuspensionAnalysis
{
    private sealed class Facts
    {
        public bool Primitive;
        public HashSet<FunctionSymbol> Calls = new();
        public HashSet<string> ClosureCallTypes = new();
        public HashSet<(InterfaceType, int)> InterfaceCalls = new();
    }

    public static GreenInfo Analyze(BoundProgram program)
    {
        var info = new GreenInfo();
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
                    if (info.Suspending.Contains(impl.Methods[i]) && GreenInfo.CanSuspendThrough(impl.Interface, i))
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
