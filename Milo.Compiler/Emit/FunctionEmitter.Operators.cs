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
    public static bool IsUnsigned(MiloType t) => t.StripRange() is PrimitiveType p && p.Kind.IsInteger() && !p.Kind.IsSigned();
    private static bool Is64(MiloType t) => t.StripRange() is PrimitiveType { Kind: PrimitiveKind.I64 or PrimitiveKind.U64 };

    /// <summary>Truncates an int32 stack value back to an 8/16-bit type's width (wrapping arithmetic).</summary>
    public void Narrow(MiloType t)
    {
        if (t.StripRange() is not PrimitiveType p) return;
        switch (p.Kind)
        {
            case PrimitiveKind.I8: _il.Emit(OpCodes.Conv_I1); break;
            case PrimitiveKind.U8: _il.Emit(OpCodes.Conv_U1); break;
            case PrimitiveKind.I16: _il.Emit(OpCodes.Conv_I2); break;
            case PrimitiveKind.U16: _il.Emit(OpCodes.Conv_U2); break;
        }
    }

    // ------------------------------------------------------------------ casts

    /// <summary>Converts the stack value from <paramref name="from"/> to <paramref name="to"/> (checklist §5.5).</summary>
    public void EmitConvert(MiloType from, MiloType to)
    {
        from = ValueTypeOf(from);
        to = ValueTypeOf(to);
        if (ReferenceEquals(from, to)) return;
        if (from is PrimitiveType { Kind: PrimitiveKind.Bool }) from = TypeFactory.U8;
        bool srcFloat = from.IsFloat, srcUnsigned = IsUnsigned(from) || from is PointerType;
        if (to is PointerType)
        {
            if (from is PointerType) return;
            if (from is Symbols.ArrayType at)
            {
                // address of element 0; the array stays pinned until the function returns (FfiEmitter)
                EmitPinnedArrayAddress(Types.Map(at.Element));
                return;
            }
            if (from is StringType) { EmitPinnedCString(); return; } // string → *u8 at a C call: NUL-terminated copy
            if (srcFloat) _il.Emit(OpCodes.Conv_I8);
            _il.Emit(srcUnsigned ? OpCodes.Conv_U : OpCodes.Conv_I);
            return;
        }
        if (to is not PrimitiveType tp) return; // non-numeric: nothing to do
        switch (tp.Kind)
        {
            case PrimitiveKind.F32:
                if (!srcFloat && srcUnsigned) _il.Emit(OpCodes.Conv_R_Un);
                _il.Emit(OpCodes.Conv_R4);
                return;
            case PrimitiveKind.F64:
                if (!srcFloat && srcUnsigned) _il.Emit(OpCodes.Conv_R_Un);
                _il.Emit(OpCodes.Conv_R8);
                return;
            case PrimitiveKind.I64 or PrimitiveKind.U64:
                if (srcFloat) _il.Emit(tp.Kind == PrimitiveKind.U64 ? OpCodes.Conv_U8 : OpCodes.Conv_I8);
                else _il.Emit(srcUnsigned ? OpCodes.Conv_U8 : OpCodes.Conv_I8);
                return;
            case PrimitiveKind.I32: _il.Emit(OpCodes.Conv_I4); return;
            case PrimitiveKind.U32: _il.Emit(srcFloat ? OpCodes.Conv_U4 : OpCodes.Conv_U4); return;
            case PrimitiveKind.I16: if (srcFloat) _il.Emit(OpCodes.Conv_I4); _il.Emit(OpCodes.Conv_I2); return;
            case PrimitiveKind.U16: if (srcFloat) _il.Emit(OpCodes.Conv_I4); _il.Emit(OpCodes.Conv_U2); return;
            case PrimitiveKind.I8: if (srcFloat) _il.Emit(OpCodes.Conv_I4); _il.Emit(OpCodes.Conv_I1); return;
            case PrimitiveKind.U8: if (srcFloat) _il.Emit(OpCodes.Conv_I4); _il.Emit(OpCodes.Conv_U1); return;
            case PrimitiveKind.Bool: _il.Emit(OpCodes.Ldc_I4_0); _il.Emit(OpCodes.Cgt_Un); return;
        }
    }

    // ------------------------------------------------------------------ unary

    private void EmitUnary(BoundUnaryExpr u)
    {
        var t = ValueTypeOf(u.Type);
        switch (u.Op)
        {
            case UnaryOp.Not:
                EmitExpr(u.Operand);
                _il.Emit(OpCodes.Ldc_I4_0);
                _il.Emit(OpCodes.Ceq);
                return;
            case UnaryOp.BitNot:
                EmitExpr(u.Operand);
                _il.Emit(OpCodes.Not);
                Narrow(t);
                return;
            case UnaryOp.Negate:
                if (u.Checked && t.IsInteger)
                {
                    // 0 - x with overflow check
                    EmitConst(t, 0L);
                    EmitExpr(u.Operand);
                    EmitCheckedCall(BinaryOp.Sub, t, u.Location.Line);
                    return;
                }
                EmitExpr(u.Operand);
                _il.Emit(OpCodes.Neg);
                Narrow(t);
                return;
            case UnaryOp.Deref:
                EmitExpr(new BoundDerefExpr(u.Location, u.Operand, u.Type));
                return;
            case UnaryOp.AddressOf:
                EmitAddress(u.Operand);
                EmitPinnedAddress(Types.Map(ValueTypeOf(u.Operand.Type))); // pinned: the place may live on the GC heap
                return;
        }
        throw new EmitException($"unsupported unary operator {u.Op}");
    }

    // ------------------------------------------------------------------ binary

    private void EmitBinary(BoundBinaryExpr b)
    {
        if (b.Op is BinaryOp.And or BinaryOp.Or)
        {
            var shortL = _il.Create(OpCodes.Nop);
            var end = _il.Create(OpCodes.Nop);
            EmitExpr(b.Left);
            _il.Emit(b.Op == BinaryOp.And ? OpCodes.Brfalse : OpCodes.Brtrue, shortL);
            EmitExpr(b.Right);
            _il.Emit(OpCodes.Br, end);
            _il.Append(shortL);
            _il.Emit(b.Op == BinaryOp.And ? OpCodes.Ldc_I4_0 : OpCodes.Ldc_I4_1);
            _il.Append(end);
            return;
        }
        if (b.Op == BinaryOp.Coalesce) throw NotLowered(b);

        var t = ValueTypeOf(b.Left.Type);
        var ops = Loaders([b.Left, b.Right]);
        switch (t)
        {
            case StringType: EmitStringBinary(b.Op, ops[0], ops[1]); return;
            case StructType or EnumType:
                if (b.Op is not (BinaryOp.Eq or BinaryOp.Ne)) throw new EmitException($"operator {b.Op} on {t.Name}");
                EmitEquality(t, b.Left, b.Right, ops);
                if (b.Op == BinaryOp.Ne) { _il.Emit(OpCodes.Ldc_I4_0); _il.Emit(OpCodes.Ceq); }
                return;
        }
        ops[0]();
        ops[1]();
        EmitNumericOp(b.Op, t, b.Checked, b.Location.Line, b.Left.Location.Line);
    }

    /// <summary>Operands of type <paramref name="t"/> are on the stack; leaves the result.</summary>
    private void EmitNumericOp(BinaryOp op, MiloType t, bool @checked, int opLine, int leftLine)
    {
        bool un = IsUnsigned(t) || t is PointerType, fl = t.IsFloat;
        switch (op)
        {
            case BinaryOp.Add or BinaryOp.Sub or BinaryOp.Mul:
                if (@checked && t.IsInteger) { EmitCheckedCall(op, t, leftLine); return; }
                _il.Emit(op == BinaryOp.Add ? OpCodes.Add : op == BinaryOp.Sub ? OpCodes.Sub : OpCodes.Mul);
                Narrow(t);
                return;
            case BinaryOp.Div or BinaryOp.Rem:
                if (!fl)
                {
                    // division by zero: runtime panic (all builds)
                    var ok = _il.Create(OpCodes.Nop);
                    _il.Emit(OpCodes.Dup);
                    _il.Emit(OpCodes.Brtrue, ok);
                    _il.Emit(OpCodes.Ldstr, ErrorFile);
                    _il.Emit(OpCodes.Ldc_I4, leftLine);
                    _il.Emit(OpCodes.Call, RuntimeApi.DivideByZero);
                    _il.Emit(OpCodes.Throw);
                    _il.Append(ok);
                }
                if (op == BinaryOp.Div) _il.Emit(un ? OpCodes.Div_Un : OpCodes.Div);
                else _il.Emit(un ? OpCodes.Rem_Un : OpCodes.Rem);
                Narrow(t);
                return;
            case BinaryOp.BitAnd: _il.Emit(OpCodes.And); return;
            case BinaryOp.BitOr: _il.Emit(OpCodes.Or); return;
            case BinaryOp.BitXor: _il.Emit(OpCodes.Xor); return;
            case BinaryOp.Shl or BinaryOp.Shr:
                if (Is64(t)) _il.Emit(OpCodes.Conv_I4);
                _il.Emit(op == BinaryOp.Shl ? OpCodes.Shl : un ? OpCodes.Shr_Un : OpCodes.Shr);
                Narrow(t);
                return;
            case BinaryOp.Eq: _il.Emit(OpCodes.Ceq); return;
            case BinaryOp.Ne: _il.Emit(OpCodes.Ceq); _il.Emit(OpCodes.Ldc_I4_0); _il.Emit(OpCodes.Ceq); return;
            case BinaryOp.Lt: _il.Emit(un ? OpCodes.Clt_Un : OpCodes.Clt); return;
            case BinaryOp.Gt: _il.Emit(un ? OpCodes.Cgt_Un : OpCodes.Cgt); return;
            case BinaryOp.Le:
                // !(a > b); for floats use the unordered compare so NaN gives false
                _il.Emit(un || fl ? OpCodes.Cgt_Un : OpCodes.Cgt); _il.Emit(OpCodes.Ldc_I4_0); _il.Emit(OpCodes.Ceq); return;
            case BinaryOp.Ge:
                _il.Emit(un || fl ? OpCodes.Clt_Un : OpCodes.Clt); _il.Emit(OpCodes.Ldc_I4_0); _il.Emit(OpCodes.Ceq); return;
        }
        throw new EmitException($"unsupported operator {op} on {t.Name}");
    }

    private void EmitCheckedCall(BinaryOp op, MiloType t, int line)
    {
        _il.Emit(OpCodes.Ldstr, ErrorFile);
        _il.Emit(OpCodes.Ldc_I4, line);
        _il.Emit(OpCodes.Call, _ctx.Arith.Checked(op, (PrimitiveType)t.StripRange()));
    }

    private void EmitStringBinary(BinaryOp op, Action left, Action right)
    {
        left();
        right();
        switch (op)
        {
            case BinaryOp.Add: throw new EmitException("string + should have been lowered (Lowering/LocalRewriter/LocalRewriter.StringConcat.cs)");
            case BinaryOp.Eq: _il.Emit(OpCodes.Call, RuntimeApi.StrEq); return;
            case BinaryOp.Ne: _il.Emit(OpCodes.Call, RuntimeApi.StrEq); _il.Emit(OpCodes.Ldc_I4_0); _il.Emit(OpCodes.Ceq); return;
        }
        _il.Emit(OpCodes.Call, RuntimeApi.StrCompare);
        _il.Emit(OpCodes.Ldc_I4_0);
        switch (op)
        {
            case BinaryOp.Lt: _il.Emit(OpCodes.Clt); return;
            case BinaryOp.Gt: _il.Emit(OpCodes.Cgt); return;
            case BinaryOp.Le: _il.Emit(OpCodes.Cgt); _il.Emit(OpCodes.Ldc_I4_0); _il.Emit(OpCodes.Ceq); return;
            case BinaryOp.Ge: _il.Emit(OpCodes.Clt); _il.Emit(OpCodes.Ldc_I4_0); _il.Emit(OpCodes.Ceq); return;
        }
        throw new EmitException($"unsupported string operator {op}");
    }

    /// <summary>Pushes a bool: struct Eq / structural equality / enum tag (and payload) equality.</summary>
    private void EmitEquality(MiloType t, BoundExpr left, BoundExpr right, List<Action> ops)
    {
        var clr = Types.Map(t);
        if (t is StructType { EqMethod: { } eq })
        {
            var m = _ctx.MethodFor(eq);
            bool byRef = m.Parameters.Count > 0 && m.Parameters[0].ParameterType is ByReferenceType;
            if (byRef)
            {
                EmitAddress(left, readOnly: true);
                EmitAddress(right, readOnly: true);
            }
            else
            {
                foreach (var op in ops)
                {
                    op();
                    if (byRef) { var tmp = NewTemp(clr); _il.Emit(OpCodes.Stloc, tmp); _il.Emit(OpCodes.Ldloca, tmp); }
                }
            }
            _il.Emit(OpCodes.Call, m);
            return;
        }
        var a = NewTemp(clr);
        var b = NewTemp(clr);
        ops[0]();
        _il.Emit(OpCodes.Stloc, a);
        ops[1]();
        _il.Emit(OpCodes.Stloc, b);
        _il.Emit(OpCodes.Ldloc, a);
        _il.Emit(OpCodes.Ldloc, b);
        _il.Emit(OpCodes.Call, _ctx.Display.EqualityHelper(t));
    }
}
