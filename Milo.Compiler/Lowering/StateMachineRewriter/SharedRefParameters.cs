using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;

namespace Milo.Compiler.Lowering;

/// <summary>
/// `&amp;T` and `&amp;mut T` parameters of a suspending body that one call may bind to the same place. A frame holds
/// its parameters' values (copied in by Start, `&amp;mut` copied back when the frame finishes), so in
/// <c>fn f(a: &amp;W, b: &amp;mut W) { b.n = 4; schedulerYield(); return a.n }</c> called as <c>f(w, w)</c> the frame's
/// <c>a</c> would still read 1. The docs' rule is that a `&amp;` sees the writes made through the `&amp;mut`.
/// <para>So when a read-only parameter i has a partner — a `&amp;mut` parameter j of the same type — both live in heap
/// cells (<see cref="BoundStateMachine.ParameterCells"/>, made by Start from the values), and a call site whose
/// arguments i and j name the same place (a variable or a field path of one) makes the frame's cell i the cell of j
/// right after starting it (<c>Alias{i}(j)</c>, FrameMethodKind.Alias), before the body runs. The copy-back of j reads
/// its cell. Frames without such a pair are unchanged: no cell, no call.</para>
/// <para>Not covered: a `&amp;` of a part of the `&amp;mut` place (<c>f(h.name, h)</c>, different types), and a place
/// that aliases only at run time (a callee forwarding its own two parameters to a further suspending call).</para>
/// </summary>
internal static class SharedRefParameters
{
    /// <summary>The `&amp;mut` parameters of <paramref name="ps"/> that read-only parameter <paramref name="i"/> may alias.</summary>
    public static IEnumerable<int> Partners(IReadOnlyList<MiloType> ps, int i)
    {
        if (ps[i] is not RefType { IsMutable: false } r) yield break;
        for (int j = 0; j < ps.Count; j++)
            if (ps[j] is RefType { IsMutable: true } m && SameType(r.Inner, m.Inner)) yield return j;
    }

    /// <summary>Parameter <paramref name="i"/> lives in a heap cell: a read-only one with a partner, or a partner.</summary>
    public static bool InCell(IReadOnlyList<MiloType> ps, int i)
        => Partners(ps, i).Any() || (ps[i] is RefType { IsMutable: true } && Enumerable.Range(0, ps.Count).Any(k => Partners(ps, k).Contains(i)));

    /// <summary>The pairs (i, j) whose arguments name the same place in a call with <paramref name="args"/>: after the
    /// frame starts, its parameter i shares the cell of j.</summary>
    public static List<(int Ref, int Mut)> AliasedPairs(IReadOnlyList<MiloType> ps, IReadOnlyList<BoundExpr> args)
    {
        var pairs = new List<(int, int)>();
        for (int i = 0; i < ps.Count && i < args.Count; i++)
            foreach (var j in Partners(ps, i))
                if (j < args.Count && SamePlace(args[i], args[j])) { pairs.Add((i, j)); break; }
        return pairs;
    }

    /// <summary>Both name the same variable, or the same field path of one.</summary>
    private static bool SamePlace(BoundExpr a, BoundExpr b) => (a, b) switch
    {
        (BoundVariableExpr x, BoundVariableExpr y) => ReferenceEquals(x.Variable, y.Variable),
        (BoundFieldExpr x, BoundFieldExpr y) => x.Field.Name == y.Field.Name && SamePlace(x.Receiver, y.Receiver),
        _ => false,
    };

    private static bool SameType(MiloType a, MiloType b)
        => a.SameAs(b) || a.StripRange().MangledName == b.StripRange().MangledName;
}
