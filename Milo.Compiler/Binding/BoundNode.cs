using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

internal abstract class BoundNode(Location location)
{
    /// <summary>Source position (used for sequence points and runtime error messages).</summary>
    public Location Location { get; } = location;

    /// <summary>Which node this is (one value per concrete class; see <see cref="BoundNodeKind"/>).</summary>
    public abstract BoundNodeKind NodeKind { get; }
}

/// <summary>
/// The one list of bound node kinds. Every concrete <see cref="BoundNode"/> class returns its own value from
/// <see cref="BoundNode.NodeKind"/>; <see cref="BoundTreeShape"/>, <see cref="BoundTreeWalker"/> and
/// <see cref="BoundTreeRewriter"/> switch over it and throw on a kind they do not list, and BoundTreeWalkerTests
/// fails (by reflection over the compiler) when a class is missing from this list or from a switch.
/// </summary>
internal enum BoundNodeKind
{
    // expressions
    LiteralExpr, StringLiteralExpr, VariableExpr, FunctionRefExpr, UnaryExpr, BinaryExpr,
    CoalesceExpr, CastExpr, CallExpr, ClosureCallExpr, RuntimeCallExpr, TryToOptionExpr,
    FieldExpr, IndexExpr, StructLiteralExpr, EnumExpr, ArrayLiteralExpr, ArrayRepeatExpr,
    HeapExpr, DerefExpr, UnwrapExpr, PropagateExpr, IsExpr, FormatExpr,
    PrintExpr, ClosureExpr, IntrinsicExpr, InterfaceBoxExpr, InterfaceCallExpr,
    DotNetExpr, DotNetCatchExpr,
    // expressions only Lowering creates (Binding/BoundLoweredExpressions.cs)
    DisplayAppendExpr, CollectionLengthExpr, ElementAtExpr, SequenceExpr, ConditionalExpr, PayloadExpr,
    /// <summary>A suspension point of a suspending body, marked and then lowered by Lowering/StateMachineRewriter.</summary>
    SuspensionExpr,
    /// <summary>A lowered state machine's core (Binding/BoundFrameNodes.cs, BoundStateMachine.cs): generated frame
    /// method calls, frame field reads, a CLR type test.</summary>
    FrameMethodCallExpr, FrameFieldRead, TypeTestExpr,
    // statements
    Block, LocalDecl, Assign, ExprStmt, If, While,
    ForRange, ForEach, Break, Continue, Return, Match,
    RangeCheck, Parallel, DropLocal,
    /// <summary>Statements only Lowering creates (Binding/BoundJumps.cs): a state machine's labels and resume dispatch.</summary>
    Label, StateDispatch,
    // match patterns
    WildcardPattern, LiteralPattern, VariantPattern,
}
