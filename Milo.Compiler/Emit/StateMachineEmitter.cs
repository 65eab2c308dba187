using Milo.Compiler.Binding;
using Milo.Compiler.Lowering;
using Milo.Compiler.Symbols;
using Milo.Runtime;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Compiler.Emit;

/// <summary>A generated frame class: the heap activation record of one suspending function or closure body.</summary>
internal sealed class FrameClass
{
    public required TypeDefinition Type { get; init; }
    public required List<FieldDefinition> Params { get; init; }
    /// <summary>For closure bodies: the closure object (captures are read through it).</summary>
    public FieldDefinition? Closure { get; init; }
    /// <summary>Static `Start(params)` for functions; null for closures (they use StartFrame on the closure class).</summary>
    public MethodDefinition? Start { get; set; }
    /// <summary>GreenFrame&lt;R&gt; for value-returning bodies, else null.</summary>
    public GenericInstanceType? ResultBase { get; init; }
    /// <summary>The CLR fields of the state machine's other frame fields (hoisted locals, parameter cells, awaiters).</summary>
    public Dictionary<FrameFieldSymbol, FieldDefinition> Fields { get; } = new();
    /// <summary>Parameters captured by reference: parameter index → the field holding its heap cell (made by Start).</summary>
    public Dictionary<int, (FieldDefinition Field, GenericInstanceType Box)> Cells { get; } = new();
}

/// <summary>
/// Emits the state-machine side of green threads (docs/green-threads.md): for every suspending function, method and
/// closure body a frame class deriving from Milo.Runtime.GreenFrame whose MoveNext is the lowered body
/// (Lowering/StateMachineRewriter) compiled by <see cref="FunctionEmitter"/> like any method over the frame's fields; and
/// the generated classes and methods the lowered nodes name (FrameClassType, BoundFrameMethodCallExpr, frame fields).
/// Suspending closures also get `StartFrame(args)` and implement IGreenStart (no parameters) or a generated
/// IGreenFn interface, which call sites test for at run time.
/// </summary>
internal sealed partial class StateMachineEmitter(EmitContext ctx, GreenThreadFacts info)
{
    private readonly Dictionary<FunctionSymbol, FrameClass> _frames = new();
    private readonly Queue<(FunctionSymbol Fn, FrameClass Frame)> _pending = new();
    private readonly Dictionary<string, TypeDefinition> _ifaces = new();

    private FieldReference FrameState => ctx.Module.ImportReference(typeof(GreenFrame).GetField(nameof(GreenFrame.State))!);
    public TypeReference FrameBase => ctx.Import(typeof(GreenFrame));

    public GenericInstanceType ResultFrameOf(TypeReference result)
    {
        var gi = new GenericInstanceType(ctx.Import(typeof(GreenFrame<>)));
        gi.GenericArguments.Add(result);
        return gi;
    }

    public FieldReference ResultField(GenericInstanceType frameBase) => ctx.Types.FieldOn(typeof(GreenFrame<>), "Result", frameBase);

