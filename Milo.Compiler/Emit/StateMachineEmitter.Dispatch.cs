using Milo.Compiler.Binding;
using Milo.Compiler.Lowering;
using Milo.Compiler.Symbols;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Compiler.Emit;

/// <summary>
/// Dynamic dispatch to suspending code (docs/green-threads.md, "Dynamic dispatch"): the suspending version of a callee
/// that the compiler cannot name statically is made reachable at run time.
/// <list type="bullet">
/// <item>Interface methods: per (interface, method) with a suspending implementation, an interface
/// <c>IGreenM…</c> { <c>GreenFrame StartFrame(args)</c>; <c>void EndFrame(GreenFrame)</c> } implemented by the adapter
/// of each suspending implementation. A state machine calling the method tests <c>receiver is IGreenM…</c>: if so it
/// drives the implementation's frame (EndFrame copies a `&amp;mut self` back into the adapter), else calls plainly.</item>
/// <item>Named functions used as values: a suspending function becomes a small object implementing its function
/// type's <c>IGreenFn…</c> interface (Invoke forwards to the plain method, StartFrame to its frame), exactly like a
/// suspending closure.</item>
/// </list>
/// </summary>
internal sealed partial class StateMachineEmitter
{
    private readonly Dictionary<(InterfaceType, int), TypeDefinition> _ifaceMethods = new();
    private readonly Dictionary<FunctionSymbol, (MethodDefinition Ctor, MethodDefinition Invoke)> _fnRefs = new();

    /// <summary>Whether a dynamic call of this interface method may suspend (some implementation does).</summary>
    public bool IsSuspendingInterfaceCall(InterfaceType it, int index) => info.SuspendingInterfaceMethods.Contains((it, index));

    /// <summary>The IGreenM interface of (interface, method): StartFrame(args) and EndFrame(frame).</summary>
    public TypeDefinition InterfaceMethodStarter(InterfaceType it, int index, out MethodDefinition start, out MethodDefinition end)
    {
        if (!_ifaceMethods.TryGetValue((it, index), out var td))
        {
            var im = it.Methods[index];
            td = new TypeDefinition(ctx.Namespace, $"IGreenM{ctx.NextId()}_{TypeMapper.Sanitize(it.Name)}_{TypeMapper.Sanitize(im.Name)}",
                TypeAttributes.Interface | TypeAttributes.Abstract | TypeAttributes.NotPublic);
            var s = new MethodDefinition("StartFrame", MethodAttributes.Public | MethodAttributes.Abstract | MethodAttributes.Virtual
                | MethodAttributes.NewSlot | MethodAttributes.HideBySig, FrameBase);
            for (int i = 0; i < im.Parameters.Count; i++)
                s.Parameters.Add(new ParameterDefinition("a" + i, ParameterAttributes.None, ctx.Types.Map(im.Parameters[i] is RefType { IsMutable: false } r ? r.Inner : im.Parameters[i])));
            var e = new MethodDefinition("EndFrame", MethodAttributes.Public | MethodAttributes.Abstract | MethodAttributes.Virtual
                | MethodAttributes.NewSlot | MethodAttributes.HideBySig, ctx.TS.Void);
            e.Parameters.Add(new ParameterDefinition("frame", ParameterAttributes.None, FrameBase));
            td.Methods.Add(s);
            td.Methods.Add(e);
            ctx.Module.Types.Add(td);
            _ifaceMethods[(it, index)] = td;
        }
        start = td.Methods[0];
        end = td.Methods[1];
        return td;
    }

