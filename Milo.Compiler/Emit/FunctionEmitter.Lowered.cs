using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Runtime;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Compiler.Emit;

/// <summary>
/// The core nodes Lowering/LocalRewriter creates for desugared constructs (Binding/BoundLoweredExpressions.cs), and the
/// error for a construct that should have been lowered but reached the emitter.
/// </summary>
internal sealed partial class FunctionEmitter
{
    private static EmitException NotLowered(BoundNode n)
        => new($"{n.GetType().Name} should have been lowered before emission (Lowering/LocalRewriter)");

    /// <summary>Stack: → builder with the display text of the value appended.</summary>
    private void EmitDisplayAppend(BoundDisplayAppendExpr d)
    {
        // A long concatenation or f-string is a long chain of appends (tens of thousands of parts in hostile input):
        // walk it with a list, innermost append first, instead of recursing once per part.
        var chain = new List<BoundDisplayAppendExpr>();
        BoundExpr inner = d;
        while (inner is BoundDisplayAppendExpr a) { chain.Add(a); inner = a.Builder; }
        EmitExpr(inner);
        for (int i = chain.Count - 1; i >= 0; i--)
        {
            var value = chain[i].Value;
            EmitExpr(value);
            _ctx.Display.EmitAppendTyped(_il, ValueTypeOf(value.Type), quoted: false);
        }
    }

    /// <summary>Array: ldlen; Vec: its Count field (i32).</summary>
    private void EmitCollectionLength(BoundCollectionLengthExpr l)
    {
        var t = ValueTypeOf(l.Collection.Type);
        EmitExpr(l.Collection);
        switch (t)
        {
            case Symbols.ArrayType: _il.Emit(OpCodes.Ldlen); _il.Emit(OpCodes.Conv_I4); return;
            case VecType: _il.Emit(OpCodes.Ldfld, Types.FieldOn(typeof(MiloVec<>), "Count", (GenericInstanceType)Types.Map(t))); return;
        }
        throw new EmitException($"length of {t.Name}");
    }

    /// <summary>Array: ldelem; Vec: Items[i] (the index is below the length, checked by the caller).</summary>
    private void EmitElementAt(BoundElementAtExpr a)
    {
        var t = ValueTypeOf(a.Collection.Type);
        EmitExpr(a.Collection);
        switch (t)
        {
            case Symbols.ArrayType at:
                EmitExpr(a.Index);
                _il.Emit(OpCodes.Ldelem_Any, Types.Map(at.Element));
                return;
            case VecType vt:
                _il.Emit(OpCodes.Ldfld, Types.FieldOn(typeof(MiloVec<>), "Items", (GenericInstanceType)Types.Map(vt)));
                EmitExpr(a.Index);
                _il.Emit(OpCodes.Ldelem_Any, Types.Map(vt.Element));
                return;
        }
        throw new EmitException($"element of {t.Name}");
    }

    /// <summary>
    /// The statements, then the value. A sequence that may return early (a lowered `?`) must not reach here: IL returns
    /// only on an empty evaluation stack, so Lowering/Spilling hoisted its statements out of the expression.
    /// </summary>
    private void EmitSequence(BoundSequenceExpr q)
    {
        if (q.MayReturn) throw new EmitException("a sequence that may return early reached the emitter inside an expression (Lowering/Spilling/SequenceSpiller should have hoisted it)");
        foreach (var s in q.Statements) EmitStmt(s);
        EmitExpr(q.Value);
    }

    private void EmitConditional(BoundConditionalExpr c)
    {
        var whenFalse = _il.Create(OpCodes.Nop);
        var done = _il.Create(OpCodes.Nop);
        if (c.Condition is BoundBinaryExpr { Op: BinaryOp.Lt or BinaryOp.Gt } cmp && ValueTypeOf(cmp.Left.Type) is PrimitiveType p && p.IsNumeric
            && ReferenceEquals(p, ValueTypeOf(cmp.Right.Type)))
        {
            // a lowered max/min: branch on the comparison itself (blt/bgt, .un for unsigned) to the true side
            var whenTrue = _il.Create(OpCodes.Nop);
            EmitExpr(cmp.Left);
            EmitExpr(cmp.Right);
            bool un = IsUnsigned(p);
            _il.Emit(cmp.Op == BinaryOp.Lt ? (un ? OpCodes.Blt_Un : OpCodes.Blt) : (un ? OpCodes.Bgt_Un : OpCodes.Bgt), whenTrue);
            EmitExpr(c.WhenFalse);
            _il.Emit(OpCodes.Br, done);
            _il.Append(whenTrue);
            EmitExpr(c.WhenTrue);
            _il.Append(done);
            return;
        }
        EmitExpr(c.Condition);
        _il.Emit(OpCodes.Brfalse, whenFalse);
        EmitExpr(c.WhenTrue);
        _il.Emit(OpCodes.Br, done);
        _il.Append(whenFalse);
        EmitExpr(c.WhenFalse);
        _il.Append(done);
    }

    /// <summary>A payload slot read where the enum value lives.</summary>
    private void EmitPayload(BoundPayloadExpr p)
    {
        var e = (EnumType)ValueTypeOf(p.Operand.Type);
        EmitAddress(p.Operand, readOnly: true);
        _il.Emit(OpCodes.Ldfld, Types.PayloadField(e, p.Variant, p.Slot));
    }
}
