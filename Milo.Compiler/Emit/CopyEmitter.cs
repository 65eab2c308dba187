using Milo.Compiler.Symbols;
using Milo.Runtime;
using Mono.Cecil;
using Mono.Cecil.Cil;
using MiloArrayType = Milo.Compiler.Symbols.ArrayType;

namespace Milo.Compiler.Emit;

/// <summary>
/// Deep copies (checklist §5.7: `v[i]` of a non-Copy element, HashMap get, move-closure captures): generated
/// `static T __copyN(T v)` helpers in the MiloCopy class. Strings are cloned, Vecs/arrays/Heaps copied element-wise,
/// structs/enums field-wise, HashMaps entry-wise (<see cref="MiloMap{K,V}.CopyWith"/>: keys and values through their own
/// copy helpers); closures and runtime handles (Channel, Mutex, Atomic…) are shared. A Vec of elements that own storage
/// is copied copy-on-write (<see cref="EmitShareCopy"/>) unless they hold a HashMap (<see cref="SharesStorage"/>).
/// </summary>
internal sealed class CopyEmitter(EmitContext ctx)
{
    private readonly Dictionary<(MiloType Type, bool Fresh), MethodDefinition> _helpers = new();
    private TypeDefinition? _type;

    /// <summary>True when a bitwise copy of the type may share mutable storage.</summary>
    public static bool NeedsDeepCopy(MiloType t, int depth = 0)
    {
        if (depth > 32) return false;
        return t.StripRange() switch
        {
            StringType or VecType or MiloArrayType or HeapType or MapType => true,
            StructType s => s.Fields.Any(f => NeedsDeepCopy(f.Type, depth + 1)),
            EnumType e => e.Variants.Any(v => v.Payload.Any(p => NeedsDeepCopy(p, depth + 1))),
            _ => false,
        };
    }

    /// <summary>
    /// Stack: value of <paramref name="t"/> → an independent copy. A <c>Vec</c> whose elements own storage is copied
    /// copy-on-write (<see cref="MiloVec{T}.ShareCopy"/>: the source and the copy share the array until either writes),
    /// which is only sound when the source Vec's elements belong to it alone. <paramref name="fresh"/>: the value is a
    /// Vec the runtime just built out of another container's elements (<c>filter</c>), so its outer array is copied
    /// element by element now (each element copy marks its source, so both stay independent).
    /// </summary>
    public void EmitCopy(ILProcessor il, MiloType t, bool fresh = false)
    {
        t = t.StripRange();
        if (!NeedsDeepCopy(t)) return;
        if (t is StringType) { il.Emit(OpCodes.Callvirt, ctx.RuntimeApi.StrClone); return; }
        il.Emit(OpCodes.Call, Helper(t, fresh && t is VecType));
    }

    /// <summary>A Vec shares its array on copy when its elements own storage and have no drop glue (a shared array's
    /// elements would be dropped once per owner, and a user drop may write to them) and hold no HashMap anywhere (the
    /// writable-place paths that unshare an array before a write know Vec and string receivers, not map inserts).</summary>
    public static bool SharesStorage(VecType v) => NeedsDeepCopy(v.Element) && !DropGlue.Needs(v.Element) && !ContainsMap(v.Element);

    /// <summary>True when a value of the type may hold a HashMap (directly or in a field, payload, element or box).</summary>
    private static bool ContainsMap(MiloType t, int depth = 0)
    {
        if (depth > 32) return false;
        return t.StripRange() switch
        {
            MapType => true,
            VecType v => ContainsMap(v.Element, depth + 1),
            MiloArrayType a => ContainsMap(a.Element, depth + 1),
            HeapType h => ContainsMap(h.Inner, depth + 1),
            StructType s => s.Fields.Any(f => ContainsMap(f.Type, depth + 1)),
            EnumType e => e.Variants.Any(v => v.Payload.Any(p => ContainsMap(p, depth + 1))),
            _ => false,
        };
    }

    /// <summary>
    /// <c>if (MiloVec&lt;T&gt;.ElementCopy == null) MiloVec&lt;T&gt;.ElementCopy = copyOfT; return v.ShareCopy();</c> — the
    /// element copy is registered before anything is shared, so a later write to either Vec can unshare. (Strings
    /// are registered by the runtime.)
    /// </summary>
    private void EmitShareCopy(ILProcessor il, ParameterDefinition p, VecType v, GenericInstanceType gi)
    {
        var elem = v.Element.StripRange();
        if (elem is not StringType)
        {
            var field = ctx.Types.FieldOn(typeof(MiloVec<>), nameof(MiloVec<int>.ElementCopy), gi);
            var registered = il.Create(OpCodes.Nop);
            il.Emit(OpCodes.Ldsfld, field);
            il.Emit(OpCodes.Brtrue, registered);
            var elemClr = ctx.Types.Map(elem);
            il.Emit(OpCodes.Ldnull);
            il.Emit(OpCodes.Ldftn, Helper(elem, false));
            il.Emit(OpCodes.Newobj, ctx.Types.DelegateCtor(ctx.Types.Generic(typeof(Func<,>), elemClr, elemClr)));
            il.Emit(OpCodes.Stsfld, field);
            il.Append(registered);
        }
        il.Emit(OpCodes.Ldarg, p);
        il.Emit(OpCodes.Callvirt, ctx.Types.MethodOn(typeof(MiloVec<>), nameof(MiloVec<int>.ShareCopy), gi));
    }

