using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;
using Milo.Runtime;

namespace Milo.Compiler.Binding;

/// <summary>
/// Vec callbacks that are function values. The runtime hands a callback the Vec's own elements; a closure literal written
/// as the callback treats its parameters as element views (BindCallback), but a named function or a closure held in a
/// variable, field or parameter owns its by-value parameters — it may push, return or mutate them. Such a callback is
/// wrapped by a runtime adapter (Milo.Runtime/CallbackCopies.cs) that passes it a copy of each element
/// (checklist §5.7, docs/ownership.md). The adapter composes delegates at run time rather than the binder synthesizing a
/// closure that calls the function value: that closure would capture the callee variable (which changes its move rules —
/// a captured variable cannot be moved afterwards), and the callee expression is still evaluated once, before the call.
/// The copy itself is a capture-free closure `(x: T): T => copy of x`, so the emitter's existing copy glue is used.
/// </summary>
internal sealed partial class Binder
{
    /// <summary><paramref name="f"/> (already bound, of type <paramref name="ft"/>) wrapped so that its by-value parameters that
    /// own storage get copies; <paramref name="f"/> itself when none does, or when it is a closure literal.</summary>
    private BoundExpr CopyingCallback(ExprSyntax syntax, BoundExpr f, FunctionType ft, string what)
    {
        if (syntax is ClosureExprSyntax || ft.HasMutRefParameter) return f;
        var loc = f.Location;
        BoundExpr? CopyOf(MiloType p) => p is RefType || p.IsCopy || p is FunctionType ? null : CopyClosure(loc, p);
        var copies = ft.Parameters.Select(CopyOf).ToList();
        if (copies.All(c => c == null)) return f;
        var ret = ft.ReturnType;
        switch (what)
        {
            case "each":
                return CopiesCall(loc, "Action1", f, copies[0]!, ft, ft.Parameters[0]);
            case "enumerate":
                return CopiesCall(loc, "Indexed", f, copies[1]!, ft, ft.Parameters[1]);
            case "sortBy":
            {
                int side = copies[0] != null ? 0 : 1;
                return CopiesCall(loc, "Func2", f, copies[side]!, ft, ft.Parameters[side], ret);
            }
            default: // one element in, a value out
                return CopiesCall(loc, "Func1", f, copies[0]!, ft, ft.Parameters[0], ret);
        }
    }

    private BoundExpr CopiesCall(Location loc, string helper, BoundExpr f, BoundExpr copy, FunctionType ft, params MiloType[] typeArgs)
        => RuntimeCall(loc, typeof(CallbackCopies), helper, null, null, new() { f, copy }, ft, typeArgs.ToList());

    /// <summary>`(x: T): T => copy of x` — no captures; its parameter is not dropped (closure parameters never are).</summary>
    private BoundClosureExpr CopyClosure(Location loc, MiloType t)
    {
        var x = new ParameterSymbol("x", t, 0) { DeclaredAt = loc };
        var sym = new FunctionSymbol($"closure_{++_closureCounter}", FunctionKind.Closure, new() { x }, t, null);
        var copy = new BoundIntrinsicExpr(loc, IntrinsicKind.DeepCopy, new() { new BoundVariableExpr(loc, x, t) }, t);
        var body = new BoundBlock(loc, new List<BoundStmt> { new BoundReturn(loc, copy) });
        return new BoundClosureExpr(loc, new BoundFunction(sym, body, _ctx.Source), _types.Function(new() { t }, t), new(), false);
    }
}
