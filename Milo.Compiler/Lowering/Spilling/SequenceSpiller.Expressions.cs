using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;

namespace Milo.Compiler.Lowering;

/// <summary>Spilling inside expressions: hoisted sequences, operands before them in temporaries or kept as places,
/// conditional operands turned into `if`s.</summary>
internal sealed partial class SequenceSpiller
{
    /// <summary>
    /// Rewrites <paramref name="e"/> so that the statements added to <paramref name="o"/>, then the result, evaluate
    /// the same, and the result holds no sequence that may return early. Evaluation order is kept: the operands evaluated
    /// before the last one that returns are spilled first, in order.
    /// </summary>
    private BoundExpr Value(BoundExpr e, List<BoundStmt> o)
    {
        if (!Returns(e)) return e;
        switch (e)
        {
            case BoundSequenceExpr q:
                foreach (var s in q.Statements) Stmt(s, o);
                return Value(q.Value, o);
            case BoundBinaryExpr { Op: BinaryOp.And or BinaryOp.Or } b when Returns(b.Right): return ShortCircuit(b, o);
            case BoundConditionalExpr c when Returns(c.WhenTrue) || Returns(c.WhenFalse): return Conditional(c, o);
        }
        var kids = BoundTreeShape.Children(e);
        int last = kids.FindLastIndex(Returns);
        var spilled = new List<BoundExpr>(kids.Count);
        for (int i = 0; i < kids.Count; i++)
        {
            if (i < last) spilled.Add(Before(e, i, kids[i], o));
            else if (i == last) spilled.Add(Value(kids[i], o));
            else spilled.Add(kids[i]);
        }
        return BoundTreeShape.With(e, spilled);
    }

    /// <summary>Operand <paramref name="i"/> of <paramref name="parent"/>, evaluated before one that returns early.</summary>
    private BoundExpr Before(BoundExpr parent, int i, BoundExpr operand, List<BoundStmt> o)
    {
        if (UsedByAddress(parent, i)) return Place(operand, o);
        if (IsStable(operand)) return operand;
        return ToTemp(Value(operand, o), o);
    }

    /// <summary>
    /// An operand the emitter takes the address of (FunctionEmitter.EmitAddress) stays the same storage: a variable is
    /// kept, an element or field keeps its path with the index and heap-pointer operands spilled; an rvalue goes to a
    /// temporary (whose address the emitter then takes, as it would have). A boxed place passed to `&amp;mut Iface`
    /// keeps its box, so the callee's changes are still copied back into the place.
    /// </summary>
    private BoundExpr Place(BoundExpr p, List<BoundStmt> o)
    {
        switch (p)
        {
            case BoundVariableExpr: return p;
            case BoundFieldExpr f when IsPlace(f): return new BoundFieldExpr(f.Location, Place(f.Receiver, o), f.Field);
            case BoundIndexExpr ix when IsPlace(ix):
                return new BoundIndexExpr(ix.Location, Place(ix.Receiver, o), Operand(ix.Index, o), ix.Type);
            case BoundDerefExpr d when IsPlace(d): return new BoundDerefExpr(d.Location, Place(d.Operand, o), d.Type);
            case BoundInterfaceBoxExpr b when IsPlace(b.Value): return new BoundInterfaceBoxExpr(b.Location, Place(b.Value, o), b.Interface);
        }
        return Operand(p, o);
    }

    /// <summary>A value operand evaluated now: kept when re-reading it later is the same, else in a temporary.</summary>
    private BoundExpr Operand(BoundExpr e, List<BoundStmt> o) => IsStable(e) ? e : ToTemp(Value(e, o), o);

    /// <summary>Storage whose address can be taken without a copy (the emitter's FunctionEmitter.IsAddressable).</summary>
    private static bool IsPlace(BoundExpr e) => e switch
    {
        BoundVariableExpr => true,
        BoundFieldExpr f => IsPlace(f.Receiver) && ValueType(f.Receiver.Type) is StructType,
        BoundIndexExpr i => ValueType(i.Receiver.Type) is ArrayType or VecType,
        BoundDerefExpr d => ValueType(d.Operand.Type) is HeapType,
        _ => false,
    };

