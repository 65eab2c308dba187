using System.Text;
using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Runtime;
using Mono.Cecil;
using Mono.Cecil.Cil;

using PointerType = Milo.Compiler.Symbols.PointerType;

namespace Milo.Compiler.Emit;

internal sealed partial class FunctionEmitter
{
    /// <summary>Pushes the value of <paramref name="e"/> (nothing for void).</summary>
    public void EmitExpr(BoundExpr e)
    {
        switch (e)
        {
            case BoundLiteralExpr l: EmitConst(e.Type, l.Value); break;
            case BoundStringLiteralExpr s: EmitStringLiteral(s.Utf8); break;
            case BoundVariableExpr v: LoadStorage(Lookup(v.Variable)); break;
            case BoundFunctionRefExpr f: _ctx.Closures.EmitFunctionRef(this, f); break;
            case BoundUnaryExpr u: EmitUnary(u); break;
            case BoundBinaryExpr b: EmitBinary(b); break;
            case BoundCastExpr c:
                EmitExpr(c.Operand);
                EmitConvert(c.Operand.Type, c.Type);
                break;
            case BoundCallExpr c: EmitCall(c); break;
            case BoundClosureCallExpr c: EmitClosureCall(c); break;
            case BoundRuntimeCallExpr r: EmitRuntimeCall(r, null); break;
            case BoundTryToOptionExpr t: EmitTryToOption(t); break;
            case BoundDotNetExpr d: EmitDotNet(d); break;
            case BoundDotNetCatchExpr dc: EmitDotNetCatch(dc); break;
            case BoundFieldExpr f: EmitFieldRead(f); break;
            case BoundIndexExpr i: EmitIndexRead(i); break;
            case BoundStructLiteralExpr s: EmitStructLiteral(s); break;
            case BoundEnumExpr en:
            {
                var loaders = Loaders(en.Arguments);
                EmitEnumValue((EnumType)en.Type.StripRange(), en.Variant, loaders);
                break;
            }
            case BoundArrayLiteralExpr a: EmitArrayLiteral(a); break;
            case BoundArrayRepeatExpr a: EmitArrayRepeat(a); break;
            case BoundHeapExpr h:
            {
                var box = Types.BoxOf(h.Value.Type is RefType r ? r.Inner : h.Value.Type);
                EmitExpr(h.Value);
                _il.Emit(OpCodes.Newobj, Types.BoxCtor(box));
                break;
            }
            case BoundDerefExpr d:
            {
                EmitExpr(d.Operand);
                var inner = d.Operand.Type.StripRange() is HeapType ht ? ht.Inner : d.Type;
                if (d.Operand.Type.StripRange() is PointerType) { _il.Emit(OpCodes.Ldobj, Types.Map(d.Type)); break; }
                _il.Emit(OpCodes.Ldfld, Types.BoxValue(Types.BoxOf(inner)));
                break;
            }
            case BoundIsExpr i:
            {
                var et = (EnumType)ValueTypeOf(i.Operand.Type);
                EmitAddress(i.Operand, readOnly: true);
                Types.Enums.EmitTestVariant(_il, et, i.Variant);
                break;
            }
            case BoundDisplayAppendExpr d: EmitDisplayAppend(d); break;
            case BoundCollectionLengthExpr l: EmitCollectionLength(l); break;
            case BoundElementAtExpr a: EmitElementAt(a); break;
            case BoundSequenceExpr q: EmitSequence(q); break;
            case BoundConditionalExpr c: EmitConditional(c); break;
            case BoundPayloadExpr p: EmitPayload(p); break;
            case BoundFrameMethodCallExpr c: EmitFrameMethodCall(c); break;
            case BoundFrameFieldRead r: EmitFrameFieldRead(r); break;
            case BoundTypeTestExpr t: EmitTypeTest(t); break;
            case BoundFormatExpr or BoundPrintExpr or BoundPropagateExpr or BoundCoalesceExpr or BoundUnwrapExpr: throw NotLowered(e);
            case BoundClosureExpr c: _ctx.Closures.EmitClosure(this, c); break;
            case BoundIntrinsicExpr i: EmitIntrinsic(i); break;
            case BoundInterfaceBoxExpr ib: _ctx.Interfaces.EmitBox(this, ib); break;
            case BoundInterfaceCallExpr ic: _ctx.Interfaces.EmitCall(this, ic); break;
            default: throw new EmitException($"unsupported expression {e.GetType().Name}");
        }
    }

