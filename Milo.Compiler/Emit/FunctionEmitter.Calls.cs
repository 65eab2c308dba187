using System.Reflection;
using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Compiler.Emit;

internal sealed partial class FunctionEmitter
{
    // ------------------------------------------------------------------ Milo calls

    private void EmitCall(BoundCallExpr c)
    {
        if (FfiEmitter.IsCExtern(c.Function)) { EmitExternCall(c); return; }
        if (TryEmitSpawnLiteral(c)) return;
        var m = _ctx.MethodFor(c.Function);
        var ps = c.Function.Parameters;
        // `&T` of a class type may be passed by value (RefParamPassing): then the argument is the value, not its address.
        var passing = Types.RefParams;
        var loaders = ArgumentLoaders(c.Arguments, k => passing.ByRef(c.Function, k), k => k < ps.Count ? ps[k].Type : c.Arguments[k].Type,
            readOnly: k => k < ps.Count && ps[k].Type is RefType { IsMutable: false });
        var copyBacks = InterfaceCopyBacks(c.Arguments, k => k < ps.Count ? ps[k].Type : null, loaders);
        DeferByValueRefArgs(c.Function, m, c.Arguments, loaders);
        foreach (var l in loaders) l();
        _il.Emit(OpCodes.Call, m);
        EmitCopyBacks(copyBacks, c.Function.ReturnType);
    }

    /// <summary>
    /// std/runtime's <c>Task.spawn(closure literal)</c> (its body is <c>Task { id: _taskSpawn(f) }</c>) with a suspending
    /// closure: the frame is built in place and enqueued directly (<see cref="ClosureEmitter.TryEmitSpawnFrame"/>).
    /// </summary>
    private bool TryEmitSpawnLiteral(BoundCallExpr c)
    {
        if (c.Arguments.Count != 1 || c.Arguments[0] is not BoundClosureExpr closure) return false;
        if (c.Function.DeclaringType is not StructType { MiloName: "Task", Fields.Count: 1 } task || c.Function.HasSelf
            || task.Declaration?.Location.Source.FilePath.StartsWith("std/runtime") != true || !c.Function.Name.EndsWith("spawn")) return false;
        if (!_ctx.Closures.TryEmitSpawnFrame(this, closure)) return false;
        var id = NewTemp(TypeFactory.I64);
        _il.Emit(OpCodes.Call, _ctx.Module.ImportReference(typeof(Milo.Runtime.RuntimeModule).GetMethod(nameof(Milo.Runtime.RuntimeModule._taskSpawnFrame))!));
        _il.Emit(OpCodes.Stloc, id);
        var result = NewTemp(task);
        _il.Emit(OpCodes.Ldloca, result);
        _il.Emit(OpCodes.Initobj, Types.Map(task));
        _il.Emit(OpCodes.Ldloca, result);
        _il.Emit(OpCodes.Ldloc, id);
        _il.Emit(OpCodes.Stfld, Types.Field(task, task.Fields[0]));
        _il.Emit(OpCodes.Ldloc, result);
        return true;
    }

    /// <summary>Runs the copy-backs after a call, keeping its result (of Milo type <paramref name="returnType"/>) on top.</summary>
    private void EmitCopyBacks(List<Action> copyBacks, MiloType returnType)
    {
        if (copyBacks.Count == 0) return;
        VariableDefinition? result = null;
        if (!ValueTypeOf(returnType).IsVoid) { result = NewTemp(ValueTypeOf(returnType)); _il.Emit(OpCodes.Stloc, result); }
        foreach (var copyBack in copyBacks) copyBack();
        if (result != null) _il.Emit(OpCodes.Ldloc, result);
    }

