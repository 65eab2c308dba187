using Milo.Compiler.Diagnostics;
using System.Reflection;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

/// <summary>
/// Overload resolution for calls of .NET methods, constructors and indexers. Arguments that are literals (`3`, `2.5`)
/// or closures are typed by the chosen parameter (Milo literal typing: `Math.Max(3, 7)` picks `int`); other arguments
/// are bound first and must match. Each candidate gets a score per argument — exact type 10, an integer literal for
/// `int` 9 / `long` 8 / another integer 7 / a float 5, a float literal for `double` 9 / `float` 7, a reference
/// conversion to a base class or interface 6, an implicit numeric widening 4, anything to `object` 1 — and one point
/// less per omitted optional parameter. The highest total wins; a tie is an "ambiguous call" error listing the tied
/// candidates; no applicable candidate lists every overload (with why a signature cannot be used from Milo).
/// </summary>
internal sealed partial class Binder
{
    private enum ArgKind { Typed, IntLiteral, FloatLiteral, Closure }

    /// <summary><paramref name="ClosureReturn"/>: a closure's declared return type when it is a primitive or `string`
    /// (`(): i32 => …` is not a `Func&lt;Task&lt;int&gt;&gt;`), else null (any function type of the right arity).</summary>
    private sealed record DotNetArg(ExprSyntax Syntax, ArgKind Kind, BoundExpr? Bound, int ClosureParams, MiloType? ClosureReturn = null);

    private sealed record Candidate(MethodBase Method, List<MiloType> Params, int Score, DotNetOutMode Out);

