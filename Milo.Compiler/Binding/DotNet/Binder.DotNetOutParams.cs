using Milo.Compiler.Diagnostics;
using System.Reflection;
using Milo.Compiler.Symbols;
using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

/// <summary>How a .NET method's `out` parameter becomes part of the Milo result (docs/dotnet-imports.md, "out parameters").</summary>
internal enum DotNetOutMode
{
    /// <summary>No `out` parameter.</summary>
    None,
    /// <summary>`bool M(…, out T x)` → `Option&lt;T&gt;`: Some(x) when the method returned true (`Int32.TryParse(s)`).</summary>
    Option,
    /// <summary>`void M(…, out T x)` → `T`.</summary>
    Value,
}

/// <summary>
/// `out` parameters. Rule: one `out` parameter, the last one, is not written at the call; a method returning `bool` gives
/// `Option&lt;T&gt;` (Some(value) when it returned true — the Try pattern: `Int32.TryParse(s)`, `dict.TryGetValue(k)`), a
/// `void` method gives the value. Any other shape (several `out`s, another result type, `out` before other parameters)
/// and every `ref`/`in` parameter makes the candidate unusable, with the reason in the candidate list.
/// </summary>
internal sealed partial class Binder
{
    private static DotNetOutMode OutMode(MethodBase m, ParameterInfo[] ps, out string? why)
    {
        why = null;
        int outs = ps.Count(p => p.ParameterType.IsByRef && p.IsOut);
        if (outs == 0) return DotNetOutMode.None;
        var ret = m is MethodInfo mi ? mi.ReturnType : typeof(object);   // a constructor's out value would be lost
        if (outs == 1 && ps[^1] is { IsOut: true } last && last.ParameterType.IsByRef)
        {
            if (ret == typeof(bool)) return DotNetOutMode.Option;
            if (ret == typeof(void)) return DotNetOutMode.Value;
        }
        why = "out parameters are supported only as the single last parameter of a method returning bool or void";
        return DotNetOutMode.None;
    }

    /// <summary>The bound call of a method whose last parameter is `out` (<see cref="DotNetOutMode"/>).</summary>
    private BoundExpr BindOutParameterCall(MethodInfo mi, BoundExpr? recv, List<BoundExpr> args, DotNetOutMode mode, Location loc, Location nameLoc, string what)
    {
        var outClr = mi.GetParameters()[^1].ParameterType.GetElementType()!;
        var mt = ClrToMiloType(outClr, out var why);
        if (mt is EnumType) { mt = null; why = "a Nullable out parameter is not supported"; }
        if (mt == null || IsUnreturnableDelegate(outClr, mt, out why))
        {
            _diagnostics.Report(nameLoc, Errors.DotNetResultTypeUnusable.With(what, ClrDisplayName(outClr), why));
            return new BoundLiteralExpr(loc, TypeFactory.Error, 0L);
        }
        var type = mode == DotNetOutMode.Option ? OptionTypeOf(mt, loc) : mt;
        return new BoundDotNetExpr(loc, mi, mi.IsStatic ? null : recv, args, type, outMode: mode);
    }
}
