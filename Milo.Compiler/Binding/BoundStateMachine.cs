using System.Reflection;
using Milo.Compiler.Symbols;
using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

/// <summary>
/// The state machine of one suspending function, method or closure body (green threads, docs/green-threads.md), as
/// Lowering/StateMachineRewriter builds it: the frame's fields (one per parameter; the frame class holds them between
/// resumptions) and the MoveNext body — the spilled body with every suspension point lowered to
/// core nodes (child frame start, step, suspend, frame-field reads). The plain body stays in <see cref="BoundFunction.Body"/> (plain code calls it).
/// </summary>
internal sealed class BoundStateMachine(FunctionSymbol function, List<FrameFieldSymbol> parameterFields, BoundBlock moveNextBody)
{
    public FunctionSymbol Function { get; } = function;
    /// <summary>The frame's parameter fields, in parameter order (`&amp;mut` parameters are copied in and read back out).</summary>
    public List<FrameFieldSymbol> ParameterFields { get; } = parameterFields;
    /// <summary>
    /// The body of <see cref="MoveNext"/>: a state dispatch to the start or to the resume label of a suspension point,
    /// the spilled body with every suspension point explicit, and `return` lowered to stores of the result and the state
    /// followed by `return false` (finished); a suspension stores its state and returns true.
    /// </summary>
    public BoundBlock MoveNextBody { get; init; } = moveNextBody;
    /// <summary>The spilled body with every suspension point marked (<see cref="BoundSuspensionExpr"/>), before
    /// ResumeRewriter lowered them: what suspends and how, for tests and tools.</summary>
    public BoundBlock? MarkedBody { get; init; }
    /// <summary>What `MoveNext` leaves in the frame's Result when it finishes (void: none).</summary>
    public MiloType ResultType => Function.ReturnType;
    /// <summary>The synthesized `bool MoveNext()` the body belongs to (no parameters: the frame is `this`).</summary>
    public FunctionSymbol MoveNext { get; init; } = function;
    /// <summary>The frame's resume state (GreenFrame.State: 0 = start, k = suspended at point k, -1 = finished).</summary>
    public LocalSymbol? StateVariable { get; init; }
    /// <summary>The frame's Result (GreenFrame&lt;R&gt;.Result); null for void bodies.</summary>
    public LocalSymbol? ResultVariable { get; init; }
    /// <summary>Locals whose scope contains a suspension point: they live in frame fields, not IL locals.</summary>
    public Dictionary<LocalSymbol, FrameFieldSymbol> HoistedLocals { get; init; } = new();
    /// <summary>Parameters shared with closures by reference: the frame field holding their heap cell.</summary>
    public Dictionary<ParameterSymbol, FrameFieldSymbol> ParameterCells { get; init; } = new();
}

/// <summary>What a <see cref="FrameFieldSymbol"/> holds.</summary>
internal enum FrameFieldKind
{
    /// <summary>A parameter's value (copied in by the frame's start).</summary>
    Parameter,
    /// <summary>The heap cell of a parameter captured by reference (made by the frame's start from the value).</summary>
    ParameterCell,
    /// <summary>A hoisted local (its heap cell when captured by reference).</summary>
    Local,
    /// <summary>The child frame a suspension point drives (typed by the emitter: the callee's frame class).</summary>
    Awaiter,
    /// <summary>The object whose frame a dynamic suspension point started (IGreenFn…/IGreenM…), used after it finishes.</summary>
    Starter,
    /// <summary>The Result of a finished GreenFrame&lt;R&gt; (R is the symbol's type).</summary>
    Result,
}

