namespace Milo.Compiler.Symbols;

/// <summary>
/// A CLR type imported with `from "dotnet:Namespace" import { Name }` (or reached through a signature of one): classes,
/// interfaces, structs, enums, arrays, delegates. <see cref="ClrType"/> is closed (`List&lt;long&gt;`). Values are
/// references for classes (a handle: copying shares the object, no drop glue) and bitwise copies for structs, so every
/// DotNetType is Copy. Interned per binder: compare with <see cref="MiloType.SameAs"/>.
/// </summary>
internal sealed class DotNetType(Type clrType, string name, bool isSend) : MiloType
{
    public Type ClrType { get; } = clrType;
    public override string Name { get; } = name;
    public override string MangledName => "net_" + string.Concat(Name.Select(c => char.IsLetterOrDigit(c) ? c : '_'));
    public override bool IsCopy => true;
    /// <summary>Whether values may cross OS threads (see docs/dotnet-imports.md, "Send").</summary>
    public bool IsSend { get; } = isSend;
    public bool IsValueType => ClrType.IsValueType;
}