    /// <summary>Hook of InterfaceEmitter: the adapter of each suspending implementation method implements IGreenM.</summary>
    public void OnAdapter(TypeDefinition adapter, FieldDefinition value, InterfaceType it, List<FunctionSymbol> methods)
    {
        for (int i = 0; i < it.Methods.Count && i < methods.Count; i++)
        {
            var target = methods[i];
            if (!IsSuspendingInterfaceCall(it, i) || !IsSuspending(target)) continue;
            var iface = InterfaceMethodStarter(it, i, out var istart, out var iend);
            adapter.Interfaces.Add(new Mono.Cecil.InterfaceImplementation(iface));
            var fr = FrameFor(target);
            var name = iface.Name;
            var s = new MethodDefinition(name + ".StartFrame", MethodAttributes.Private | MethodAttributes.Final | MethodAttributes.Virtual
                | MethodAttributes.NewSlot | MethodAttributes.HideBySig, FrameBase);
            foreach (var p in istart.Parameters) s.Parameters.Add(new ParameterDefinition(p.Name, ParameterAttributes.None, p.ParameterType));
            s.Overrides.Add(istart);
            var il = s.Body.GetILProcessor();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, value);   // self: the frame holds a copy (copied back by EndFrame for `&mut self`)
            foreach (var p in s.Parameters) il.Emit(OpCodes.Ldarg, p);
            il.Emit(OpCodes.Call, fr.Start!);
            il.Emit(OpCodes.Ret);
            adapter.Methods.Add(s);
            var e = new MethodDefinition(name + ".EndFrame", MethodAttributes.Private | MethodAttributes.Final | MethodAttributes.Virtual
                | MethodAttributes.NewSlot | MethodAttributes.HideBySig, ctx.TS.Void);
            e.Parameters.Add(new ParameterDefinition("frame", ParameterAttributes.None, FrameBase));
            e.Overrides.Add(iend);
            il = e.Body.GetILProcessor();
            if (target.Parameters.Count > 0 && target.Parameters[0].Type is RefType { IsMutable: true })
            {
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Castclass, fr.Type);
                LoadParameter(il, fr, 0);
                il.Emit(OpCodes.Stfld, value);
            }
            il.Emit(OpCodes.Ret);
            adapter.Methods.Add(e);
        }
    }

    /// <summary>Whether a reference to <paramref name="fn"/> as a value of type <paramref name="ft"/> needs the suspending wrapper.</summary>
    public bool NeedsFunctionRefObject(FunctionSymbol fn, FunctionType ft)
        => IsSuspending(fn) && info.IsSuspendingType(ft);

    /// <summary>The wrapper class of a suspending named function used as a value: (constructor, Invoke).</summary>
    public (MethodDefinition Ctor, MethodDefinition Invoke) FunctionRefObject(FunctionSymbol fn, FunctionType ft)
    {
        if (_fnRefs.TryGetValue(fn, out var r)) return r;
        var td = new TypeDefinition(ctx.Namespace, $"FnRef{ctx.NextId()}_{TypeMapper.Sanitize(fn.Name)}",
            TypeAttributes.NotPublic | TypeAttributes.Sealed | TypeAttributes.BeforeFieldInit, ctx.TS.Object);
        var ctor = new MethodDefinition(".ctor",
            MethodAttributes.Public | MethodAttributes.HideBySig | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName, ctx.TS.Void);
        var il = ctor.Body.GetILProcessor();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, ctx.Module.ImportReference(typeof(object).GetConstructor(Type.EmptyTypes)));
        il.Emit(OpCodes.Ret);
        td.Methods.Add(ctor);
        ctx.Module.Types.Add(td);

        // Invoke: the plain method (`&T` parameters arrive by value and are passed by address, as the thunks do).
        var target = ctx.MethodFor(fn);
        var invoke = new MethodDefinition("Invoke", MethodAttributes.Public | MethodAttributes.HideBySig, ctx.Types.Map(fn.ReturnType));
        for (int i = 0; i < fn.Parameters.Count; i++)
            invoke.Parameters.Add(new ParameterDefinition(TypeMapper.Sanitize(fn.Parameters[i].Name), ParameterAttributes.None, ctx.Types.MapSigParam(fn, i)));
        il = invoke.Body.GetILProcessor();
        for (int i = 0; i < fn.Parameters.Count; i++)
            ctx.Types.EmitForwardedArg(il, fn, i, invoke.Parameters[i]);
        il.Emit(OpCodes.Call, target);
        il.Emit(OpCodes.Ret);
        td.Methods.Add(invoke);

        // StartFrame: the function's frame.
        var fr = FrameFor(fn);
        var iface = InterfaceFor(ft, out var startRef);
        td.Interfaces.Add(new Mono.Cecil.InterfaceImplementation(iface));
        var sf = new MethodDefinition("StartFrame", MethodAttributes.Public | MethodAttributes.Virtual | MethodAttributes.NewSlot
            | MethodAttributes.Final | MethodAttributes.HideBySig, FrameBase);
        foreach (var f in fr.Params) sf.Parameters.Add(new ParameterDefinition(f.Name, ParameterAttributes.None, f.FieldType));
        il = sf.Body.GetILProcessor();
        foreach (var p in sf.Parameters) il.Emit(OpCodes.Ldarg, p);
        il.Emit(OpCodes.Call, fr.Start!);
        il.Emit(OpCodes.Ret);
        td.Methods.Add(sf);
        AddArgOuts(td, iface, fr);
        r = (ctor, invoke);
        _fnRefs[fn] = r;
        return r;
    }
}
