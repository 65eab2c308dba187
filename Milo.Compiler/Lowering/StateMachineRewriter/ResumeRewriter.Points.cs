using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Compiler.Text;
using Milo.Runtime;

namespace Milo.Compiler.Lowering;

/// <summary>
/// Lowers each marked suspension point (<see cref="BoundSuspensionExpr"/>) to core nodes, so that the emitter knows nothing
/// about suspension. Point k becomes
/// <code>
///   aw_k = start the child frame                  // Callee's frame class Start(args) (BoundFrameMethodCallExpr),
///                                                 // or a [SuspendsAs] primitive's factory (a runtime call)
/// resume_k:
///   if (aw_k.MoveNext()) { state = k; return true }
///   … copy-backs (aw_k.p_i), the value aw_k.Result …
/// </code>
/// where aw_k is a frame field (a hoisted temporary typed by <see cref="FrameClassType"/> or GreenFrame&lt;R&gt;), so nothing
/// on the evaluation stack or in IL locals is live across the suspension. `schedulerYield()` suspends inline
/// (`state = k; return true; resume_k:`). Calls through function values and interfaces are in ResumeRewriter.Dynamic.cs.
/// </summary>
internal sealed partial class ResumeRewriter
{
    private static readonly System.Reflection.MethodInfo FrameStep = typeof(GreenFrame).GetMethod(nameof(GreenFrame.MoveNext))!;

    /// <summary>A point used as a value: its statements, then its value, as one sequence (spilling left it where the
    /// evaluation stack is empty: a declaration's initializer, a condition, a returned value).</summary>
    protected override BoundExpr RewriteSuspension(BoundSuspensionExpr node)
    {
        var list = new List<BoundStmt>();
        var value = PointStatements(node, list)
            ?? throw new InvalidOperationException($"a suspension point of type {node.Type.Name} without a value outside a statement");
        // mayReturn: false — its `return true` (suspend) is already on an empty evaluation stack, where the suspension
        // spiller left the point; the sequence spiller ran before the state machines were built and must not move it.
        return new BoundSequenceExpr(node.Location, list, value, mayReturn: false);
    }

    /// <summary>Appends the statements of <paramref name="point"/> (its operands rewritten) to <paramref name="o"/>;
    /// returns its value (null: none).</summary>
    private BoundExpr? PointStatements(BoundSuspensionExpr point, List<BoundStmt> o)
        => LowerPoint((BoundSuspensionExpr)base.RewriteSuspension(point), o);

    /// <summary>A point as a statement: its statements (and its value, evaluated for nothing).</summary>
    protected override BoundStmt RewriteExprStmt(BoundExprStmt node)
    {
        if (node.Expression is not BoundSuspensionExpr point) return base.RewriteExprStmt(node);
        var list = new List<BoundStmt>();
        var value = PointStatements(point, list);
        if (value != null) list.Add(new BoundExprStmt(node.Location, value));
        return new BoundBlock(node.Location, list);
    }

    private BoundExpr? LowerPoint(BoundSuspensionExpr p, List<BoundStmt> o)
    {
        var loc = p.Location;
        int k = _resumes.Count + 1;
        var resume = new LabelSymbol("resume" + k);
        _resumes.Add(resume);
        var suspend = new BoundBlock(loc, [SetState(loc, k), Return(loc, true)]);
        switch (p.Kind)
        {
            case SuspensionKind.Yield:
                o.Add(suspend);
                o.Add(new BoundLabelStmt(loc, resume));
                return null;
            case SuspensionKind.Call: return LowerCall(p, (BoundCallExpr)p.Operation, k, Step(resume, suspend), o);
            case SuspensionKind.Drop: LowerDrop((BoundCallExpr)p.Operation, k, Step(resume, suspend), o); return null;
            case SuspensionKind.Primitive: return LowerPrimitive((BoundRuntimeCallExpr)p.Operation, p.Factory!, k, Step(resume, suspend), o);
            case SuspensionKind.ClosureCall: return LowerClosureCall((BoundClosureCallExpr)p.Operation, k, Step(resume, suspend), o);
            case SuspensionKind.InterfaceCall: return LowerInterfaceCall((BoundInterfaceCallExpr)p.Operation, k, Step(resume, suspend), o);
            default: throw new InvalidOperationException($"suspension kind {p.Kind}");
        }
    }

