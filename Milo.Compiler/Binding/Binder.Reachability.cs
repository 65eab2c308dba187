using Milo.Compiler.Diagnostics;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

/// <summary>
/// `missing return`: a function (or closure) declared to return a value whose end is reachable is an error — it would
/// otherwise fall off its end. A statement list completes unless some statement in it never completes: `return`,
/// `exit(…)`, an if/else, if-let/else or match all of whose branches never complete, a block that never completes, or a
/// `while true` loop that no `break` leaves. `main` is exempt: falling off its end exits with status 0 (as the
/// reference's C `main` does).
/// </summary>
internal sealed partial class Binder
{
    private void CheckMissingReturn(BlockStmtSyntax body, Symbols.MiloType returnType, string what, Location end)
    {
        if (returnType.IsVoid || returnType.IsError || !CanComplete(body.Statements)) return;
        _diagnostics.Report(end, Errors.MissingReturn.With(what, returnType.Name),
            "every path must end in 'return <value>'; add a return at the end");
    }

    private static bool CanComplete(IEnumerable<StmtSyntax> stmts) => !stmts.Any(NeverCompletes);

    private static bool NeverCompletes(StmtSyntax s) => s switch
    {
        ReturnStmtSyntax => true,
        ExprStmtSyntax { Expression: CallExprSyntax { Callee: NameExprSyntax { Name: "exit" or "panic" } } } => true,
        BlockStmtSyntax b => !CanComplete(b.Statements),
        UnsafeStmtSyntax u => !CanComplete(u.Body.Statements),
        IfStmtSyntax { Else: { } e } i => !CanComplete(i.Then.Statements) && NeverCompletes(e),
        IfLetStmtSyntax { Else: { } e } il => !CanComplete(il.Then.Statements) && !CanComplete(e.Statements),
        MatchStmtSyntax m => m.Arms.Count > 0 && m.Arms.All(a => !CanComplete(a.Body.Statements)),
        WhileStmtSyntax { Condition: BoolLiteralExprSyntax { Value: true } } w => !Breaks(w.Body.Statements),
        _ => false,
    };

    /// <summary>Whether a `break` in these statements leaves the loop they belong to (breaks of nested loops do not).</summary>
    private static bool Breaks(IEnumerable<StmtSyntax> stmts) => stmts.Any(s => s switch
    {
        BreakStmtSyntax => true,
        BlockStmtSyntax b => Breaks(b.Statements),
        UnsafeStmtSyntax u => Breaks(u.Body.Statements),
        IfStmtSyntax i => Breaks(i.Then.Statements) || (i.Else is { } e && Breaks(new[] { e })),
        IfLetStmtSyntax il => Breaks(il.Then.Statements) || (il.Else is { } e && Breaks(e.Statements)),
        MatchStmtSyntax m => m.Arms.Any(a => Breaks(a.Body.Statements)),
        _ => false,
    });
}