    public static MiloType ValueTypeOf(MiloType t) => (t is RefType r ? r.Inner : t).StripRange();

    // ------------------------------------------------------------------ constants

    public void EmitConst(MiloType type, object value)
    {
        var t = type.StripRange();
        switch (t)
        {
            case PrimitiveType { Kind: PrimitiveKind.Bool }:
                _il.Emit(Convert.ToBoolean(value) ? OpCodes.Ldc_I4_1 : OpCodes.Ldc_I4_0);
                return;
            case PrimitiveType { Kind: PrimitiveKind.F32 }: _il.Emit(OpCodes.Ldc_R4, (float)ToDouble(value)); return;
            case PrimitiveType { Kind: PrimitiveKind.F64 }: _il.Emit(OpCodes.Ldc_R8, ToDouble(value)); return;
            case PrimitiveType { Kind: PrimitiveKind.I64 or PrimitiveKind.U64 }: _il.Emit(OpCodes.Ldc_I8, ToLongBits(value)); return;
            case PrimitiveType p when p.Kind.IsInteger():
            {
                long bits = ToLongBits(value);
                int v = p.Kind switch
                {
                    PrimitiveKind.I8 => (sbyte)bits,
                    PrimitiveKind.I16 => (short)bits,
                    PrimitiveKind.U8 => (byte)bits,
                    PrimitiveKind.U16 => (ushort)bits,
                    _ => unchecked((int)bits),
                };
                _il.Emit(OpCodes.Ldc_I4, v);
                return;
            }
            case StringType when value is byte[] b: EmitStringLiteral(b); return;
            default: throw new EmitException($"unsupported constant of type {t.Name}");
        }
    }

    private static double ToDouble(object v) => v switch { double d => d, float f => f, long l => l, ulong u => u, _ => Convert.ToDouble(v) };
    private static long ToLongBits(object v) => v switch
    {
        long l => l, ulong u => unchecked((long)u), int i => i, uint ui => ui, bool b => b ? 1 : 0,
        double d => (long)d, byte by => by, sbyte sb => sb, short s => s, ushort us => us, char c => c,
        _ => Convert.ToInt64(v),
    };

    public void EmitStringLiteral(byte[] utf8) => _ctx.Literals.Emit(_il, utf8);

    // ------------------------------------------------------------------ lvalues

    /// <summary>True when the expression denotes storage whose address can be taken without a copy.</summary>
    public static bool IsAddressable(BoundExpr e) => e switch
    {
        BoundVariableExpr => true,
        BoundFieldExpr f => IsAddressable(f.Receiver) && ValueTypeOf(f.Receiver.Type) is StructType,
        BoundIndexExpr i => ValueTypeOf(i.Receiver.Type) is Symbols.ArrayType or VecType,
        BoundDerefExpr d => ValueTypeOf(d.Operand.Type) is HeapType,
        _ => false,
    };

    /// <summary>
    /// Pushes a managed pointer to the value (spilling rvalues to a temporary). <paramref name="readOnly"/>: the caller
    /// only reads through it (a field read, a <c>&amp;</c> borrow), so an element of a copy-on-write Vec is addressed in
    /// the shared array instead of unsharing it first (MiloVec.GetReadRef).
    /// </summary>
    public void EmitAddress(BoundExpr e, bool readOnly = false)
    {
        switch (e)
        {
            case BoundVariableExpr v: AddressOfStorage(Lookup(v.Variable)); return;
            case BoundFieldExpr f when ValueTypeOf(f.Receiver.Type) is StructType s:
                EmitAddress(f.Receiver, readOnly);
                _il.Emit(OpCodes.Ldflda, Types.Field(s, f.Field));
                return;
            case BoundIndexExpr i when ValueTypeOf(i.Receiver.Type) is Symbols.ArrayType at:
                EmitArrayElementAccess(i, () => _il.Emit(OpCodes.Ldelema, Types.Map(at.Element)), writable: !readOnly);
                return;
            case BoundIndexExpr i when ValueTypeOf(i.Receiver.Type) is VecType vt:
            {
                if (TryEmitCachedElementRef(i, vt, readOnly)) return;
                var gi = (GenericInstanceType)Types.Map(vt);
                if (!readOnly) NoteElementWrite(i.Receiver);
                if (readOnly) EmitExpr(i.Receiver);
                else EmitWritablePlaceValue(i.Receiver);
                EmitExpr(i.Index);
                EmitConvert(i.Index.Type, TypeFactory.I64);
                // A Vec that never shares (plain elements) keeps GetRef for reads too: same IL as before copy-on-write.
                _il.Emit(OpCodes.Callvirt, ElementRefMethod(gi, readOnly && MayShare(vt)));
                return;
            }
            case BoundDerefExpr d when ValueTypeOf(d.Operand.Type) is HeapType ht:
                if (readOnly) EmitExpr(d.Operand);
                else EmitWritablePlaceValue(d.Operand);
                _il.Emit(OpCodes.Ldflda, Types.BoxValue(Types.BoxOf(ht.Inner)));
                return;
        }
        var tmp = NewTemp(ValueTypeOf(e.Type));
        EmitExpr(e);
        _il.Emit(OpCodes.Stloc, tmp);
        _il.Emit(OpCodes.Ldloca, tmp);
    }

