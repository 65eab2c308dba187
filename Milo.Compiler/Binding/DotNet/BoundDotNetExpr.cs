using System.Reflection;
using Milo.Compiler.Symbols;
using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

/// <summary>
/// A use of an imported .NET member: a method or property accessor call (MethodInfo), a constructor (`T.new(…)`,
/// ConstructorInfo) or a field read (FieldInfo; literal fields are constants). Arguments are Milo values; the emitter
/// converts them to the CLR parameter types (string → System.String, closures → the delegate type, boxing for object)
/// and supplies the defaults of omitted optional parameters. With <see cref="NullToOption"/> the CLR result (a
/// reference annotated nullable) becomes `Option`: null → None. <see cref="OutMode"/>: a trailing `out` parameter.
/// </summary>
internal sealed class BoundDotNetExpr(Location location, MemberInfo member, BoundExpr? receiver, List<BoundExpr> arguments, MiloType type, bool nullToOption = false,
    DotNetOutMode outMode = DotNetOutMode.None) : BoundExpr(location, type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.DotNetExpr;
    public MemberInfo Member { get; } = member;
    public BoundExpr? Receiver { get; } = receiver;
    public List<BoundExpr> Arguments { get; } = arguments;
    public bool NullToOption { get; } = nullToOption;
    /// <summary>The trailing `out` parameter (no argument for it) and how it forms the result.</summary>
    public DotNetOutMode OutMode { get; } = outMode;

    public BoundDotNetExpr With(BoundExpr? receiver, List<BoundExpr> arguments) => new(Location, Member, receiver, arguments, Type, NullToOption, OutMode);
}

/// <summary>
/// `catching(() => expr)`: calls the closure; a .NET exception thrown inside becomes `Result.Err(message)`, a normal
/// return `Result.Ok(value)` (Milo panics still propagate).
/// </summary>
internal sealed class BoundDotNetCatchExpr(Location location, BoundExpr closure, EnumType resultType) : BoundExpr(location, resultType)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.DotNetCatchExpr;
    public BoundExpr Closure { get; } = closure;
}
