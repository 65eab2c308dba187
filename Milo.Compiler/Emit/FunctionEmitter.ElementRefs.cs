using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Compiler.Emit;

/// <summary>
/// Two performance rewrites for Vec-heavy loops (see README "Performance"):
/// <list type="bullet">
/// <item>Element-address reuse: inside a run of straight-line statements (lets / assignments / expression statements
/// built only from locals, literals, arithmetic, field and index reads and calls taking primitive arguments), the
/// bounds-checked address of <c>v[i]</c> (v, i variables) is computed once into a byref local and reused until v or i
/// is assigned. Nothing in such a run can push/pop/clear v (that needs a call receiving v), so Count and Items are
/// unchanged and the first access — which does the bounds check, in the original evaluation order — covers the rest.</item>
/// <item>Read-only reference parameters: a <c>&amp;Vec</c>/<c>&amp;mut Vec</c>/<c>&amp;Map</c>/<c>&amp;String</c> parameter (a
/// CLR byref to the runtime object reference) that the method only ever dereferences is loaded once into a local
/// (<see cref="HoistReadOnlyRefParams"/>). The borrow is exclusive (or shared and immutable) for the call, so the
/// referenced variable cannot be reassigned behind the method's back. Passing the parameter on (a re-borrow such as a
/// recursive <c>quicksort(arr, lo, i - 1)</c>) or storing through it is allowed in straight-line code: the local is
/// re-read right after that call / store.</item>
/// </list>
/// </summary>
internal sealed partial class FunctionEmitter
{
    private readonly Dictionary<(VariableSymbol Vec, VariableSymbol Index), (VariableDefinition Slot, bool Writable)> _elemRefs = new();
    private bool _elemRefsOn;

    /// <summary>Emits a block's statements, enabling element-address reuse across runs of straight-line statements.</summary>
    private void EmitStatementsWithElementRefs(List<BoundStmt> statements)
    {
        foreach (var s in statements)
        {
            bool simple = IsStraightLineStmt(s);
            if (!simple) { _elemRefs.Clear(); EmitStmt(s); _elemRefs.Clear(); continue; }
            bool prev = _elemRefsOn;
            _elemRefsOn = true;
            try { EmitStmt(s); }
            finally { _elemRefsOn = prev; }
            switch (s)
            {
                case BoundAssign { Target: BoundVariableExpr tv }: InvalidateElementRefs(tv.Variable); break;
                case BoundLocalDecl d: InvalidateElementRefs(d.Local); break;
            }
        }
        _elemRefs.Clear();
    }

    private void InvalidateElementRefs(VariableSymbol v)
    {
        if (_elemRefs.Count == 0) return;
        foreach (var k in _elemRefs.Keys.Where(k => ReferenceEquals(k.Vec, v) || ReferenceEquals(k.Index, v)).ToList()) _elemRefs.Remove(k);
    }

    /// <summary>
    /// A write to an element of <paramref name="vec"/> (GetRef / Set) unshares a copy-on-write Vec: its array may be
    /// replaced, so read-only addresses cached from the old array are forgotten (writable ones were taken after an
    /// unshare and stay valid).
    /// </summary>
    private void NoteElementWrite(BoundExpr vec)
    {
        if (_elemRefs.Count == 0 || vec is not BoundVariableExpr { Variable: var v }) return;
        foreach (var k in _elemRefs.Where(e => ReferenceEquals(e.Key.Vec, v) && !e.Value.Writable).Select(e => e.Key).ToList()) _elemRefs.Remove(k);
    }

    /// <summary>The runtime accessor for an element address: GetRef (unshares a copy-on-write Vec first) to write,
    /// GetReadRef to read.</summary>
    private MethodReference ElementRefMethod(GenericInstanceType gi, bool readOnly)
        => Types.MethodOn(typeof(Milo.Runtime.MiloVec<>), readOnly ? nameof(Milo.Runtime.MiloVec<int>.GetReadRef) : nameof(Milo.Runtime.MiloVec<int>.GetRef), gi);

