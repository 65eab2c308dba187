using Milo.Compiler.Symbols;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Compiler.Emit.LibrarySurface;

/// <summary>
/// Public members of an enum type in a library (docs/interop.md, "Enums"): `IsVariant` properties, `TryGetVariant(out …)`,
/// `Match(Func…)`, static factories `Variant(…)` / `Variant { get; }`, and for Option-/Result-like enums `Value`/`Error`.
/// The tag and payload fields stay internal. All access goes through <see cref="VariantAccess"/>.
/// </summary>
internal static class EnumSurface
{
    public static void Add(EmitContext ctx, TypeDefinition td, EnumType e)
    {
        if (td.Methods.Any(m => m.Name == "Match" && m.HasGenericParameters)) return;
        var va = new VariantAccess(ctx, e);
        var ts = ctx.TS;
        foreach (var v in e.Variants)
        {
            var vn = LibraryEmitter.Pascal(TypeMapper.Sanitize(v.Name));
            var isName = "Is" + vn;
            if (!Taken(td, isName))
                AddGetter(td, isName, ts.Boolean, isStatic: false, il => { va.EmitIs(il, () => il.Emit(OpCodes.Ldarg_0), v); il.Emit(OpCodes.Ret); });
            var slots = va.VisibleSlots(v);
            if (slots.Count > 0 && !Taken(td, "TryGet" + vn)) AddTryGet(ctx, td, va, v, "TryGet" + vn, slots);
            if (vn == td.Name || Taken(td, vn)) continue;
            if (slots.Count == 0)
                AddGetter(td, vn, td, isStatic: true, il => { va.EmitNew(il, v, _ => { }); il.Emit(OpCodes.Ret); });
            else
            {
                var m = new MethodDefinition(vn, MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig, td);
                foreach (var slot in slots)
                    m.Parameters.Add(new ParameterDefinition(slots.Count == 1 ? "value" : "item" + (slot + 1), ParameterAttributes.None, va.PayloadType(v, slot)));
                td.Methods.Add(m);
                var il = m.Body.GetILProcessor();
                va.EmitNew(il, v, slot => il.Emit(OpCodes.Ldarg, m.Parameters[slots.IndexOf(slot)]));
                il.Emit(OpCodes.Ret);
                EmitContext.Finish(m);
            }
        }
        AddMatch(ctx, td, va);
        AddValueAndError(ctx, td, va);
    }

