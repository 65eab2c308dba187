using System.Reflection;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

internal abstract class BoundExpr(Location location, MiloType type) : BoundNode(location)
{
    /// <summary>The value's type. For reads of `&amp;T` variables this is T (auto-deref).</summary>
    public MiloType Type { get; } = type;
}

/// <summary>Numeric or bool constant. Value is long (signed ints), ulong (unsigned ints), double (floats) or bool, already fitted to Type.</summary>
internal sealed class BoundLiteralExpr(Location location, MiloType type, object value) : BoundExpr(location, type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.LiteralExpr;
    public object Value { get; } = value;
}

/// <summary>A string literal; produces a fresh (copy-on-write) MiloString.</summary>
internal sealed class BoundStringLiteralExpr(Location location, byte[] utf8) : BoundExpr(location, TypeFactory.String)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.StringLiteralExpr;
    public byte[] Utf8 { get; } = utf8;
}

/// <summary>Read of a local or parameter (through the reference for `&amp;T` parameters).</summary>
internal sealed class BoundVariableExpr(Location location, VariableSymbol variable, MiloType type) : BoundExpr(location, type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.VariableExpr;
    public VariableSymbol Variable { get; } = variable;
}

/// <summary>A named function used as a value of function type.</summary>
internal sealed class BoundFunctionRefExpr(Location location, FunctionSymbol function, FunctionType type) : BoundExpr(location, type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.FunctionRefExpr;
    public FunctionSymbol Function { get; } = function;
}

/// <summary>Negate, Not (bool), BitNot. Checked = overflow-trapping negation (--debug).</summary>
internal sealed class BoundUnaryExpr(Location location, UnaryOp op, BoundExpr operand, MiloType type, bool @checked) : BoundExpr(location, type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.UnaryExpr;
    public UnaryOp Op { get; } = op;
    public BoundExpr Operand { get; } = operand;
    public bool Checked { get; } = @checked;
}

/// <summary>
/// Binary operator on operands of the same type (Left.Type): ints (wrap at the declared width unless Checked), floats, bool,
/// strings (`+` concat, comparisons bytewise), structs (`==`/`!=` via Eq), payload-free enums (`==`/`!=` on tags).
/// And/Or short-circuit. Operator overloading (`a + b` on structs) is bound as a BoundCallExpr instead.
/// </summary>
internal sealed class BoundBinaryExpr(Location location, BinaryOp op, BoundExpr left, BoundExpr right, MiloType type, bool @checked) : BoundExpr(location, type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.BinaryExpr;
    public BinaryOp Op { get; } = op;
    public BoundExpr Left { get; } = left;
    public BoundExpr Right { get; } = right;
    public bool Checked { get; } = @checked;
}

/// <summary>`a ?? b` on an Option/Result-like enum: the Some/Ok payload, else Right (evaluated only then).</summary>
internal sealed class BoundCoalesceExpr(Location location, BoundExpr left, BoundExpr right, MiloType type) : BoundExpr(location, type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.CoalesceExpr;
    public BoundExpr Left { get; } = left;
    public BoundExpr Right { get; } = right;
}

/// <summary>`e as T` between numeric types / bool → int (C conversion rules, see checklist §5.5).</summary>
internal sealed class BoundCastExpr(Location location, BoundExpr operand, MiloType type) : BoundExpr(location, type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.CastExpr;
    public BoundExpr Operand { get; } = operand;
}

/// <summary>Direct call of a Milo function or method. An argument for a RefType parameter must be an lvalue or is spilled to a temporary; the emitter passes its address.</summary>
internal sealed class BoundCallExpr(Location location, FunctionSymbol function, List<BoundExpr> arguments) : BoundExpr(location, function.ReturnType)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.CallExpr;
    public FunctionSymbol Function { get; } = function;
    public List<BoundExpr> Arguments { get; } = arguments;
}

/// <summary>Call of a function value (closure / function pointer held in a variable or field).</summary>
internal sealed class BoundClosureCallExpr(Location location, BoundExpr callee, List<BoundExpr> arguments, MiloType type) : BoundExpr(location, type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.ClosureCallExpr;
    public BoundExpr Callee { get; } = callee;
    public List<BoundExpr> Arguments { get; } = arguments;
}

/// <summary>
/// Call of a Milo.Runtime / Milo.Stdlib method. Method may belong to an open generic type (MiloVec&lt;&gt;): the emitter
/// instantiates it with the CLR mapping of InstanceType (VecType, MapType, HeapType, RuntimeClassType) and MethodTypeArgs.
/// Receiver is null for static methods. Arguments for ref/out CLR parameters must be lvalues (the emitter passes addresses).
/// </summary>
internal sealed class BoundRuntimeCallExpr(Location location, MethodInfo method, MiloType? instanceType, BoundExpr? receiver, List<BoundExpr> arguments, MiloType type, List<MiloType>? methodTypeArgs = null) : BoundExpr(location, type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.RuntimeCallExpr;
    public MethodInfo Method { get; } = method;
    public MiloType? InstanceType { get; } = instanceType;
    public BoundExpr? Receiver { get; } = receiver;
    public List<BoundExpr> Arguments { get; } = arguments;
    public List<MiloType> MethodTypeArgs { get; } = methodTypeArgs ?? new();
}

