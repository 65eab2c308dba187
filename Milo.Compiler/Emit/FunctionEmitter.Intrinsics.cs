using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Runtime;
using Mono.Cecil.Cil;

namespace Milo.Compiler.Emit;

/// <summary>The built-in operations of <see cref="IntrinsicKind"/>, one small emitter per group.</summary>
internal sealed partial class FunctionEmitter
{
    private void EmitIntrinsic(BoundIntrinsicExpr i)
    {
        switch (i.Kind)
        {
            case IntrinsicKind.Zeroed: EmitDefault(i.Type); return;
            case IntrinsicKind.WrappingAdd or IntrinsicKind.WrappingSub or IntrinsicKind.WrappingMul
                or IntrinsicKind.SaturatingAdd or IntrinsicKind.SaturatingSub or IntrinsicKind.SaturatingMul
                or IntrinsicKind.CheckedAdd or IntrinsicKind.CheckedSub or IntrinsicKind.CheckedMul:
                EmitArithmeticIntrinsic(i); return;
            case IntrinsicKind.ToString: EmitToStringIntrinsic(i.Arguments[0]); return;
            case IntrinsicKind.ArrayLength:
                EmitExpr(i.Arguments[0]);
                _il.Emit(OpCodes.Ldlen);
                _il.Emit(OpCodes.Conv_I4);
                EmitConvert(TypeFactory.I32, i.Type);
                return;
            case IntrinsicKind.Flush: _il.Emit(OpCodes.Call, RuntimeApi.Flush); return;
            case IntrinsicKind.Assert: EmitAssertIntrinsic(i); return;
            case IntrinsicKind.Max or IntrinsicKind.Min or IntrinsicKind.Exit: throw NotLowered(i); // LocalRewriter.Intrinsics.cs
            case IntrinsicKind.JsonStringify:
                _il.Emit(OpCodes.Call, RuntimeApi.BuilderRent);
                EmitExpr(i.Arguments[0]);
                _ctx.Display.EmitJsonAppend(_il, ValueTypeOf(i.Arguments[0].Type));
                _il.Emit(OpCodes.Callvirt, RuntimeApi.Builder(nameof(MiloStringBuilder.ToMiloString)));
                return;
            case IntrinsicKind.DeepCopy or IntrinsicKind.MoveOut or IntrinsicKind.DropValue: EmitOwnershipIntrinsic(i); return;
        }
        throw new EmitException($"unsupported intrinsic {i.Kind}");
    }

    /// <summary>`a.wrappingAdd(b)` (wrap to the type's width), `saturatingAdd` (clamp), `checkedAdd` (Option: None on overflow), and Sub/Mul.</summary>
    private void EmitArithmeticIntrinsic(BoundIntrinsicExpr i)
    {
        var args = i.Arguments;
        var op = i.Kind switch
        {
            IntrinsicKind.WrappingAdd or IntrinsicKind.SaturatingAdd or IntrinsicKind.CheckedAdd => BinaryOp.Add,
            IntrinsicKind.WrappingSub or IntrinsicKind.SaturatingSub or IntrinsicKind.CheckedSub => BinaryOp.Sub,
            _ => BinaryOp.Mul,
        };
        switch (i.Kind)
        {
            case IntrinsicKind.WrappingAdd or IntrinsicKind.WrappingSub or IntrinsicKind.WrappingMul:
            {
                var t = ValueTypeOf(args[0].Type);
                var ops = Loaders(args);
                ops[0](); ops[1]();
                _il.Emit(op == BinaryOp.Add ? OpCodes.Add : op == BinaryOp.Sub ? OpCodes.Sub : OpCodes.Mul);
                Narrow(t);
                return;
            }
            case IntrinsicKind.SaturatingAdd or IntrinsicKind.SaturatingSub or IntrinsicKind.SaturatingMul:
            {
                var t = (PrimitiveType)ValueTypeOf(args[0].Type);
                var ops = Loaders(args);
                ops[0](); ops[1]();
                _il.Emit(OpCodes.Call, _ctx.Arith.Saturating(op, t));
                return;
            }
            default:
            {
                var t = (PrimitiveType)ValueTypeOf(args[0].Type);
                var opt = (EnumType)ValueTypeOf(i.Type);
                var ops = Loaders(args);
                var r = NewTemp(t);
                ops[0](); ops[1]();
                _il.Emit(OpCodes.Ldloca, r);
                _il.Emit(OpCodes.Call, _ctx.Arith.Try(op, t));
                EmitBoolToOption(opt, r);
                return;
            }
        }
    }

