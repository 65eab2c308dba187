namespace Milo.Compiler.Analysis;

/// <summary>
/// A warning the compiler can give: its name (as the reference compiler spells it; used by `--allow=NAME` / `--deny=NAME`),
/// its stable code (W00xx, printed as `[W0001]`) and whether it is on by default.
/// </summary>
public sealed record WarningKind(string Name, string Code, bool OnByDefault, string Summary)
{
    /// <summary>A `let`/`var` of a function's body or a parameter that is never read (assignment is not a read).</summary>
    public static readonly WarningKind UnusedVariable =
        new("unused-variable", "W0001", true, "a function-level variable or parameter is never read");

    /// <summary>An expression statement whose value is an Option or a Result: the error/absence is silently dropped.</summary>
    public static readonly WarningKind UnusedResult =
        new("unused-result", "W0002", true, "a Result or Option value is discarded by an expression statement");

    /// <summary>
    /// A by-value parameter of a non-Copy type that the function never moves: `&amp;T` would do. Off unless named by
    /// `--deny=unused-move` (as in the reference: not even `--deny-all` turns it on).
    /// </summary>
    public static readonly WarningKind UnusedMove =
        new("unused-move", "W0003", false, "a by-value parameter of a non-Copy type is never moved (only with --deny=unused-move)");

    public static IReadOnlyList<WarningKind> All { get; } = [UnusedVariable, UnusedResult, UnusedMove];

    public static WarningKind? Find(string name) => All.FirstOrDefault(k => k.Name == name);
}
