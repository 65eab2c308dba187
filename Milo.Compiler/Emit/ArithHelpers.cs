using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Compiler.Emit;

/// <summary>
/// Small static helpers generated into the output module for overflow-aware integer arithmetic:
/// `bool __try_OP_T(T a, T b, ref T r)`, `T __chk_OP_T(T a, T b, string file, int line)` (debug overflow panic) and
/// `T __sat_OP_T(T a, T b)` (saturating). Widths ≤ 32 bits compute in int64 and range-check; 64-bit ones use add.ovf etc.
/// inside a try/catch (the helper's stack is empty there, unlike at an arbitrary expression site).
/// </summary>
internal sealed class ArithHelpers(EmitContext ctx)
{
    private readonly Dictionary<string, MethodDefinition> _cache = new();
    private TypeDefinition? _type;

    private TypeDefinition HelperType
    {
        get
        {
            if (_type != null) return _type;
            _type = new TypeDefinition(ctx.Namespace, "MiloArith",
                TypeAttributes.NotPublic | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.BeforeFieldInit, ctx.TS.Object);
            ctx.Module.Types.Add(_type);
            return _type;
        }
    }

    private static string OpName(BinaryOp op) => op switch { BinaryOp.Add => "add", BinaryOp.Sub => "sub", _ => "mul" };

    private MethodDefinition NewMethod(string name, TypeReference ret)
    {
        var m = new MethodDefinition(name, MethodAttributes.Assembly | MethodAttributes.Static | MethodAttributes.HideBySig, ret);
        HelperType.Methods.Add(m);
        m.Body.InitLocals = true;
        return m;
    }

    private static bool Is64(PrimitiveType t) => t.Kind is PrimitiveKind.I64 or PrimitiveKind.U64;

    private static void LdcTyped(ILProcessor il, PrimitiveType t, long v)
    {
        if (Is64(t)) il.Emit(OpCodes.Ldc_I8, v);
        else il.Emit(OpCodes.Ldc_I4, unchecked((int)v));
    }

    /// <summary>`bool __try_OP_T(T a, T b, ref T r)`: false on overflow.</summary>
    public MethodDefinition Try(BinaryOp op, PrimitiveType t)
    {
        var key = $"__try_{OpName(op)}_{t.KindName}";
        if (_cache.TryGetValue(key, out var m)) return m;
        var clr = ctx.Types.Map(t);
        m = NewMethod(key, ctx.TS.Boolean);
        m.Parameters.Add(new ParameterDefinition("a", ParameterAttributes.None, clr));
        m.Parameters.Add(new ParameterDefinition("b", ParameterAttributes.None, clr));
        m.Parameters.Add(new ParameterDefinition("r", ParameterAttributes.None, new ByReferenceType(clr)));
        _cache[key] = m;
        if (Is64(t)) EmitTryWide(m, op, t, clr);
        else EmitTryNarrow(m, op, t, clr);
        EmitContext.Finish(m);
        return m;
    }