    /// <summary>`bool TryGetVariant(out T1 item1, …)`: the payload when the value is that variant, else defaults and false.</summary>
    private static void AddTryGet(EmitContext ctx, TypeDefinition td, VariantAccess va, VariantSymbol v, string name, List<int> slots)
    {
        var m = new MethodDefinition(name, MethodAttributes.Public | MethodAttributes.HideBySig, ctx.TS.Boolean);
        foreach (var slot in slots)
            m.Parameters.Add(new ParameterDefinition(slots.Count == 1 ? "value" : "item" + (slot + 1), ParameterAttributes.Out,
                new ByReferenceType(va.PayloadType(v, slot))));
        td.Methods.Add(m);
        var il = m.Body.GetILProcessor();
        var no = Instruction.Create(OpCodes.Nop);
        va.EmitBranchIfNot(il, () => il.Emit(OpCodes.Ldarg_0), v, no);
        for (int k = 0; k < slots.Count; k++)
        {
            il.Emit(OpCodes.Ldarg, m.Parameters[k]);
            va.EmitPayload(il, () => il.Emit(OpCodes.Ldarg_0), v, slots[k]);
            il.Emit(OpCodes.Stobj, va.PayloadType(v, slots[k]));
        }
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Ret);
        il.Append(no);
        for (int k = 0; k < slots.Count; k++)
        {
            il.Emit(OpCodes.Ldarg, m.Parameters[k]);
            il.Emit(OpCodes.Initobj, va.PayloadType(v, slots[k]));
        }
        il.Emit(OpCodes.Ldc_I4_0);
        il.Emit(OpCodes.Ret);
        EmitContext.Finish(m);
    }

    private static readonly Type[] Funcs =
    [
        typeof(Func<>), typeof(Func<,>), typeof(Func<,,>), typeof(Func<,,,>), typeof(Func<,,,,>), typeof(Func<,,,,,>),
        typeof(Func<,,,,,,>), typeof(Func<,,,,,,,>), typeof(Func<,,,,,,,,>),
    ];

    /// <summary>`TResult Match&lt;TResult&gt;(Func&lt;P…, TResult&gt; variant1, …)`: calls the function of the value's variant with its payload.</summary>
    private static void AddMatch(EmitContext ctx, TypeDefinition td, VariantAccess va)
    {
        var e = va.Enum;
        if (Taken(td, "Match") || e.Variants.Any(v => va.VisibleSlots(v).Count >= Funcs.Length)) return;
        var m = new MethodDefinition("Match", MethodAttributes.Public | MethodAttributes.HideBySig, ctx.TS.Void);
        var tr = new GenericParameter("TResult", m);
        m.GenericParameters.Add(tr);
        m.ReturnType = tr;
        var calls = new List<(VariantSymbol V, ParameterDefinition P, MethodReference Invoke)>();
        var used = new HashSet<string>();
        foreach (var v in e.Variants)
        {
            var slots = va.VisibleSlots(v);
            var open = ctx.Module.ImportReference(Funcs[slots.Count]);
            var fn = new GenericInstanceType(open);
            foreach (var s in slots) fn.GenericArguments.Add(va.PayloadType(v, s));
            fn.GenericArguments.Add(tr);
            var pn = Camel(TypeMapper.Sanitize(v.Name));
            while (!used.Add(pn)) pn += "_";
            var p = new ParameterDefinition(pn, ParameterAttributes.None, fn);
            m.Parameters.Add(p);
            var invoke = new MethodReference("Invoke", open.GenericParameters[slots.Count], fn) { HasThis = true };
            for (int k = 0; k < slots.Count; k++) invoke.Parameters.Add(new ParameterDefinition(open.GenericParameters[k]));
            calls.Add((v, p, invoke));
        }
        td.Methods.Add(m);
        var il = m.Body.GetILProcessor();
        foreach (var (v, p, invoke) in calls)
        {
            var next = Instruction.Create(OpCodes.Nop);
            va.EmitBranchIfNot(il, () => il.Emit(OpCodes.Ldarg_0), v, next);
            il.Emit(OpCodes.Ldarg, p);
            foreach (var s in va.VisibleSlots(v)) va.EmitPayload(il, () => il.Emit(OpCodes.Ldarg_0), v, s);
            il.Emit(OpCodes.Callvirt, invoke);
            il.Emit(OpCodes.Ret);
            il.Append(next);
        }
        il.Emit(OpCodes.Ldstr, "invalid " + td.Name + " value (default)");
        il.Emit(OpCodes.Newobj, ctx.Module.ImportReference(typeof(InvalidOperationException).GetConstructor([typeof(string)])!));
        il.Emit(OpCodes.Throw);
        EmitContext.Finish(m);
    }

    /// <summary>Option-like: `Value` (throws on None); Result-like: `Value` (throws on Err) and `Error` (throws on Ok).</summary>
    private static void AddValueAndError(EmitContext ctx, TypeDefinition td, VariantAccess va)
    {
        var e = va.Enum;
        var success = e.IsOptionLike ? e.FindVariant("Some") : e.IsResultLike ? e.FindVariant("Ok") : null;
        var errV = e.IsResultLike ? e.FindVariant("Err") : null;
        var ioe = ctx.Module.ImportReference(typeof(InvalidOperationException).GetConstructor([typeof(string)])!);
        if (success != null && va.VisibleSlots(success).Count == 1 && !Taken(td, "Value"))
            AddGetter(td, "Value", va.PayloadType(success, 0), isStatic: false, il =>
            {
                var ok = Instruction.Create(OpCodes.Nop);
                va.EmitIs(il, () => il.Emit(OpCodes.Ldarg_0), success);
                il.Emit(OpCodes.Brtrue, ok);
                if (errV == null) il.Emit(OpCodes.Ldstr, "Option has no value (None)");
                else
                {
                    il.Emit(OpCodes.Ldstr, "Result is Err: ");
                    va.EmitPayload(il, () => il.Emit(OpCodes.Ldarg_0), errV, 0);
                    var et = va.PayloadType(errV, 0);
                    if (et.IsValueType) il.Emit(OpCodes.Box, et);
                    il.Emit(OpCodes.Call, ctx.Module.ImportReference(typeof(string).GetMethod(nameof(string.Concat), [typeof(object), typeof(object)])!));
                }
                il.Emit(OpCodes.Newobj, ioe);
                il.Emit(OpCodes.Throw);
                il.Append(ok);
                va.EmitPayload(il, () => il.Emit(OpCodes.Ldarg_0), success, 0);
                il.Emit(OpCodes.Ret);
            });
        if (errV != null && !Taken(td, "Error"))
            AddGetter(td, "Error", va.PayloadType(errV, 0), isStatic: false, il =>
            {
                var ok = Instruction.Create(OpCodes.Nop);
                va.EmitIs(il, () => il.Emit(OpCodes.Ldarg_0), errV);
                il.Emit(OpCodes.Brtrue, ok);
                il.Emit(OpCodes.Ldstr, "Result has no error (Ok)");
                il.Emit(OpCodes.Newobj, ioe);
                il.Emit(OpCodes.Throw);
                il.Append(ok);
                va.EmitPayload(il, () => il.Emit(OpCodes.Ldarg_0), errV, 0);
                il.Emit(OpCodes.Ret);
            });
    }

    private static string Camel(string name)
    {
        var p = LibraryEmitter.Pascal(name);
        var c = char.ToLowerInvariant(p[0]) + p[1..];
        return c is "default" or "object" or "string" or "int" or "long" or "bool" or "class" or "event" or "base" ? "@" + c : c;
    }

    internal static bool Taken(TypeDefinition t, string name)
        => t.Fields.Any(f => f.Name == name) || t.Properties.Any(p => p.Name == name) || t.Methods.Any(m => m.Name == name);

    internal static void AddGetter(TypeDefinition td, string name, TypeReference type, bool isStatic, Action<ILProcessor> body)
    {
        var attrs = MethodAttributes.Public | MethodAttributes.HideBySig | MethodAttributes.SpecialName;
        if (isStatic) attrs |= MethodAttributes.Static;
        var get = new MethodDefinition("get_" + name, attrs, type);
        td.Methods.Add(get);
        body(get.Body.GetILProcessor());
        EmitContext.Finish(get);
        td.Properties.Add(new PropertyDefinition(name, PropertyAttributes.None, type) { GetMethod = get, HasThis = !isStatic });
    }
}