    /// <summary>For <c>v[i]</c> on a Vec with v and i plain variables inside a straight-line run: pushes the element's
    /// address from (or into) the per-run cache and returns true. A read-only use may reuse a writable address, not the
    /// other way round.</summary>
    private bool TryEmitCachedElementRef(BoundIndexExpr i, VecType vt, bool readOnly)
    {
        if (!_elemRefsOn || i.Receiver is not BoundVariableExpr rv || i.Index is not BoundVariableExpr iv) return false;
        if (!IsPlainStorage(rv.Variable) || !IsPlainStorage(iv.Variable)) return false;
        if (iv.Type.StripRange() is not PrimitiveType ip || !ip.Kind.IsInteger()) return false;
        readOnly &= MayShare(vt);
        var key = (rv.Variable, iv.Variable);
        if (!_elemRefs.TryGetValue(key, out var entry) || (!readOnly && !entry.Writable))
        {
            var gi = (GenericInstanceType)Types.Map(vt);
            if (!readOnly) NoteElementWrite(rv);
            EmitExpr(i.Receiver);
            EmitExpr(i.Index);
            EmitConvert(i.Index.Type, TypeFactory.I64);
            _il.Emit(OpCodes.Callvirt, ElementRefMethod(gi, readOnly));
            var slot = NewTemp(new ByReferenceType(Types.Map(vt.Element)));
            _il.Emit(OpCodes.Stloc, slot);
            entry = (slot, !readOnly);
            _elemRefs[key] = entry;
        }
        _il.Emit(OpCodes.Ldloc, entry.Slot);
        return true;
    }

    /// <summary><c>v[i] = x</c> inside a straight-line run where the writable address of v[i] is already cached (so its
    /// bounds check already ran): stores through the cached address. Never populates the cache here — Set checks bounds
    /// after evaluating x, and that order is kept.</summary>
    private bool TryEmitCachedElementStore(BoundIndexExpr i, VecType vt, BoundExpr value)
    {
        if (!_elemRefsOn || i.Receiver is not BoundVariableExpr rv || i.Index is not BoundVariableExpr iv) return false;
        if (!_elemRefs.TryGetValue((rv.Variable, iv.Variable), out var entry) || !entry.Writable) return false;
        _il.Emit(OpCodes.Ldloc, entry.Slot);
        EmitExpr(value);
        _il.Emit(OpCodes.Stobj, Types.Map(vt.Element));
        return true;
    }

    private bool IsPlainStorage(VariableSymbol v) => _vars.TryGetValue(v, out var s) && s is LocalStorage or ArgStorage;

    private static bool IsStraightLineStmt(BoundStmt s) => s switch
    {
        BoundLocalDecl d => !d.Local.IsCapturedByReference && (d.Initializer == null || IsStraightLineExpr(d.Initializer)),
        BoundAssign a => IsStraightLineTarget(a.Target) && IsStraightLineExpr(a.Value),
        BoundExprStmt e => IsStraightLineExpr(e.Expression),
        _ => false,
    };

    private static bool IsStraightLineTarget(BoundExpr t) => t switch
    {
        BoundVariableExpr v => !v.Variable.IsCapturedByReference && v.Type.StripRange() is PrimitiveType,
        BoundFieldExpr f => IsStraightLineLvalue(f.Receiver),
        BoundIndexExpr i => ValueTypeOf(i.Receiver.Type) is VecType && IsStraightLineLvalue(i.Receiver) && IsStraightLineExpr(i.Index),
        _ => false,
    };

    private static bool IsStraightLineLvalue(BoundExpr t) => t switch
    {
        BoundVariableExpr v => !v.Variable.IsCapturedByReference,
        BoundFieldExpr f => IsStraightLineLvalue(f.Receiver),
        BoundIndexExpr i => ValueTypeOf(i.Receiver.Type) is VecType or Symbols.ArrayType && IsStraightLineLvalue(i.Receiver) && IsStraightLineExpr(i.Index),
        _ => false,
    };