    /// <summary>`x.toString()` of a number or bool (the display format), or a copy of a string.</summary>
    private void EmitToStringIntrinsic(BoundExpr operand)
    {
        var t = ValueTypeOf(operand.Type);
        EmitExpr(operand);
        if (t.IsString) { _il.Emit(OpCodes.Callvirt, RuntimeApi.StrClone); return; }
        var (name, clr) = ((PrimitiveType)t).Kind switch
        {
            PrimitiveKind.I8 or PrimitiveKind.I16 or PrimitiveKind.I32 => ("I32ToString", typeof(int)),
            PrimitiveKind.U8 or PrimitiveKind.U16 or PrimitiveKind.U32 => ("U32ToString", typeof(uint)),
            PrimitiveKind.I64 => ("I64ToString", typeof(long)),
            PrimitiveKind.U64 => ("U64ToString", typeof(ulong)),
            PrimitiveKind.F32 => ("F32ToString", typeof(float)),
            PrimitiveKind.F64 => ("F64ToString", typeof(double)),
            _ => ("BoolToString", typeof(bool)),
        };
        _il.Emit(OpCodes.Call, RuntimeApi.Get(typeof(Fmt), name, clr));
    }

    /// <summary>`assert(cond[, msg])`: the runtime checks and panics with the file, line and column.</summary>
    private void EmitAssertIntrinsic(BoundIntrinsicExpr i)
    {
        var ops = Loaders(i.Arguments);
        ops[0]();
        _il.Emit(OpCodes.Ldstr, ErrorFile);
        _il.Emit(OpCodes.Ldc_I4, i.Location.Line);
        _il.Emit(OpCodes.Ldc_I4, i.Location.Column);
        if (i.Arguments.Count > 1) ops[1](); else _il.Emit(OpCodes.Ldnull);
        _il.Emit(OpCodes.Call, RuntimeApi.Assert);
    }

    /// <summary>
    /// DeepCopy (the value's copy glue), MoveOut (the moved value, then its drop flag := false — Lowering/DropInsertion)
    /// and DropValue (a HashMap's replaced/removed value: evaluated into a temporary and dropped).
    /// </summary>
    private void EmitOwnershipIntrinsic(BoundIntrinsicExpr i)
    {
        var args = i.Arguments;
        var t = ValueTypeOf(args[0].Type);
        switch (i.Kind)
        {
            case IntrinsicKind.DeepCopy:
                EmitExpr(args[0]);
                // A Vec returned by the runtime (filter) holds another Vec's elements: copied now, never shared.
                _ctx.Copy.EmitCopy(_il, t, fresh: args[0] is BoundRuntimeCallExpr);
                return;
            case IntrinsicKind.MoveOut:
                EmitExpr(args[0]);
                if (args.Count > 1) StoreStorage(Lookup(((BoundVariableExpr)args[1]).Variable), () => _il.Emit(OpCodes.Ldc_I4_0));
                return;
            default:
                var tmp = NewTemp(t);
                EmitExpr(args[0]);
                _il.Emit(OpCodes.Stloc, tmp);
                _il.Emit(OpCodes.Ldloca, tmp);
                _ctx.Drop.EmitDrop(_il, t);
                return;
        }
    }

    /// <summary>Stack: bool success. Pushes Some(r) when true, else None.</summary>
    private void EmitBoolToOption(EnumType opt, VariableDefinition r)
    {
        var none = _il.Create(OpCodes.Nop);
        var end = _il.Create(OpCodes.Nop);
        _il.Emit(OpCodes.Brfalse, none);
        EmitEnumValue(opt, SuccessVariant(opt), [() => _il.Emit(OpCodes.Ldloc, r)]);
        _il.Emit(OpCodes.Br, end);
        _il.Append(none);
        EmitEnumValue(opt, FailureVariant(opt), []);
        _il.Append(end);
    }
}