    /// <summary>
    /// Binds a call of one of <paramref name="candidates"/>. <paramref name="typeArgs"/>: explicit method type arguments
    /// (`Empty&lt;i64&gt;()`); <paramref name="extensionReceiver"/>: the receiver of `x.Ext(args)` passed as the first argument.
    /// </summary>
    private BoundExpr BindDotNetInvocation(List<MethodBase> candidates, BoundExpr? recv, List<ExprSyntax> argSyntax, Location loc, Location nameLoc, string what,
        DotNetType? constructed, List<Type>? typeArgs = null, (ExprSyntax Syntax, BoundExpr Bound)? extensionReceiver = null)
    {
        var args = argSyntax.Select(a => a switch
        {
            _ when IsLiteralSyntax(a) && a is not CharLiteralExprSyntax => new DotNetArg(a, ArgKind.IntLiteral, null, 0),
            _ when IsFloatLiteralSyntax(a) => new DotNetArg(a, ArgKind.FloatLiteral, null, 0),
            ClosureExprSyntax c => new DotNetArg(a, ArgKind.Closure, null, c.Parameters.Count, DeclaredSimpleReturn(c)),
            _ => new DotNetArg(a, ArgKind.Typed, BindExpr(a, null), 0),
        }).ToList();
        if (extensionReceiver is { } er) args.Insert(0, new DotNetArg(er.Syntax, ArgKind.Typed, er.Bound, 0));
        if (args.Any(a => a.Bound?.Type.IsError == true)) { BindRemaining(args); return new BoundLiteralExpr(loc, TypeFactory.Error, 0L); }

        var applicable = new List<Candidate>();
        var rejected = new List<string>();
        bool inferenceFailed = false;
        foreach (var m0 in candidates)
        {
            var m = InstantiateCandidate(m0, typeArgs, args, out var whyNot, out var failedToInfer);
            inferenceFailed |= failedToInfer;
            if (m == null) { rejected.Add(Signature(m0) + $" ({whyNot})"); continue; }
            var c = Score(m, args, out var why);
            if (c != null) applicable.Add(c);
            else rejected.Add(Signature(m) + (why != null ? $" ({why})" : ""));
        }
        if (applicable.Count == 0)
        {
            BindRemaining(args);
            var argTypes = string.Join(", ", args.Select(ArgDisplay));
            var list = "candidates: " + string.Join("; ", rejected.Order(StringComparer.Ordinal).Take(12));
            if (inferenceFailed)
                _diagnostics.Report(nameLoc, Errors.CannotInferDotNetTypeArguments.With(what, argTypes), list + $" — write the type arguments: {what.Split('.')[^1]}<...>(...)");
            else
                _diagnostics.Report(nameLoc, candidates.Count == 1
                        ? Errors.DotNetCallUnusable.With(what, argTypes, rejected[0])
                        : Errors.NoMatchingDotNetOverload.With(what, argTypes),
                    candidates.Count == 1 ? null : list);
            return new BoundLiteralExpr(loc, TypeFactory.Error, 0L);
        }
        int best = applicable.Max(c => c.Score);
        var top = applicable.Where(c => c.Score == best).ToList();
        if (top.Count > 1 && top.Any(c => !c.Method.IsGenericMethod)) top = top.Where(c => !c.Method.IsGenericMethod).ToList();
        if (top.Count > 1)
        {
            BindRemaining(args);
            _diagnostics.Report(nameLoc, Errors.AmbiguousDotNetCall.With(what, string.Join(", ", args.Select(ArgDisplay))),
                "candidates: " + string.Join("; ", top.Select(c => Signature(c.Method))) + " — convert an argument with `as` to choose");
            return new BoundLiteralExpr(loc, TypeFactory.Error, 0L);
        }
        var chosen = top[0];
        var bound = new List<BoundExpr>();
        for (int i = 0; i < args.Count; i++)
        {
            var a = args[i];
            var p = chosen.Params[i];
            if (a.Bound != null) { bound.Add(a.Bound); continue; }
            var hint = a.Kind == ArgKind.IntLiteral && !p.IsInteger ? TypeFactory.I64 : a.Kind == ArgKind.FloatLiteral && !p.IsFloat ? TypeFactory.F64 : p;
            bound.Add(BindExpr(a.Syntax, hint));
        }
        switch (chosen.Method)
        {
            case ConstructorInfo ci:
                return new BoundDotNetExpr(loc, ci, null, bound, constructed ?? DotNetTypeOf(ci.DeclaringType!));
            case MethodInfo mi when chosen.Out != DotNetOutMode.None:
                return BindOutParameterCall(mi, recv, bound, chosen.Out, loc, nameLoc, what);
            case MethodInfo mi:
            {
                var rt = ClrToMiloType(mi.ReturnType, out var why);
                if (rt == null || IsUnreturnableDelegate(mi.ReturnType, rt, out why))
                {
                    _diagnostics.Report(nameLoc, Errors.DotNetResultTypeUnusable.With(what, ClrDisplayName(mi.ReturnType), why));
                    return new BoundLiteralExpr(loc, TypeFactory.Error, 0L);
                }
                bool toOption = IsNullableResult(mi.ReturnType, mi);
                return new BoundDotNetExpr(loc, mi, mi.IsStatic ? null : recv, bound, toOption ? OptionTypeOf(rt, loc) : rt, toOption);
            }
            default: throw new InvalidOperationException("unexpected .NET member " + chosen.Method);
        }
    }

    private static MiloType? DeclaredSimpleReturn(ClosureExprSyntax c) => c.ReturnType switch
    {
        NamedTypeSyntax { TypeArgs.Count: 0, Name: "string" } => TypeFactory.String,
        NamedTypeSyntax { TypeArgs.Count: 0 } n when PrimitiveNames.TryGetValue(n.Name, out var prim) => prim,
        _ => null,
    };

    private void BindRemaining(List<DotNetArg> args)
    {
        foreach (var a in args) if (a.Bound == null) BindExpr(a.Syntax, null);
    }

    private static string ArgDisplay(DotNetArg a) => a.Kind switch
    {
        ArgKind.IntLiteral => "integer literal",
        ArgKind.FloatLiteral => "float literal",
        ArgKind.Closure => "closure",
        _ => a.Bound!.Type.Name,
    };