    /// <summary>`resume_k: if (aw.MoveNext()) { state = k; return true }` for the child frame in <c>aw</c>.</summary>
    private Func<LocalSymbol, List<BoundStmt>> Step(LabelSymbol resume, BoundStmt suspend) => aw =>
    {
        var loc = suspend.Location;
        var moveNext = new BoundRuntimeCallExpr(loc, FrameStep, null, Read(aw, loc), new(), TypeFactory.Bool);
        return [new BoundLabelStmt(loc, resume), new BoundIf(loc, moveNext, suspend, null)];
    };

    /// <summary>A temporary that lives in a frame field of this state machine (an awaiter or a starter of point k).</summary>
    private LocalSymbol FrameLocal(string name, MiloType type, FrameFieldKind kind)
    {
        var l = new LocalSymbol("$" + name, type, true) { IsTemporary = true };
        _frameLocals[l] = new FrameFieldSymbol(_fn, name, type, _fields++, kind);
        return l;
    }

    private static BoundAssign Store(LocalSymbol l, BoundExpr value) => new(value.Location, new BoundVariableExpr(value.Location, l, l.Type), value);

    /// <summary>`aw.Result` of a finished GreenFrame&lt;<paramref name="result"/>&gt;, as <paramref name="type"/>.</summary>
    private BoundFrameFieldRead ResultOf(LocalSymbol aw, MiloType result, MiloType type, Location loc)
        => new(loc, Read(aw, loc), new FrameFieldSymbol(_fn, "Result", result, 0, FrameFieldKind.Result), type);

    /// <summary>A call of a suspending function or method: start its frame, drive it, copy `&amp;mut` arguments back,
    /// then its result.</summary>
    private BoundExpr? LowerCall(BoundSuspensionExpr p, BoundCallExpr c, int k, Func<LocalSymbol, List<BoundStmt>> step, List<BoundStmt> o)
    {
        var loc = c.Location;
        var fn = c.Function;
        var ps = fn.Parameters;
        var aw = FrameLocal("aw" + k, FrameClassType.FrameOf(fn), FrameFieldKind.Awaiter);
        var args = c.Arguments.Select((a, i) => i < ps.Count ? Converted(a, ValueType(ps[i].Type)) : a).ToList();
        o.Add(Store(aw, new BoundFrameMethodCallExpr(loc, FrameMethodKind.Start, fn, null, args, aw.Type)));
        foreach (var (i, j) in SharedRefParameters.AliasedPairs(ps.Select(q => q.Type).ToList(), c.Arguments))
            o.Add(new BoundExprStmt(loc, new BoundFrameMethodCallExpr(loc, FrameMethodKind.Alias, fn, Read(aw, loc), [Index(loc, j)], TypeFactory.Void, i)));
        o.AddRange(step(aw));
        // `&mut` parameters are copied into the frame: copy them back out (copy-in/copy-out).
        foreach (var wb in p.WriteBacks)
            if (IsAddressable(wb.Target) && wb.Value is BoundFrameFieldRead r)
                o.Add(new BoundAssign(wb.Location, wb.Target, new BoundFrameFieldRead(r.Location, Read(aw, r.Location), r.Field, r.Type)));
        return c.Type.IsVoid || fn.ReturnType.IsVoid ? null : ResultOf(aw, fn.ReturnType, c.Type, loc);
    }

    private static BoundLiteralExpr Index(Location loc, int j) => new(loc, TypeFactory.I32, (long)j);

    /// <summary>Dropping a struct local whose user <c>Drop</c> suspends: drive the drop's frame on the value, store the
    /// frame's copy back (`&amp;mut self`), then drop the fields that have glue, last first.</summary>
    private void LowerDrop(BoundCallExpr c, int k, Func<LocalSymbol, List<BoundStmt>> step, List<BoundStmt> o)
    {
        var loc = c.Location;
        var v = (BoundVariableExpr)c.Arguments[0];
        var aw = FrameLocal("aw" + k, FrameClassType.FrameOf(c.Function), FrameFieldKind.Awaiter);
        o.Add(Store(aw, new BoundFrameMethodCallExpr(loc, FrameMethodKind.Start, c.Function, null, [v], aw.Type)));
        o.AddRange(step(aw));
        var s = (StructType)ValueType(v.Type).StripRange();
        var self = new FrameFieldSymbol(c.Function, "self", s, 0);
        o.Add(new BoundAssign(loc, v, new BoundFrameFieldRead(loc, Read(aw, loc), self, s)));
        for (int i = s.Fields.Count - 1; i >= 0; i--)
        {
            if (!DropGlue.Needs(s.Fields[i].Type)) continue;
            var field = new BoundFieldExpr(loc, v, s.Fields[i]);
            o.Add(new BoundExprStmt(loc, new BoundIntrinsicExpr(loc, IntrinsicKind.DropValue, [field], TypeFactory.Void)));
        }
    }