    private void EmitAssign(BoundExpr target, BoundExpr value)
    {
        switch (target)
        {
            case BoundVariableExpr v:
            {
                var load = () => EmitExpr(value);
                StoreStorage(Lookup(v.Variable), load);
                return;
            }
            case BoundFieldExpr f when ValueTypeOf(f.Receiver.Type) is StructType s:
            {
                var load = () => EmitExpr(value);
                EmitAddress(f.Receiver);
                load();
                _il.Emit(OpCodes.Stfld, Types.Field(s, f.Field));
                return;
            }
            case BoundIndexExpr i when ValueTypeOf(i.Receiver.Type) is Symbols.ArrayType at:
            {
                var load = () => EmitExpr(value);
                EmitArrayElementAccess(i, () => { load(); _il.Emit(OpCodes.Stelem_Any, Types.Map(at.Element)); }, writable: true);
                return;
            }
            case BoundIndexExpr i when ValueTypeOf(i.Receiver.Type) is VecType vt:
            {
                if (TryEmitCachedElementStore(i, vt, value)) return;
                NoteElementWrite(i.Receiver);
                var gi = (GenericInstanceType)Types.Map(vt);
                EmitWritablePlaceValue(i.Receiver);
                EmitExpr(i.Index);
                EmitConvert(i.Index.Type, TypeFactory.I64);
                EmitExpr(value);
                _il.Emit(OpCodes.Callvirt, Types.MethodOn(typeof(MiloVec<>), "Set", gi));
                return;
            }
            case BoundIndexExpr i when ValueTypeOf(i.Receiver.Type) is PointerType pt:
                EmitExpr(i.Receiver);
                EmitExpr(i.Index);
                EmitPointerOffset(i.Index.Type, pt.Inner);
                EmitExpr(value);
                _il.Emit(OpCodes.Stobj, Types.Map(pt.Inner));
                return;
            case BoundDerefExpr d when ValueTypeOf(d.Operand.Type) is HeapType ht:
                EmitWritablePlaceValue(d.Operand);
                EmitExpr(value);
                _il.Emit(OpCodes.Stfld, Types.BoxValue(Types.BoxOf(ht.Inner)));
                return;
            case BoundDerefExpr d when ValueTypeOf(d.Operand.Type) is PointerType pt:
                EmitExpr(d.Operand);
                EmitExpr(value);
                _il.Emit(OpCodes.Stobj, Types.Map(pt.Inner));
                return;
        }
        throw new EmitException($"invalid assignment target {target.GetType().Name}");
    }

    private void EmitPointerOffset(MiloType indexType, MiloType elem)
    {
        EmitConvert(indexType, TypeFactory.I64);
        _il.Emit(OpCodes.Conv_I);
        _il.Emit(OpCodes.Sizeof, Types.Map(elem));
        _il.Emit(OpCodes.Mul);
        _il.Emit(OpCodes.Add);
    }

    // ------------------------------------------------------------------ fields and indexing

    private void EmitFieldRead(BoundFieldExpr f)
    {
        var rt = ValueTypeOf(f.Receiver.Type);
        if (rt is not StructType s) throw new EmitException($"field access on non-struct type {rt.Name}");
        if (IsAddressable(f.Receiver)) EmitAddress(f.Receiver, readOnly: true);
        else EmitExpr(f.Receiver);
        _il.Emit(OpCodes.Ldfld, Types.Field(s, f.Field));
    }