    /// <summary>No control flow, no allocation of collections, no calls that could reach a Vec.</summary>
    private static bool IsStraightLineExpr(BoundExpr e) => e switch
    {
        BoundLiteralExpr => e.Type.StripRange() is PrimitiveType,
        BoundVariableExpr v => !v.Variable.IsCapturedByReference,
        BoundUnaryExpr u => u.Type.StripRange() is PrimitiveType && IsStraightLineExpr(u.Operand),
        BoundBinaryExpr b => b.Op is not (BinaryOp.And or BinaryOp.Or or BinaryOp.Coalesce)
            && b.Left.Type.StripRange() is PrimitiveType && b.Right.Type.StripRange() is PrimitiveType
            && IsStraightLineExpr(b.Left) && IsStraightLineExpr(b.Right),
        BoundCastExpr c => c.Type.StripRange() is PrimitiveType && c.Operand.Type.StripRange() is PrimitiveType && IsStraightLineExpr(c.Operand),
        BoundFieldExpr f => ValueTypeOf(f.Receiver.Type) is StructType && IsStraightLineExpr(f.Receiver),
        BoundIndexExpr i => ValueTypeOf(i.Receiver.Type) is VecType or Symbols.ArrayType && IsStraightLineExpr(i.Receiver) && IsStraightLineExpr(i.Index),
        BoundCallExpr c => c.Type.StripRange() is PrimitiveType
            && c.Arguments.All(a => a.Type.StripRange() is PrimitiveType && IsStraightLineExpr(a)),
        // Static .NET helpers on primitives (extern fns such as std/math sqrt) and `v.len`.
        BoundRuntimeCallExpr r => r.Type.StripRange() is PrimitiveType
            && (r.Receiver == null ? r.Method.IsStatic : r.Method.Name == "get_Len" && IsStraightLineExpr(r.Receiver))
            && r.Method.GetParameters().All(p => !p.ParameterType.IsByRef)
            && r.Arguments.All(a => a.Type.StripRange() is PrimitiveType && IsStraightLineExpr(a)),
        _ => false,
    };

    /// <summary>See the class summary. Runs on the finished (not yet macro-optimised) body.</summary>
    private void HoistReadOnlyRefParams()
    {
        if (_writeBacks.Count > 0) return;
        var ins = _method.Body.Instructions;
        if (ins.Count == 0) return;
        // Closure / delegate invocations could reach the caller's variable through a captured cell: stay conservative.
        foreach (var x in ins)
            if (x.OpCode == OpCodes.Calli || x.Operand is MethodReference { Name: "Invoke" }) return;
        HashSet<Instruction>? targets = null;
        foreach (var pd in _method.Parameters)
        {
            if (pd.ParameterType is not ByReferenceType brt || !IsHoistableRuntimeClass(brt.ElementType)) continue;
            var uses = new List<Instruction>();
            var reloadAfter = new List<Instruction>();
            bool ok = true;
            for (int k = 0; k < ins.Count && ok; k++)
            {
                var x = ins[k];
                if (!ReferencesParameter(x, pd)) continue;
                if (x.OpCode == OpCodes.Ldarg && k + 1 < ins.Count && ins[k + 1].OpCode == OpCodes.Ldobj) uses.Add(x);
                else if (x.OpCode == OpCodes.Ldarg && RebindingConsumer(ins, k, targets ??= BranchTargets()) is { } c)
                {
                    if (!reloadAfter.Contains(c)) reloadAfter.Add(c);
                }
                else ok = false;
            }
            if (!ok || uses.Count < 2) continue;
            var local = NewTemp(brt.ElementType);
            foreach (var u in uses)
            {
                u.OpCode = OpCodes.Ldloc;
                u.Operand = local;
                u.Next.OpCode = OpCodes.Nop;
                u.Next.Operand = null;
            }
            // The callee (or the store) may have replaced the referenced Vec/Map/String: read it again afterwards.
            foreach (var c in reloadAfter)
            {
                _il.InsertAfter(c, _il.Create(OpCodes.Stloc, local));
                _il.InsertAfter(c, _il.Create(OpCodes.Ldobj, brt.ElementType));
                _il.InsertAfter(c, _il.Create(OpCodes.Ldarg, pd));
            }
            var first = ins[0];
            _il.InsertBefore(first, _il.Create(OpCodes.Ldarg, pd));
            _il.InsertBefore(first, _il.Create(OpCodes.Ldobj, brt.ElementType));
            _il.InsertBefore(first, _il.Create(OpCodes.Stloc, local));
        }
    }