    /// <summary>A [SuspendsAs] primitive: its frame factory (on the factory class closed over the receiver's type
    /// arguments when generic), driven, then the result converted to the call's type.</summary>
    private BoundExpr? LowerPrimitive(BoundRuntimeCallExpr r, System.Reflection.MethodInfo factory, int k, Func<LocalSymbol, List<BoundStmt>> step, List<BoundStmt> o)
    {
        var loc = r.Location;
        var owner = factory.DeclaringType!;
        MiloType? instance = owner.IsGenericTypeDefinition ? FactoryOwner(owner, ValueType(r.InstanceType ?? r.Receiver!.Type)) : null;
        var ret = r.Method.ReturnType;
        var result = ret == typeof(void) ? null : TypeFactory.FromClrNumeric(ret, r.Type);
        MiloType frame = result == null ? GreenFrameType : GreenFrameOf(result);
        var aw = FrameLocal("aw" + k, frame, FrameFieldKind.Awaiter);
        List<BoundExpr> args = r.Method.IsStatic ? r.Arguments : [r.Receiver!, .. r.Arguments];
        o.Add(Store(aw, new BoundRuntimeCallExpr(loc, factory, instance, null, args, frame)));
        o.AddRange(step(aw));
        if (r.Type.IsVoid) return null;
        if (result == null)
            return r.Type.StripRange() is PrimitiveType ? new BoundLiteralExpr(loc, r.Type, 0L)
                : throw new InvalidOperationException($"{r.Method.Name} returns nothing but is typed {r.Type.Name}");
        return Converted(ResultOf(aw, result, result, loc), r.Type);
    }

    private static readonly RuntimeClassType GreenFrameType = new("GreenFrame", typeof(GreenFrame), new(), false, false);

    private static RuntimeClassType GreenFrameOf(MiloType result) => new("GreenFrame", typeof(GreenFrame<>), [result], false, false);

    /// <summary>The generic factory class <paramref name="owner"/> closed over the type arguments of the primitive's class.</summary>
    private static MiloType FactoryOwner(Type owner, MiloType instance) => instance.StripRange() switch
    {
        RuntimeClassType rc => new RuntimeClassType(owner.Name, owner, rc.TypeArgs, false, false),
        DotNetType { ClrType.IsGenericType: true } d => new DotNetType(owner.MakeGenericType(d.ClrType.GetGenericArguments()), owner.Name, false),
        var t => throw new InvalidOperationException($"suspension primitive on {t.Name}: its factory class {owner.Name} cannot be closed"),
    };


    /// <summary><paramref name="e"/> converted to the numeric type <paramref name="to"/> when it has another numeric type.</summary>
    private static BoundExpr Converted(BoundExpr e, MiloType to)
    {
        var from = ValueType(e.Type).StripRange();
        var target = ValueType(to).StripRange();
        return from.IsNumeric && target.IsNumeric && !ReferenceEquals(from, target) ? new BoundCastExpr(e.Location, e, target) : e;
    }

    /// <summary>Whether a value can be stored back into <paramref name="e"/> (a `&amp;mut` argument's copy-back).</summary>
    private static bool IsAddressable(BoundExpr e) => e switch
    {
        BoundVariableExpr => true,
        BoundFieldExpr f => IsAddressable(f.Receiver) && ValueType(f.Receiver.Type).StripRange() is StructType,
        BoundIndexExpr i => ValueType(i.Receiver.Type).StripRange() is Symbols.ArrayType or VecType,
        BoundDerefExpr d => ValueType(d.Operand.Type).StripRange() is HeapType,
        _ => false,
    };
}
