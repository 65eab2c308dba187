using Milo.Compiler.Binding;
using Milo.Compiler.Lowering;
using Milo.Compiler.Symbols;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Compiler.Emit;

/// <summary>
/// The suspension points of a state machine's MoveNext body (green threads, docs/green-threads.md). Everything else of
/// the state machine — the resume dispatch, hoisted locals, `return` as stores of result and state, the suspend
/// statement `state = k; return true` — is bound tree built by Lowering/StateMachineRewriter and emitted like any
/// method body. What is left here is how a child frame is started and stepped, per kind of callee:
/// <code>
///   this.awaiter_k = Callee.Start(args)      // or the frame of a closure / interface implementation / primitive
/// resume_k:
///   if (this.awaiter_k.MoveNext()) { suspend }
///   … this.awaiter_k.Result …
/// </code>
/// The child (and the object that started it, for dynamic calls) lives in frame fields named by the point, so nothing
/// the emitter keeps in IL locals is live across a suspension.
/// </summary>
internal sealed partial class FunctionEmitter
{
    /// <summary>Pushes the object that holds an EnvStorage field (`this`, or the closure object of a frame).</summary>
    public void LoadEnvObject(EnvStorage e)
    {
        _il.Emit(OpCodes.Ldarg_0);
        if (e.Via != null) _il.Emit(OpCodes.Ldfld, e.Via);
    }

    private StateMachineEmitter Green => _ctx.Green ?? throw new EmitException("suspension point outside a state machine");

    /// <summary>The field of this frame (the method's declaring type) for <paramref name="f"/>, typed <paramref name="type"/>.</summary>
    private FieldReference FrameField(FrameFieldSymbol? f, TypeReference type)
        => Green.Field(_method.DeclaringType, f ?? throw new EmitException("suspension point without its frame field"), type);