    /// <summary>
    /// For <c>ldarg p</c> at <paramref name="k"/> that passes the reference on (a re-borrow <c>f(arr, …)</c>, or
    /// <c>*arr = v</c>): the instruction that consumes it, found by simulating the evaluation stack forward through
    /// straight-line code, if it is a call that does not return a reference, or a store through it; otherwise null.
    /// The hoisted local is reloaded right after that instruction, so the cached value is never stale.
    /// </summary>
    private static Instruction? RebindingConsumer(Mono.Collections.Generic.Collection<Instruction> ins, int k, HashSet<Instruction> targets)
    {
        int depth = 1;   // our value is the bottom slot
        for (int j = k + 1; j < ins.Count; j++)
        {
            var y = ins[j];
            if (targets.Contains(y)) return null;
            var fc = y.OpCode.FlowControl;
            if (fc is not (FlowControl.Next or FlowControl.Call)) return null;
            int pops, pushes;
            if (y.OpCode == OpCodes.Call || y.OpCode == OpCodes.Callvirt || y.OpCode == OpCodes.Newobj)
            {
                var m = (MethodReference)y.Operand;
                pops = m.Parameters.Count + (m.HasThis && !m.ExplicitThis && y.OpCode != OpCodes.Newobj ? 1 : 0);
                pushes = y.OpCode == OpCodes.Newobj || m.ReturnType.MetadataType != MetadataType.Void ? 1 : 0;
                if (pops >= depth)
                {
                    if (y.OpCode == OpCodes.Newobj || m.ReturnType is ByReferenceType or Mono.Cecil.PointerType) return null;
                    return y;
                }
            }
            else
            {
                if (StackPops(y.OpCode.StackBehaviourPop) is not int p || StackPushes(y.OpCode.StackBehaviourPush) is not int q) return null;
                pops = p; pushes = q;
                // `ldarg p; <value>; stobj`: our address is the store's destination (the deeper of its two operands).
                if (pops >= depth) return y.OpCode == OpCodes.Stobj && depth == 2 ? y : null;
            }
            depth = depth - pops + pushes;
        }
        return null;
    }

    private HashSet<Instruction> BranchTargets()
    {
        var t = new HashSet<Instruction>();
        foreach (var x in _method.Body.Instructions)
        {
            if (x.Operand is Instruction i) t.Add(i);
            else if (x.Operand is Instruction[] arr) t.UnionWith(arr);
        }
        foreach (var h in _method.Body.ExceptionHandlers)
        {
            foreach (var i in new[] { h.TryStart, h.TryEnd, h.HandlerStart, h.HandlerEnd, h.FilterStart })
                if (i != null) t.Add(i);
        }
        return t;
    }

    private static int? StackPops(StackBehaviour b) => b switch
    {
        StackBehaviour.Pop0 => 0,
        StackBehaviour.Pop1 or StackBehaviour.Popi or StackBehaviour.Popref => 1,
        StackBehaviour.Pop1_pop1 or StackBehaviour.Popi_pop1 or StackBehaviour.Popi_popi or StackBehaviour.Popi_popi8
            or StackBehaviour.Popi_popr4 or StackBehaviour.Popi_popr8 or StackBehaviour.Popref_pop1 or StackBehaviour.Popref_popi => 2,
        StackBehaviour.Popi_popi_popi or StackBehaviour.Popref_popi_popi or StackBehaviour.Popref_popi_popi8
            or StackBehaviour.Popref_popi_popr4 or StackBehaviour.Popref_popi_popr8 or StackBehaviour.Popref_popi_popref => 3,
        _ => null,
    };

    private static int? StackPushes(StackBehaviour b) => b switch
    {
        StackBehaviour.Push0 => 0,
        StackBehaviour.Push1 or StackBehaviour.Pushi or StackBehaviour.Pushi8 or StackBehaviour.Pushr4 or StackBehaviour.Pushr8
            or StackBehaviour.Pushref => 1,
        StackBehaviour.Push1_push1 => 2,
        _ => null,
    };

    private static bool IsHoistableRuntimeClass(TypeReference t)
        => t.Namespace == "Milo.Runtime" && t.Name is "MiloVec`1" or "MiloMap`2" or "MiloString";

    private bool ReferencesParameter(Instruction x, ParameterDefinition pd)
    {
        if (x.Operand == pd) return true;
        int idx = pd.Index + (_method.HasThis ? 1 : 0);
        return (x.OpCode.Code == Code.Ldarg_0 && idx == 0) || (x.OpCode.Code == Code.Ldarg_1 && idx == 1)
            || (x.OpCode.Code == Code.Ldarg_2 && idx == 2) || (x.OpCode.Code == Code.Ldarg_3 && idx == 3);
    }
}