/// <summary>A field of a state machine's frame (a lowered symbol: the emitter maps it to the frame class's field).</summary>
internal sealed class FrameFieldSymbol(FunctionSymbol owner, string name, MiloType type, int index, FrameFieldKind kind = FrameFieldKind.Parameter)
{
    public FrameFieldKind Kind { get; } = kind;
    /// <summary>The function whose frame holds the field.</summary>
    public FunctionSymbol Owner { get; } = owner;
    public string Name { get; } = name;
    /// <summary>The value type stored (a `&amp;T` parameter stores the T).</summary>
    public MiloType Type { get; } = type;
    /// <summary>Position among the frame's parameter fields (other kinds: their number within the frame).</summary>
    public int Index { get; } = index;
    public override string ToString() => Name;
}

/// <summary>How a suspension point reaches the suspending code.</summary>
internal enum SuspensionKind
{
    /// <summary>A call of a suspending function or method: start its frame, drive it.</summary>
    Call,
    /// <summary>A call through a function value whose type may carry a suspending closure: drive its frame if the
    /// target is one (IGreenFn…/IGreenStart), else call plainly.</summary>
    ClosureCall,
    /// <summary>An interface method with a suspending implementation: drive its frame if the receiver's adapter has one.</summary>
    InterfaceCall,
    /// <summary>A blocking runtime method declared [SuspendsAs]: drive the frame its factory returns.</summary>
    Primitive,
    /// <summary><c>schedulerYield()</c>: suspend inline (no child frame), back of the run queue.</summary>
    Yield,
    /// <summary>Dropping a struct local whose user <c>Drop</c> suspends (<see cref="BoundSuspensionExpr.Operation"/> is the
    /// call <c>Drop(local)</c>): drive the drop's frame on the value, store it back, then run the fields' drop glue.</summary>
    Drop,
}

/// <summary>
/// A suspension point, as Lowering/StateMachineRewriter marks it in a suspending body before lowering it: <see cref="Operation"/>
/// (a call) is evaluated by starting a child frame and driving it — if the child suspends, the state machine saves its
/// state and returns to the scheduler, and resumes right here. Only in <see cref="BoundStateMachine.MarkedBody"/>, only
/// where spilling left the evaluation stack empty (statement level); ResumeRewriter lowers every point to core nodes
/// (frame start, step, field reads), so no MoveNext body contains one.
/// </summary>
internal sealed class BoundSuspensionExpr(BoundExpr operation, SuspensionKind kind, MethodInfo? factory, List<BoundAssign> writeBacks)
    : BoundExpr(operation.Location, operation.Type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.SuspensionExpr;
    /// <summary>The call as bound (its operands are evaluated as usual, before the child frame starts).</summary>
    public BoundExpr Operation { get; } = operation;
    public SuspensionKind Kind { get; } = kind;
    /// <summary>For <see cref="SuspensionKind.Primitive"/>: the frame factory (open generic for generic runtime classes).</summary>
    public MethodInfo? Factory { get; } = factory;
    /// <summary>For <see cref="SuspensionKind.Call"/>: `&amp;mut` arguments copied back from the finished child frame
    /// (`arg = BoundFrameFieldRead(parameter field)`), run after the child completes and before the result is used.</summary>
    public List<BoundAssign> WriteBacks { get; } = writeBacks;

    /// <summary>This point with a new operation and write-backs.</summary>
    public BoundSuspensionExpr With(BoundExpr op, List<BoundAssign> writeBacks) => new(op, Kind, Factory, writeBacks);
}

/// <summary>
/// Field <see cref="Field"/> of the frame object <see cref="Frame"/>: a parameter field of a function's frame class (the
/// final value of a `&amp;mut` parameter, copied back after the child finished) or the Result of a GreenFrame&lt;R&gt;.
/// Before ResumeRewriter gives each point its awaiter, <see cref="Frame"/> is null ("the child frame of the enclosing
/// suspension point").
/// </summary>
internal sealed class BoundFrameFieldRead(Location location, BoundExpr? frame, FrameFieldSymbol field, MiloType type)
    : BoundExpr(location, type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.FrameFieldRead;
    public BoundExpr? Frame { get; } = frame;
    public FrameFieldSymbol Field { get; } = field;
}