/// <summary>
/// Wraps a runtime call whose CLR signature is `bool M(..., out T value)` (the out argument is NOT in Call.Arguments) into an
/// Option-like enum: Some(value) when it returns true, else None.
/// </summary>
internal sealed class BoundTryToOptionExpr(Location location, BoundRuntimeCallExpr call, EnumType optionType) : BoundExpr(location, optionType)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.TryToOptionExpr;
    public BoundRuntimeCallExpr Call { get; } = call;
}

internal sealed class BoundFieldExpr(Location location, BoundExpr receiver, FieldSymbol field) : BoundExpr(location, field.Type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.FieldExpr;
    public BoundExpr Receiver { get; } = receiver;
    public FieldSymbol Field { get; } = field;
}

/// <summary>`x[i]` on an array, Vec (element) or string (u8 byte). Always bounds-checked (`milo: array index out of bounds: I/LEN`).</summary>
internal sealed class BoundIndexExpr(Location location, BoundExpr receiver, BoundExpr index, MiloType type) : BoundExpr(location, type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.IndexExpr;
    public BoundExpr Receiver { get; } = receiver;
    public BoundExpr Index { get; } = index;
}

/// <summary>Struct literal; Fields in source (evaluation) order.</summary>
internal sealed class BoundStructLiteralExpr(Location location, StructType type, List<(FieldSymbol Field, BoundExpr Value)> fields) : BoundExpr(location, type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.StructLiteralExpr;
    public List<(FieldSymbol Field, BoundExpr Value)> Fields { get; } = fields;
}

/// <summary>Enum value construction `E.V(args)` / `E.V`.</summary>
internal sealed class BoundEnumExpr(Location location, EnumType type, VariantSymbol variant, List<BoundExpr> arguments) : BoundExpr(location, type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.EnumExpr;
    public VariantSymbol Variant { get; } = variant;
    public List<BoundExpr> Arguments { get; } = arguments;
}

/// <summary>`[a, b, c]` producing an ArrayType or (in Vec context) a VecType.</summary>
internal sealed class BoundArrayLiteralExpr(Location location, MiloType type, List<BoundExpr> elements) : BoundExpr(location, type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.ArrayLiteralExpr;
    public List<BoundExpr> Elements { get; } = elements;
}

/// <summary>`[value; count]` producing an ArrayType (Count = its size) or a VecType.</summary>
internal sealed class BoundArrayRepeatExpr(Location location, MiloType type, BoundExpr value, int count) : BoundExpr(location, type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.ArrayRepeatExpr;
    public BoundExpr Value { get; } = value;
    public int Count { get; } = count;
}

/// <summary>`Heap(value)`.</summary>
internal sealed class BoundHeapExpr(Location location, HeapType type, BoundExpr value) : BoundExpr(location, type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.HeapExpr;
    public BoundExpr Value { get; } = value;
}

/// <summary>`*h` on a Heap (reads Box.Value; as an assignment target writes it).</summary>
internal sealed class BoundDerefExpr(Location location, BoundExpr operand, MiloType type) : BoundExpr(location, type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.DerefExpr;
    public BoundExpr Operand { get; } = operand;
}

/// <summary>`e!` on an Option/Result-like enum. Panics with the operand's line:col.</summary>
internal sealed class BoundUnwrapExpr(Location location, BoundExpr operand, MiloType type) : BoundExpr(location, type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.UnwrapExpr;
    public BoundExpr Operand { get; } = operand;
}

/// <summary>
/// `e?`: yields the Some/Ok payload, else returns early from the current function with None / Err(e) of ReturnType.
/// WrapVariant (when the error types differ) is the variant of the function's error enum that wraps Operand's error.
/// </summary>
internal sealed class BoundPropagateExpr(Location location, BoundExpr operand, MiloType type, EnumType returnType, VariantSymbol? wrapVariant, EnumType? wrapEnum) : BoundExpr(location, type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.PropagateExpr;
    public BoundExpr Operand { get; } = operand;
    public EnumType ReturnType { get; } = returnType;
    public VariantSymbol? WrapVariant { get; } = wrapVariant;
    public EnumType? WrapEnum { get; } = wrapEnum;
    /// <summary>Drops to run on the early-return path (after the None/Err value is built, before returning).</summary>
    public List<BoundStmt> Drops { get; } = new();
    /// <summary>Set by the binder when the early return may need drops (Lowering/DropInsertion fills <see cref="Drops"/>).</summary>
    public ExitOwnership? Exit { get; set; }
}

