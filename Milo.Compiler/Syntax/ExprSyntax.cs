using Milo.Compiler.Text;

namespace Milo.Compiler.Syntax;

internal abstract class ExprSyntax(Location location) : SyntaxNode(location) { }

/// <summary>Integer literal (decimal/hex/binary, underscores removed), exact 64-bit value. Values above i64.MaxValue are kept as ulong.</summary>
internal sealed class IntLiteralExprSyntax(Location location, ulong value, string text) : ExprSyntax(location)
{
    public ulong Value { get; } = value;
    public string Text { get; } = text;
}

/// <summary>`'A'` — a u8 value.</summary>
internal sealed class CharLiteralExprSyntax(Location location, byte value) : ExprSyntax(location)
{
    public byte Value { get; } = value;
}

internal sealed class FloatLiteralExprSyntax(Location location, double value, string text) : ExprSyntax(location)
{
    public double Value { get; } = value;
    public string Text { get; } = text;
}

/// <summary>String literal, escapes already processed, as UTF-8 bytes.</summary>
internal sealed class StringLiteralExprSyntax(Location location, byte[] utf8) : ExprSyntax(location)
{
    public byte[] Utf8 { get; } = utf8;
}

internal sealed class BoolLiteralExprSyntax(Location location, bool value) : ExprSyntax(location)
{
    public bool Value { get; } = value;
}

/// <summary>`null` — Option.None with the type taken from context.</summary>
internal sealed class NullLiteralExprSyntax(Location location) : ExprSyntax(location) { }

/// <summary>`$"text {expr} text"` — Parts alternate freely between StringLiteralExprSyntax (text) and expressions.</summary>
internal sealed class InterpolatedStringExprSyntax(Location location, List<ExprSyntax> parts) : ExprSyntax(location)
{
    public List<ExprSyntax> Parts { get; } = parts;
}

/// <summary>A plain identifier (variable, parameter, function name, `self`).</summary>
internal sealed class NameExprSyntax(Location location, string name) : ExprSyntax(location)
{
    public string Name { get; } = name;
}

/// <summary>`Type.Member` where Type starts with a capital letter: enum variant `Color.Red`, or the callee of a static call `Vec.new`, `Channel&lt;i64&gt;.new`.</summary>
internal sealed class TypeMemberExprSyntax(Location location, NamedTypeSyntax type, NameSyntax member) : ExprSyntax(location)
{
    public NamedTypeSyntax Type { get; } = type;
    public NameSyntax Member { get; } = member;
}

/// <summary>`callee(args)`. Callee is a NameExprSyntax (function, builtin, closure variable) or a TypeMemberExprSyntax (static method / enum variant constructor). TypeArgs is non-empty only for `sizeOf&lt;T&gt;()` / `zeroed&lt;T&gt;()` and `Type.Method&lt;T&gt;(args)` (a generic .NET method).</summary>
internal sealed class CallExprSyntax(Location location, ExprSyntax callee, List<TypeSyntax> typeArgs, List<ExprSyntax> args) : ExprSyntax(location)
{
    public ExprSyntax Callee { get; } = callee;
    public List<TypeSyntax> TypeArgs { get; } = typeArgs;
    public List<ExprSyntax> Args { get; } = args;
}

/// <summary>`receiver.name(args)`; `receiver.Name&lt;T&gt;(args)` (explicit type arguments of a generic .NET method) fills TypeArgs.</summary>
internal sealed class MethodCallExprSyntax(Location location, ExprSyntax receiver, NameSyntax method, List<ExprSyntax> args, List<TypeSyntax>? typeArgs = null) : ExprSyntax(location)
{
    public ExprSyntax Receiver { get; } = receiver;
    public NameSyntax Method { get; } = method;
    public List<ExprSyntax> Args { get; } = args;
    public List<TypeSyntax> TypeArgs { get; } = typeArgs ?? new List<TypeSyntax>();
}

/// <summary>`receiver.name` (field, or the `.len` pseudo-field).</summary>
internal sealed class FieldExprSyntax(Location location, ExprSyntax receiver, NameSyntax field) : ExprSyntax(location)
{
    public ExprSyntax Receiver { get; } = receiver;
    public NameSyntax Field { get; } = field;
}

internal sealed class IndexExprSyntax(Location location, ExprSyntax receiver, ExprSyntax index) : ExprSyntax(location)
{
    public ExprSyntax Receiver { get; } = receiver;
    public ExprSyntax Index { get; } = index;
}

