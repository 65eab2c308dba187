using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Runtime;
using Mono.Cecil;
using Mono.Cecil.Cil;

using PointerType = Milo.Compiler.Symbols.PointerType;

namespace Milo.Compiler.Emit;

/// <summary>
/// Display text (checklist §5.9) appended to a Milo.Runtime.MiloStringBuilder — the step print / eprint / format are
/// lowered to (Lowering/LocalRewriter/LocalRewriter.Format.cs) — plus generated per-type helpers:
/// `MiloStringBuilder __display(MiloStringBuilder, T)`, `MiloStringBuilder __json(MiloStringBuilder, T)` and
/// `bool __eq(T, T)` (structural equality), placed as static methods on the struct/enum's own CLR type.
/// </summary>
internal sealed class DisplayEmitter(EmitContext ctx)
{
    private readonly Dictionary<MiloType, MethodDefinition> _display = new();
    private readonly Dictionary<MiloType, MethodDefinition> _show = new();   // full: ToString() of library types
    private readonly Dictionary<MiloType, MethodDefinition> _json = new();
    private readonly Dictionary<MiloType, MethodDefinition> _eq = new();

    private RuntimeApi RuntimeApi => ctx.RuntimeApi;

    /// <summary>Stack: builder, value of <paramref name="t"/> → builder.</summary>
    public void EmitAppendTyped(ILProcessor il, MiloType t, bool quoted, bool full = false)
    {
        t = FunctionEmitter.ValueTypeOf(t);
        switch (t)
        {
            case StringType:
                il.Emit(OpCodes.Callvirt, RuntimeApi.Builder(quoted ? nameof(MiloStringBuilder.AppendQuoted) : nameof(MiloStringBuilder.AppendStr), typeof(MiloString)));
                return;
            case DotNetType dn:   // .NET values print as their ToString() (docs/dotnet-imports.md)
                if (dn.IsValueType) il.Emit(OpCodes.Box, ctx.Import(dn.ClrType));
                il.Emit(OpCodes.Call, ctx.Module.ImportReference(typeof(DotNetInterop).GetMethod(nameof(DotNetInterop.Display))!));
                il.Emit(OpCodes.Callvirt, RuntimeApi.Builder(nameof(MiloStringBuilder.AppendStr), typeof(MiloString)));
                return;
            case PrimitiveType p:
                var (name, clr) = p.Kind switch
                {
                    PrimitiveKind.I8 or PrimitiveKind.I16 or PrimitiveKind.I32 => ("AppendI32", typeof(int)),
                    PrimitiveKind.U8 or PrimitiveKind.U16 or PrimitiveKind.U32 => ("AppendU32", typeof(uint)),
                    PrimitiveKind.I64 => ("AppendI64", typeof(long)),
                    PrimitiveKind.U64 => ("AppendU64", typeof(ulong)),
                    PrimitiveKind.F32 => ("AppendF32", typeof(float)),
                    PrimitiveKind.F64 => ("AppendF64", typeof(double)),
                    PrimitiveKind.Bool => ("AppendBool", typeof(bool)),
                    _ => throw new EmitException("cannot print void"),
                };
                il.Emit(OpCodes.Callvirt, RuntimeApi.Builder(name, clr));
                return;
            case PointerType:
                il.Emit(OpCodes.Callvirt, RuntimeApi.Builder(nameof(MiloStringBuilder.AppendPtr), typeof(nint)));
                return;
            case StructType or EnumType:
                il.Emit(OpCodes.Call, DisplayHelper(t, full));
                return;
            case { IsVoid: false } when full:
                // ToString() for .NET callers also shows collections (`[1, 2]`): Milo.Runtime.MiloDisplay.Append<T>
                var append = new GenericInstanceMethod(ctx.Module.ImportReference(typeof(MiloDisplay).GetMethod(nameof(MiloDisplay.Append))!));
                append.GenericArguments.Add(ctx.Types.Map(t));
                il.Emit(OpCodes.Call, append);
                return;
            default:
                il.Emit(OpCodes.Pop);
                il.Emit(OpCodes.Callvirt, RuntimeApi.Builder(nameof(MiloStringBuilder.AppendUnprintable)));
                return;
        }
    }

    private MethodDefinition NewHelper(MiloType t, string name, TypeReference ret)
    {
        var owner = ctx.Types.Define(t);
        var m = new MethodDefinition(name, MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig, ret);
        owner.Methods.Add(m);
        m.Body.InitLocals = true;
        return m;
    }

