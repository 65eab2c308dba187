using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Compiler.Emit;

/// <summary>
/// Interfaces: one CLR interface per Milo interface (methods take the non-self parameters by value), and one adapter class
/// per (concrete type, interface) pair that holds a copy of the value and forwards each method to the concrete type's
/// static method, passing the stored value by reference as `self`.
/// </summary>
internal sealed class InterfaceEmitter(EmitContext ctx)
{
    private readonly Dictionary<InterfaceType, TypeDefinition> _interfaces = new();
    private readonly Dictionary<(MiloType, InterfaceType), (TypeDefinition Type, MethodDefinition Ctor)> _adapters = new();

    public TypeDefinition InterfaceFor(InterfaceType it)
    {
        if (_interfaces.TryGetValue(it, out var def)) return def;
        def = new TypeDefinition(ctx.Namespace, "I" + TypeMapper.Sanitize(it.Name),
            TypeAttributes.Public | TypeAttributes.Interface | TypeAttributes.Abstract);
        ctx.Module.Types.Add(def);
        _interfaces[it] = def;
        foreach (var m in it.Methods)
        {
            var md = new MethodDefinition(m.Name, MethodAttributes.Public | MethodAttributes.Abstract | MethodAttributes.Virtual
                | MethodAttributes.NewSlot | MethodAttributes.HideBySig, ctx.Types.Map(m.ReturnType));
            for (int i = 0; i < m.Parameters.Count; i++)
                md.Parameters.Add(new ParameterDefinition($"p{i}", ParameterAttributes.None, ctx.Types.MapSigParam(m.Parameters, i)));
            def.Methods.Add(md);
        }
        return def;
    }

    private (TypeDefinition Type, MethodDefinition Ctor) AdapterFor(MiloType concrete, InterfaceType it)
    {
        if (_adapters.TryGetValue((concrete, it), out var a)) return a;
        var impl = ctx.Program.InterfaceImpls.FirstOrDefault(x => ReferenceEquals(x.Type, concrete) && ReferenceEquals(x.Interface, it))
                   ?? throw new EmitException($"no implementation of interface '{it.Name}' recorded for '{concrete.Name}'");
        var iface = InterfaceFor(it);
        var def = new TypeDefinition(ctx.Namespace, $"{TypeMapper.Sanitize(concrete.Name)}_as_{TypeMapper.Sanitize(it.Name)}",
            TypeAttributes.NotPublic | TypeAttributes.Sealed | TypeAttributes.Class | TypeAttributes.BeforeFieldInit, ctx.TS.Object);
        def.Interfaces.Add(new Mono.Cecil.InterfaceImplementation(iface));
        ctx.Module.Types.Add(def);
        var valueType = ctx.Types.Map(concrete);
        var field = new FieldDefinition("Value", FieldAttributes.Public, valueType);
        def.Fields.Add(field);

        var ctor = new MethodDefinition(".ctor", MethodAttributes.Public | MethodAttributes.HideBySig | MethodAttributes.SpecialName
            | MethodAttributes.RTSpecialName, ctx.TS.Void);
        ctor.Parameters.Add(new ParameterDefinition("value", ParameterAttributes.None, valueType));
        var il = ctor.Body.GetILProcessor();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, ctx.Module.ImportReference(typeof(object).GetConstructor(Type.EmptyTypes)!));
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Stfld, field);
        il.Emit(OpCodes.Ret);
        def.Methods.Add(ctor);

        for (int i = 0; i < it.Methods.Count; i++)
        {
            var im = it.Methods[i];
            var target = impl.Methods[i];
            var md = new MethodDefinition(im.Name, MethodAttributes.Public | MethodAttributes.Final | MethodAttributes.Virtual
                | MethodAttributes.NewSlot | MethodAttributes.HideBySig, ctx.Types.Map(im.ReturnType));
            foreach (var p in iface.Methods[i].Parameters)
                md.Parameters.Add(new ParameterDefinition(p.Name, ParameterAttributes.None, p.ParameterType));
            def.Methods.Add(md);
            var mil = md.Body.GetILProcessor();
            mil.Emit(OpCodes.Ldarg_0);
            mil.Emit(target.Parameters[0].Type is RefType ? OpCodes.Ldflda : OpCodes.Ldfld, field);
            for (int k = 0; k < im.Parameters.Count; k++)
                ctx.Types.EmitForwardedArg(mil, target, k + 1, md.Parameters[k]);
            mil.Emit(OpCodes.Call, ctx.MethodFor(target));
            mil.Emit(OpCodes.Ret);
            EmitContext.Finish(md);
        }
        ctx.Green?.OnAdapter(def, field, it, impl.Methods);
        a = (def, ctor);
        _adapters[(concrete, it)] = a;
        return a;
    }

    /// <summary>The adapter class of (concrete, interface) and its field holding the value.</summary>
    public (TypeDefinition Type, FieldDefinition Value) Adapter(MiloType concrete, InterfaceType it)
    {
        var (type, _) = AdapterFor(concrete, it);
        return (type, type.Fields[0]);
    }

    public void EmitBox(FunctionEmitter fe, BoundInterfaceBoxExpr b)
    {
        var (_, ctor) = AdapterFor(b.Value.Type.StripRange(), b.Interface);
        fe.EmitExpr(b.Value);
        fe.IL.Emit(OpCodes.Newobj, ctor);
    }

    public void EmitCall(FunctionEmitter fe, BoundInterfaceCallExpr c)
    {
        var iface = InterfaceFor(c.Interface);
        // Receiver, then arguments (a `?` among them was hoisted before the call by Lowering/Spilling).
        fe.EmitExpr(c.Receiver);
        fe.EmitSignatureArguments(c.Arguments, c.Interface.Methods[c.MethodIndex].Parameters);
        fe.IL.Emit(OpCodes.Callvirt, iface.Methods[c.MethodIndex]);
    }
}
