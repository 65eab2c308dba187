using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Compiler.Text;

namespace Milo.Compiler.Lowering;

/// <summary>
/// Suspension points whose callee is only known at run time (docs/green-threads.md, "Dynamic dispatch"): a call through
/// a function value or an interface method that may reach a suspending implementation. The operands are evaluated into
/// IL temporaries, then the object is tested for its green entry and either driven as a frame or called plainly:
/// <code>
///   if (callee.Target is IGreenFn… st_k) {        // a function value; for interfaces: receiver is IGreenM… st_k
///       aw_k = st_k.StartFrame(args)
///   resume_k:
///       if (aw_k.MoveNext()) { state = k; return true }
///       result = aw_k.Result; a_i = st_k.ArgOut{i}(aw_k)      // interfaces: st_k.EndFrame(aw_k)
///   } else result = callee(args)
/// </code>
/// </summary>
internal sealed partial class ResumeRewriter
{
    private static readonly System.Reflection.MethodInfo DelegateTarget = typeof(Delegate).GetProperty(nameof(Delegate.Target))!.GetGetMethod()!;
    private static readonly DotNetType ObjectType = new(typeof(object), "object", false);

    /// <summary>An IL temporary (declared after the hoisting analysis, so never hoisted) holding <paramref name="value"/>.</summary>
    private LocalSymbol Temp(string name, MiloType type, BoundExpr? value, List<BoundStmt> o)
    {
        var t = new LocalSymbol("$" + name + (++_temps), ValueType(type), true) { IsTemporary = true };
        if (value != null) o.Add(new BoundLocalDecl(value.Location, t, value));
        return t;
    }

    private BoundExpr? LowerClosureCall(BoundClosureCallExpr cc, int k, Func<LocalSymbol, List<BoundStmt>> step, List<BoundStmt> o)
    {
        var loc = cc.Location;
        var ft = (FunctionType)ValueType(cc.Callee.Type).StripRange();
        var d = Temp("fn", ft, cc.Callee, o);
        var args = cc.Arguments.Select((a, i) => Temp("arg", ft.Parameters[i], Converted(a, ValueType(ft.Parameters[i])), o)).ToList();
        bool IsMutArg(int i) => ft.Parameters[i] is RefType { IsMutable: true };
        // The result temporary is declared on the frame path (emitted first) and assigned on the plain one.
        var result = cc.Type.IsVoid || ft.ReturnType.IsVoid ? null : Temp("res", cc.Type, null, o);
        var st = FrameLocal("st" + k, FrameClassType.StarterOf(ft), FrameFieldKind.Starter);
        var target = new BoundRuntimeCallExpr(loc, DelegateTarget, null, Read(d, loc), new(), ObjectType);
        var frame = new List<BoundStmt>();
        var aw = StartDynamic(st, args, ft.ReturnType, k, loc, frame);
        foreach (var (i, j) in SharedRefParameters.AliasedPairs(ft.Parameters, cc.Arguments))
            frame.Add(new BoundExprStmt(loc, new BoundFrameMethodCallExpr(loc, FrameMethodKind.Alias, null, Read(st, loc), [Read(aw, loc), Index(loc, j)], TypeFactory.Void, i)));
        frame.AddRange(step(aw));
        if (result != null) frame.Add(new BoundLocalDecl(loc, result, ResultOf(aw, ft.ReturnType, result.Type, loc)));
        // A plain call passes a reference argument that names a variable (or a field of one) as that place, so `&` and
        // `&mut` to the same variable stay aliases (Emit/TypeMapper.SigByRef); the frame path copies in and out.
        bool Direct(int i) => ft.Parameters[i] is RefType && IsPlainPlace(cc.Arguments[i]);
        for (int i = 0; i < args.Count; i++)
            if (IsMutArg(i))
            {
                frame.Add(Store(args[i], new BoundFrameMethodCallExpr(loc, FrameMethodKind.ArgOut, null, Read(st, loc), [Read(aw, loc)], args[i].Type, i)));
                if (Direct(i)) frame.Add(new BoundAssign(loc, cc.Arguments[i], Read(args[i], loc)));
            }
        var call = new BoundClosureCallExpr(loc, Read(d, loc), args.Select((a, i) => Direct(i) ? cc.Arguments[i] : Read(a, loc)).ToList(), cc.Type);
        BoundStmt plain = result != null ? Store(result, call) : new BoundExprStmt(loc, call);
        o.Add(new BoundIf(loc, new BoundTypeTestExpr(loc, target, st.Type, st), new BoundBlock(loc, frame), plain));
        // Other `&mut` arguments went by copy-in/copy-out through the temporaries on both paths: store them into their places.
        for (int i = 0; i < args.Count; i++)
            if (IsMutArg(i) && !Direct(i) && IsAddressable(cc.Arguments[i]))
                o.Add(new BoundAssign(loc, cc.Arguments[i], Read(args[i], loc)));
        return result == null ? null : Read(result, loc);
    }