    private void LoadThisField(FieldReference f)
    {
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, f);
    }

    /// <summary>`resume_k: if (awaiter.MoveNext()) { suspend }` (the child has just been stored in the awaiter field).</summary>
    private void EmitStep(BoundSuspensionExpr sp, FieldReference awaiter)
    {
        var done = _il.Create(OpCodes.Nop);
        _il.Append(LabelFor(sp.Resume!));
        LoadThisField(awaiter);
        _il.Emit(OpCodes.Callvirt, Green.FrameMoveNext);
        _il.Emit(OpCodes.Brfalse, done);
        EmitStmt(sp.Suspend!);
        _il.Append(done);
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
            {
                var callee = Green.FrameFor(ffr.Field.Owner);
                LoadThisField(FrameField(ffr.Frame, callee.Type));
                _il.Emit(OpCodes.Ldfld, callee.Params[ffr.Field.Index]);
                return;
            }
            case BoundSuspensionExpr { Resume: null, Suspend: null }:
                throw new EmitException("suspension point without a resume label");
            case BoundSuspensionExpr { Kind: SuspensionKind.Call, Operation: BoundCallExpr c } sp:
                SmCall(sp, c);
                return;
            case BoundSuspensionExpr { Kind: SuspensionKind.ClosureCall, Operation: BoundClosureCallExpr cc } sp:
                SmClosureCall(sp, cc);
                return;
            case BoundSuspensionExpr { Kind: SuspensionKind.InterfaceCall, Operation: BoundInterfaceCallExpr ic } sp:
                SmInterfaceCall(sp, ic);
                return;
            case BoundSuspensionExpr { Kind: SuspensionKind.Yield } sp:
                // schedulerYield() suspends inline (no child frame): `state = k; return true; resume_k:`.
                EmitStmt(sp.Suspend!);
                _il.Append(LabelFor(sp.Resume!));
                return;
            case BoundSuspensionExpr { Kind: SuspensionKind.Drop, Operation: BoundCallExpr { Arguments: [BoundVariableExpr v] } c } sp:
                SmDrop(sp, Lookup(v.Variable), c.Function);
                return;
            case BoundSuspensionExpr { Kind: SuspensionKind.Primitive, Operation: BoundRuntimeCallExpr r, Factory: { } factory } sp:
                SmPrimitive(sp, r, factory);
                return;
            default:
                throw new EmitException($"unexpected state-machine node {e.GetType().Name}");
        }
    }

    /// <summary>A call of a suspending function: start its frame, drive it, copy `&amp;mut` arguments back, push the result.</summary>
    private void SmCall(BoundSuspensionExpr sp, BoundCallExpr c)
    {
        var fr = Green.FrameFor(c.Function);
        var aw = FrameField(sp.Awaiter, fr.Type);
        var ps = c.Function.Parameters;
        _il.Emit(OpCodes.Ldarg_0);
        for (int k = 0; k < c.Arguments.Count; k++)
        {
            EmitExpr(c.Arguments[k]);
            if (k < ps.Count) EmitConvertIfNumeric(c.Arguments[k].Type, ValueTypeOf(ps[k].Type));
        }
        _il.Emit(OpCodes.Call, fr.Start!);
        _il.Emit(OpCodes.Stfld, aw);
        EmitStep(sp, aw);
        // `&mut` parameters are copied into the frame: copy them back out (copy-in/copy-out).
        foreach (var wb in sp.WriteBacks)
            if (IsAddressable(wb.Target)) EmitAssign(wb.Target, wb.Value);
        if (!c.Type.IsVoid && fr.ResultBase != null)
        {
            LoadThisField(aw);
            _il.Emit(OpCodes.Ldfld, Green.ResultField(fr.ResultBase));
        }
    }

    /// <summary>`this.awaiter = ((starter) this.starter).StartFrame(args)` as GreenFrame or GreenFrame&lt;R&gt; (<paramref name="rb"/>).</summary>
    private FieldReference StartDynamicFrame(BoundSuspensionExpr sp, FieldReference starter, MethodReference startFrame,
        List<VariableDefinition> args, GenericInstanceType? rb)
    {
        var aw = FrameField(sp.Awaiter, rb ?? Green.FrameBase);
        _il.Emit(OpCodes.Ldarg_0);
        LoadThisField(starter);
        foreach (var a in args) _il.Emit(OpCodes.Ldloc, a);
        _il.Emit(OpCodes.Callvirt, startFrame);
        if (rb != null) _il.Emit(OpCodes.Castclass, rb);
        _il.Emit(OpCodes.Stfld, aw);
        return aw;
    }

    /// <summary>Evaluates <paramref name="values"/> into fresh temporaries typed by <paramref name="typeOf"/> (converted when numeric).</summary>
    private List<VariableDefinition> EvaluateToTemps(List<BoundExpr> values, Func<int, (TypeReference Clr, MiloType? Milo)> typeOf)
    {
        var temps = new List<VariableDefinition>();
        for (int k = 0; k < values.Count; k++)
        {
            var (clr, milo) = typeOf(k);
            var t = NewTemp(clr);
            EmitExpr(values[k]);
            if (milo != null) EmitConvertIfNumeric(values[k].Type, milo);
            _il.Emit(OpCodes.Stloc, t);
            temps.Add(t);
        }
        return temps;
    }

    /// <summary>A call through a function value that may be a suspending closure: `Target is IGreenFn…` → drive its
    /// frame, else invoke the delegate.</summary>
    private void SmClosureCall(BoundSuspensionExpr sp, BoundClosureCallExpr cc)
    {
        var ft = (FunctionType)ValueTypeOf(cc.Callee.Type).StripRange();
        var del = Types.Delegate(ft);
        var d = NewTemp(del);
        EmitExpr(cc.Callee);
        _il.Emit(OpCodes.Stloc, d);
        var args = EvaluateToTemps(cc.Arguments, k => (Types.Map(ValueTypeOf(ft.Parameters[k])), ValueTypeOf(ft.Parameters[k])));
        var iface = Green.InterfaceFor(ft, out var startFrame);
        var st = FrameField(sp.Starter, iface);
        var plain = _il.Create(OpCodes.Nop);
        var end = _il.Create(OpCodes.Nop);
        // `&mut` arguments go by copy-in/copy-out: the plain path passes the temporary's address, the frame path
        // reads the frame's final copy back (ArgOut{k}); both then store the temporary into the place.
        bool IsMutArg(int k) => k < ft.Parameters.Count && ft.Parameters[k] is RefType { IsMutable: true };
        var result = cc.Type.IsVoid ? null : NewTemp(ValueTypeOf(cc.Type));
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldloc, d);
        _il.Emit(OpCodes.Callvirt, _ctx.Module.ImportReference(typeof(Delegate).GetProperty(nameof(Delegate.Target))!.GetGetMethod()!));
        _il.Emit(OpCodes.Isinst, iface);
        _il.Emit(OpCodes.Stfld, st);
        LoadThisField(st);
        _il.Emit(OpCodes.Brfalse, plain);
        GenericInstanceType? rb = ft.ReturnType.IsVoid ? null : Green.ResultFrameOf(Types.Map(ft.ReturnType));
        var aw = StartDynamicFrame(sp, st, startFrame, args, rb);
        EmitStep(sp, aw);
        if (result != null && rb != null)
        {
            LoadThisField(aw);
            _il.Emit(OpCodes.Ldfld, Green.ResultField(rb));
            _il.Emit(OpCodes.Stloc, result);
        }
        for (int k = 0; k < args.Count; k++)
        {
            if (!IsMutArg(k)) continue;
            LoadThisField(st);
            LoadThisField(aw);
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
    private void SmPrimitive(BoundSuspensionExpr sp, BoundRuntimeCallExpr r, System.Reflection.MethodInfo factory)
    {
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
        // The frame's static type: GreenFrame or GreenFrame<X> (X closed over the owner's type arguments).
        GenericInstanceType? rb = null;
        var rt = factory.ReturnType;
        if (rt.IsGenericType)
        {
            var x = rt.GetGenericArguments()[0];
            TypeReference xr = x.IsGenericParameter ? ownerGi!.GenericArguments[x.GenericParameterPosition] : _ctx.Module.ImportReference(x);
            rb = Green.ResultFrameOf(xr);
        }
        var aw = FrameField(sp.Awaiter, rb ?? Green.FrameBase);
        var fps = factory.GetParameters();
        int pi = 0;
        _il.Emit(OpCodes.Ldarg_0);
        if (!r.Method.IsStatic) { EmitExpr(r.Receiver!); pi++; }
        foreach (var a in r.Arguments)
        {
            EmitExpr(a);
            if (pi < fps.Length) EmitConvertIfNumeric(a.Type, MiloTypeForClr(fps[pi].ParameterType, a.Type));
            pi++;
        }
        _il.Emit(OpCodes.Call, mref);
        _il.Emit(OpCodes.Stfld, aw);
        EmitStep(sp, aw);
        var ret = r.Method.ReturnType;
        if (ret == typeof(void)) { if (!r.Type.IsVoid) EmitDefault(r.Type); return; }
        if (r.Type.IsVoid || rb == null) return;
        LoadThisField(aw);
        _il.Emit(OpCodes.Ldfld, Green.ResultField(rb));
        EmitConvertIfNumeric(MiloTypeForClr(ret, r.Type), r.Type);
    }

    /// <summary>
    /// A dynamic call that may reach a suspending implementation: <c>receiver is IGreenM…</c> → drive its frame (then
    /// EndFrame copies `&amp;mut self` back), else the plain interface call.
    /// </summary>
    private void SmInterfaceCall(BoundSuspensionExpr sp, BoundInterfaceCallExpr ic)
    {
        var clrIface = _ctx.Interfaces.InterfaceFor(ic.Interface);
        var im = clrIface.Methods[ic.MethodIndex];
        var recv = NewTemp(clrIface);
        EmitExpr(ic.Receiver);
        _il.Emit(OpCodes.Stloc, recv);
        var args = EvaluateToTemps(ic.Arguments, k => (im.Parameters[k].ParameterType, null));
        var starter = Green.InterfaceMethodStarter(ic.Interface, ic.MethodIndex, out var start, out var end);
        var st = FrameField(sp.Starter, starter);
        var plain = _il.Create(OpCodes.Nop);
        var done = _il.Create(OpCodes.Nop);
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldloc, recv);
        _il.Emit(OpCodes.Isinst, starter);
        _il.Emit(OpCodes.Stfld, st);
        LoadThisField(st);
        _il.Emit(OpCodes.Brfalse, plain);
        var retType = ic.Method.ReturnType;
        GenericInstanceType? rb = retType.IsVoid ? null : Green.ResultFrameOf(Types.Map(retType));
        var aw = StartDynamicFrame(sp, st, start, args, rb);
        EmitStep(sp, aw);
        LoadThisField(st);
        LoadThisField(aw);
        _il.Emit(OpCodes.Callvirt, end);
        if (rb != null && !ic.Type.IsVoid)
        {
            LoadThisField(aw);
            _il.Emit(OpCodes.Ldfld, Green.ResultField(rb));
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
    private void SmDrop(BoundSuspensionExpr sp, Storage st, FunctionSymbol userDrop)
    {
        if (!_ctx.Drop.NeedsDrop(st.ValueType)) { _il.Append(LabelFor(sp.Resume!)); return; }   // the dispatch still names the label
        var s = (StructType)st.ValueType.StripRange();
        var fr = Green.FrameFor(userDrop);
        var aw = FrameField(sp.Awaiter, fr.Type);
        _il.Emit(OpCodes.Ldarg_0);
        LoadStorage(st);
        _il.Emit(OpCodes.Call, fr.Start!);
        _il.Emit(OpCodes.Stfld, aw);
        EmitStep(sp, aw);
        AddressOfStorage(st);
        LoadThisField(aw);
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
}

/// <summary>The value of an emitter temporary, typed like <c>like</c> (the copy-out of a `&amp;mut` argument).</summary>
internal sealed class TempRead(BoundExpr like, VariableDefinition temp) : BoundExpr(like.Location, like.Type), IBoundLeaf
{
    public override BoundNodeKind NodeKind => BoundNodeKind.TempRead;
    public VariableDefinition Temp { get; } = temp;
}