    private void AppendText(ILProcessor il, string s)
    {
        il.Emit(OpCodes.Ldstr, s);
        il.Emit(OpCodes.Callvirt, RuntimeApi.Builder(nameof(MiloStringBuilder.AppendText), typeof(string)));
    }

    /// <summary>
    /// `static MiloStringBuilder __display(MiloStringBuilder b, T v)` on the type itself (Milo's `print` form);
    /// <paramref name="full"/>: `__show`, the same but collections print their elements (ToString() of library types).
    /// </summary>
    public MethodDefinition DisplayHelper(MiloType t, bool full = false)
    {
        var cache = full ? _show : _display;
        if (cache.TryGetValue(t, out var m)) return m;
        var clr = ctx.Types.Define(t);
        m = NewHelper(t, full ? "__show" : "__display", RuntimeApi.BuilderType);
        m.Parameters.Add(new ParameterDefinition("b", ParameterAttributes.None, RuntimeApi.BuilderType));
        m.Parameters.Add(new ParameterDefinition("v", ParameterAttributes.None, clr));
        cache[t] = m;
        var il = m.Body.GetILProcessor();
        il.Emit(OpCodes.Ldarg_0);
        if (t is StructType s)
        {
            AppendText(il, s.Name + " { ");
            for (int i = 0; i < s.Fields.Count; i++)
            {
                var f = s.Fields[i];
                AppendText(il, (i > 0 ? ", " : "") + f.Name + ": ");
                il.Emit(OpCodes.Ldarga_S, m.Parameters[1]);
                il.Emit(OpCodes.Ldfld, ctx.Types.Field(s, f));
                EmitAppendTyped(il, f.Type, quoted: true, full);
            }
            AppendText(il, " }");
            il.Emit(OpCodes.Ret);
        }
        else if (t is EnumType e)
        {
            foreach (var v in e.Variants)
            {
                var next = il.Create(OpCodes.Nop);
                il.Emit(OpCodes.Ldarga_S, m.Parameters[1]);
                ctx.Types.Enums.EmitBranchUnlessVariant(il, e, v, next);
                AppendText(il, v.Payload.Count == 0 ? v.Name : v.Name + "(");
                for (int k = 0; k < v.Payload.Count; k++)
                {
                    if (k > 0) AppendText(il, ", ");
                    il.Emit(OpCodes.Ldarga_S, m.Parameters[1]);
                    il.Emit(OpCodes.Ldfld, ctx.Types.PayloadField(e, v, k));
                    EmitAppendTyped(il, v.Payload[k], quoted: true, full);
                }
                if (v.Payload.Count > 0) AppendText(il, ")");
                il.Emit(OpCodes.Ret);
                il.Append(next);
            }
            il.Emit(OpCodes.Ret); // unknown tag: nothing
        }
        EmitContext.Finish(m);
        return m;
    }

    // ------------------------------------------------------------------ jsonStringify

    /// <summary>Stack: builder, value → builder (JSON rendering; non-struct values use their display text).</summary>
    public void EmitJsonAppend(ILProcessor il, MiloType t)
    {
        t = FunctionEmitter.ValueTypeOf(t);
        if (t is StructType) { il.Emit(OpCodes.Call, JsonHelper(t)); return; }
        EmitAppendTyped(il, t, quoted: true);
    }

    private MethodDefinition JsonHelper(MiloType t)
    {
        if (_json.TryGetValue(t, out var m)) return m;
        var s = (StructType)t;
        var clr = ctx.Types.Define(t);
        m = NewHelper(t, "__json", RuntimeApi.BuilderType);
        m.Parameters.Add(new ParameterDefinition("b", ParameterAttributes.None, RuntimeApi.BuilderType));
        m.Parameters.Add(new ParameterDefinition("v", ParameterAttributes.None, clr));
        _json[t] = m;
        var il = m.Body.GetILProcessor();
        il.Emit(OpCodes.Ldarg_0);
        AppendText(il, "{");
        for (int i = 0; i < s.Fields.Count; i++)
        {
            var f = s.Fields[i];
            AppendText(il, (i > 0 ? "," : "") + "\"" + f.Name + "\":");
            il.Emit(OpCodes.Ldarga_S, m.Parameters[1]);
            il.Emit(OpCodes.Ldfld, ctx.Types.Field(s, f));
            EmitJsonAppend(il, f.Type);
        }
        AppendText(il, "}");
        il.Emit(OpCodes.Ret);
        EmitContext.Finish(m);
        return m;
    }