    /// <summary>A variable or a field path of one: naming it again has no side effects and reads the same place.</summary>
    private static bool IsPlainPlace(BoundExpr e) => e switch
    {
        BoundVariableExpr => true,
        BoundFieldExpr f => IsPlainPlace(f.Receiver) && ValueType(f.Receiver.Type).StripRange() is StructType,
        _ => false,
    };

    private BoundExpr? LowerInterfaceCall(BoundInterfaceCallExpr ic, int k, Func<LocalSymbol, List<BoundStmt>> step, List<BoundStmt> o)
    {
        var loc = ic.Location;
        var recv = Temp("recv", ic.Receiver.Type, ic.Receiver, o);
        var args = ic.Arguments.Select(a => Temp("arg", a.Type, a, o)).ToList();
        var retType = ic.Method.ReturnType;
        var result = ic.Type.IsVoid || retType.IsVoid ? null : Temp("res", ic.Type, null, o);
        var st = FrameLocal("st" + k, FrameClassType.StarterOf(ic.Interface, ic.MethodIndex), FrameFieldKind.Starter);
        var frame = new List<BoundStmt>();
        var aw = StartDynamic(st, args, retType, k, loc, frame);
        frame.AddRange(step(aw));
        frame.Add(new BoundExprStmt(loc, new BoundFrameMethodCallExpr(loc, FrameMethodKind.EndFrame, null, Read(st, loc), [Read(aw, loc)], TypeFactory.Void)));
        if (result != null) frame.Add(new BoundLocalDecl(loc, result, ResultOf(aw, retType, result.Type, loc)));
        var call = new BoundInterfaceCallExpr(loc, Read(recv, loc), ic.Interface, ic.MethodIndex, args.Select(a => (BoundExpr)Read(a, loc)).ToList(), ic.Type);
        BoundStmt plain = result != null ? Store(result, call) : new BoundExprStmt(loc, call);
        o.Add(new BoundIf(loc, new BoundTypeTestExpr(loc, Read(recv, loc), st.Type, st), new BoundBlock(loc, frame), plain));
        return result == null ? null : Read(result, loc);
    }

    /// <summary>`aw_k = st_k.StartFrame(args)`, typed GreenFrame&lt;R&gt; for a callee returning R.</summary>
    private LocalSymbol StartDynamic(LocalSymbol st, List<LocalSymbol> args, MiloType returnType, int k, Location loc, List<BoundStmt> o)
    {
        MiloType frame = returnType.IsVoid ? GreenFrameType : GreenFrameOf(returnType);
        var aw = FrameLocal("aw" + k, frame, FrameFieldKind.Awaiter);
        var start = new BoundFrameMethodCallExpr(loc, FrameMethodKind.StartFrame, null, Read(st, loc), args.Select(a => (BoundExpr)Read(a, loc)).ToList(), frame);
        o.Add(Store(aw, start));
        return aw;
    }
}
