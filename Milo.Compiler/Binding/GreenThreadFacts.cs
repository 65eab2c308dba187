using Milo.Compiler.Symbols;

namespace Milo.Compiler.Binding;

/// <summary>
/// What the suspension analysis (Lowering/SuspensionAnalysis.cs) found about a program, stored on the program
/// (<see cref="BoundProgram.GreenThreads"/>): which functions and closures can suspend a green thread, and which function
/// types and interface methods may reach one at run time. Empty until lowering has run.
/// </summary>
internal sealed class GreenThreadFacts
{
    /// <summary>Functions, methods and closure bodies that reach a suspension primitive.</summary>
    public HashSet<FunctionSymbol> Suspending { get; } = new();
    /// <summary>Mangled names of function types of suspending closures (and of suspending named functions used as values).</summary>
    public HashSet<string> SuspendingTypes { get; } = new();
    /// <summary>Every function with a body (free, methods, closure bodies) by symbol.</summary>
    public Dictionary<FunctionSymbol, BoundFunction> Bodies { get; } = new();
    /// <summary>Interface methods (interface, index) with at least one suspending implementation: a dynamic call of one
    /// is a suspension point (the adapter of a suspending implementation starts its frame, others run plain).</summary>
    public HashSet<(InterfaceType, int)> SuspendingInterfaceMethods { get; } = new();

    /// <summary>The state machine (frame fields, MoveNext body) of every suspending function, method and closure body
    /// with a body (Lowering/StateMachineRewriter).</summary>
    public Dictionary<FunctionSymbol, BoundStateMachine> StateMachines { get; } = new();

    /// <summary>Whether anything in the program suspends (otherwise no state machine is generated at all).</summary>
    public bool Any => Suspending.Count > 0;

    /// <summary>Whether a call through <paramref name="it"/>'s method <paramref name="index"/> may take the suspending
    /// path (methods with `&amp;mut` parameters after self are passed by reference and always run plain).</summary>
    public static bool CanSuspendThrough(InterfaceType it, int index)
        => !it.Methods[index].Parameters.Any(p => p is RefType { IsMutable: true });

    /// <summary>Whether <paramref name="f"/> (a function, method or closure body) suspends.</summary>
    public bool Suspends(FunctionSymbol f) => Suspending.Contains(f);

    public bool IsSuspendingType(MiloType t)
        => t.StripRange() is FunctionType ft && SuspendingTypes.Contains(ft.MangledName);

    /// <summary>The user <c>Drop</c> of a struct type when it suspends (dropping such a local is a suspension point;
    /// the fields' glue then runs plainly). Enums and drops nested in fields/collections run their plain glue.</summary>
    public FunctionSymbol? SuspendingDrop(MiloType t)
        => t.StripRange() is StructType { DropMethod: { } d } && Suspending.Contains(d) && Bodies.ContainsKey(d) ? d : null;
}