/// <summary>`e is E.V` → bool (tag test).</summary>
internal sealed class BoundIsExpr(Location location, BoundExpr operand, VariantSymbol variant) : BoundExpr(location, TypeFactory.Bool)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.IsExpr;
    public BoundExpr Operand { get; } = operand;
    public VariantSymbol Variant { get; } = variant;
}

/// <summary>`format(...)` / f-string: display text of every part concatenated (checklist §5.9) → string.</summary>
internal sealed class BoundFormatExpr(Location location, List<BoundExpr> parts) : BoundExpr(location, TypeFactory.String)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.FormatExpr;
    public List<BoundExpr> Parts { get; } = parts;
}

/// <summary>`print(...)` (stdout, buffered) / `eprint(...)` (stderr): parts' display text concatenated plus a newline.</summary>
internal sealed class BoundPrintExpr(Location location, List<BoundExpr> parts, bool toStderr) : BoundExpr(location, TypeFactory.Void)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.PrintExpr;
    public List<BoundExpr> Parts { get; } = parts;
    public bool ToStderr { get; } = toStderr;
}

/// <summary>
/// A closure. Function.Symbol.Kind == Closure; its body refers to Captures through BoundVariableExpr of the outer symbols.
/// Non-move: captured variables are shared (they are marked IsCapturedByReference and live in heap cells).
/// Move: their current values are copied into the closure object at creation.
/// </summary>
internal sealed class BoundClosureExpr(Location location, BoundFunction function, FunctionType type, List<VariableSymbol> captures, bool isMove) : BoundExpr(location, type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.ClosureExpr;
    public BoundFunction Function { get; } = function;
    public List<VariableSymbol> Captures { get; } = captures;
    public bool IsMove { get; } = isMove;
}

internal enum IntrinsicKind
{
    /// <summary>Receiver.wrappingAdd(arg) etc. — never trap.</summary>
    WrappingAdd, WrappingSub, WrappingMul,
    SaturatingAdd, SaturatingSub, SaturatingMul,
    /// <summary>Return Option&lt;T&gt; (Type is the Option enum): None on overflow.</summary>
    CheckedAdd, CheckedSub, CheckedMul,
    /// <summary>Number/bool → string with the display format.</summary>
    ToString,
    /// <summary>`.len` of an array → i32.</summary>
    ArrayLength,
    /// <summary>`exit(code)`: flush and terminate.</summary>
    Exit,
    /// <summary>`flush()`.</summary>
    Flush,
    /// <summary>`assert(cond[, msg])` — Arguments[0] cond, optional [1] message.</summary>
    Assert,
    Max, Min,
    /// <summary>`jsonStringify(struct)`.</summary>
    JsonStringify,
    /// <summary>`zeroed&lt;T&gt;()`: the all-zero value of the result type (unsafe only).</summary>
    Zeroed,
    /// <summary>Deep copy of a value (Vec element read of a non-Copy type, HashMap get, move-closure captures).</summary>
    DeepCopy,
    /// <summary>Arguments[0] (a read of an owned droppable variable being moved), then its drop flag Arguments[1] (when present) := false.</summary>
    MoveOut,
    /// <summary>Evaluates Arguments[0] and runs its drop glue (void): values a HashMap replaced or removed.</summary>
    DropValue,
}

/// <summary>Operations implemented inline by the emitter (or by small runtime helpers it picks).</summary>
internal sealed class BoundIntrinsicExpr(Location location, IntrinsicKind kind, List<BoundExpr> arguments, MiloType type) : BoundExpr(location, type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.IntrinsicExpr;
    public IntrinsicKind Kind { get; } = kind;
    /// <summary>For method-style intrinsics Arguments[0] is the receiver.</summary>
    public List<BoundExpr> Arguments { get; } = arguments;
}

/// <summary>A concrete struct/enum value converted to an interface value (a boxed copy that implements the interface).</summary>
internal sealed class BoundInterfaceBoxExpr(Location location, BoundExpr value, InterfaceType iface) : BoundExpr(location, iface)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.InterfaceBoxExpr;
    public BoundExpr Value { get; } = value;
    public InterfaceType Interface { get; } = iface;
}

/// <summary>Dynamic dispatch `receiver.m(args)` through an interface value; Method indexes Interface.Methods.</summary>
internal sealed class BoundInterfaceCallExpr(Location location, BoundExpr receiver, InterfaceType iface, int methodIndex, List<BoundExpr> arguments, MiloType type) : BoundExpr(location, type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.InterfaceCallExpr;
    public BoundExpr Receiver { get; } = receiver;
    public InterfaceType Interface { get; } = iface;
    public int MethodIndex { get; } = methodIndex;
    public InterfaceMethod Method => Interface.Methods[MethodIndex];
    public List<BoundExpr> Arguments { get; } = arguments;
}