    // ------------------------------------------------------------------ equality

    /// <summary>`static bool __eq(T a, T b)`: struct Eq method / field-wise equality; enums compare tags (and payloads).</summary>
    public MethodReference EqualityHelper(MiloType t)
    {
        if (_eq.TryGetValue(t, out var m)) return m;
        var clr = ctx.Types.Define(t);
        m = NewHelper(t, "__eq", ctx.TS.Boolean);
        m.Parameters.Add(new ParameterDefinition("a", ParameterAttributes.None, clr));
        m.Parameters.Add(new ParameterDefinition("b", ParameterAttributes.None, clr));
        _eq[t] = m;
        var il = m.Body.GetILProcessor();
        var no = il.Create(OpCodes.Ldc_I4_0);
        if (t is StructType s)
        {
            if (s.EqMethod != null)
            {
                var eq = ctx.MethodFor(s.EqMethod);
                bool byRef = eq.Parameters.Count > 0 && eq.Parameters[0].ParameterType is ByReferenceType;
                il.Emit(byRef ? OpCodes.Ldarga : OpCodes.Ldarg, m.Parameters[0]);
                il.Emit(byRef ? OpCodes.Ldarga : OpCodes.Ldarg, m.Parameters[1]);
                il.Emit(OpCodes.Call, eq);
                il.Emit(OpCodes.Ret);
            }
            else
            {
                foreach (var f in s.Fields)
                {
                    var fd = ctx.Types.Field(s, f);
                    EmitFieldEq(il, f.Type, () => { il.Emit(OpCodes.Ldarga, m.Parameters[0]); il.Emit(OpCodes.Ldfld, fd); },
                        () => { il.Emit(OpCodes.Ldarga, m.Parameters[1]); il.Emit(OpCodes.Ldfld, fd); });
                    il.Emit(OpCodes.Brfalse, no);
                }
                il.Emit(OpCodes.Ldc_I4_1);
                il.Emit(OpCodes.Ret);
            }
        }
        else if (t is EnumType e)
        {
            var layout = ctx.Types.Enums;
            il.Emit(OpCodes.Ldarga, m.Parameters[0]); layout.EmitLoadTag(il, e);
            il.Emit(OpCodes.Ldarga, m.Parameters[1]); layout.EmitLoadTag(il, e);
            il.Emit(OpCodes.Bne_Un, no);
            foreach (var v in e.Variants)
            {
                if (v.Payload.Count == 0) continue;
                var next = il.Create(OpCodes.Nop);
                il.Emit(OpCodes.Ldarga, m.Parameters[0]); layout.EmitBranchUnlessVariant(il, e, v, next);
                for (int k = 0; k < v.Payload.Count; k++)
                {
                    var fd = ctx.Types.PayloadField(e, v, k);
                    EmitFieldEq(il, v.Payload[k], () => { il.Emit(OpCodes.Ldarga, m.Parameters[0]); il.Emit(OpCodes.Ldfld, fd); },
                        () => { il.Emit(OpCodes.Ldarga, m.Parameters[1]); il.Emit(OpCodes.Ldfld, fd); });
                    il.Emit(OpCodes.Brfalse, no);
                }
                il.Emit(OpCodes.Ldc_I4_1);
                il.Emit(OpCodes.Ret);
                il.Append(next);
            }
            il.Emit(OpCodes.Ldc_I4_1);
            il.Emit(OpCodes.Ret);
        }
        il.Append(no);
        il.Emit(OpCodes.Ret);
        EmitContext.Finish(m);
        return m;
    }

    /// <summary>Pushes bool: equality of two values of type <paramref name="t"/>.</summary>
    private void EmitFieldEq(ILProcessor il, MiloType t, Action loadA, Action loadB)
    {
        t = FunctionEmitter.ValueTypeOf(t);
        loadA();
        loadB();
        switch (t)
        {
            case StringType: il.Emit(OpCodes.Call, RuntimeApi.StrEq); return;
            case StructType or EnumType: il.Emit(OpCodes.Call, EqualityHelper(t)); return;
            case PrimitiveType or PointerType: il.Emit(OpCodes.Ceq); return;
            default:
                // reference identity for containers/closures
                il.Emit(OpCodes.Ceq);
                return;
        }
    }
}