    /// <summary>
    /// A struct place passed to a `&amp;mut Iface` parameter is boxed into its interface adapter (a copy), so what the
    /// callee changes through the interface must be copied back into the place after the call. `&amp;mut` is exclusive
    /// and cannot escape, so copy-in/copy-out is the same as passing the place itself. Replaces the loaders of such
    /// arguments (the adapter goes through a temporary) and returns the copy-back emitters.
    /// </summary>
    private List<Action> InterfaceCopyBacks(List<BoundExpr> args, Func<int, MiloType?> paramType, List<Action> loaders)
    {
        var copyBacks = new List<Action>();
        for (int k = 0; k < args.Count; k++)
        {
            if (paramType(k) is not RefType { IsMutable: true, Inner: InterfaceType it }) continue;
            if (args[k] is not BoundInterfaceBoxExpr box || !IsAddressable(box.Value)) continue;
            var concrete = box.Value.Type.StripRange();
            if (concrete is not StructType and not EnumType) continue;
            var (adapter, field) = _ctx.Interfaces.Adapter(concrete, it);
            var tmp = NewTemp(Types.Map(it));
            loaders[k] = () => { EmitExpr(box); _il.Emit(OpCodes.Stloc, tmp); _il.Emit(OpCodes.Ldloca, tmp); };
            copyBacks.Add(() =>
            {
                // The callee may have stored another implementation through the reference: copy back only our adapter.
                var skip = _il.Create(OpCodes.Nop);
                var held = NewTemp(adapter);
                _il.Emit(OpCodes.Ldloc, tmp);
                _il.Emit(OpCodes.Isinst, adapter);
                _il.Emit(OpCodes.Stloc, held);
                _il.Emit(OpCodes.Ldloc, held);
                _il.Emit(OpCodes.Brfalse, skip);
                EmitAddress(box.Value);
                _il.Emit(OpCodes.Ldloc, held);
                _il.Emit(OpCodes.Ldfld, field);
                _il.Emit(OpCodes.Stobj, Types.Map(concrete));
                _il.Append(skip);
            });
        }
        return copyBacks;
    }

    /// <summary>
    /// Loaders for call arguments: byref positions push an address (of the lvalue, or of a spilled temporary), others the
    /// value converted to the parameter type.
    /// </summary>
    private List<Action> ArgumentLoaders(List<BoundExpr> args, Func<int, bool> byRef, Func<int, MiloType> paramType, Func<int, bool>? readOnly = null)
    {
        var result = new List<Action>();
        for (int k = 0; k < args.Count; k++)
        {
            var a = args[k];
            int kk = k;
            if (byRef(k))
            {
                // A Milo function's `&T` parameter only reads: an element of a copy-on-write Vec is lent from the shared array.
                bool ro = readOnly?.Invoke(kk) == true;
                result.Add(() => EmitAddress(a, ro));
            }
            else
            {
                var target = ValueTypeOf(paramType(kk));
                result.Add(() => { EmitExpr(a); EmitConvertIfNumeric(a.Type, target); });
            }
        }
        return result;
    }

    private void EmitConvertIfNumeric(MiloType from, MiloType to)
    {
        from = ValueTypeOf(from); to = ValueTypeOf(to);
        if (from.IsNumeric && to.IsNumeric && !ReferenceEquals(from, to)) EmitConvert(from, to);
    }

    private void EmitClosureCall(BoundClosureCallExpr c)
    {
        var ft = (FunctionType)ValueTypeOf(c.Callee.Type);
        var del = Types.Delegate(ft);
        Action calleeLoad = () => EmitExpr(c.Callee);
        var loaders = SignatureArgumentLoaders(c.Arguments, ft.Parameters);
        var copyBacks = InterfaceCopyBacks(c.Arguments, k => k < ft.Parameters.Count ? ft.Parameters[k] : null, loaders);
        calleeLoad();
        foreach (var l in loaders) l();
        var invoke = Types.DelegateInvoke(del, ft);
        _il.Emit(OpCodes.Callvirt, invoke);
        EmitCopyBacks(copyBacks, ft.ReturnType);
    }

    /// <summary>
    /// Loaders for the arguments of a call through a function value or interface method of parameter types
    /// <paramref name="ps"/>: an address where the signature has a byref (<see cref="TypeMapper.SigByRef"/>).
    /// </summary>
    private List<Action> SignatureArgumentLoaders(List<BoundExpr> args, IReadOnlyList<MiloType> ps)
        => ArgumentLoaders(args, k => k < ps.Count && Types.SigByRef(ps, k), k => k < ps.Count ? ps[k] : args[k].Type,
            readOnly: k => k < ps.Count && ps[k] is RefType { IsMutable: false });

    /// <summary>Pushes the arguments of an interface-method call (the receiver is already pushed).</summary>
    public void EmitSignatureArguments(List<BoundExpr> args, IReadOnlyList<MiloType> ps)
    {
        foreach (var l in SignatureArgumentLoaders(args, ps)) l();
    }

    // ------------------------------------------------------------------ runtime calls

