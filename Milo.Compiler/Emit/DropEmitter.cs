using Milo.Compiler.Symbols;
using Milo.Runtime;
using Mono.Cecil;
using Mono.Cecil.Cil;
using MiloArrayType = Milo.Compiler.Symbols.ArrayType;

namespace Milo.Compiler.Emit;

/// <summary>
/// Drop glue (checklist §5.8 item 7) as generated `static void __dropN(ref T v)` helpers in the MiloDrop class:
/// struct → user drop, then fields in reverse order; enum → user drop, then the active variant's payload;
/// Heap → the boxed value; Vec → elements in index order; array → elements; HashMap → live entries in slot order
/// (key, then value). Locals are scheduled by Binding/Binder.Drops.cs; a HashMap's replaced/removed values are dropped
/// through IntrinsicKind.DropValue.
/// </summary>
internal sealed class DropEmitter(EmitContext ctx)
{
    private readonly Dictionary<MiloType, bool> _needs = new();
    private readonly Dictionary<MiloType, MethodDefinition> _helpers = new();
    private TypeDefinition? _type;

    public bool NeedsDrop(MiloType t)
    {
        t = t.StripRange();
        if (_needs.TryGetValue(t, out var r)) return r;
        r = DropGlue.Needs(t);
        _needs[t] = r;
        return r;
    }

    /// <summary>Stack: managed pointer to a value of <paramref name="t"/>; runs its drop glue.</summary>
    public void EmitDrop(ILProcessor il, MiloType t)
    {
        t = t.StripRange();
        if (!NeedsDrop(t)) { il.Emit(OpCodes.Pop); return; }
        il.Emit(OpCodes.Call, Helper(t));
    }

    private TypeDefinition Owner
    {
        get
        {
            if (_type != null) return _type;
            _type = new TypeDefinition(ctx.Namespace, "MiloDrop",
                TypeAttributes.NotPublic | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.BeforeFieldInit, ctx.TS.Object);
            ctx.Module.Types.Add(_type);
            return _type;
        }
    }

    private void CallUserDrop(ILProcessor il, FunctionSymbol drop, ParameterDefinition p, TypeReference clr)
    {
        var m = ctx.MethodFor(drop);
        il.Emit(OpCodes.Ldarg, p);
        if (m.Parameters.Count > 0 && m.Parameters[0].ParameterType is not ByReferenceType) il.Emit(OpCodes.Ldobj, clr);
        il.Emit(OpCodes.Call, m);
        if (!m.ReturnType.FullName.Equals("System.Void")) il.Emit(OpCodes.Pop);
    }

    private MethodDefinition Helper(MiloType t)
    {
        if (_helpers.TryGetValue(t, out var m)) return m;
        var clr = ctx.Types.Map(t);
        m = new MethodDefinition("__drop" + _helpers.Count + "_" + TypeMapper.Sanitize(t.MangledName),
            MethodAttributes.Assembly | MethodAttributes.Static | MethodAttributes.HideBySig, ctx.TS.Void);
        m.Parameters.Add(new ParameterDefinition("v", ParameterAttributes.None, new ByReferenceType(clr)));
        m.Body.InitLocals = true;
        Owner.Methods.Add(m);
        _helpers[t] = m;
        var il = m.Body.GetILProcessor();
        var p = m.Parameters[0];
        var end = il.Create(OpCodes.Ret);
        switch (t)
        {
            case StructType s:
                if (s.DropMethod != null) CallUserDrop(il, s.DropMethod, p, clr);
                for (int i = s.Fields.Count - 1; i >= 0; i--)
                {
                    var f = s.Fields[i];
                    if (!NeedsDrop(f.Type)) continue;
                    il.Emit(OpCodes.Ldarg, p);
                    il.Emit(OpCodes.Ldflda, ctx.Types.Field(s, f));
                    EmitDrop(il, f.Type);
                }
                break;
            case EnumType e:
                if (e.DropMethod != null) CallUserDrop(il, e.DropMethod, p, clr);
                foreach (var v in e.Variants)
                {
                    if (!v.Payload.Any(NeedsDrop)) continue;
                    var next = il.Create(OpCodes.Nop);
                    il.Emit(OpCodes.Ldarg, p);
                    ctx.Types.Enums.EmitBranchUnlessVariant(il, e, v, next);
                    for (int k = 0; k < v.Payload.Count; k++)
                    {
                        if (!NeedsDrop(v.Payload[k])) continue;
                        il.Emit(OpCodes.Ldarg, p);
                        il.Emit(OpCodes.Ldflda, ctx.Types.PayloadField(e, v, k));
                        EmitDrop(il, v.Payload[k]);
                    }
                    il.Emit(OpCodes.Br, end);
                    il.Append(next);
                }
                break;
            case HeapType h:
            {
                var box = ctx.Types.BoxOf(h.Inner);
                il.Emit(OpCodes.Ldarg, p);
                il.Emit(OpCodes.Ldind_Ref);
                il.Emit(OpCodes.Brfalse, end);
                il.Emit(OpCodes.Ldarg, p);
                il.Emit(OpCodes.Ldind_Ref);
                il.Emit(OpCodes.Ldflda, ctx.Types.BoxValue(box));
                EmitDrop(il, h.Inner);
                break;
            }
            case VecType v:
            {
                var gi = (GenericInstanceType)clr;
                var items = ctx.Types.FieldOn(typeof(MiloVec<>), "Items", gi);
                var count = ctx.Types.FieldOn(typeof(MiloVec<>), "Count", gi);
                EmitElementLoop(il, m, p, v.Element, () => il.Emit(OpCodes.Ldfld, count), () => il.Emit(OpCodes.Ldfld, items), end);
                break;
            }
            case MapType mt:
                EmitMapEntries(il, m, p, (GenericInstanceType)clr, mt, end);
                break;
            case MiloArrayType a:
                EmitElementLoop(il, m, p, a.Element, () => { il.Emit(OpCodes.Ldlen); il.Emit(OpCodes.Conv_I4); }, () => { }, end);
                break;
        }
        il.Append(end);
        EmitContext.Finish(m);
        return m;
    }