    private static MiloType ValueType(MiloType t) => (t is RefType r ? r.Inner : t).StripRange();

    /// <summary>
    /// Whether the emitter evaluates operand <paramref name="i"/> of <paramref name="parent"/> as an address: `&amp;`
    /// parameters of Milo functions, `&amp;mut` parameters of closures, by-ref parameters and receivers of runtime
    /// methods, and the receiver of an index, field, deref, variant test or payload read.
    /// </summary>
    private static bool UsedByAddress(BoundExpr parent, int i)
    {
        switch (parent)
        {
            case BoundCallExpr c: return i < c.Function.Parameters.Count && c.Function.Parameters[i].Type is RefType;
            case BoundClosureCallExpr c:
                return i > 0 && ValueType(c.Callee.Type) is FunctionType ft && i - 1 < ft.Parameters.Count && ft.Parameters[i - 1] is RefType { IsMutable: true };
            case BoundRuntimeCallExpr r:
            {
                if (r.Receiver != null) { if (i == 0) return true; i--; }
                var ps = r.Method.GetParameters();
                return i < ps.Length && ps[i].ParameterType.IsByRef;
            }
            case BoundTryToOptionExpr t: return UsedByAddress(t.Call, i);
            case BoundIndexExpr: return i == 0;
            case BoundFieldExpr or BoundDerefExpr or BoundIsExpr or BoundPayloadExpr: return true;
            default: return false;
        }
    }

    /// <summary>
    /// Operands whose value cannot change between their place in the order and the spilled operation: constants,
    /// function references, compiler temporaries and immutable variables. A move (an <see cref="IntrinsicKind.MoveOut"/>
    /// that clears a drop flag) is spilled like any other operand: it still happens once, where the argument stands.
    /// </summary>
    private static bool IsStable(BoundExpr e) => e switch
    {
        BoundLiteralExpr or BoundStringLiteralExpr or BoundFunctionRefExpr => true,
        BoundVariableExpr { Variable: LocalSymbol { IsTemporary: true } } => true,
        BoundVariableExpr v => !v.Variable.IsMutable && !v.Variable.IsCapturedByReference,
        _ => false,
    };

    /// <summary>`a &amp;&amp; b` → `let $t = a; if $t { pre(b); $t = b' }`; `a || b` → `… if $t {} else { pre(b); $t = b' }`.</summary>
    private BoundExpr ShortCircuit(BoundBinaryExpr b, List<BoundStmt> o)
    {
        var loc = b.Location;
        var t = NewTemp(TypeFactory.Bool);
        o.Add(new BoundLocalDecl(loc, t, Value(b.Left, o)));
        var right = new List<BoundStmt>();
        right.Add(new BoundAssign(loc, Read(t, loc), Value(b.Right, right)));
        var empty = new BoundBlock(loc, new());
        o.Add(b.Op == BinaryOp.And
            ? new BoundIf(loc, Read(t, loc), new BoundBlock(loc, right), null)
            : new BoundIf(loc, Read(t, loc), empty, new BoundBlock(loc, right)));
        return Read(t, loc);
    }

    /// <summary>`c ? x : y` → `let $t; if c' { pre(x); $t = x' } else { pre(y); $t = y' }`.</summary>
    private BoundExpr Conditional(BoundConditionalExpr c, List<BoundStmt> o)
    {
        var loc = c.Location;
        var cond = Value(c.Condition, o);
        var t = NewTemp(c.Type);
        o.Add(new BoundLocalDecl(loc, t, null));
        BoundBlock Branch(BoundExpr e)
        {
            var list = new List<BoundStmt>();
            list.Add(new BoundAssign(loc, Read(t, loc), Value(e, list)));
            return new BoundBlock(loc, list);
        }
        o.Add(new BoundIf(loc, cond, Branch(c.WhenTrue), Branch(c.WhenFalse)));
        return Read(t, loc);
    }
}
