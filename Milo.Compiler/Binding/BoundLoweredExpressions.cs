using Milo.Compiler.Symbols;
using Milo.Compiler.Text;
using Milo.Runtime;

namespace Milo.Compiler.Binding;

// Core nodes that only Lowering/LocalRewriter creates: the primitives desugared constructs are expressed in, each of
// which the emitter maps to a few IL instructions. The binder never produces them.

/// <summary>
/// Appends the display text (checklist §5.9) of <see cref="Value"/> to <see cref="Builder"/> and yields the builder:
/// the step format strings, `print` and string-concatenation chains are lowered to
/// (<c>Rent().append(a).append(b).ToMiloString()</c>, see Lowering/LocalRewriter/LocalRewriter.Strings.cs).
/// </summary>
internal sealed class BoundDisplayAppendExpr(Location location, BoundExpr builder, BoundExpr value) : BoundExpr(location, BuilderType)
{
    /// <summary>The runtime's string builder (Milo.Runtime.MiloStringBuilder) as a Milo type.</summary>
    public static readonly RuntimeClassType BuilderType = new("StringBuilder", typeof(MiloStringBuilder), new(), false, false);

    public override BoundNodeKind NodeKind => BoundNodeKind.DisplayAppendExpr;
    public BoundExpr Builder { get; } = builder;
    public BoundExpr Value { get; } = value;
}

/// <summary>Number of elements of an array or Vec (i32), read directly (a lowered for-each's loop bound).</summary>
internal sealed class BoundCollectionLengthExpr(Location location, BoundExpr collection) : BoundExpr(location, TypeFactory.I32)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.CollectionLengthExpr;
    public BoundExpr Collection { get; } = collection;
}

/// <summary>
/// Element <see cref="Index"/> (i32, already known to be below the length) of an array or Vec, as a plain copy without
/// the Milo bounds check: the element read of a lowered for-each.
/// </summary>
internal sealed class BoundElementAtExpr(Location location, BoundExpr collection, BoundExpr index, MiloType type) : BoundExpr(location, type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.ElementAtExpr;
    public BoundExpr Collection { get; } = collection;
    public BoundExpr Index { get; } = index;
}

/// <summary>
/// Runs <see cref="Statements"/> then yields <see cref="Value"/> (Roslyn's BoundSequence): how a lowered `?` or `??`
/// keeps its temporaries and branches inside an expression. When the statements may return early, Lowering/Spilling
/// (SequenceSpiller) hoists them out of the expression, spilling the operands evaluated before them, so the early return
/// happens on an empty evaluation stack; the emitter only meets sequences that do not return.
/// </summary>
internal sealed class BoundSequenceExpr(Location location, List<BoundStmt> statements, BoundExpr value, bool mayReturn = true) : BoundExpr(location, value.Type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.SequenceExpr;
    public List<BoundStmt> Statements { get; } = statements;
    public BoundExpr Value { get; } = value;
    /// <summary>
    /// Whether the sequence's own statements may return from the function (a lowered `?`; conservatively true): such a
    /// sequence is hoisted to statement level by Lowering/Spilling before emission, and so is every sequence around it.
    /// A lowered `!` only panics and a lowered `??` only declares its temporary: false for them.
    /// </summary>
    public bool MayReturn { get; } = mayReturn;
}

/// <summary>`Condition ? WhenTrue : WhenFalse` — only the chosen branch is evaluated.</summary>
internal sealed class BoundConditionalExpr(Location location, BoundExpr condition, BoundExpr whenTrue, BoundExpr whenFalse, MiloType type) : BoundExpr(location, type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.ConditionalExpr;
    public BoundExpr Condition { get; } = condition;
    public BoundExpr WhenTrue { get; } = whenTrue;
    public BoundExpr WhenFalse { get; } = whenFalse;
}

/// <summary>
/// Payload slot <see cref="Slot"/> of variant <see cref="Variant"/> of the enum value <see cref="Operand"/> (a place,
/// read where it lives), without a tag check: the caller has tested the variant.
/// </summary>
internal sealed class BoundPayloadExpr(Location location, BoundExpr operand, VariantSymbol variant, int slot, MiloType type) : BoundExpr(location, type)
{
    public override BoundNodeKind NodeKind => BoundNodeKind.PayloadExpr;
    public BoundExpr Operand { get; } = operand;
    public VariantSymbol Variant { get; } = variant;
    public int Slot { get; } = slot;
}