    private TypeDefinition Owner
    {
        get
        {
            if (_type != null) return _type;
            _type = new TypeDefinition(ctx.Namespace, "MiloCopy",
                TypeAttributes.NotPublic | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.BeforeFieldInit, ctx.TS.Object);
            ctx.Module.Types.Add(_type);
            return _type;
        }
    }

    private MethodDefinition Helper(MiloType t, bool fresh)
    {
        if (_helpers.TryGetValue((t, fresh), out var m)) return m;
        var clr = ctx.Types.Map(t);
        m = new MethodDefinition("__copy" + _helpers.Count + (fresh ? "_fresh_" : "_") + TypeMapper.Sanitize(t.MangledName),
            MethodAttributes.Assembly | MethodAttributes.Static | MethodAttributes.HideBySig, clr);
        m.Parameters.Add(new ParameterDefinition("v", ParameterAttributes.None, clr));
        m.Body.InitLocals = true;
        Owner.Methods.Add(m);
        _helpers[(t, fresh)] = m;
        var il = m.Body.GetILProcessor();
        var p = m.Parameters[0];
        switch (t)
        {
            case StructType s:
                foreach (var f in s.Fields.Where(f => NeedsDeepCopy(f.Type)))
                {
                    var fd = ctx.Types.Field(s, f);
                    il.Emit(OpCodes.Ldarga, p);
                    il.Emit(OpCodes.Ldarg, p);
                    il.Emit(OpCodes.Ldfld, fd);
                    EmitCopy(il, f.Type);
                    il.Emit(OpCodes.Stfld, fd);
                }
                il.Emit(OpCodes.Ldarg, p);
                break;
            case EnumType e:
                CopyEnumPayloads(il, p, e);
                il.Emit(OpCodes.Ldarg, p);
                break;
            case HeapType h:
            {
                var box = ctx.Types.BoxOf(h.Inner);
                il.Emit(OpCodes.Ldarg, p);
                il.Emit(OpCodes.Ldfld, ctx.Types.BoxValue(box));
                EmitCopy(il, h.Inner);
                il.Emit(OpCodes.Newobj, ctx.Types.BoxCtor(box));
                break;
            }
            case MiloArrayType a:
                CopyArrayLike(il, m, a.Element, () => { il.Emit(OpCodes.Ldarg, p); }, () => { il.Emit(OpCodes.Ldarg, p); il.Emit(OpCodes.Ldlen); il.Emit(OpCodes.Conv_I4); }, null);
                break;
            case StringType:   // as a delegate target (a map's string keys or values)
                il.Emit(OpCodes.Ldarg, p);
                il.Emit(OpCodes.Callvirt, ctx.RuntimeApi.StrClone);
                break;
            case MapType map:
                CopyMap(il, p, map, (GenericInstanceType)clr);
                break;
            case VecType v when !fresh && SharesStorage(v):
                EmitShareCopy(il, p, v, (GenericInstanceType)clr);
                break;
            case VecType v:
                CopyVec(il, m, p, v, (GenericInstanceType)clr);
                break;
            default:
                il.Emit(OpCodes.Ldarg, p);
                break;
        }
        il.Emit(OpCodes.Ret);
        EmitContext.Finish(m);
        return m;
    }

    /// <summary><c>v == null ? null : v.CopyWith(keyCopy, valueCopy)</c>, each delegate null for a Copy type.</summary>
    private void CopyMap(ILProcessor il, ParameterDefinition p, MapType map, GenericInstanceType gi)
    {
        var isNull = il.Create(OpCodes.Nop);
        il.Emit(OpCodes.Ldarg, p);
        il.Emit(OpCodes.Brfalse, isNull);
        il.Emit(OpCodes.Ldarg, p);
        EmitCopyDelegate(il, map.Key);
        EmitCopyDelegate(il, map.Value);
        il.Emit(OpCodes.Callvirt, ctx.Types.MethodOn(typeof(MiloMap<,>), nameof(MiloMap<int, int>.CopyWith), gi));
        il.Emit(OpCodes.Ret);
        il.Append(isNull);
        il.Emit(OpCodes.Ldnull);
    }

