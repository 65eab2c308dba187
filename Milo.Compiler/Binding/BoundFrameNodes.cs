using Milo.Compiler.Symbols;
using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

// Core nodes a lowered state machine (Lowering/StateMachineRewriter) is written in besides the ordinary ones: calls of the
// generated methods of frame classes and a run-time type test. The emitter maps each to a few IL instructions; it
// resolves the generated classes and methods by symbol, as it resolves a struct or a function.

/// <summary>Which generated class a <see cref="FrameClassType"/> names.</summary>
internal enum FrameClassKind
{
    /// <summary>The frame class of a suspending function or method (<see cref="FrameClassType.Function"/>).</summary>
    Frame,
    /// <summary>The interface a suspending function value of type <see cref="FrameClassType.FunctionType"/> implements
    /// (IGreenStart without parameters, else a generated IGreenFn…): StartFrame(args), ArgOut{k}(frame).</summary>
    FunctionStarter,
    /// <summary>The interface the adapter of a suspending implementation of interface method
    /// (<see cref="FrameClassType.Interface"/>, <see cref="FrameClassType.MethodIndex"/>) implements: StartFrame(args), EndFrame(frame).</summary>
    InterfaceMethodStarter,
}

/// <summary>
/// A class the compiler generates for green threads, as a type of lowered temporaries and frame fields (a child frame, the
/// object that started it). Never written by users; copying shares the object.
/// </summary>
internal sealed class FrameClassType : MiloType
{
    private FrameClassType(FrameClassKind kind, FunctionSymbol? function, FunctionType? functionType, InterfaceType? iface, int methodIndex)
    {
        Kind = kind;
        Function = function;
        FunctionType = functionType;
        Interface = iface;
        MethodIndex = methodIndex;
    }

    public static FrameClassType FrameOf(FunctionSymbol f) => new(FrameClassKind.Frame, f, null, null, 0);
    public static FrameClassType StarterOf(FunctionType ft) => new(FrameClassKind.FunctionStarter, null, ft, null, 0);
    public static FrameClassType StarterOf(InterfaceType it, int index) => new(FrameClassKind.InterfaceMethodStarter, null, null, it, index);

    public FrameClassKind Kind { get; }
    public FunctionSymbol? Function { get; }
    public FunctionType? FunctionType { get; }
    public InterfaceType? Interface { get; }
    public int MethodIndex { get; }

    public override string Name => Kind switch
    {
        FrameClassKind.Frame => $"frame of {Function!.Name}",
        FrameClassKind.FunctionStarter => $"frame starter of {FunctionType!.Name}",
        _ => $"frame starter of {Interface!.Name}.{Interface.Methods[MethodIndex].Name}",
    };
    public override bool IsCopy => true;
}

/// <summary>A generated method of a frame class or starter interface.</summary>
internal enum FrameMethodKind
{
    /// <summary>Static `Start(args)` of the frame class of <see cref="BoundFrameMethodCallExpr.Function"/>: a new frame with the arguments stored.</summary>
    Start,
    /// <summary>`starter.StartFrame(args)`: the frame of the suspending implementation behind a starter interface.</summary>
    StartFrame,
    /// <summary>`starter.EndFrame(frame)`: after an interface method's frame finished (copies a `&amp;mut self` back).</summary>
    EndFrame,
    /// <summary>`starter.ArgOut{k}(frame)`: the frame's final copy of the function value's `&amp;mut` parameter k.</summary>
    ArgOut,
    /// <summary>`frame.Alias{k}(j)` (<see cref="BoundFrameMethodCallExpr.Function"/>'s frame class) or
    /// `starter.Alias{k}(frame, j)`: the started frame's `&amp;` parameter k shares the heap cell of its `&amp;mut`
    /// parameter j, whose argument named the same place (Lowering/StateMachineRewriter/SharedRefParameters).</summary>
    Alias,
}

/// <summary>
/// A call of a generated frame method (<see cref="FrameMethodKind"/>): static on the frame class of <see cref="Function"/>
/// (Start), or through <see cref="Receiver"/>, a starter interface. The CLR result is cast to <see cref="BoundExpr.Type"/>
/// when that is a more derived class (StartFrame returns GreenFrame; a value-returning callee's is GreenFrame&lt;R&gt;).
/// </summary>
internal sealed class BoundFrameMethodCallExpr(Location location, FrameMethodKind method, FunctionSymbol? function, BoundExpr? receiver,
    List<BoundExpr> arguments, MiloType type, int argument = 0) : BoundExpr(location, type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.FrameMethodCallExpr;
    public FrameMethodKind Method { get; } = method;
    /// <summary>For Start: the function whose frame class it belongs to.</summary>
    public FunctionSymbol? Function { get; } = function;
    public BoundExpr? Receiver { get; } = receiver;
    public List<BoundExpr> Arguments { get; } = arguments;
    /// <summary>For ArgOut and Alias: the parameter index k.</summary>
    public int Argument { get; } = argument;

    public BoundFrameMethodCallExpr With(BoundExpr? receiver, List<BoundExpr> arguments)
        => new(Location, Method, Function, receiver, arguments, Type, Argument);
}

/// <summary>
/// `Operand is T target` over CLR classes (C#'s type pattern): true when the object <see cref="Operand"/> evaluates to is
/// an instance of <see cref="TargetType"/>; <see cref="Target"/> receives it as a <see cref="TargetType"/> (or null).
/// </summary>
internal sealed class BoundTypeTestExpr(Location location, BoundExpr operand, MiloType targetType, LocalSymbol target)
    : BoundExpr(location, TypeFactory.Bool)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.TypeTestExpr;
    public BoundExpr Operand { get; } = operand;
    public MiloType TargetType { get; } = targetType;
    public LocalSymbol Target { get; } = target;
}
