using Milo.Compiler.Binding;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Compiler.Emit;

/// <summary>
/// The core nodes a lowered state machine adds (Binding/BoundFrameNodes.cs; docs/green-threads.md): calls of generated
/// frame methods, reads of frame fields and a CLR type test. Lowering/StateMachineRewriter decides everything about
/// suspending (when to start, step, save and resume); here each node is a few instructions, the generated classes and
/// methods resolved by symbol through <see cref="StateMachineEmitter"/> like any other type or method.
/// </summary>
internal sealed partial class FunctionEmitter
{
    /// <summary>Pushes the object that holds an EnvStorage field (`this`, or the closure object of a frame).</summary>
    public void LoadEnvObject(EnvStorage e)
    {
        _il.Emit(OpCodes.Ldarg_0);
        if (e.Via != null) _il.Emit(OpCodes.Ldfld, e.Via);
    }

    private StateMachineEmitter Frames => _ctx.Green ?? throw new EmitException("a frame node in a program without state machines");

    /// <summary>`frame.field` (a parameter field of a frame class, or GreenFrame&lt;R&gt;.Result).</summary>
    private void EmitFrameFieldRead(BoundFrameFieldRead r)
    {
        EmitExpr(r.Frame ?? throw new EmitException($"frame field {r.Field.Name} read without its frame"));
        if (r.Field.Kind == FrameFieldKind.Parameter) Frames.LoadParameter(_il, Frames.FrameFor(r.Field.Owner), r.Field.Index);   // its cell's value if it has one
        else _il.Emit(OpCodes.Ldfld, Frames.FieldOf(r.Field));
    }

    /// <summary>A generated frame method: static (Start) or through its receiver; the result cast to the node's type
    /// when that is more derived than the method's.</summary>
    private void EmitFrameMethodCall(BoundFrameMethodCallExpr c)
    {
        var m = Frames.MethodOf(c);
        if (c.Receiver != null) EmitExpr(c.Receiver);
        foreach (var a in c.Arguments) EmitExpr(a);
        _il.Emit(c.Receiver == null ? OpCodes.Call : OpCodes.Callvirt, m);
        if (c.Type.IsVoid) return;
        var t = Types.Map(c.Type);
        if (t.FullName != m.ReturnType.FullName) _il.Emit(OpCodes.Castclass, t);
    }

    /// <summary>`operand is T target`: isinst into the target variable, then whether it is non-null.</summary>
    private void EmitTypeTest(BoundTypeTestExpr t)
    {
        var target = Lookup(t.Target);
        StoreStorage(target, () =>
        {
            EmitExpr(t.Operand);
            _il.Emit(OpCodes.Isinst, Types.Map(t.TargetType));
        });
        LoadStorage(target);
        _il.Emit(OpCodes.Ldnull);
        _il.Emit(OpCodes.Cgt_Un);
    }
}