    /// <summary>Pushes a <c>Func&lt;T, T&gt;</c> over T's copy helper, or null when T needs no deep copy.</summary>
    private void EmitCopyDelegate(ILProcessor il, MiloType t)
    {
        t = t.StripRange();
        if (!NeedsDeepCopy(t)) { il.Emit(OpCodes.Ldnull); return; }
        var clr = ctx.Types.Map(t);
        il.Emit(OpCodes.Ldnull);
        il.Emit(OpCodes.Ldftn, Helper(t, false));
        il.Emit(OpCodes.Newobj, ctx.Types.DelegateCtor(ctx.Types.Generic(typeof(Func<,>), clr, clr)));
    }

    /// <summary>Deep-copies, in place in the argument <paramref name="p"/>, the payload fields that need it of whichever variant it holds.</summary>
    private void CopyEnumPayloads(ILProcessor il, ParameterDefinition p, EnumType e)
    {
        foreach (var v in e.Variants)
        {
            if (!v.Payload.Any(x => NeedsDeepCopy(x))) continue;
            var next = il.Create(OpCodes.Nop);
            il.Emit(OpCodes.Ldarga, p);
            ctx.Types.Enums.EmitBranchUnlessVariant(il, e, v, next);
            for (int k = 0; k < v.Payload.Count; k++)
            {
                if (!NeedsDeepCopy(v.Payload[k])) continue;
                var fd = ctx.Types.PayloadField(e, v, k);
                il.Emit(OpCodes.Ldarga, p);
                il.Emit(OpCodes.Ldarg, p);
                il.Emit(OpCodes.Ldfld, fd);
                EmitCopy(il, v.Payload[k]);
                il.Emit(OpCodes.Stfld, fd);
            }
            il.Append(next);
        }
    }

    /// <summary>A fresh Vec with copies of the elements; an empty Vec (every leaf of a tree of Vecs) copies to `Vec.new()`: no zero-length array.</summary>
    private void CopyVec(ILProcessor il, MethodDefinition m, ParameterDefinition p, VecType v, GenericInstanceType gi)
    {
        var items = ctx.Types.FieldOn(typeof(MiloVec<>), "Items", gi);
        var count = ctx.Types.FieldOn(typeof(MiloVec<>), "Count", gi);
        var nonEmpty = il.Create(OpCodes.Nop);
        il.Emit(OpCodes.Ldarg, p);
        il.Emit(OpCodes.Ldfld, count);
        il.Emit(OpCodes.Brtrue, nonEmpty);
        il.Emit(OpCodes.Newobj, ctx.Types.CtorOn(typeof(MiloVec<>), gi));
        il.Emit(OpCodes.Ret);
        il.Append(nonEmpty);
        CopyArrayLike(il, m, v.Element, () => { il.Emit(OpCodes.Ldarg, p); il.Emit(OpCodes.Ldfld, items); },
            () => { il.Emit(OpCodes.Ldarg, p); il.Emit(OpCodes.Ldfld, count); }, gi);
    }

    /// <summary>Copies `len` elements of the source array into a fresh array (wrapped in a MiloVec when <paramref name="vec"/> is set).</summary>
    private void CopyArrayLike(ILProcessor il, MethodDefinition m, MiloType elem, Action loadSrc, Action loadLen, GenericInstanceType? vec)
    {
        var elemClr = ctx.Types.Map(elem);
        var dst = new VariableDefinition(new Mono.Cecil.ArrayType(elemClr));
        var i = new VariableDefinition(ctx.TS.Int32);
        m.Body.Variables.Add(dst);
        m.Body.Variables.Add(i);
        loadLen();
        il.Emit(OpCodes.Newarr, elemClr);
        il.Emit(OpCodes.Stloc, dst);
        il.Emit(OpCodes.Ldc_I4_0);
        il.Emit(OpCodes.Stloc, i);
        var top = il.Create(OpCodes.Nop);
        var exit = il.Create(OpCodes.Nop);
        il.Append(top);
        il.Emit(OpCodes.Ldloc, i);
        loadLen();
        il.Emit(OpCodes.Bge, exit);
        il.Emit(OpCodes.Ldloc, dst);
        il.Emit(OpCodes.Ldloc, i);
        loadSrc();
        il.Emit(OpCodes.Ldloc, i);
        il.Emit(OpCodes.Ldelem_Any, elemClr);
        EmitCopy(il, elem);
        il.Emit(OpCodes.Stelem_Any, elemClr);
        il.Emit(OpCodes.Ldloc, i);
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Stloc, i);
        il.Emit(OpCodes.Br, top);
        il.Append(exit);
        il.Emit(OpCodes.Ldloc, dst);
        if (vec != null) il.Emit(OpCodes.Call, ctx.Types.MethodOn(typeof(MiloVec<>), "FromArray", vec));
    }
}
