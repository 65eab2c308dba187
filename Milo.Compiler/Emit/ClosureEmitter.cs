using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Runtime;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Compiler.Emit;

/// <summary>
/// Closures (one class per BoundClosureExpr: a field per capture + an instance Invoke), function values (delegates over
/// static methods, through a thunk when `&amp;T` parameters must be passed by value) and `parallel` blocks.
/// </summary>
internal sealed class ClosureEmitter(EmitContext ctx)
{
    private readonly Dictionary<FunctionSymbol, MethodDefinition> _thunks = new();

    private TypeDefinition NewClass(string name)
    {
        var td = new TypeDefinition(ctx.Namespace, name,
            TypeAttributes.NotPublic | TypeAttributes.Sealed | TypeAttributes.BeforeFieldInit, ctx.TS.Object);
        var ctor = new MethodDefinition(".ctor",
            MethodAttributes.Public | MethodAttributes.HideBySig | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName, ctx.TS.Void);
        var il = ctor.Body.GetILProcessor();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, ctx.Module.ImportReference(typeof(object).GetConstructor(Type.EmptyTypes)));
        il.Emit(OpCodes.Ret);
        td.Methods.Add(ctor);
        ctx.Module.Types.Add(td);
        return td;
    }

    private static MethodDefinition Ctor(TypeDefinition td) => td.Methods.First(m => m.IsConstructor);

    /// <summary>Pushes a delegate for the closure, capturing from the enclosing function <paramref name="outer"/>. With
    /// <paramref name="byValueRefs"/> (a callback handed to a runtime method, <see cref="ByValueCallbacks"/>) its `&amp;T`
    /// parameters take the value and the delegate is the System.Func/Action the runtime expects.</summary>
    public void EmitClosure(FunctionEmitter outer, BoundClosureExpr c, bool byValueRefs = false)
    {
        var fn = c.Function.Symbol;
        var ft = (FunctionType)c.Type.StripRange();
        var cls = NewClass($"Closure{ctx.NextId()}_{TypeMapper.Sanitize(fn.Name)}");
        var il = outer.IL;

        var (env, inits) = Captures(outer, c, cls, "");

        var invoke = new MethodDefinition("Invoke", MethodAttributes.Public | MethodAttributes.HideBySig, ctx.Types.Map(fn.ReturnType));
        for (int i = 0; i < fn.Parameters.Count; i++)
            invoke.Parameters.Add(new ParameterDefinition(TypeMapper.Sanitize(fn.Parameters[i].Name), ParameterAttributes.None,
                byValueRefs ? ctx.Callbacks.ValueParam(fn.Parameters[i].Type) : ctx.Types.MapSigParam(fn, i)));
        cls.Methods.Add(invoke);
        if (c.Function.Body == null) throw new EmitException($"closure {fn.Name} has no body");
        new FunctionEmitter(ctx, invoke, fn, env).EmitBody(c.Function.Body);
        ctx.Green?.OnClosure(cls, c, env);

        // new Closure { fields }, then new Delegate(obj, &Invoke)
        il.Emit(OpCodes.Newobj, Ctor(cls));
        foreach (var (f, load) in inits)
        {
            il.Emit(OpCodes.Dup);
            load();
            il.Emit(OpCodes.Stfld, f);
        }
        il.Emit(OpCodes.Ldftn, invoke);
        var del = byValueRefs ? ctx.Callbacks.FuncOf(ft) : ctx.Types.Delegate(ft);
        il.Emit(OpCodes.Newobj, ctx.Types.DelegateCtor(del));
    }

    /// <summary>
    /// Fields of <paramref name="holder"/> for the closure's captures (a shared cell for by-reference captures of non-move
    /// closures, else the value itself) and the loaders that fill them from the enclosing function.
    /// </summary>
    private (Dictionary<VariableSymbol, Storage> Env, List<(FieldDefinition Field, Action Load)> Inits) Captures(
        FunctionEmitter outer, BoundClosureExpr c, TypeDefinition holder, string prefix)
    {
        var il = outer.IL;
        var fn = c.Function.Symbol;
        var env = new Dictionary<VariableSymbol, Storage>();
        var inits = new List<(FieldDefinition Field, Action Load)>();
        foreach (var v in c.Captures)
        {
            var st = outer.StorageOf(v) ?? throw new EmitException($"closure {fn.Name} captures unknown variable '{v.Name}'");
            var valueType = st.ValueType;
            GenericInstanceType? cellType = st switch
            {
                CellStorage cs => cs.BoxType,
                EnvStorage { BoxType: { } b } => b,
                _ => null,
            };
            if (c.IsMove || cellType == null)
            {
                var f = new FieldDefinition(prefix + TypeMapper.Sanitize(v.Name), FieldAttributes.Public, ctx.Types.Map(valueType));
                holder.Fields.Add(f);
                env[v] = new EnvStorage { Field = f, ValueType = valueType };
                inits.Add((f, () =>
                {
                    outer.LoadStorage(st);
                    if (c.IsMove) ctx.Copy.EmitCopy(il, valueType);
                }));
            }
            else
            {
                var f = new FieldDefinition(prefix + TypeMapper.Sanitize(v.Name), FieldAttributes.Public, cellType);
                holder.Fields.Add(f);
                env[v] = new EnvStorage { Field = f, BoxType = cellType, ValueType = valueType };
                inits.Add((f, () =>
                {
                    if (st is CellStorage cs) il.Emit(OpCodes.Ldloc, cs.Cell);
                    else { outer.LoadEnvObject((EnvStorage)st); il.Emit(OpCodes.Ldfld, ((EnvStorage)st).Field); }
                }));
            }
        }
        return (env, inits);
    }

    /// <summary>
    /// <c>Task.spawn(closure literal)</c> with a suspending body: pushes the green-thread frame itself, its captures stored
    /// in the frame's own fields (no closure object, no delegate, no StartFrame call: one allocation per spawn). False
    /// (nothing emitted) when the closure does not run as a state machine; the call then goes the ordinary way.
    /// </summary>
    public bool TryEmitSpawnFrame(FunctionEmitter outer, BoundClosureExpr c)
    {
        if (ctx.Green is not { } green || !green.CanFrameDirectly(c)) return false;
        var frame = green.NewDirectFrame(c);
        var (env, inits) = Captures(outer, c, frame.Type, "c_");
        green.EmitDirectMoveNext(frame, c, env);
        var il = outer.IL;
        il.Emit(OpCodes.Newobj, Ctor(frame.Type));
        foreach (var (f, load) in inits)
        {
            il.Emit(OpCodes.Dup);
            load();
            il.Emit(OpCodes.Stfld, f);
        }
        return true;
    }

    /// <summary>Pushes a delegate over a named function.</summary>
    public void EmitFunctionRef(FunctionEmitter fe, BoundFunctionRefExpr f)
    {
        var ft = (FunctionType)f.Type.StripRange();
        if (ctx.Green is { } green && green.NeedsFunctionRefObject(f.Function, ft))
        {
            // A suspending function as a value: an object whose StartFrame a green thread's call site can find.
            var (ctor, invoke) = green.FunctionRefObject(f.Function, ft);
            fe.IL.Emit(OpCodes.Newobj, ctor);
            fe.IL.Emit(OpCodes.Ldftn, invoke);
            fe.IL.Emit(OpCodes.Newobj, ctx.Types.DelegateCtor(ctx.Types.Delegate(ft)));
            return;
        }
        var target = ctx.MethodFor(f.Function);
        bool needsThunk = Enumerable.Range(0, f.Function.Parameters.Count).Any(i => PassesAddress(f.Function, i));
        var method = needsThunk ? Thunk(f.Function, target) : target;
        var il = fe.IL;
        il.Emit(OpCodes.Ldnull);
        il.Emit(OpCodes.Ldftn, method);
        il.Emit(OpCodes.Newobj, ctx.Types.DelegateCtor(ctx.Types.Delegate(ft)));
    }

    /// <summary>A `&amp;T` parameter the named function's method and a delegate pass differently (a byref on one side,
    /// the value on the other: <see cref="RefParamPassing.ByValue"/>, <see cref="TypeMapper.SigByRef"/>).</summary>
    private bool PassesAddress(FunctionSymbol fn, int i)
        => fn.Parameters[i].Type is RefType { IsMutable: false }
           && ctx.Types.RefParams.ByRef(fn, i) != ctx.Types.MapSigParam(fn, i).IsByReference;

    /// <summary>A static method with the delegate's signature forwarding to the named function's method.</summary>
    private MethodDefinition Thunk(FunctionSymbol fn, MethodDefinition target)
    {
        if (_thunks.TryGetValue(fn, out var m)) return m;
        m = new MethodDefinition("__thunk_" + TypeMapper.Sanitize(fn.Name), MethodAttributes.Assembly | MethodAttributes.Static | MethodAttributes.HideBySig,
            ctx.Types.Map(fn.ReturnType));
        for (int i = 0; i < fn.Parameters.Count; i++)
            m.Parameters.Add(new ParameterDefinition(TypeMapper.Sanitize(fn.Parameters[i].Name), ParameterAttributes.None, ctx.Types.MapSigParam(fn, i)));
        ctx.AddFunction(m);
        var il = m.Body.GetILProcessor();
        for (int i = 0; i < fn.Parameters.Count; i++)
            ctx.Types.EmitForwardedArg(il, fn, i, m.Parameters[i]);
        il.Emit(OpCodes.Call, target);
        il.Emit(OpCodes.Ret);
        EmitContext.Finish(m);
        _thunks[fn] = m;
        return m;
    }

    /// <summary>
    /// `parallel { let a = e1 … }`: one slot object per binding (`Func&lt;T&gt; F; T R; void Run() { R = F(); }`),
    /// ParallelBlock.Run(slot.Run, …), then each local = slot.R.
    /// </summary>
    public void EmitParallel(FunctionEmitter fe, BoundParallel p)
    {
        var il = fe.IL;
        var slots = new List<(VariableDefinition Slot, FieldDefinition R)>();
        var actionCtor = ctx.Types.DelegateCtor(ctx.Import(typeof(Action)));
        foreach (var (local, branch) in p.Bindings)
        {
            var ft = (FunctionType)branch.Type.StripRange();
            var del = ctx.Types.Delegate(ft);
            var cls = NewClass($"Parallel{ctx.NextId()}_{TypeMapper.Sanitize(local.Name)}");
            var fF = new FieldDefinition("F", FieldAttributes.Public, del);
            var resultType = ft.ReturnType;
            var fR = new FieldDefinition("R", FieldAttributes.Public, resultType.IsVoid ? ctx.TS.Int32 : ctx.Types.Map(resultType));
            cls.Fields.Add(fF);
            cls.Fields.Add(fR);
            var run = new MethodDefinition("Run", MethodAttributes.Public | MethodAttributes.HideBySig, ctx.TS.Void);
            cls.Methods.Add(run);
            var ril = run.Body.GetILProcessor();
            if (!resultType.IsVoid) ril.Emit(OpCodes.Ldarg_0);
            ril.Emit(OpCodes.Ldarg_0);
            ril.Emit(OpCodes.Ldfld, fF);
            ril.Emit(OpCodes.Callvirt, ctx.Types.DelegateInvoke(del, ft));
            if (!resultType.IsVoid) ril.Emit(OpCodes.Stfld, fR);
            ril.Emit(OpCodes.Ret);

            var slot = fe.NewTemp(cls);
            il.Emit(OpCodes.Newobj, Ctor(cls));
            il.Emit(OpCodes.Dup);
            EmitClosure(fe, branch);
            il.Emit(OpCodes.Stfld, fF);
            il.Emit(OpCodes.Stloc, slot);
            slots.Add((slot, fR));
        }
        il.Emit(OpCodes.Ldc_I4, slots.Count);
        il.Emit(OpCodes.Newarr, ctx.Import(typeof(Action)));
        for (int i = 0; i < slots.Count; i++)
        {
            var run = ((TypeDefinition)slots[i].Slot.VariableType).Methods.First(m => m.Name == "Run");
            il.Emit(OpCodes.Dup);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldloc, slots[i].Slot);
            il.Emit(OpCodes.Ldftn, run);
            il.Emit(OpCodes.Newobj, actionCtor);
            il.Emit(OpCodes.Stelem_Ref);
        }
        il.Emit(OpCodes.Call, ctx.RuntimeApi.ParallelRun);
        for (int i = 0; i < p.Bindings.Count; i++)
        {
            var (slot, r) = slots[i];
            if (p.Bindings[i].Branch.Type is FunctionType { ReturnType.IsVoid: true }) continue;
            fe.DeclareLocal(p.Bindings[i].Local, () => { il.Emit(OpCodes.Ldloc, slot); il.Emit(OpCodes.Ldfld, r); });
        }
    }
}
