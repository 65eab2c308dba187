using Milo.Compiler.Diagnostics;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

internal sealed partial class Binder
{
    /// <summary>
    /// Checks that <paramref name="e"/> can be used where <paramref name="target"/> is expected, applying the implicit
    /// conversions Milo has (T → Option&lt;T&gt; auto-wrap). Reports <paramref name="message"/> (with {0} = actual type) otherwise.
    /// </summary>
    private BoundExpr Coerce(BoundExpr e, MiloType target, Location loc, Func<string, DiagnosticMessage> message, bool allowOptionWrap = true)
    {
        var t = target is RefType r ? r.Inner : target;
        if (e.Type.IsError || t.IsError) return e;
        if (e.Type.SameAs(t)) return e;
        if (allowOptionWrap && t is EnumType { IsOptionLike: true } opt && opt.SuccessType is { } inner && e.Type.SameAs(inner))
            return new BoundEnumExpr(e.Location, opt, opt.FindVariant("Some")!, new List<BoundExpr> { e });
        if (t is InterfaceType it) return BoxToInterface(e, it, loc);
        if (t is HeapType { Inner: InterfaceType hi } hh && e is BoundHeapExpr { Value: var heapValue })
            return new BoundHeapExpr(e.Location, hh, BoxToInterface(heapValue, hi, loc));
        _diagnostics.Report(loc, message(e.Type.Name));
        return e;
    }

    private static bool IsLiteralSyntax(ExprSyntax e) => e switch
    {
        IntLiteralExprSyntax or CharLiteralExprSyntax => true,
        UnaryExprSyntax { Op: UnaryOp.Negate, Operand: IntLiteralExprSyntax or CharLiteralExprSyntax } => true,
        _ => false,
    };

    private static bool IsFloatLiteralSyntax(ExprSyntax e) => e switch
    {
        FloatLiteralExprSyntax => true,
        UnaryExprSyntax { Op: UnaryOp.Negate, Operand: FloatLiteralExprSyntax } => true,
        _ => false,
    };

    /// <summary>An integer literal typed as <paramref name="type"/>, range-checked.</summary>
    private BoundExpr MakeIntLiteral(Location loc, Int128 value, PrimitiveType type, bool fromLiteral)
    {
        var plain = (PrimitiveType)type.StripRange();
        if (type.Range is { } range && (value < range.Lo || value > range.Hi))
        {
            _diagnostics.Report(loc, Errors.ValueOutOfRange.With(value, type.Name, range.Lo, range.Hi));
        }
        else
        {
            var (min, max) = plain.Kind.IntRange();
            if (value < min || value > max)
            {
                if (fromLiteral && value < 0)
                    _diagnostics.Report(loc, Errors.NegationOverflows.With(-value, plain.Name, min, max));
                else
                    _diagnostics.Report(loc, Errors.IntegerLiteralOverflows.With(value, plain.Name, min, max));
                return new BoundLiteralExpr(loc, plain, plain.Kind.IsSigned() ? (object)(long)0 : (ulong)0);
            }
        }
        return new BoundLiteralExpr(loc, plain, plain.Kind.IsSigned() ? (object)(long)value : (ulong)value);
    }

    private static Int128 LiteralValue(BoundLiteralExpr l) => l.Value switch
    {
        long v => v,
        ulong u => u,
        bool b => b ? 1 : 0,
        _ => 0,
    };

    /// <summary>Truncates a 64-bit two's-complement value to the width of <paramref name="k"/> (the unannotated `let x = 3000000000` quirk).</summary>
    private static object WrapToType(Int128 value, PrimitiveKind k)
    {
        ulong bits = (ulong)(value & ulong.MaxValue);
        return k switch
        {
            PrimitiveKind.I8 => (long)(sbyte)bits,
            PrimitiveKind.I16 => (long)(short)bits,
            PrimitiveKind.I32 => (long)(int)bits,
            PrimitiveKind.I64 => (long)bits,
            PrimitiveKind.U8 => (ulong)(byte)bits,
            PrimitiveKind.U16 => (ulong)(ushort)bits,
            PrimitiveKind.U32 => (ulong)(uint)bits,
            _ => bits,
        };
    }

    /// <summary>Whether range propagation proves the initializer lies within [lo, hi] (so no runtime check is needed).</summary>
    private bool RangeProvenWithin(BoundExpr init, (long Lo, long Hi) range)
    {
        var r = RangeOf(init);
        return r is { } x && x.Lo >= range.Lo && x.Hi <= range.Hi;
    }

    private (Int128 Lo, Int128 Hi)? RangeOf(BoundExpr e)
    {
        switch (e)
        {
            case BoundLiteralExpr l when l.Type.IsInteger:
                var v = LiteralValue(l);
                return (v, v);
            case BoundVariableExpr bv when bv.Variable.Type is PrimitiveType { Range: { } vr }:
                return (vr.Lo, vr.Hi);
            case BoundBinaryExpr b when b.Type.IsInteger:
            {
                if (RangeOf(b.Left) is not { } a || RangeOf(b.Right) is not { } c) return null;
                (Int128, Int128)? res = b.Op switch
                {
                    BinaryOp.Add => (a.Lo + c.Lo, a.Hi + c.Hi),
                    BinaryOp.Sub => (a.Lo - c.Hi, a.Hi - c.Lo),
                    BinaryOp.Mul => MinMax(a.Lo * c.Lo, a.Lo * c.Hi, a.Hi * c.Lo, a.Hi * c.Hi),
                    BinaryOp.Div when c.Lo > 0 || c.Hi < 0 => MinMax(a.Lo / c.Lo, a.Lo / c.Hi, a.Hi / c.Lo, a.Hi / c.Hi),
                    _ => null,
                };
                if (res is not { } rr) return null;
                var (min, max) = ((PrimitiveType)b.Type.StripRange()).Kind.IntRange();
                if (rr.Item1 < min || rr.Item2 > max) return null;
                return rr;
            }
            default:
                return null;
        }
    }

    private static (Int128, Int128) MinMax(params Int128[] xs) => (xs.Min(), xs.Max());

    private EnumType? AsOptionOrResult(MiloType t) => t is EnumType e && (e.IsOptionLike || e.IsResultLike) ? e : null;
}
