using Milo.Compiler.Binding;
using Milo.Compiler.Lowering;
using Milo.Compiler.Symbols;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Compiler.Emit;

/// <summary>
/// State-machine mode of the function emitter (green threads, docs/green-threads.md). The body is emitted as the
/// MoveNext of a frame class: parameters are frame fields; each suspension point (a call of a suspending function,
/// of a suspending closure, or of a suspension primitive — only at statement level after Lowering/GreenLowering's
/// spilling, so the evaluation stack is empty there) starts a child frame and drives it:
/// <code>
///   child = Callee.Start(args)
/// resume_k:
///   if (child.MoveNext()) { State = k; goto save }   // suspended: unwind to the scheduler
///   ... child.Result ...
/// </code>
/// After the body: `save` copies every IL local into a frame field and returns true; the prologue (State != 0) restores
/// them and switches to resume_k. `return v` stores Result, sets State = -1 and returns false.
/// </summary>
internal sealed partial class FunctionEmitter
{
    private StateMachineEmitter? _sm;
    private FrameClass? _smFrame;
    private readonly List<Instruction> _smResumes = new();
    private Instruction? _smSave;
    private VariableDefinition? _smRet;
    /// <summary>The child frame whose `&amp;mut` parameters are being copied back (BoundFrameFieldRead reads it).</summary>
    private VariableDefinition? _smChild;

    internal void BeginStateMachine(StateMachineEmitter sm, FrameClass frame)
    {
        _sm = sm;
        _smFrame = frame;
        _smSave = _il.Create(OpCodes.Nop);
    }

    /// <summary>In a frame, parameter <paramref name="pi"/> lives in a frame field (a heap cell when captured by reference).</summary>
    private void SmBindParameter(int pi, ParameterSymbol p)
    {
        var vt = p.Type is RefType r ? r.Inner : p.Type;
        var fs = new EnvStorage { Field = _smFrame!.Params[pi], ValueType = vt };
        _vars[p] = p.IsCapturedByReference ? NewCell(fs.ValueType, () => LoadStorage(fs)) : fs;
    }

    /// <summary>Pushes the object that holds an EnvStorage field (`this`, or the closure object of a frame).</summary>
    public void LoadEnvObject(EnvStorage e)
    {
        _il.Emit(OpCodes.Ldarg_0);
        if (e.Via != null) _il.Emit(OpCodes.Ldfld, e.Via);
    }