    private FrameClass NewFrame(string name, FunctionSymbol fn, TypeReference? closureType)
    {
        GenericInstanceType? rb = fn.ReturnType.IsVoid ? null : ResultFrameOf(ctx.Types.Map(fn.ReturnType));
        var td = new TypeDefinition(ctx.Namespace, $"{TypeMapper.Sanitize(name)}__Frame{ctx.NextId()}",
            TypeAttributes.NotPublic | TypeAttributes.Sealed | TypeAttributes.BeforeFieldInit, rb ?? FrameBase);
        var ctor = new MethodDefinition(".ctor",
            MethodAttributes.Public | MethodAttributes.HideBySig | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName, ctx.TS.Void);
        var il = ctor.Body.GetILProcessor();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, rb != null ? ctx.Types.CtorOn(typeof(GreenFrame<>), rb) : ctx.Module.ImportReference(typeof(GreenFrame).GetConstructor(Type.EmptyTypes)));
        il.Emit(OpCodes.Ret);
        td.Methods.Add(ctor);
        var ps = new List<FieldDefinition>();
        foreach (var p in info.StateMachines[fn].ParameterFields) // the frame description from Lowering/StateMachineRewriter
        {
            var f = new FieldDefinition(TypeMapper.Sanitize(p.Name), FieldAttributes.Public, ctx.Types.Map(p.Type));
            td.Fields.Add(f);
            ps.Add(f);
        }
        FieldDefinition? cf = null;
        if (closureType != null) { cf = new FieldDefinition("__closure", FieldAttributes.Public, closureType); td.Fields.Add(cf); }
        ctx.Module.Types.Add(td);
        var fr = new FrameClass { Type = td, Params = ps, Closure = cf, ResultBase = rb };
        foreach (var (p, cell) in info.StateMachines[fn].ParameterCells)
        {
            var box = ctx.Types.BoxOf(cell.Type);
            var f = new FieldDefinition(TypeMapper.Sanitize(cell.Name), FieldAttributes.Public, box);
            td.Fields.Add(f);
            fr.Cells[cell.Index] = (f, box);
        }
        AddAliasMethods(fr, fn.Parameters.Select(p => p.Type).ToList());
        return fr;
    }

    /// <summary>`Alias{i}(j)`: parameter i's cell becomes the cell of its partner j (Lowering/StateMachineRewriter/SharedRefParameters).</summary>
    private void AddAliasMethods(FrameClass fr, List<MiloType> ps)
    {
        for (int i = 0; i < ps.Count; i++)
        {
            var partners = SharedRefParameters.Partners(ps, i).ToList();
            if (partners.Count == 0) continue;
            var m = new MethodDefinition("Alias" + i, MethodAttributes.Public | MethodAttributes.HideBySig, ctx.TS.Void);
            m.Parameters.Add(new ParameterDefinition("j", ParameterAttributes.None, ctx.TS.Int32));
            var il = m.Body.GetILProcessor();
            var ret = il.Create(OpCodes.Ret);
            foreach (var j in partners)
            {
                var next = il.Create(OpCodes.Nop);
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Ldc_I4, j);
                il.Emit(OpCodes.Bne_Un, next);
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldfld, fr.Cells[j].Field);
                il.Emit(OpCodes.Stfld, fr.Cells[i].Field);
                il.Emit(OpCodes.Br, ret);
                il.Append(next);
            }
            il.Append(ret);
            fr.Type.Methods.Add(m);
        }
    }

    /// <summary>Pushes parameter <paramref name="k"/>'s current value from the frame on the stack (its cell's when it has one).</summary>
    public void LoadParameter(ILProcessor il, FrameClass fr, int k)
    {
        if (fr.Cells.TryGetValue(k, out var cell))
        {
            il.Emit(OpCodes.Ldfld, cell.Field);
            il.Emit(OpCodes.Ldfld, ctx.Types.BoxValue(cell.Box));
        }
        else il.Emit(OpCodes.Ldfld, fr.Params[k]);
    }

    /// <summary>The fields of the state machine's hoisted locals (its child frames among them). Added once the frame is
    /// known by <see cref="FrameFor"/>: a recursive function's awaiter is typed by its own frame class.</summary>
    private void AddHoistedFields(FrameClass fr, FunctionSymbol fn)
    {
        foreach (var (l, hf) in info.StateMachines[fn].HoistedLocals)
        {
            var fd = new FieldDefinition(TypeMapper.Sanitize(hf.Name), FieldAttributes.Public,
                l.IsCapturedByReference ? ctx.Types.BoxOf(hf.Type) : ctx.Types.Map(hf.Type));
            fr.Type.Fields.Add(fd);
            fr.Fields[hf] = fd;
        }
    }

    /// <summary>The CLR field a frame field read names: a parameter field of a function's frame class, or the Result of
    /// GreenFrame&lt;R&gt;.</summary>
    public FieldReference FieldOf(FrameFieldSymbol f) => f.Kind switch
    {
        FrameFieldKind.Parameter => FrameFor(f.Owner).Params[f.Index],
        FrameFieldKind.Result => ResultField(ResultFrameOf(ctx.Types.Map(f.Type))),
        _ => throw new EmitException($"frame field {f.Name} ({f.Kind}) is read through its variable, not a frame"),
    };

    /// <summary>The generated class a <see cref="FrameClassType"/> names.</summary>
    public TypeReference TypeOf(FrameClassType t) => t.Kind switch
    {
        FrameClassKind.Frame => FrameFor(t.Function!).Type,
        FrameClassKind.FunctionStarter => InterfaceFor(t.FunctionType!, out _),
        _ => InterfaceMethodStarter(t.Interface!, t.MethodIndex, out _, out _),
    };

    /// <summary>The generated method a <see cref="BoundFrameMethodCallExpr"/> calls.</summary>
    public MethodReference MethodOf(BoundFrameMethodCallExpr c)
    {
        if (c.Method == FrameMethodKind.Start) return FrameFor(c.Function!).Start!;
        if (c.Method == FrameMethodKind.Alias && c.Function != null)
            return FrameFor(c.Function).Type.Methods.First(m => m.Name == "Alias" + c.Argument);
        var starter = c.Receiver?.Type as FrameClassType ?? throw new EmitException($"frame method {c.Method} without a starter");
        if (starter.Kind == FrameClassKind.InterfaceMethodStarter)
        {
            InterfaceMethodStarter(starter.Interface!, starter.MethodIndex, out var start, out var end);
            return c.Method == FrameMethodKind.EndFrame ? end : start;
        }
        var iface = InterfaceFor(starter.FunctionType!, out var startFrame);
        return c.Method switch
        {
            FrameMethodKind.ArgOut => ((TypeDefinition)iface).Methods.First(m => m.Name == "ArgOut" + c.Argument),
            FrameMethodKind.Alias => ((TypeDefinition)iface).Methods.First(m => m.Name == "Alias" + c.Argument),
            _ => startFrame,
        };
    }

    /// <summary>Stores the start arguments into a new frame (on the stack, left there): parameter fields, and the heap
    /// cells of parameters captured by reference.</summary>
    private void StoreParameters(ILProcessor il, FrameClass fr, IList<ParameterDefinition> args)
    {
        for (int i = 0; i < fr.Params.Count; i++)
        {
            il.Emit(OpCodes.Dup);
            il.Emit(OpCodes.Ldarg, args[i]);
            il.Emit(OpCodes.Stfld, fr.Params[i]);
            if (!fr.Cells.TryGetValue(i, out var cell)) continue;
            il.Emit(OpCodes.Dup);
            il.Emit(OpCodes.Ldarg, args[i]);
            il.Emit(OpCodes.Newobj, ctx.Types.BoxCtor(cell.Box));
            il.Emit(OpCodes.Stfld, cell.Field);
        }
    }

    /// <summary>Where the MoveNext body finds its variables: parameters (or their cells), hoisted locals, the state and the
    /// result in this frame's fields; a closure frame's captures (<paramref name="captures"/>) through its closure object.</summary>
    private Dictionary<VariableSymbol, Storage> MoveNextEnv(FrameClass fr, BoundStateMachine machine, Dictionary<VariableSymbol, Storage>? captures)
    {
        var env = captures == null ? new Dictionary<VariableSymbol, Storage>() : new Dictionary<VariableSymbol, Storage>(captures);
        var fn = machine.Function;
        for (int i = 0; i < fn.Parameters.Count; i++)
        {
            var p = fn.Parameters[i];
            var vt = p.Type is RefType r ? r.Inner : p.Type;
            env[p] = fr.Cells.TryGetValue(i, out var cell)
                ? new EnvStorage { Field = cell.Field, BoxType = cell.Box, ValueType = vt }
                : new EnvStorage { Field = fr.Params[i], ValueType = vt };
        }
        foreach (var (l, hf) in machine.HoistedLocals)
            env[l] = new EnvStorage { Field = fr.Fields[hf], BoxType = l.IsCapturedByReference ? ctx.Types.BoxOf(hf.Type) : null, ValueType = hf.Type };
        env[machine.StateVariable!] = new EnvStorage { Field = FrameState, ValueType = TypeFactory.I32 };
        if (machine.ResultVariable != null)
            env[machine.ResultVariable] = new EnvStorage { Field = ResultField(fr.ResultBase!), ValueType = machine.ResultVariable.Type };
        return env;
    }

    public bool IsSuspending(FunctionSymbol f) => info.Suspending.Contains(f) && f.Kind != FunctionKind.Closure && info.Bodies.ContainsKey(f);

    /// <summary>The frame class of a suspending function or method (created on first use; its MoveNext is emitted later).</summary>
    public FrameClass FrameFor(FunctionSymbol fn)
    {
        if (_frames.TryGetValue(fn, out var fr)) return fr;
        fr = NewFrame(fn.Name, fn, null);
        _frames[fn] = fr;
        AddHoistedFields(fr, fn);
        var start = new MethodDefinition("Start", MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig, fr.Type);
        foreach (var p in fn.Parameters)
            start.Parameters.Add(new ParameterDefinition(TypeMapper.Sanitize(p.Name), ParameterAttributes.None, fr.Params[start.Parameters.Count].FieldType));
        var il = start.Body.GetILProcessor();
        il.Emit(OpCodes.Newobj, fr.Type.Methods.First(m => m.IsConstructor));
        StoreParameters(il, fr, start.Parameters);
        il.Emit(OpCodes.Ret);
        fr.Type.Methods.Add(start);
        fr.Start = start;
        _pending.Enqueue((fn, fr));
        return fr;
    }

    /// <summary>Emits the MoveNext of every frame requested so far (and of those requested meanwhile).</summary>
    public void EmitPending()
    {
        while (_pending.Count > 0)
        {
            var (fn, fr) = _pending.Dequeue();
            try { EmitMoveNext(fr, fn, null); }
            catch (EmitException ex) { throw new EmitException($"in the state machine of '{fn.Name}': {ex.Message}"); }
        }
    }

    /// <summary>MoveNext is emitted like any method: its bound body (Lowering/StateMachineRewriter) over the frame's fields.</summary>
    private void EmitMoveNext(FrameClass fr, FunctionSymbol fn, Dictionary<VariableSymbol, Storage>? captures)
    {
        var machine = info.StateMachines[fn];
        var mn = new MethodDefinition("MoveNext", MethodAttributes.Public | MethodAttributes.Virtual | MethodAttributes.HideBySig, ctx.TS.Boolean);
        fr.Type.Methods.Add(mn);
        new FunctionEmitter(ctx, mn, machine.MoveNext, MoveNextEnv(fr, machine, captures)).EmitBody(machine.MoveNextBody);
    }

    /// <summary>The interface a suspending closure of type <paramref name="ft"/> implements (IGreenStart without parameters).</summary>
    public TypeReference InterfaceFor(FunctionType ft, out MethodReference startFrame)
    {
        if (ft.Parameters.Count == 0)
        {
            startFrame = ctx.Module.ImportReference(typeof(IGreenStart).GetMethod(nameof(IGreenStart.StartFrame))!);
            return ctx.Import(typeof(IGreenStart));
        }
        if (!_ifaces.TryGetValue(ft.MangledName, out var td))
        {
            td = new TypeDefinition(ctx.Namespace, $"IGreenFn{_ifaces.Count}_{TypeMapper.Sanitize(ft.MangledName)}",
                TypeAttributes.Interface | TypeAttributes.Abstract | TypeAttributes.NotPublic);
            var m = new MethodDefinition("StartFrame", MethodAttributes.Public | MethodAttributes.Abstract | MethodAttributes.Virtual
                | MethodAttributes.NewSlot | MethodAttributes.HideBySig, FrameBase);
            for (int i = 0; i < ft.Parameters.Count; i++)
                m.Parameters.Add(new ParameterDefinition("a" + i, ParameterAttributes.None, ctx.Types.Map(ft.Parameters[i] is RefType r ? r.Inner : ft.Parameters[i])));
            td.Methods.Add(m);
            // `&mut` parameters are copied into the frame: ArgOut{k}(frame) hands back parameter k's final value.
            for (int i = 0; i < ft.Parameters.Count; i++)
            {
                if (ft.Parameters[i] is not RefType { IsMutable: true } mr) continue;
                var o = new MethodDefinition("ArgOut" + i, MethodAttributes.Public | MethodAttributes.Abstract | MethodAttributes.Virtual
                    | MethodAttributes.NewSlot | MethodAttributes.HideBySig, ctx.Types.Map(mr.Inner));
                o.Parameters.Add(new ParameterDefinition("frame", ParameterAttributes.None, FrameBase));
                td.Methods.Add(o);
            }
            // Alias{k}(frame, j): the frame's `&` parameter k shares the cell of `&mut` parameter j (SharedRefParameters).
            for (int i = 0; i < ft.Parameters.Count; i++)
            {
                if (!SharedRefParameters.Partners(ft.Parameters, i).Any()) continue;
                var a = new MethodDefinition("Alias" + i, MethodAttributes.Public | MethodAttributes.Abstract | MethodAttributes.Virtual
                    | MethodAttributes.NewSlot | MethodAttributes.HideBySig, ctx.TS.Void);
                a.Parameters.Add(new ParameterDefinition("frame", ParameterAttributes.None, FrameBase));
                a.Parameters.Add(new ParameterDefinition("j", ParameterAttributes.None, ctx.TS.Int32));
                td.Methods.Add(a);
            }
            ctx.Module.Types.Add(td);
            _ifaces[ft.MangledName] = td;
        }
        startFrame = td.Methods[0];
        return td;
    }

    /// <summary>The interface's ArgOut{k} methods on <paramref name="cls"/> (the frame's copy of `&amp;mut` parameter k)
    /// and Alias{k} methods (forwarded to the frame's).</summary>
    private void AddArgOuts(TypeDefinition cls, TypeReference iface, FrameClass fr)
    {
        if (iface is not TypeDefinition itd) return;
        foreach (var m in itd.Methods.Where(m => m.Name.StartsWith("Alias")))
        {
            var impl = new MethodDefinition(m.Name, MethodAttributes.Public | MethodAttributes.Virtual | MethodAttributes.NewSlot
                | MethodAttributes.Final | MethodAttributes.HideBySig, ctx.TS.Void);
            impl.Parameters.Add(new ParameterDefinition("frame", ParameterAttributes.None, FrameBase));
            impl.Parameters.Add(new ParameterDefinition("j", ParameterAttributes.None, ctx.TS.Int32));
            var il = impl.Body.GetILProcessor();
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Castclass, fr.Type);
            il.Emit(OpCodes.Ldarg_2);
            il.Emit(OpCodes.Call, fr.Type.Methods.First(f => f.Name == m.Name));
            il.Emit(OpCodes.Ret);
            cls.Methods.Add(impl);
        }
        foreach (var m in itd.Methods.Where(m => m.Name.StartsWith("ArgOut")))
        {
            int k = int.Parse(m.Name["ArgOut".Length..]);
            var impl = new MethodDefinition(m.Name, MethodAttributes.Public | MethodAttributes.Virtual | MethodAttributes.NewSlot
                | MethodAttributes.Final | MethodAttributes.HideBySig, m.ReturnType);
            impl.Parameters.Add(new ParameterDefinition("frame", ParameterAttributes.None, FrameBase));
            var il = impl.Body.GetILProcessor();
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Castclass, fr.Type);
            LoadParameter(il, fr, k);
            il.Emit(OpCodes.Ret);
            cls.Methods.Add(impl);
        }
    }

    /// <summary>Hook of ClosureEmitter: a suspending closure gets a frame class, StartFrame and its interface.</summary>
    public void OnClosure(TypeDefinition cls, BoundClosureExpr c, Dictionary<VariableSymbol, Storage> env)
    {
        var fn = c.Function.Symbol;
        if (!info.Suspending.Contains(fn) || c.Function.Body == null) return;
        if (c.Type.StripRange() is not FunctionType ft) return;
        var fr = NewFrame(fn.Name, fn, cls);
        AddHoistedFields(fr, fn);
        var iface = InterfaceFor(ft, out _);
        cls.Interfaces.Add(new Mono.Cecil.InterfaceImplementation(iface));
        var sf = new MethodDefinition("StartFrame", MethodAttributes.Public | MethodAttributes.Virtual | MethodAttributes.NewSlot
            | MethodAttributes.Final | MethodAttributes.HideBySig, FrameBase);
        foreach (var f in fr.Params) sf.Parameters.Add(new ParameterDefinition(f.Name, ParameterAttributes.None, f.FieldType));
        var il = sf.Body.GetILProcessor();
        il.Emit(OpCodes.Newobj, fr.Type.Methods.First(m => m.IsConstructor));
        il.Emit(OpCodes.Dup);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Stfld, fr.Closure!);
        StoreParameters(il, fr, sf.Parameters);
        il.Emit(OpCodes.Ret);
        cls.Methods.Add(sf);
        AddArgOuts(cls, iface, fr);
        var frameEnv = new Dictionary<VariableSymbol, Storage>();
        foreach (var (v, st) in env)
            frameEnv[v] = st is EnvStorage e ? new EnvStorage { Field = e.Field, BoxType = e.BoxType, ValueType = e.ValueType, Via = fr.Closure } : st;
        try { EmitMoveNext(fr, fn, frameEnv); }
        catch (EmitException ex) { throw new EmitException($"in the state machine of closure '{fn.Name}': {ex.Message}"); }
    }

    /// <summary>Whether a closure literal can be started as a frame of its own (<see cref="ClosureEmitter.TryEmitSpawnFrame"/>):
    /// a suspending body without parameters.</summary>
    public bool CanFrameDirectly(BoundClosureExpr c)
        => info.Suspending.Contains(c.Function.Symbol) && c.Function.Body != null
           && c.Type.StripRange() is FunctionType { Parameters.Count: 0, HasMutRefParameter: false };

    /// <summary>A frame class for a closure literal whose captures live in the frame (added by the caller).</summary>
    public FrameClass NewDirectFrame(BoundClosureExpr c)
    {
        var fr = NewFrame(c.Function.Symbol.Name, c.Function.Symbol, null);
        AddHoistedFields(fr, c.Function.Symbol);
        return fr;
    }

    /// <summary>Emits the MoveNext of a direct frame; <paramref name="env"/> maps captures to the frame's own fields.</summary>
    public void EmitDirectMoveNext(FrameClass fr, BoundClosureExpr c, Dictionary<VariableSymbol, Storage> env)
    {
        var fn = c.Function.Symbol;
        try { EmitMoveNext(fr, fn, env); }
        catch (EmitException ex) { throw new EmitException($"in the state machine of closure '{fn.Name}': {ex.Message}"); }
    }
}
