using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Compiler.Text;

namespace Milo.Compiler.Lowering;

internal sealed partial class LocalRewriter
{
    /// <summary>
    /// <c>e?</c> →
    /// <code>
    /// { let $t = e
    ///   if $t is Ok {} else { let $r = Err(payload($t, Err) [wrapped]) ; drops ; return $r }
    /// } yields payload($t, Ok)
    /// </code>
    /// (None instead of Err for Options). The early-return value is built before the drops run, as before lowering.
    /// </summary>
    protected override BoundExpr RewritePropagate(BoundPropagateExpr node)
    {
        var loc = node.Location;
        var e = (EnumType)ValueType(node.Operand.Type);
        var t = NewTemp("t", e);
        var ret = node.ReturnType;
        var retFail = FailureVariant(ret);
        BoundExpr failure;
        if (retFail.Payload.Count == 0) failure = new BoundEnumExpr(loc, ret, retFail, []);
        else
        {
            var err = FailureVariant(e);
            BoundExpr error = new BoundPayloadExpr(loc, Read(t, loc), err, 0, err.Payload[0]);
            if (node.WrapVariant != null && node.WrapEnum != null) error = new BoundEnumExpr(loc, node.WrapEnum, node.WrapVariant, [error]);
            failure = new BoundEnumExpr(loc, ret, retFail, [error]);
        }
        var exit = new List<BoundStmt>();
        if (node.Drops.Count == 0) exit.Add(new BoundReturn(loc, failure));
        else
        {
            var r = NewTemp("r", ret);
            exit.Add(new BoundLocalDecl(loc, r, failure));
            exit.AddRange(node.Drops.Select(RewriteStmt));
            exit.Add(new BoundReturn(loc, Read(r, loc)));
        }
        return UnlessSuccess(loc, t, RewriteExpr(node.Operand), SuccessVariant(e), exit, node.Type, mayReturn: true);
    }

    /// <summary>
    /// <c>{ let $t = operand; if $t is Ok {} else { otherwise } } yields payload($t, Ok)</c> — the shape `?` (otherwise:
    /// build the failure, drops, return) and `!` (otherwise: the panic call) share.
    /// </summary>
    private static BoundSequenceExpr UnlessSuccess(Location loc, LocalSymbol t, BoundExpr operand, VariantSymbol ok,
        List<BoundStmt> otherwise, MiloType type, bool mayReturn) =>
        new(loc,
        [
            new BoundLocalDecl(loc, t, operand),
            new BoundIf(loc, new BoundIsExpr(loc, Read(t, loc), ok), new BoundBlock(loc, []), new BoundBlock(loc, otherwise)),
        ], new BoundPayloadExpr(loc, Read(t, loc), ok, 0, type), mayReturn);

    /// <summary>
    /// <c>a ?? b</c> → <c>{ let $t = a } yields ($t is Some ? payload($t, Some) : b)</c> — b is evaluated only when a is
    /// None/Err.
    /// </summary>
    protected override BoundExpr RewriteCoalesce(BoundCoalesceExpr node) => Coalesce(node.Location, node.Left, node.Right, node.Type);

    private BoundExpr Coalesce(Location loc, BoundExpr left, BoundExpr right, MiloType type)
    {
        var e = (EnumType)ValueType(left.Type);
        var t = NewTemp("t", e);
        var ok = SuccessVariant(e);
        var pick = new BoundConditionalExpr(loc, new BoundIsExpr(loc, Read(t, loc), ok),
            new BoundPayloadExpr(loc, Read(t, loc), ok, 0, ok.Payload[0]), RewriteExpr(right), type);
        return new BoundSequenceExpr(loc, [new BoundLocalDecl(loc, t, RewriteExpr(left))], pick, mayReturn: false);
    }

    private static VariantSymbol SuccessVariant(EnumType e)
        => e.FindVariant("Some") ?? e.FindVariant("Ok") ?? throw new InvalidOperationException($"{e.Name} is not Option/Result-like");

    private static VariantSymbol FailureVariant(EnumType e)
        => e.FindVariant("None") ?? e.FindVariant("Err") ?? throw new InvalidOperationException($"{e.Name} is not Option/Result-like");
}