    /// <summary>`return` in a frame: store Result, mark finished, return false.</summary>
    private void SmEmitRet()
    {
        if (!_fn.ReturnType.IsVoid)
        {
            _smRet ??= NewTemp(_fn.ReturnType);
            _il.Emit(OpCodes.Stloc, _smRet);
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldloc, _smRet);
            _il.Emit(OpCodes.Stfld, _sm!.ResultField(_smFrame!.ResultBase!));
        }
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldc_I4_M1);
        _il.Emit(OpCodes.Stfld, _sm!.FrameState);
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Ret);
    }

    /// <summary>Drives the child frame in <paramref name="child"/> (a new resume point); pushes its Result when wanted.</summary>
    private void SmDrive(VariableDefinition child, GenericInstanceType? resultBase, bool pushResult)
    {
        var resume = _il.Create(OpCodes.Nop);
        _il.Append(resume);
        _smResumes.Add(resume);
        int k = _smResumes.Count;
        var done = _il.Create(OpCodes.Nop);
        _il.Emit(OpCodes.Ldloc, child);
        _il.Emit(OpCodes.Callvirt, _sm!.FrameMoveNext);
        _il.Emit(OpCodes.Brfalse, done);
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldc_I4, k);
        _il.Emit(OpCodes.Stfld, _sm.FrameState);
        _il.Emit(OpCodes.Br, _smSave!);
        _il.Append(done);
        if (pushResult && resultBase != null)
        {
            _il.Emit(OpCodes.Ldloc, child);
            _il.Emit(OpCodes.Ldfld, _sm.ResultField(resultBase));
        }
    }

    /// <summary>
    /// <c>schedulerYield()</c> without a child frame (it is the hottest suspension: spawn-and-yield loops):
    /// <code>
    ///   State = k; goto save      // return true without a park request = go to the back of the run queue
    /// resume_k:                   // the restore block jumps here on the next MoveNext
    /// </code>
    /// </summary>
    private void SmYield()
    {
        var resume = _il.Create(OpCodes.Nop);
        _smResumes.Add(resume);
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldc_I4, _smResumes.Count);
        _il.Emit(OpCodes.Stfld, _sm!.FrameState);
        _il.Emit(OpCodes.Br, _smSave!);
        _il.Append(resume);
    }

    /// <summary>Emits a node that only a state machine's MoveNext body contains (Lowering/StateMachineRewriter): a
    /// suspension point, or a field of the child frame it has just driven; and the emitter's own temporaries.</summary>
    private void EmitStateMachineNode(BoundExpr e)
    {
        switch (e)
        {
            case TempRead tr:
                _il.Emit(OpCodes.Ldloc, tr.Temp);
                return;
            case BoundFrameFieldRead ffr:
                _il.Emit(OpCodes.Ldloc, _smChild ?? throw new EmitException("frame field read outside a suspension point"));
                _il.Emit(OpCodes.Ldfld, _sm!.FrameFor(ffr.Field.Owner).Params[ffr.Field.Index]);
                return;
            case BoundSuspensionExpr sp when _sm == null:
                throw new EmitException("suspension point outside a state machine");
            case BoundSuspensionExpr { Kind: SuspensionKind.Call, Operation: BoundCallExpr c } sp:
                SmCall(c, sp.WriteBacks);
                return;
            case BoundSuspensionExpr { Kind: SuspensionKind.ClosureCall, Operation: BoundClosureCallExpr cc }:
                SmClosureCall(cc);
                return;
            case BoundSuspensionExpr { Kind: SuspensionKind.InterfaceCall, Operation: BoundInterfaceCallExpr ic }:
                SmInterfaceCall(ic);
                return;
            case BoundSuspensionExpr { Kind: SuspensionKind.Yield }:
                SmYield();
                return;
            case BoundSuspensionExpr { Kind: SuspensionKind.Drop, Operation: BoundCallExpr { Arguments: [BoundVariableExpr v] } c }:
                SmDrop(Lookup(v.Variable), c.Function);
                return;
            case BoundSuspensionExpr { Kind: SuspensionKind.Primitive, Operation: BoundRuntimeCallExpr r, Factory: { } factory }:
                SmPrimitive(r, factory);
                return;
            default:
                throw new EmitException($"unexpected state-machine node {e.GetType().Name}");
        }
    }

    /// <summary>A call of a suspending function: start its frame, drive it, copy `&amp;mut` arguments back, push the result.</summary>
    private void SmCall(BoundCallExpr c, List<BoundAssign> writeBacks)
    {
        var sm = _sm!;
        var fr = sm.FrameFor(c.Function);
        var ps = c.Function.Parameters;
        for (int k = 0; k < c.Arguments.Count; k++)
        {
            EmitExpr(c.Arguments[k]);
            if (k < ps.Count) EmitConvertIfNumeric(c.Arguments[k].Type, ValueTypeOf(ps[k].Type));
        }
        _il.Emit(OpCodes.Call, fr.Start!);
        var child = NewTemp(fr.Type);
        _il.Emit(OpCodes.Stloc, child);
        SmDrive(child, fr.ResultBase, false);
        // `&mut` parameters are copied into the frame: copy them back out (copy-in/copy-out).
        var outer = _smChild;
        _smChild = child;
        foreach (var wb in writeBacks)
            if (IsAddressable(wb.Target)) EmitAssign(wb.Target, wb.Value);
        _smChild = outer;
        if (!c.Type.IsVoid && fr.ResultBase != null)
        {
            _il.Emit(OpCodes.Ldloc, child);
            _il.Emit(OpCodes.Ldfld, sm.ResultField(fr.ResultBase));
        }
    }

    /// <summary>A call through a function value that may be a suspending closure: `Target is IGreenFn…` → drive its
    /// frame, else invoke the delegate.</summary>
    private void SmClosureCall(BoundClosureCallExpr cc)
    {
        var sm = _sm!;
        var ft = (FunctionType)ValueTypeOf(cc.Callee.Type).StripRange();
        var del = Types.Delegate(ft);
        var d = NewTemp(del);
        EmitExpr(cc.Callee);
        _il.Emit(OpCodes.Stloc, d);
        var args = new List<VariableDefinition>();
        for (int k = 0; k < cc.Arguments.Count; k++)
        {
            var pt = ValueTypeOf(ft.Parameters[k]);
            var t = NewTemp(pt);
            EmitExpr(cc.Arguments[k]);
            EmitConvertIfNumeric(cc.Arguments[k].Type, pt);
            _il.Emit(OpCodes.Stloc, t);
            args.Add(t);
        }
        var iface = sm.InterfaceFor(ft, out var startFrame);
        var g = NewTemp(iface);
        var plain = _il.Create(OpCodes.Nop);
        var end = _il.Create(OpCodes.Nop);
        // `&mut` arguments go by copy-in/copy-out: the plain path passes the temporary's address, the frame path
        // reads the frame's final copy back (ArgOut{k}); both then store the temporary into the place.
        bool IsMutArg(int k) => k < ft.Parameters.Count && ft.Parameters[k] is RefType { IsMutable: true };
        var result = cc.Type.IsVoid ? null : NewTemp(ValueTypeOf(cc.Type));
        _il.Emit(OpCodes.Ldloc, d);
        _il.Emit(OpCodes.Callvirt, _ctx.Module.ImportReference(typeof(Delegate).GetProperty(nameof(Delegate.Target))!.GetGetMethod()!));
        _il.Emit(OpCodes.Isinst, iface);
        _il.Emit(OpCodes.Stloc, g);
        _il.Emit(OpCodes.Ldloc, g);
        _il.Emit(OpCodes.Brfalse, plain);
        _il.Emit(OpCodes.Ldloc, g);
        foreach (var a in args) _il.Emit(OpCodes.Ldloc, a);
        _il.Emit(OpCodes.Callvirt, startFrame);
        GenericInstanceType? rb = ft.ReturnType.IsVoid ? null : sm.ResultFrameOf(Types.Map(ft.ReturnType));
        VariableDefinition child;
        if (rb != null) { _il.Emit(OpCodes.Castclass, rb); child = NewTemp(rb); }
        else child = NewTemp(sm.FrameBase);
        _il.Emit(OpCodes.Stloc, child);
        SmDrive(child, rb, !cc.Type.IsVoid);
        if (result != null) _il.Emit(OpCodes.Stloc, result);
        for (int k = 0; k < args.Count; k++)
        {
            if (!IsMutArg(k)) continue;
            _il.Emit(OpCodes.Ldloc, g);
            _il.Emit(OpCodes.Ldloc, child);
            _il.Emit(OpCodes.Callvirt, ((TypeDefinition)iface).Methods.First(m => m.Name == "ArgOut" + k));
            _il.Emit(OpCodes.Stloc, args[k]);
        }
        _il.Emit(OpCodes.Br, end);
        _il.Append(plain);
        _il.Emit(OpCodes.Ldloc, d);
        for (int k = 0; k < args.Count; k++) _il.Emit(IsMutArg(k) ? OpCodes.Ldloca : OpCodes.Ldloc, args[k]);
        _il.Emit(OpCodes.Callvirt, Types.DelegateInvoke(del, ft));
        if (result != null) _il.Emit(OpCodes.Stloc, result);
        else if (!ft.ReturnType.IsVoid) _il.Emit(OpCodes.Pop);
        _il.Append(end);
        for (int k = 0; k < args.Count; k++)
            if (IsMutArg(k) && IsAddressable(cc.Arguments[k]))
                EmitAssign(cc.Arguments[k], new TempRead(cc.Arguments[k], args[k]));
        if (result != null) _il.Emit(OpCodes.Ldloc, result);
    }

    /// <summary>A [SuspendsAs] primitive: call its frame factory (closed over the receiver's type arguments for generic
    /// runtime classes), drive the frame, push its result.</summary>
    private void SmPrimitive(BoundRuntimeCallExpr r, System.Reflection.MethodInfo factory)
    {
        var sm = _sm!;
        MethodReference mref;
        GenericInstanceType? ownerGi = null;
        if (factory.DeclaringType!.IsGenericTypeDefinition)
        {
            var recvType = Types.Map(ValueTypeOf(r.InstanceType ?? r.Receiver!.Type)) as GenericInstanceType
                ?? throw new EmitException($"suspension primitive {r.Method.Name}: receiver type is not generic");
            ownerGi = new GenericInstanceType(_ctx.Module.ImportReference(factory.DeclaringType));
            foreach (var a in recvType.GenericArguments) ownerGi.GenericArguments.Add(a);
            mref = TypeMapper.OnInstance(_ctx.Module.ImportReference(factory), ownerGi);
        }
        else mref = _ctx.Module.ImportReference(factory);
        var fps = factory.GetParameters();
        int pi = 0;
        if (!r.Method.IsStatic) { EmitExpr(r.Receiver!); pi++; }
        foreach (var a in r.Arguments)
        {
            EmitExpr(a);
            if (pi < fps.Length) EmitConvertIfNumeric(a.Type, MiloTypeForClr(fps[pi].ParameterType, a.Type));
            pi++;
        }
        _il.Emit(OpCodes.Call, mref);
        // The frame's static type: GreenFrame or GreenFrame<X> (X closed over the owner's type arguments).
        GenericInstanceType? rb = null;
        var rt = factory.ReturnType;
        if (rt.IsGenericType)
        {
            var x = rt.GetGenericArguments()[0];
            TypeReference xr = x.IsGenericParameter ? ownerGi!.GenericArguments[x.GenericParameterPosition] : _ctx.Module.ImportReference(x);
            rb = sm.ResultFrameOf(xr);
        }
        var child = NewTemp(rb ?? sm.FrameBase);
        _il.Emit(OpCodes.Stloc, child);
        var ret = r.Method.ReturnType;
        bool push = ret != typeof(void) && !r.Type.IsVoid;
        SmDrive(child, rb, push);
        if (ret == typeof(void)) { if (!r.Type.IsVoid) EmitDefault(r.Type); }
        else if (push) EmitConvertIfNumeric(MiloTypeForClr(ret, r.Type), r.Type);
    }

    /// <summary>
    /// A dynamic call that may reach a suspending implementation: <c>receiver is IGreenM…</c> → drive its frame (then
    /// EndFrame copies `&amp;mut self` back), else the plain interface call.
    /// </summary>
    private void SmInterfaceCall(BoundInterfaceCallExpr ic)
    {
        var sm = _sm!;
        var clrIface = _ctx.Interfaces.InterfaceFor(ic.Interface);
        var im = clrIface.Methods[ic.MethodIndex];
        var recv = NewTemp(clrIface);
        EmitExpr(ic.Receiver);
        _il.Emit(OpCodes.Stloc, recv);
        var args = new List<VariableDefinition>();
        for (int k = 0; k < ic.Arguments.Count; k++)
        {
            var t = NewTemp(im.Parameters[k].ParameterType);
            EmitExpr(ic.Arguments[k]);
            _il.Emit(OpCodes.Stloc, t);
            args.Add(t);
        }
        var starter = sm.InterfaceMethodStarter(ic.Interface, ic.MethodIndex, out var start, out var end);
        var g = NewTemp(starter);
        var plain = _il.Create(OpCodes.Nop);
        var done = _il.Create(OpCodes.Nop);
        _il.Emit(OpCodes.Ldloc, recv);
        _il.Emit(OpCodes.Isinst, starter);
        _il.Emit(OpCodes.Stloc, g);
        _il.Emit(OpCodes.Ldloc, g);
        _il.Emit(OpCodes.Brfalse, plain);
        _il.Emit(OpCodes.Ldloc, g);
        foreach (var a in args) _il.Emit(OpCodes.Ldloc, a);
        _il.Emit(OpCodes.Callvirt, start);
        var retType = ic.Method.ReturnType;
        GenericInstanceType? rb = retType.IsVoid ? null : sm.ResultFrameOf(Types.Map(retType));
        VariableDefinition child;
        if (rb != null) { _il.Emit(OpCodes.Castclass, rb); child = NewTemp(rb); }
        else child = NewTemp(sm.FrameBase);
        _il.Emit(OpCodes.Stloc, child);
        SmDrive(child, rb, false);
        _il.Emit(OpCodes.Ldloc, g);
        _il.Emit(OpCodes.Ldloc, child);
        _il.Emit(OpCodes.Callvirt, end);
        if (rb != null && !ic.Type.IsVoid)
        {
            _il.Emit(OpCodes.Ldloc, child);
            _il.Emit(OpCodes.Ldfld, sm.ResultField(rb));
        }
        _il.Emit(OpCodes.Br, done);
        _il.Append(plain);
        _il.Emit(OpCodes.Ldloc, recv);
        foreach (var a in args) _il.Emit(OpCodes.Ldloc, a);
        _il.Emit(OpCodes.Callvirt, im);
        if (ic.Type.IsVoid && !retType.IsVoid) _il.Emit(OpCodes.Pop);
        _il.Append(done);
    }

    /// <summary>Dropping a struct local whose user <c>Drop</c> suspends: drive the drop's frame on a copy, store the copy
    /// back (`&amp;mut self`), then run the fields' drop glue.</summary>
    private void SmDrop(Storage st, FunctionSymbol userDrop)
    {
        if (!_ctx.Drop.NeedsDrop(st.ValueType)) return;
        var s = (StructType)st.ValueType.StripRange();
        var fr = _sm!.FrameFor(userDrop);
        LoadStorage(st);
        _il.Emit(OpCodes.Call, fr.Start!);
        var child = NewTemp(fr.Type);
        _il.Emit(OpCodes.Stloc, child);
        SmDrive(child, fr.ResultBase, false);
        AddressOfStorage(st);
        _il.Emit(OpCodes.Ldloc, child);
        _il.Emit(OpCodes.Ldfld, fr.Params[0]);
        _il.Emit(OpCodes.Stobj, Types.Map(s));
        for (int i = s.Fields.Count - 1; i >= 0; i--)
        {
            var f = s.Fields[i];
            if (!_ctx.Drop.NeedsDrop(f.Type)) continue;
            AddressOfStorage(st);
            _il.Emit(OpCodes.Ldflda, Types.Field(s, f));
            _ctx.Drop.EmitDrop(_il, f.Type);
        }
    }

    /// <summary>After the body: the save block, the restore/dispatch block and the prologue.</summary>
    private void SmFinish()
    {
        var fr = _smFrame!;
        // Pinned locals (FFI: pinned strings/arrays, &place) pin only for the current resume; they cannot be frame fields.
        var vars = _method.Body.Variables.Where(v => !v.VariableType.IsPinned && !v.VariableType.IsByReference).ToList();
        var fields = new List<FieldDefinition>();
        for (int i = 0; i < vars.Count; i++)
        {
            var f = new FieldDefinition("l" + i, FieldAttributes.Public, vars[i].VariableType);
            fr.Type.Fields.Add(f);
            fields.Add(f);
        }
        // save: locals → fields; return true (suspended)
        _il.Append(_smSave!);
        for (int i = 0; i < vars.Count; i++)
        {
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldloc, vars[i]);
            _il.Emit(OpCodes.Stfld, fields[i]);
        }
        _il.Emit(OpCodes.Ldc_I4_1);
        _il.Emit(OpCodes.Ret);
        // restore: fields → locals; switch (State - 1) to resume_k; anything else (finished) returns false
        var restore = _il.Create(OpCodes.Nop);
        _il.Append(restore);
        for (int i = 0; i < vars.Count; i++)
        {
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldfld, fields[i]);
            _il.Emit(OpCodes.Stloc, vars[i]);
        }
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, _sm!.FrameState);
        _il.Emit(OpCodes.Ldc_I4_1);
        _il.Emit(OpCodes.Sub);
        _il.Emit(OpCodes.Switch, _smResumes.ToArray());
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Ret);
        // prologue
        var first = _method.Body.Instructions[0];
        _il.InsertBefore(first, _il.Create(OpCodes.Ldarg_0));
        _il.InsertBefore(first, _il.Create(OpCodes.Ldfld, _sm.FrameState));
        _il.InsertBefore(first, _il.Create(OpCodes.Brtrue, restore));
    }
}

/// <summary>The value of an emitter temporary, typed like <c>like</c> (the copy-out of a `&amp;mut` argument).</summary>
internal sealed class TempRead(BoundExpr like, VariableDefinition temp) : BoundExpr(like.Location, like.Type), IBoundLeaf
{
    public override BoundNodeKind NodeKind => BoundNodeKind.TempRead;
    public VariableDefinition Temp { get; } = temp;
}
