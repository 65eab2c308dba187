using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;

namespace Milo.Compiler.Lowering;

/// <summary>
/// An owned droppable parameter or local of one body, with its bool "owned" flag local (`$df_x`): set when the value is
/// stored, cleared by a move (the <see cref="IntrinsicKind.MoveOut"/> around the moved read gets the flag as a second
/// operand). Flags nothing tests are removed again at the end, so straight-line code has no flag at all.
/// </summary>
internal sealed class DropCandidate(VariableSymbol v, int index, bool topLevel, bool initiallyOwned)
{
    public VariableSymbol Var { get; } = v;
    public LocalSymbol Flag { get; } = new("$df_" + v.Name, TypeFactory.Bool, true) { IsTemporary = true };
    /// <summary>Declaration order (parameters first).</summary>
    public int Index { get; } = index;
    /// <summary>Declared in the body's outermost scope (a parameter or a top-level `let`): declared before any later exit.</summary>
    public bool TopLevel { get; } = topLevel;
    public bool InitiallyOwned { get; } = initiallyOwned;
    /// <summary>Some drop tests the flag, so the flag must be maintained.</summary>
    public bool FlagRead { get; set; }
    /// <summary>A drop of it may be emitted before its declaration (loops): give it storage at function entry.</summary>
    public bool PreDeclare { get; set; }
    /// <summary>`$df_x = true` statements and the lists holding them (removed when the flag is never read).</summary>
    public List<(List<BoundStmt> List, BoundStmt Stmt)> FlagWrites { get; } = new();
    /// <summary>MoveOut wrappers that clear the flag (their flag operand is removed when the flag is never read).</summary>
    public List<BoundIntrinsicExpr> MoveSites { get; } = new();
}
