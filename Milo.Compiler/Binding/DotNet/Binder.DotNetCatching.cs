using Milo.Compiler.Diagnostics;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;

namespace Milo.Compiler.Binding;

/// <summary>
/// `catching(() => expr)` — the way to get a .NET exception as a value instead of a panic: `Result&lt;T, string&gt;` with
/// the exception's message in Err (T = the closure's result; `Result&lt;void&gt;` for a block). Available in programs
/// that have a `dotnet:` import (and declare no function of that name).
/// </summary>
internal sealed partial class Binder
{
    private BoundExpr BindCatching(CallExprSyntax c)
    {
        if (c.Args.Count != 1 || c.Args[0] is not ClosureExprSyntax { Parameters.Count: 0 })
        {
            foreach (var a in c.Args) BindExpr(a, null);
            _diagnostics.Report(c.Location, Errors.CatchingNeedsClosure.With());
            return Error(c);
        }
        var closure = BindExpr(c.Args[0], null, allowVoid: true);
        if (closure.Type is not FunctionType ft) return Error(c);
        return ResultOf(ft.ReturnType, c.Location) is { } res ? new BoundDotNetCatchExpr(c.Location, closure, res) : Error(c);
    }
}
