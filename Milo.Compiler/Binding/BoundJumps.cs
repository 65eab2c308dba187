using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

/// <summary>A jump target of a lowered body (a state machine's resume points and start).</summary>
internal sealed class LabelSymbol(string name)
{
    public string Name { get; } = name;
    public override string ToString() => Name;
}

/// <summary>`label:` — marks the position <see cref="Label"/> names (Lowering creates these; the binder never does).</summary>
internal sealed class BoundLabelStmt(Location location, LabelSymbol label) : BoundStmt(location)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.Label;
    public LabelSymbol Label { get; } = label;
}

/// <summary>
/// `switch (Value) { case i: goto Targets[i] }`: jumps to the label at index <see cref="Value"/> (an i32), falls through
/// when it is out of range. A resumed state machine's MoveNext starts with one (state k: resume point k).
/// </summary>
internal sealed class BoundStateDispatch(Location location, BoundExpr value, List<LabelSymbol> targets) : BoundStmt(location)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.StateDispatch;
    public BoundExpr Value { get; } = value;
    public List<LabelSymbol> Targets { get; } = targets;
}