/// <summary>`s[a..b]`.</summary>
internal sealed class SliceExprSyntax(Location location, ExprSyntax receiver, ExprSyntax start, ExprSyntax end) : ExprSyntax(location)
{
    public ExprSyntax Receiver { get; } = receiver;
    public ExprSyntax Start { get; } = start;
    public ExprSyntax End { get; } = end;
}

internal enum UnaryOp { Negate, Not, BitNot, Deref, AddressOf }

internal sealed class UnaryExprSyntax(Location location, UnaryOp op, ExprSyntax operand) : ExprSyntax(location)
{
    public UnaryOp Op { get; } = op;
    public ExprSyntax Operand { get; } = operand;
}

internal enum BinaryOp
{
    Add, Sub, Mul, Div, Rem,
    Eq, Ne, Lt, Le, Gt, Ge,
    And, Or,
    BitAnd, BitOr, BitXor, Shl, Shr,
    Coalesce,
}

/// <summary>Binary operator. Location is the left operand's; OperatorLocation the operator token's.</summary>
internal sealed class BinaryExprSyntax(Location location, BinaryOp op, Location operatorLocation, ExprSyntax left, ExprSyntax right) : ExprSyntax(location)
{
    public BinaryOp Op { get; } = op;
    public Location OperatorLocation { get; } = operatorLocation;
    public ExprSyntax Left { get; } = left;
    public ExprSyntax Right { get; } = right;
}

/// <summary>`expr is Enum.Variant[(…)]`.</summary>
internal sealed class IsExprSyntax(Location location, ExprSyntax operand, PatternSyntax pattern) : ExprSyntax(location)
{
    public ExprSyntax Operand { get; } = operand;
    public PatternSyntax Pattern { get; } = pattern;
}

internal sealed class CastExprSyntax(Location location, ExprSyntax operand, TypeSyntax type) : ExprSyntax(location)
{
    public ExprSyntax Operand { get; } = operand;
    public TypeSyntax Type { get; } = type;
}

/// <summary>Postfix `e!`.</summary>
internal sealed class UnwrapExprSyntax(Location location, ExprSyntax operand) : ExprSyntax(location)
{
    public ExprSyntax Operand { get; } = operand;
}

/// <summary>Postfix `e?`.</summary>
internal sealed class PropagateExprSyntax(Location location, ExprSyntax operand) : ExprSyntax(location)
{
    public ExprSyntax Operand { get; } = operand;
}

internal sealed class FieldInitSyntax(Location location, string name, ExprSyntax value) : SyntaxNode(location)
{
    public string Name { get; } = name;
    public ExprSyntax Value { get; } = value;
}

/// <summary>`Name { f: v, … }` or `Name&lt;T&gt; { … }`.</summary>
internal sealed class StructLiteralExprSyntax(Location location, NamedTypeSyntax type, List<FieldInitSyntax> fields) : ExprSyntax(location)
{
    public NamedTypeSyntax Type { get; } = type;
    public List<FieldInitSyntax> Fields { get; } = fields;
}

/// <summary>`[a, b, c]`.</summary>
internal sealed class ArrayLiteralExprSyntax(Location location, List<ExprSyntax> elements) : ExprSyntax(location)
{
    public List<ExprSyntax> Elements { get; } = elements;
}

/// <summary>`[value; count]`.</summary>
internal sealed class ArrayRepeatExprSyntax(Location location, ExprSyntax value, ExprSyntax count) : ExprSyntax(location)
{
    public ExprSyntax Value { get; } = value;
    public ExprSyntax Count { get; } = count;
}

/// <summary>`[move] (a: T, b: U)[: R] => expr` or `=> { block }`. Exactly one of ExprBody / BlockBody is set.</summary>
internal sealed class ClosureExprSyntax(Location location, bool isMove, List<ParamSyntax> parameters, TypeSyntax? returnType, ExprSyntax? exprBody, BlockStmtSyntax? blockBody) : ExprSyntax(location)
{
    public bool IsMove { get; } = isMove;
    public List<ParamSyntax> Parameters { get; } = parameters;
    public TypeSyntax? ReturnType { get; } = returnType;
    public ExprSyntax? ExprBody { get; } = exprBody;
    public BlockStmtSyntax? BlockBody { get; } = blockBody;
}
