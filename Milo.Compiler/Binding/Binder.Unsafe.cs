using Milo.Compiler.Diagnostics;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;

namespace Milo.Compiler.Binding;

/// <summary>
/// Raw pointers and C FFI (checklist §2.10, §3.3, §4.9): `*p` / `p[i]` on `*T` (unsafe), and the implicit conversions at
/// calls of C externs — a `string` or `[T; N]` argument meeting a `*T` parameter becomes a pointer (borrowed for the
/// call: C externs never take ownership of their arguments). Marshalling is emitted by Emit/FfiEmitter.cs.
/// </summary>
internal sealed partial class Binder
{
    /// <summary>`*p` for `p: *T` (unsafe only).</summary>
    private BoundExpr BindPointerDeref(UnaryExprSyntax u, BoundExpr op, PointerType pt)
    {
        if (_ctx.UnsafeDepth == 0) _diagnostics.Report(u.Location, Errors.PointerDereferenceRequiresUnsafe.With());
        return new BoundDerefExpr(u.Location, op, pt.Inner);
    }

    /// <summary>`p[i]` for `p: *T` (unsafe only): the element at byte offset i × sizeof(T).</summary>
    private BoundExpr BindPointerIndex(IndexExprSyntax i, BoundExpr recv, BoundExpr idx, PointerType pt)
    {
        if (_ctx.UnsafeDepth == 0) _diagnostics.Report(i.Location, Errors.PointerIndexRequiresUnsafe.With());
        return new BoundIndexExpr(i.Location, recv, idx, pt.Inner);
    }

    /// <summary>True for an `extern fn` that is a C function (P/Invoke), not a .NET-implemented std extern.</summary>
    private static bool IsCExtern(FunctionSymbol fn) => fn.Kind == FunctionKind.Extern && fn.ClrMethod == null;

    /// <summary>
    /// Arguments of a C extern call: like ordinary arguments, except that a string / array (or a reference to one) passed
    /// to a `*T` parameter is converted to a pointer, nothing is moved, and variadic extras are bound without a hint.
    /// </summary>
    private List<BoundExpr> BindExternArguments(CallExprSyntax c, FunctionSymbol fn, string name)
    {
        var ps = fn.Parameters;
        if (c.Args.Count != ps.Count && !(fn.IsVariadic && c.Args.Count >= ps.Count))
        {
            _diagnostics.Report(c.Location, Errors.FunctionArity.With(name, ps.Count, c.Args.Count));
            return c.Args.Select(a => BindExpr(a, null)).ToList();
        }
        var bound = new List<BoundExpr>();
        for (int i = 0; i < c.Args.Count; i++)
        {
            if (i >= ps.Count)
            {
                var extra = BindExpr(c.Args[i], null);
                bound.Add(ValueTypeOfArg(extra) is StringType or ArrayType ? new BoundCastExpr(extra.Location, extra, _types.Pointer(TypeFactory.U8)) : extra);
                continue;
            }
            var pt = ps[i].Type;
            if (pt.StripRange() is PointerType ptr)
            {
                var a0 = BindExpr(c.Args[i], null);
                if (ValueTypeOfArg(a0) is StringType or ArrayType)
                {
                    bound.Add(new BoundCastExpr(a0.Location, a0, ptr));
                    continue;
                }
                int idx0 = i + 1;
                bound.Add(Coerce(a0, pt, c.Args[i].Location, actualType => Errors.NamedArgumentTypeMismatch.With(name, idx0, ptr.Name, actualType)));
                continue;
            }
            var a = BindExpr(c.Args[i], pt);
            int idx = i + 1;
            var expected = pt is RefType r ? r.Inner : pt;
            bound.Add(Coerce(a, pt, c.Args[i].Location, actualType => Errors.NamedArgumentTypeMismatch.With(name, idx, expected.Name, actualType)));
        }
        return bound;
    }

    private static MiloType ValueTypeOfArg(BoundExpr e) => (e.Type is RefType r ? r.Inner : e.Type).StripRange();
}