    /// <summary>Bounds-checked array access: pushes array and native index, then runs <paramref name="access"/>.</summary>
    private void EmitArrayElementAccess(BoundIndexExpr i, Action access, bool writable = false)
    {
        var arr = NewTemp(Types.Map(ValueTypeOf(i.Receiver.Type)));
        var idx = NewTemp(TS.Int64);
        if (writable) EmitWritablePlaceValue(i.Receiver); // an array inside a copy-on-write Vec element
        else EmitExpr(i.Receiver);
        _il.Emit(OpCodes.Stloc, arr);
        EmitExpr(i.Index);
        EmitConvert(i.Index.Type, TypeFactory.I64);
        _il.Emit(OpCodes.Stloc, idx);
        EmitBoundsCheck(() => _il.Emit(OpCodes.Ldloc, idx), () => { _il.Emit(OpCodes.Ldloc, arr); _il.Emit(OpCodes.Ldlen); _il.Emit(OpCodes.Conv_I8); });
        _il.Emit(OpCodes.Ldloc, arr);
        _il.Emit(OpCodes.Ldloc, idx);
        _il.Emit(OpCodes.Conv_I);
        access();
    }

    /// <summary>`if ((ulong)idx &gt;= (ulong)len) throw Panics.IndexOutOfBounds(idx, len)` (both as int64).</summary>
    public void EmitBoundsCheck(Action loadIdx, Action loadLen)
    {
        var ok = _il.Create(OpCodes.Nop);
        loadIdx();
        loadLen();
        _il.Emit(OpCodes.Blt_Un, ok);
        loadIdx();
        loadLen();
        _il.Emit(OpCodes.Call, RuntimeApi.IndexOutOfBounds);
        _il.Emit(OpCodes.Throw);
        _il.Append(ok);
    }

    private void EmitIndexRead(BoundIndexExpr i)
    {
        switch (ValueTypeOf(i.Receiver.Type))
        {
            case Symbols.ArrayType at:
                EmitArrayElementAccess(i, () => _il.Emit(OpCodes.Ldelem_Any, Types.Map(at.Element)));
                return;
            case VecType vt:
            {
                if (TryEmitCachedElementRef(i, vt, readOnly: true)) { _il.Emit(OpCodes.Ldobj, Types.Map(vt.Element)); return; }
                var gi = (GenericInstanceType)Types.Map(vt);
                EmitExpr(i.Receiver);
                EmitExpr(i.Index);
                EmitConvert(i.Index.Type, TypeFactory.I64);
                _il.Emit(OpCodes.Callvirt, Types.MethodOn(typeof(MiloVec<>), "Get", gi));
                return;
            }
            case StringType:
                EmitExpr(i.Receiver);
                EmitExpr(i.Index);
                EmitConvert(i.Index.Type, TypeFactory.I64);
                _il.Emit(OpCodes.Callvirt, RuntimeApi.StrByteAt);
                return;
            case PointerType pt:
                EmitExpr(i.Receiver);
                EmitExpr(i.Index);
                EmitPointerOffset(i.Index.Type, pt.Inner);
                _il.Emit(OpCodes.Ldobj, Types.Map(pt.Inner));
                return;
            case var t: throw new EmitException($"cannot index {t.Name}");
        }
    }

    // ------------------------------------------------------------------ aggregates

    private void EmitStructLiteral(BoundStructLiteralExpr s)
    {
        var st = (StructType)s.Type.StripRange();
        var loaders = Loaders(s.Fields.Select(f => f.Value).ToList());
        var tmp = NewTemp(st);
        _il.Emit(OpCodes.Ldloca, tmp);
        _il.Emit(OpCodes.Initobj, Types.Map(st));
        for (int k = 0; k < s.Fields.Count; k++)
        {
            _il.Emit(OpCodes.Ldloca, tmp);
            loaders[k]();
            _il.Emit(OpCodes.Stfld, Types.Field(st, s.Fields[k].Field));
        }
        _il.Emit(OpCodes.Ldloc, tmp);
    }

    /// <summary>Pushes a value of enum <paramref name="e"/> with the given variant and payload loaders.</summary>
    public void EmitEnumValue(EnumType e, VariantSymbol v, IReadOnlyList<Action> payload)
    {
        var tmp = NewTemp(e);
        _il.Emit(OpCodes.Ldloca, tmp);
        _il.Emit(OpCodes.Initobj, Types.Map(e));
        if (Types.Enums.StoresTag(e))
        {
            _il.Emit(OpCodes.Ldloca, tmp);
            Types.Enums.EmitStoreTag(_il, e, v);
        }
        for (int k = 0; k < payload.Count; k++)
        {
            _il.Emit(OpCodes.Ldloca, tmp);
            payload[k]();
            _il.Emit(OpCodes.Stfld, Types.PayloadField(e, v, k));
        }
        _il.Emit(OpCodes.Ldloc, tmp);
    }

