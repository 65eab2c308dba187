using System.Reflection;
using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Compiler.Text;
using Milo.Runtime;

namespace Milo.Compiler.Lowering;

internal sealed partial class LocalRewriter
{
    private static readonly MethodInfo BuilderRent = typeof(MiloStringBuilder).GetMethod(nameof(MiloStringBuilder.Rent))!;
    private static readonly MethodInfo BuilderToString = typeof(MiloStringBuilder).GetMethod(nameof(MiloStringBuilder.ToMiloString))!;
    private static readonly MethodInfo BuilderPrintLine = typeof(MiloStringBuilder).GetMethod(nameof(MiloStringBuilder.PrintLine))!;
    private static readonly MethodInfo BuilderEPrintLine = typeof(MiloStringBuilder).GetMethod(nameof(MiloStringBuilder.EPrintLine))!;

    /// <summary>`format(a, b)` / f-string → <c>Rent().append(a).append(b).ToMiloString()</c> (display text of each part).</summary>
    protected override BoundExpr RewriteFormat(BoundFormatExpr node)
        => new BoundRuntimeCallExpr(node.Location, BuilderToString, null, AppendChain(node.Location, node.Parts), [], TypeFactory.String);

    /// <summary>`print(a, b)` / `eprint(…)` → <c>Rent().append(a).append(b).PrintLine()</c> (EPrintLine for stderr).</summary>
    protected override BoundExpr RewritePrint(BoundPrintExpr node)
        => new BoundRuntimeCallExpr(node.Location, node.ToStderr ? BuilderEPrintLine : BuilderPrintLine, null,
            AppendChain(node.Location, node.Parts), [], TypeFactory.Void);

    /// <summary>
    /// A rented builder with the display text of every part appended in order. A part containing `?` may return early:
    /// the emitter evaluates the builder so far into a temporary first (as for any call whose argument has a `?`), so the
    /// early return happens on an empty evaluation stack.
    /// </summary>
    private BoundExpr AppendChain(Location loc, List<BoundExpr> parts)
    {
        BoundExpr builder = new BoundRuntimeCallExpr(loc, BuilderRent, null, null, [], BoundDisplayAppendExpr.BuilderType);
        foreach (var part in parts) builder = new BoundDisplayAppendExpr(part.Location, builder, RewriteExpr(part));
        return builder;
    }
}
