using System.Reflection;
using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Runtime;

namespace Milo.Compiler.Lowering;

internal sealed partial class LocalRewriter
{
    private static readonly MethodInfo StringConcat = typeof(MiloString).GetMethod(nameof(MiloString.Concat), [typeof(MiloString), typeof(MiloString)])!;
    private static readonly MethodInfo StringAppendInPlace = typeof(MiloString).GetMethod(nameof(MiloString.AppendInPlace), [typeof(MiloString), typeof(MiloString)])!;
    private static readonly MethodInfo StringAppendPacked = typeof(MiloString).GetMethod(nameof(MiloString.AppendPacked), [typeof(MiloString), typeof(long), typeof(int)])!;
    private static readonly MethodInfo BuilderAppendTo = typeof(MiloStringBuilder).GetMethod(nameof(MiloStringBuilder.AppendTo), [typeof(MiloString)])!;

    /// <summary>String `a + b` → <c>MiloString.Concat(a, b)</c> (a chain `a + b + c` nests left to right).</summary>
    protected override BoundExpr RewriteBinary(BoundBinaryExpr node)
    {
        if (node.Op == BinaryOp.Coalesce) return Coalesce(node.Location, node.Left, node.Right, node.Type);   // see LocalRewriter.Propagate.cs
        if (node.Op != BinaryOp.Add || ValueType(node.Left.Type) is not StringType) return base.RewriteBinary(node);
        return Concat(node, RewriteExpr(node.Left), RewriteExpr(node.Right), StringConcat);
    }

    private static BoundRuntimeCallExpr Concat(BoundExpr at, BoundExpr left, BoundExpr right, MethodInfo m)
        => new(at.Location, m, null, null, [left, right], TypeFactory.String);

    /// <summary>
    /// <c>s = s + a + b + …</c> on a string variable that owns its buffer → <c>s = AppendInPlace(AppendInPlace(s, a), b)…</c>:
    /// appends in place instead of copying s, turning a concatenation loop from O(n²) into amortised O(n) (the contract
    /// <c>s.push(…)</c> relies on). See <see cref="SelfConcatOperands"/> for when it applies. Two operand shapes skip the
    /// temporary string: a literal of at most 8 bytes is appended from an integer constant
    /// (<see cref="MiloString.AppendPacked"/>), and a first-operand f-string that cannot observe s is formatted into the
    /// runtime's builder and copied straight into s (<see cref="MiloStringBuilder.AppendTo"/>).
    /// </summary>
    protected override BoundStmt RewriteAssign(BoundAssign node)
    {
        if (node.Target is not BoundVariableExpr target || SelfConcatOperands(target, node.Value) is not { } operands)
            return base.RewriteAssign(node);
        BoundExpr acc = target;
        foreach (var operand in operands)
        {
            if (operand is BoundStringLiteralExpr { Utf8.Length: > 0 and <= 8 } lit)
                acc = new BoundRuntimeCallExpr(lit.Location, StringAppendPacked, null, null,
                    [acc, new BoundLiteralExpr(lit.Location, TypeFactory.I64, Pack(lit.Utf8)), new BoundLiteralExpr(lit.Location, TypeFactory.I32, lit.Utf8.Length)],
                    TypeFactory.String);
            else if (operand is BoundFormatExpr f && ReferenceEquals(acc, target) && FormatsIntoTarget(target.Variable) && CannotObserve(f, target.Variable))
                acc = new BoundRuntimeCallExpr(f.Location, BuilderAppendTo, null, AppendChain(f.Location, f.Parts), [acc], TypeFactory.String);
            else
                acc = Concat(operand, acc, RewriteExpr(operand), StringAppendInPlace);
        }
        return new BoundAssign(node.Location, target, acc);
    }

    /// <summary>Up to 8 bytes, little-endian, as the integer <see cref="MiloString.AppendPacked"/> unpacks.</summary>
    private static long Pack(byte[] utf8)
    {
        long packed = 0;
        for (int i = utf8.Length - 1; i >= 0; i--) packed = (packed << 8) | utf8[i];
        return packed;
    }

    /// <summary>
    /// An f-string operand is evaluated before s is loaded when it is formatted into the builder first, so it must not be
    /// able to reach s by any other path: s is an uncaptured local or a `&amp;mut string` parameter (exclusive), and
    /// <see cref="CannotObserve"/> rules out the f-string naming it.
    /// </summary>
    private bool FormatsIntoTarget(VariableSymbol v)
        => !v.IsCapturedByReference && !_captured.Contains(v) && (v is LocalSymbol || (v is ParameterSymbol && v.Type is RefType { IsMutable: true }));

    /// <summary>
    /// For `s = s + a` or a left-nested chain `s = s + a + b + …`, the operands a, b, … in order; null when the value has
    /// another shape or s may not own its buffer. s must be a local of this function or a closure cell (a by-value
    /// parameter may still share its caller's object; a capture of a closure body lives in the environment). A chain
    /// appends a before evaluating b, so it only qualifies when s is a plain (uncaptured) local and b, … cannot observe it
    /// (<see cref="CannotObserve"/>). The single-operand form also applies to a `&amp;mut string` parameter (its referent
    /// is exclusively borrowed, so appending to it is what the store through the reference would produce), except in
    /// a green-thread body, where parameters live in the frame.
    /// </summary>
    private List<BoundExpr>? SelfConcatOperands(BoundVariableExpr target, BoundExpr value)
    {
        var v = target.Variable;
        if (_captured.Contains(v)) return null;
        bool suspending = _suspension.Suspends(_function.Symbol);
        bool plainLocal = v is LocalSymbol && !v.IsCapturedByReference;
        bool mutRefParam = v is ParameterSymbol && !v.IsCapturedByReference && !suspending
            && v.Type is RefType { IsMutable: true } rt && rt.Inner.StripRange() is StringType;
        bool owned = (v is LocalSymbol || v.IsCapturedByReference) && target.Type.StripRange() is StringType;
        if (!mutRefParam && !owned) return null;
        var operands = new List<BoundExpr>();
        var e = value;
        while (e is BoundBinaryExpr { Op: BinaryOp.Add } add && add.Type.StripRange() is StringType && add.Right.Type.StripRange() is StringType)
        {
            operands.Add(add.Right);
            if (add.Left is BoundVariableExpr left && ReferenceEquals(left.Variable, v))
            {
                operands.Reverse();
                if (operands.Count > 1 && (!plainLocal || !operands.Skip(1).All(o => CannotObserve(o, v)))) return null;
                return operands;
            }
            e = add.Left;
        }
        return null;
    }

    /// <summary>True when evaluating <paramref name="e"/> cannot read the local <paramref name="s"/> (conservative).</summary>
    private static bool CannotObserve(BoundExpr e, VariableSymbol s)
    {
        if (e.Type.StripRange() is RefType r && r.Inner.StripRange() is StringType) return false;
        switch (e)
        {
            case BoundLiteralExpr or BoundStringLiteralExpr or BoundFunctionRefExpr:
                return true;
            case BoundVariableExpr v:
                return !ReferenceEquals(v.Variable, s);
            case BoundUnaryExpr or BoundBinaryExpr or BoundCastExpr or BoundCallExpr or BoundRuntimeCallExpr or BoundDotNetExpr or BoundFieldExpr
                or BoundIndexExpr or BoundFormatExpr or BoundIntrinsicExpr or BoundStructLiteralExpr or BoundEnumExpr or BoundArrayLiteralExpr:
                return BoundTreeShape.Children(e).All(c => CannotObserve(c, s));
            default:
                return false;
        }
    }
}