    private void EmitArrayLiteral(BoundArrayLiteralExpr a)
    {
        var t = a.Type.StripRange();
        var elem = t switch { Symbols.ArrayType at => at.Element, VecType vt => vt.Element, _ => throw new EmitException($"array literal of type {t.Name}") };
        if (t is VecType && a.Elements.Count == 0)
        {
            // `Vec.new()` / `[]`: the parameterless constructor shares the static empty array (no allocation until the
            // first push) instead of a fresh zero-length array per Vec.
            _il.Emit(OpCodes.Newobj, Types.CtorOn(typeof(MiloVec<>), (GenericInstanceType)Types.Map(t)));
            return;
        }
        var loaders = Loaders(a.Elements);
        var elemClr = Types.Map(elem);
        _il.Emit(OpCodes.Ldc_I4, a.Elements.Count);
        _il.Emit(OpCodes.Newarr, elemClr);
        for (int k = 0; k < loaders.Count; k++)
        {
            _il.Emit(OpCodes.Dup);
            _il.Emit(OpCodes.Ldc_I4, k);
            loaders[k]();
            _il.Emit(OpCodes.Stelem_Any, elemClr);
        }
        if (t is VecType) EmitVecFromArray((GenericInstanceType)Types.Map(t));
    }

    private void EmitVecFromArray(GenericInstanceType vec)
        => _il.Emit(OpCodes.Call, Types.MethodOn(typeof(MiloVec<>), "FromArray", vec));

    private void EmitArrayRepeat(BoundArrayRepeatExpr a)
    {
        var t = a.Type.StripRange();
        var elem = t switch { Symbols.ArrayType at => at.Element, VecType vt => vt.Element, _ => throw new EmitException($"array repeat of type {t.Name}") };
        var elemClr = Types.Map(elem);
        var val = NewTemp(elemClr);
        var arr = NewTemp(new Mono.Cecil.ArrayType(elemClr));
        var i = NewTemp(TS.Int32);
        EmitExpr(a.Value);
        _il.Emit(OpCodes.Stloc, val);
        _il.Emit(OpCodes.Ldc_I4, a.Count);
        _il.Emit(OpCodes.Newarr, elemClr);
        _il.Emit(OpCodes.Stloc, arr);
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Stloc, i);
        var top = _il.Create(OpCodes.Nop);
        var exit = _il.Create(OpCodes.Nop);
        _il.Append(top);
        _il.Emit(OpCodes.Ldloc, i);
        _il.Emit(OpCodes.Ldc_I4, a.Count);
        _il.Emit(OpCodes.Bge, exit);
        _il.Emit(OpCodes.Ldloc, arr);
        _il.Emit(OpCodes.Ldloc, i);
        _il.Emit(OpCodes.Ldloc, val);
        _ctx.Copy.EmitCopy(_il, elem); // each slot is its own value: `[[0; 3]; 2]` rows, `[""; n]` strings, `[Vec.new(); n]` buffers
        _il.Emit(OpCodes.Stelem_Any, elemClr);
        _il.Emit(OpCodes.Ldloc, i);
        _il.Emit(OpCodes.Ldc_I4_1);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Stloc, i);
        _il.Emit(OpCodes.Br, top);
        _il.Append(exit);
        _il.Emit(OpCodes.Ldloc, arr);
        if (t is VecType) EmitVecFromArray((GenericInstanceType)Types.Map(t));
    }

    // ------------------------------------------------------------------ Option / Result

    private static VariantSymbol SuccessVariant(EnumType e) => e.FindVariant("Some") ?? e.FindVariant("Ok") ?? throw new EmitException($"{e.Name} is not Option/Result-like");
    private static VariantSymbol FailureVariant(EnumType e) => e.FindVariant("None") ?? e.FindVariant("Err") ?? throw new EmitException($"{e.Name} is not Option/Result-like");

    // ------------------------------------------------------------------ evaluation-order helpers

    /// <summary>
    /// Loaders that emit <paramref name="args"/> where they are called. No operand may return early any more: a lowered
    /// `?` was hoisted out of expressions by Lowering/Spilling (<see cref="EmitSequence"/> checks it), so nothing is
    /// evaluated ahead into temporaries here.
    /// </summary>
    private List<Action> Loaders(List<BoundExpr> args) => args.Select(a => (Action)(() => EmitExpr(a))).ToList();
}
