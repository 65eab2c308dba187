using System.Reflection;
using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Compiler.Text;

namespace Milo.Compiler.Lowering;

internal sealed partial class LocalRewriter
{
    /// <summary>
    /// <c>e!</c> →
    /// <code>
    /// { let $u = e
    ///   if $u is Ok {} else { Panics.UnwrapErr(line, col, payload($u, Err)) }   // or UnwrapErrOther / UnwrapNone
    /// } yields payload($u, Ok)
    /// </code>
    /// The runtime helper panics (it never returns) with `error at FILE:LINE:COL: …`, LINE:COL being where the operand
    /// starts, as the emitter did before. The sequence cannot return early, so operands evaluated before it are not spilled
    /// (unless the operand itself holds a `?`).
    /// </summary>
    protected override BoundExpr RewriteUnwrap(BoundUnwrapExpr node)
    {
        var loc = node.Location;
        var e = (EnumType)ValueType(node.Operand.Type);
        var u = NewTemp("u", e);
        var operand = RewriteExpr(node.Operand);
        var ok = SuccessVariant(e);
        var panic = new BoundExprStmt(loc, UnwrapPanic(node.Operand.Location, e, u));
        // Its own statements only panic; a `?` inside the operand is a returning sequence of its own (Lowering/Spilling).
        return UnlessSuccess(loc, u, operand, ok, [panic], node.Type, mayReturn: false);
    }

    /// <summary>The runtime call that panics for a failed unwrap of <paramref name="u"/> (an Option, or a Result with a string or other error).</summary>
    private static BoundRuntimeCallExpr UnwrapPanic(Location at, EnumType e, LocalSymbol u)
    {
        var args = new List<BoundExpr> { IntConst(at, TypeFactory.I32, at.Line), IntConst(at, TypeFactory.I32, at.Column) };
        string helper = nameof(Milo.Runtime.Panics.UnwrapNone);
        if (e.FindVariant("Err") is { } err && e.FindVariant("Ok") != null)
        {
            if (err.Payload[0].StripRange().IsString)
            {
                helper = nameof(Milo.Runtime.Panics.UnwrapErr);
                args.Add(new BoundPayloadExpr(at, Read(u, at), err, 0, err.Payload[0]));
            }
            else helper = nameof(Milo.Runtime.Panics.UnwrapErrOther);
        }
        var method = typeof(Milo.Runtime.Panics).GetMethod(helper, BindingFlags.Public | BindingFlags.Static)!;
        return new BoundRuntimeCallExpr(at, method, null, null, args, TypeFactory.Void);
    }
}
