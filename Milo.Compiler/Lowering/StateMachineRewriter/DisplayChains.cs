using Milo.Compiler.Binding;

namespace Milo.Compiler.Lowering;

/// <summary>
/// A lowered interpolation or print is a left-deep chain of <see cref="BoundDisplayAppendExpr"/> (one per part), 60,000
/// deep for a 60,000-part string. The state-machine rewriters walk it iteratively, in the recursive order (the innermost
/// builder, then each part's value from the inside out), so a host thread with a small stack does not overflow (the
/// emitter does the same: FunctionEmitter.Lowered).
/// </summary>
internal static class DisplayChains
{
    public static BoundExpr Rewrite(BoundDisplayAppendExpr node, Func<BoundExpr, BoundExpr> rewrite)
    {
        var spine = new List<BoundDisplayAppendExpr>();
        BoundExpr inner = node;
        while (inner is BoundDisplayAppendExpr d) { spine.Add(d); inner = d.Builder; }
        var builder = rewrite(inner);
        for (int i = spine.Count - 1; i >= 0; i--)
        {
            var d = spine[i];
            var value = rewrite(d.Value);
            builder = ReferenceEquals(builder, d.Builder) && ReferenceEquals(value, d.Value) ? d : new BoundDisplayAppendExpr(d.Location, builder, value);
        }
        return builder;
    }
}