    /// <summary>for (i = 0; i &lt; m.SlotCount; i++) if (m.IsLive(i)) { drop(key i); drop(value i) } — on copies; skipped when null.</summary>
    private void EmitMapEntries(ILProcessor il, MethodDefinition m, ParameterDefinition p, GenericInstanceType gi, MapType mt, Instruction end)
    {
        var i = new VariableDefinition(ctx.TS.Int32);
        m.Body.Variables.Add(i);
        var slots = ctx.Types.MethodOn(typeof(MiloMap<,>), "get_SlotCount", gi);
        var isLive = ctx.Types.MethodOn(typeof(MiloMap<,>), "IsLive", gi);
        il.Emit(OpCodes.Ldarg, p);
        il.Emit(OpCodes.Ldind_Ref);
        il.Emit(OpCodes.Brfalse, end);
        var top = il.Create(OpCodes.Nop);
        var next = il.Create(OpCodes.Nop);
        il.Append(top);
        il.Emit(OpCodes.Ldloc, i);
        il.Emit(OpCodes.Ldarg, p);
        il.Emit(OpCodes.Ldind_Ref);
        il.Emit(OpCodes.Callvirt, slots);
        il.Emit(OpCodes.Bge, end);
        il.Emit(OpCodes.Ldarg, p);
        il.Emit(OpCodes.Ldind_Ref);
        il.Emit(OpCodes.Ldloc, i);
        il.Emit(OpCodes.Callvirt, isLive);
        il.Emit(OpCodes.Brfalse, next);
        foreach (var (t, getter) in new[] { (mt.Key, "KeyAt"), (mt.Value, "ValueAt") })
        {
            if (!NeedsDrop(t)) continue;
            var tmp = new VariableDefinition(ctx.Types.Map(t));
            m.Body.Variables.Add(tmp);
            il.Emit(OpCodes.Ldarg, p);
            il.Emit(OpCodes.Ldind_Ref);
            il.Emit(OpCodes.Ldloc, i);
            il.Emit(OpCodes.Callvirt, ctx.Types.MethodOn(typeof(MiloMap<,>), getter, gi));
            il.Emit(OpCodes.Stloc, tmp);
            il.Emit(OpCodes.Ldloca, tmp);
            EmitDrop(il, t);
        }
        il.Append(next);
        il.Emit(OpCodes.Ldloc, i);
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Stloc, i);
        il.Emit(OpCodes.Br, top);
    }

    /// <summary>for (i = 0; i &lt; len(*v); i++) drop(&amp;items(*v)[i]); skipped when *v is null.</summary>
    private void EmitElementLoop(ILProcessor il, MethodDefinition m, ParameterDefinition p, MiloType elem, Action len, Action items, Instruction end)
    {
        var elemClr = ctx.Types.Map(elem);
        var i = new VariableDefinition(ctx.TS.Int32);
        m.Body.Variables.Add(i);
        il.Emit(OpCodes.Ldarg, p);
        il.Emit(OpCodes.Ldind_Ref);
        il.Emit(OpCodes.Brfalse, end);
        var top = il.Create(OpCodes.Nop);
        il.Append(top);
        il.Emit(OpCodes.Ldloc, i);
        il.Emit(OpCodes.Ldarg, p);
        il.Emit(OpCodes.Ldind_Ref);
        len();
        il.Emit(OpCodes.Bge, end);
        il.Emit(OpCodes.Ldarg, p);
        il.Emit(OpCodes.Ldind_Ref);
        items();
        il.Emit(OpCodes.Ldloc, i);
        il.Emit(OpCodes.Ldelema, elemClr);
        EmitDrop(il, elem);
        il.Emit(OpCodes.Ldloc, i);
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Stloc, i);
        il.Emit(OpCodes.Br, top);
    }
}
