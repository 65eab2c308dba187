using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Lowering;

/// <summary>
/// The desugaring pass between binding (and green-thread spilling, <see cref="GreenLowering"/>) and emission: every
/// function and closure body is rewritten so that the emitter only sees a small core. One file per construct, like
/// Roslyn's LocalRewriter_*.cs:
/// <list type="bullet">
/// <item>LocalRewriter.Format.cs — `format`/f-strings and `print`/`eprint` → string-builder append chains;</item>
/// <item>LocalRewriter.StringConcat.cs — string `+` → runtime concatenation calls (`s = s + …` appends in place);</item>
/// <item>LocalRewriter.ForRange.cs / LocalRewriter.ForEach.cs — `for` loops → `while` loops with explicit counter,
/// collection and index locals and a step that `continue` runs;</item>
/// <item>LocalRewriter.Propagate.cs — `?` and `??` → a sequence with a temporary, a variant test and an explicit early
/// return (with the `?`'s drops) or a conditional;</item>
/// <item>LocalRewriter.Unwrap.cs — `!` → a sequence with a temporary, a variant test and the runtime's unwrap panic;</item>
/// <item>LocalRewriter.Match.cs — `match` / `if let` → a chain of `if`s testing variants and literals, bindings read
/// from the payload at the start of each arm;</item>
/// <item>LocalRewriter.Intrinsics.cs — `max`/`min` → temporaries and a conditional, `exit` → the runtime call.</item>
/// </list>
/// Each lowered body then goes through Lowering/Spilling (<see cref="SequenceSpiller"/>): no `?` is left inside an expression.
/// The emitter throws on the node kinds this pass removes (BoundFormatExpr, BoundPrintExpr, string `+`, BoundForRange,
/// BoundForEach, BoundPropagateExpr, BoundCoalesceExpr / `??`, BoundUnwrapExpr, BoundMatch, the Max/Min/Exit intrinsics). Run once per program, in place (bodies are replaced on their <see cref="BoundFunction"/>s).
/// </summary>
internal sealed partial class LocalRewriter : BoundTreeRewriter
{
    private readonly BoundFunction _function;
    private readonly GreenThreadFacts _suspension;
    /// <summary>Variables of an enclosing function that a closure body reaches through its environment.</summary>
    private readonly HashSet<VariableSymbol> _captured;
    private int _temps;

    private LocalRewriter(BoundFunction function, GreenThreadFacts suspension, IEnumerable<VariableSymbol> captured)
    {
        _function = function;
        _suspension = suspension;
        _captured = new HashSet<VariableSymbol>(captured);
    }

    /// <summary>Lowers every function, method and closure body of <paramref name="program"/> in place.</summary>
    public static void Lower(BoundProgram program, Diagnostics.StageTimings? timings = null)
    {
        foreach (var f in program.Functions) LowerFunction(f, program.GreenThreads, []);
        timings?.Mark("rewrite");
        // The state machines are built from the lowered bodies, so their MoveNext bodies hold only core nodes too.
        StateMachineRewriter.Run(program.GreenThreads);
        timings?.Mark("state machines");
    }

    private static void LowerFunction(BoundFunction f, GreenThreadFacts suspension, IEnumerable<VariableSymbol> captured)
    {
        if (f.Body == null) return;
        // Last, no sequence that may return early (a lowered `?`) is left under an operand (Lowering/Spilling/).
        f.Body = SequenceSpiller.Spill(new LocalRewriter(f, suspension, captured).RewriteBlockOf(f.Body));
    }

    /// <summary>A closure body is a separate function: lowered on its own, with its captures known.</summary>
    protected override BoundExpr RewriteClosure(BoundClosureExpr node)
    {
        LowerFunction(node.Function, _suspension, node.Captures);
        return node;
    }

    // ------------------------------------------------------------------ helpers for the construct files

    private LocalSymbol NewTemp(string what, MiloType type) => new("$" + what + (++_temps), type, true) { IsTemporary = true };

    private static BoundVariableExpr Read(LocalSymbol l, Location loc) => new(loc, l, l.Type);

    /// <summary><paramref name="e"/> converted to <paramref name="t"/> (the emitter's numeric conversion) unless it already has that type.</summary>
    private static BoundExpr ConvertTo(BoundExpr e, MiloType t) => ValueType(e.Type).SameAs(t) ? e : new BoundCastExpr(e.Location, e, t);

    /// <summary>The value type of an expression (through `&amp;T`, without a range).</summary>
    private static MiloType ValueType(MiloType t) => (t is RefType r ? r.Inner : t).StripRange();

    private static BoundBinaryExpr Binary(Location loc, BinaryOp op, BoundExpr l, BoundExpr r, MiloType type) => new(loc, op, l, r, type, false);

    /// <summary>The integer constant <paramref name="v"/> of type <paramref name="t"/> (ulong payload for unsigned types).</summary>
    private static BoundLiteralExpr IntConst(Location loc, MiloType t, int v)
        => new(loc, t, t.StripRange() is PrimitiveType p && !p.Kind.IsSigned() ? (object)(ulong)v : (long)v);
}
