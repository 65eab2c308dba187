using Milo.Compiler.Symbols;
using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

/// <summary>
/// What only the binder knows about ownership, recorded on the bound tree for the drop-insertion pass
/// (Lowering/DropInsertion, docs/lowering.md). The binder decides which values are owned and where they move; the pass
/// turns that into drop flags and <see cref="BoundDropLocal"/> statements. Reads that move an owned droppable variable
/// are marked by an <see cref="IntrinsicKind.MoveOut"/> around the read (one operand; the pass adds the drop flag), and a
/// `move` closure that captures owned droppable variables by one such wrapper per captured variable.
/// </summary>
/// <param name="TopLevel">Declared in the body's outermost scope (a `let` there): declared before any later exit.</param>
/// <param name="InLoop">Declared inside a loop body of its function (a `let` that may run again).</param>
internal sealed record OwnedDeclaration(bool TopLevel, bool InLoop);

/// <summary>
/// An exit of a function or closure body where its owned values are dropped: a `return`, a `?` early return or the end of
/// the body.
/// </summary>
/// <param name="Location">Where the drops are attributed.</param>
/// <param name="InLoop">The exit is inside a loop body.</param>
/// <param name="Moved">The owned droppable variables the binder's move checking knows to be moved at this point (on the
/// path to it, or maybe moved on one of the paths that merge there).</param>
internal sealed record ExitOwnership(Location Location, bool InLoop, IReadOnlySet<VariableSymbol> Moved);