    private static MethodInfo OpenMethod(MethodInfo mi)
    {
        var open = mi.IsGenericMethod && !mi.IsGenericMethodDefinition ? mi.GetGenericMethodDefinition() : mi;
        var dt = open.DeclaringType!;
        if (dt.IsGenericType && !dt.IsGenericTypeDefinition)
        {
            var def = dt.GetGenericTypeDefinition();
            open = def.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance)
                .First(x => x.MetadataToken == open.MetadataToken && x.Module == open.Module);
        }
        return open;
    }

    /// <summary>Imports the runtime method of a call, instantiated on InstanceType and MethodTypeArgs.</summary>
    private MethodReference ImportRuntimeMethod(BoundRuntimeCallExpr r)
    {
        var mi = r.Method;
        var dt = mi.DeclaringType!;
        MethodReference mref;
        if (dt.IsGenericType && r.InstanceType != null)
        {
            var open = OpenMethod(mi);
            var inst = Types.Map(ValueTypeOf(r.InstanceType));
            if (inst is not GenericInstanceType gi) throw new EmitException($"runtime call {mi.Name}: instance type {r.InstanceType.Name} is not generic");
            mref = TypeMapper.OnInstance(RuntimeApi.Import(open), gi);
        }
        else if (dt.ContainsGenericParameters)
            throw new EmitException($"runtime call {dt.Name}.{mi.Name} needs an InstanceType");
        else mref = RuntimeApi.Import(mi.IsGenericMethod && !mi.IsGenericMethodDefinition && r.MethodTypeArgs.Count > 0 ? mi.GetGenericMethodDefinition() : mi);

        if (r.MethodTypeArgs.Count > 0)
        {
            if (mref is GenericInstanceMethod) return mref;
            var gim = new GenericInstanceMethod(mref);
            foreach (var a in r.MethodTypeArgs) gim.GenericArguments.Add(Types.Map(a));
            return gim;
        }
        return mref;
    }

    /// <summary>
    /// Emits a runtime call. <paramref name="outTemp"/> (TryToOption) receives the trailing out argument's address.
    /// </summary>
    private void EmitRuntimeCall(BoundRuntimeCallExpr r, VariableDefinition? outTemp)
    {
        var mi = r.Method;
        var clrParams = mi.GetParameters();
        var mref = ImportRuntimeMethod(r);
        Action? recv = null;
        if (!mi.IsStatic)
        {
            if (r.Receiver == null) throw new EmitException($"runtime call {mi.Name} needs a receiver");
            var rcv = r.Receiver;
            if (mi.DeclaringType!.IsValueType) recv = () => EmitAddress(rcv);
            else recv = RuntimeReceiverLoader(mi, rcv);
        }
        var loaders = ArgumentLoaders(r.Arguments, k => k < clrParams.Length && clrParams[k].ParameterType.IsByRef,
            k => k < clrParams.Length ? TypeFactory.FromClrNumeric(clrParams[k].ParameterType, r.Arguments[k].Type) : r.Arguments[k].Type);
        for (int k = 0; k < loaders.Count && k < clrParams.Length; k++)
            if (ByValueCallbacks.Needed(r.Arguments[k].Type, clrParams[k].ParameterType))
            {
                var load = loaders[k];
                var ft = (FunctionType)r.Arguments[k].Type.StripRange();
                loaders[k] = r.Arguments[k] is BoundClosureExpr literal
                    ? () => _ctx.Closures.EmitClosure(this, literal, byValueRefs: true)
                    : () => { load(); _ctx.Callbacks.Wrap(_il, ft); };
            }
        recv?.Invoke();
        foreach (var l in loaders) l();
        if (outTemp != null) _il.Emit(OpCodes.Ldloca, outTemp);
        _il.Emit(mi.IsStatic || mi.DeclaringType!.IsValueType ? OpCodes.Call : OpCodes.Callvirt, mref);
        if (outTemp != null) return; // bool result handled by the caller
        var ret = mi.ReturnType;
        if (ret == typeof(void)) { if (!r.Type.IsVoid) EmitDefault(r.Type); return; }
        // A runtime helper that returns the Exception it raises (Panics.UnwrapNone, …) never returns: `throw` its result, so the
        // JIT sees a cold path (a lowered `!`'s panic).
        if (r.Type.IsVoid) { _il.Emit(ret == typeof(Exception) ? OpCodes.Throw : OpCodes.Pop); return; }
        var retMilo = TypeFactory.FromClrNumeric(ret, r.Type);
        EmitConvertIfNumeric(retMilo, r.Type);
    }

    private void EmitTryToOption(BoundTryToOptionExpr t)
    {
        var opt = (EnumType)ValueTypeOf(t.Type);
        var payload = opt.SuccessType ?? throw new EmitException($"{opt.Name} has no Some payload");
        var tmp = NewTemp(payload);
        EmitRuntimeCall(t.Call, tmp);
        EmitBoolToOption(opt, tmp);
    }
}