    /// <summary>8–32-bit `__try`: compute in 64 bits, fail when the result leaves the type's range.</summary>
    private void EmitTryNarrow(MethodDefinition m, BinaryOp op, PrimitiveType t, TypeReference clr)
    {
        var il = m.Body.GetILProcessor();
        bool signed = t.Kind.IsSigned();
        var fail = il.Create(OpCodes.Ldc_I4_0);
        var w = new VariableDefinition(ctx.TS.Int64);
        m.Body.Variables.Add(w);
        var ext = signed ? OpCodes.Conv_I8 : OpCodes.Conv_U8;
        il.Emit(OpCodes.Ldarg_0); il.Emit(ext);
        il.Emit(OpCodes.Ldarg_1); il.Emit(ext);
        il.Emit(op == BinaryOp.Add ? OpCodes.Add : op == BinaryOp.Sub ? OpCodes.Sub : OpCodes.Mul);
        il.Emit(OpCodes.Stloc, w);
        var (min, max) = t.Kind.IntRange();
        if (signed)
        {
            il.Emit(OpCodes.Ldloc, w); il.Emit(OpCodes.Ldc_I8, (long)min); il.Emit(OpCodes.Blt, fail);
            il.Emit(OpCodes.Ldloc, w); il.Emit(OpCodes.Ldc_I8, (long)max); il.Emit(OpCodes.Bgt, fail);
        }
        else
        {
            il.Emit(OpCodes.Ldloc, w); il.Emit(OpCodes.Ldc_I8, (long)max); il.Emit(OpCodes.Bgt_Un, fail);
        }
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldloc, w);
        il.Emit(t.Kind switch
        {
            PrimitiveKind.I8 => OpCodes.Conv_I1, PrimitiveKind.U8 => OpCodes.Conv_U1,
            PrimitiveKind.I16 => OpCodes.Conv_I2, PrimitiveKind.U16 => OpCodes.Conv_U2,
            PrimitiveKind.I32 => OpCodes.Conv_I4, _ => OpCodes.Conv_U4,
        });
        il.Emit(OpCodes.Stobj, clr);
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Ret);
        il.Append(fail);
        il.Emit(OpCodes.Ret);
    }

    /// <summary>64-bit `__try`: the checked opcode inside try/catch OverflowException.</summary>
    private void EmitTryWide(MethodDefinition m, BinaryOp op, PrimitiveType t, TypeReference clr)
    {
        var il = m.Body.GetILProcessor();
        bool signed = t.Kind.IsSigned();
        var fail = il.Create(OpCodes.Ldc_I4_0);
        var w = new VariableDefinition(clr);
        m.Body.Variables.Add(w);
        var ok = il.Create(OpCodes.Ldarg_2);
        var tryStart = il.Create(OpCodes.Ldarg_0);
        il.Append(tryStart);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(op switch
        {
            BinaryOp.Add => signed ? OpCodes.Add_Ovf : OpCodes.Add_Ovf_Un,
            BinaryOp.Sub => signed ? OpCodes.Sub_Ovf : OpCodes.Sub_Ovf_Un,
            _ => signed ? OpCodes.Mul_Ovf : OpCodes.Mul_Ovf_Un,
        });
        il.Emit(OpCodes.Stloc, w);
        il.Emit(OpCodes.Leave, ok);
        var handlerStart = il.Create(OpCodes.Pop);
        il.Append(handlerStart);
        il.Emit(OpCodes.Leave, fail);
        il.Append(ok);
        il.Emit(OpCodes.Ldloc, w);
        il.Emit(OpCodes.Stobj, clr);
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Ret);
        il.Append(fail);
        il.Emit(OpCodes.Ret);
        m.Body.ExceptionHandlers.Add(new ExceptionHandler(ExceptionHandlerType.Catch)
        {
            TryStart = tryStart, TryEnd = handlerStart, HandlerStart = handlerStart, HandlerEnd = ok,
            CatchType = ctx.Import(typeof(OverflowException)),
        });
    }

    /// <summary>`T __chk_OP_T(T a, T b, string file, int line)`: the result, or the debug overflow panic.</summary>
    public MethodDefinition Checked(BinaryOp op, PrimitiveType t)
    {
        var key = $"__chk_{OpName(op)}_{t.KindName}";
        if (_cache.TryGetValue(key, out var m)) return m;
        var clr = ctx.Types.Map(t);
        var tryM = Try(op, t);
        m = NewMethod(key, clr);
        m.Parameters.Add(new ParameterDefinition("a", ParameterAttributes.None, clr));
        m.Parameters.Add(new ParameterDefinition("b", ParameterAttributes.None, clr));
        m.Parameters.Add(new ParameterDefinition("file", ParameterAttributes.None, ctx.TS.String));
        m.Parameters.Add(new ParameterDefinition("line", ParameterAttributes.None, ctx.TS.Int32));
        _cache[key] = m;
        var r = new VariableDefinition(clr);
        m.Body.Variables.Add(r);
        var il = m.Body.GetILProcessor();
        var fail = il.Create(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldloca, r);
        il.Emit(OpCodes.Call, tryM);
        il.Emit(OpCodes.Brfalse, fail);
        il.Emit(OpCodes.Ldloc, r);
        il.Emit(OpCodes.Ret);
        il.Append(fail);
        il.Emit(OpCodes.Ldarg_3);
        il.Emit(OpCodes.Call, ctx.RuntimeApi.Overflow);
        il.Emit(OpCodes.Throw);
        EmitContext.Finish(m);
        return m;
    }

    /// <summary>`T __sat_OP_T(T a, T b)`: the result clamped to [MIN, MAX].</summary>
    public MethodDefinition Saturating(BinaryOp op, PrimitiveType t)
    {
        var key = $"__sat_{OpName(op)}_{t.KindName}";
        if (_cache.TryGetValue(key, out var m)) return m;
        var clr = ctx.Types.Map(t);
        var tryM = Try(op, t);
        m = NewMethod(key, clr);
        m.Parameters.Add(new ParameterDefinition("a", ParameterAttributes.None, clr));
        m.Parameters.Add(new ParameterDefinition("b", ParameterAttributes.None, clr));
        _cache[key] = m;
        var r = new VariableDefinition(clr);
        m.Body.Variables.Add(r);
        var il = m.Body.GetILProcessor();
        var (min128, max128) = t.Kind.IntRange();
        long min = (long)min128, max = unchecked((long)(ulong)max128);
        var fail = il.Create(OpCodes.Nop);
        var retMax = il.Create(OpCodes.Nop);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldloca, r);
        il.Emit(OpCodes.Call, tryM);
        il.Emit(OpCodes.Brfalse, fail);
        il.Emit(OpCodes.Ldloc, r);
        il.Emit(OpCodes.Ret);
        il.Append(fail);
        if (!t.Kind.IsSigned())
        {
            LdcTyped(il, t, op == BinaryOp.Sub ? 0 : max);
            il.Emit(OpCodes.Ret);
        }
        else
        {
            switch (op)
            {
                case BinaryOp.Add: il.Emit(OpCodes.Ldarg_1); LdcTyped(il, t, 0); il.Emit(OpCodes.Bgt, retMax); break;
                case BinaryOp.Sub: il.Emit(OpCodes.Ldarg_1); LdcTyped(il, t, 0); il.Emit(OpCodes.Blt, retMax); break;
                default: il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldarg_1); il.Emit(OpCodes.Xor); LdcTyped(il, t, 0); il.Emit(OpCodes.Bge, retMax); break;
            }
            LdcTyped(il, t, min);
            il.Emit(OpCodes.Ret);
            il.Append(retMax);
            LdcTyped(il, t, max);
            il.Emit(OpCodes.Ret);
        }
        EmitContext.Finish(m);
        return m;
    }
}