    private static string Signature(MethodBase m)
    {
        var name = m is ConstructorInfo ? "new" : m.Name;
        if (m.IsGenericMethod) name += $"<{string.Join(", ", m.GetGenericArguments().Select(ClrDisplayName))}>";
        var ps = string.Join(", ", m.GetParameters().Select(p => ClrDisplayName(p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType)
            is var n && p.ParameterType.IsByRef ? (p.IsOut ? "out " : p.IsIn ? "in " : "ref ") + n : n));
        return $"{name}({ps})";
    }

    private Candidate? Score(MethodBase m, List<DotNetArg> args, out string? why)
    {
        why = null;
        var all = m.GetParameters();
        var outMode = OutMode(m, all, out why);
        if (why != null) return null;
        var ps = outMode == DotNetOutMode.None ? all : all[..^1];
        if (args.Count > ps.Length) { why = $"takes {ps.Length} argument(s)"; return null; }
        for (int i = args.Count; i < ps.Length; i++)
            if (!ps[i].HasDefaultValue) { why = $"takes {ps.Count(p => !p.HasDefaultValue)} argument(s)"; return null; }
        int score = -(ps.Length - args.Count);
        var mapped = new List<MiloType>();
        for (int i = 0; i < args.Count; i++)
        {
            var clr = ps[i].ParameterType;
            var p = ClrToMiloType(clr, out why);
            if (p == null) return null;
            if (Nullable.GetUnderlyingType(clr) is { } under && p is EnumType { SuccessType: { } payload }
                && !(args[i].Bound?.Type.StripRange() is EnumType or RefType { Inner: EnumType }))
            {
                // C#'s implicit T → T?: a literal or a value of the payload type for an `int?` parameter (wrapped at the call).
                int w = ArgScore(args[i], payload, under);
                if (w < 0) { why = null; return null; }
                score += w - 1;
                mapped.Add(payload);
                continue;
            }
            int s = ArgScore(args[i], p, clr);
            if (s < 0) { why = null; return null; }
            score += s;
            mapped.Add(p);
        }
        return new Candidate(m, mapped, score, outMode);
    }

    private static int ArgScore(DotNetArg a, MiloType p, Type clr)
    {
        bool toObject = clr == typeof(object);
        switch (a.Kind)
        {
            case ArgKind.IntLiteral:
                if (p is PrimitiveType { Kind: PrimitiveKind.I32 }) return 9;
                if (p is PrimitiveType { Kind: PrimitiveKind.I64 }) return 8;
                if (p.IsInteger) return 7;
                if (p.IsFloat) return 5;
                return toObject ? 1 : -1;
            case ArgKind.FloatLiteral:
                if (p is PrimitiveType { Kind: PrimitiveKind.F64 }) return 9;
                if (p.IsFloat) return 7;
                return toObject ? 1 : -1;
            case ArgKind.Closure:
                if (p is not FunctionType f || f.Parameters.Count != a.ClosureParams) return -1;
                return a.ClosureReturn == null || a.ClosureReturn.SameAs(f.ReturnType) ? 10 : -1;
        }
        var t = a.Bound!.Type.StripRange();
        if (t is RefType r) t = r.Inner.StripRange();
        if (t.SameAs(p)) return 10;
        if (t is DotNetType dt && p is DotNetType pd && pd.ClrType.IsAssignableFrom(dt.ClrType)) return 6;
        if (t is PrimitiveType from && p is PrimitiveType to && Widens(from.Kind, to.Kind)) return 4;
        if (toObject && (t is DotNetType or StringType || t is PrimitiveType { Kind: not PrimitiveKind.Void })) return 1;
        return -1;
    }

    /// <summary>C#'s implicit numeric conversions (no narrowing, no sign change that loses values).</summary>
    private static bool Widens(PrimitiveKind from, PrimitiveKind to)
    {
        if (from == to) return true;
        if (to is PrimitiveKind.F64) return from.IsInteger() || from == PrimitiveKind.F32;
        if (to is PrimitiveKind.F32) return from.IsInteger();
        if (!from.IsInteger() || !to.IsInteger()) return false;
        if (from.IsSigned()) return to.IsSigned() && to.Bits() > from.Bits();
        return to.Bits() > from.Bits();   // unsigned → any wider integer
    }
}
