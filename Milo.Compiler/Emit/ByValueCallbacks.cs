using Milo.Compiler.Symbols;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Compiler.Emit;

/// <summary>
/// A function value handed to a runtime method that takes a System.Func/Action (Vec's <c>sortBy</c>, <c>map</c>,
/// <c>filter</c>, …: the runtime passes elements by value). Every `&amp;T` of a Milo function type is a CLR byref
/// (<see cref="TypeMapper.SigByRef"/>), so a callback written <c>(a: &amp;i32, b: &amp;i32): i32 =&gt; a - b</c> is a
/// delegate over byrefs; this wraps it in a generated class whose <c>Invoke</c> takes the values and passes their
/// addresses: <c>new CallbackByValueN(d).Invoke</c> as the Func the runtime expects.
/// </summary>
internal sealed class ByValueCallbacks(EmitContext ctx)
{
    private readonly Dictionary<string, (MethodDefinition Ctor, MethodDefinition Invoke, TypeReference Func)> _adapters = new();

    /// <summary>Whether a value of <paramref name="t"/> passed as a <paramref name="clr"/> parameter needs the wrapper.</summary>
    public static bool Needed(MiloType t, Type clr)
        => t.StripRange() is FunctionType ft && ft.Parameters.Any(p => p is RefType { IsMutable: false }) && !ft.HasMutRefParameter
           && typeof(Delegate).IsAssignableFrom(clr) && ft.Parameters.Count <= 16;

    /// <summary>The System.Func/Action over the values of <paramref name="ft"/>'s parameters.</summary>
    public TypeReference FuncOf(FunctionType ft)
    {
        var types = ctx.Types;
        var values = ValueParams(ft);
        if (ft.ReturnType.IsVoid)
            return values.Length == 0 ? ctx.Import(typeof(Action)) : types.Generic(Type.GetType($"System.Action`{values.Length}")!, values);
        return types.Generic(Type.GetType($"System.Func`{values.Length + 1}")!, values.Append(types.Map(ft.ReturnType)).ToArray());
    }

    /// <summary>The CLR type a by-value callback takes for Milo parameter type <paramref name="p"/>: T for `&amp;T`.</summary>
    public TypeReference ValueParam(MiloType p) => ctx.Types.Map(p is RefType { IsMutable: false } r ? r.Inner : p);

    private TypeReference[] ValueParams(FunctionType ft) => ft.Parameters.Select(ValueParam).ToArray();

    /// <summary>With the delegate of type <paramref name="ft"/> on the stack, leaves the by-value delegate instead (a
    /// closure literal is emitted by-value directly: ClosureEmitter.EmitClosure).</summary>
    public void Wrap(ILProcessor il, FunctionType ft)
    {
        var (ctor, invoke, func) = Adapter(ft);
        il.Emit(OpCodes.Newobj, ctor);
        il.Emit(OpCodes.Ldftn, invoke);
        il.Emit(OpCodes.Newobj, ctx.Types.DelegateCtor(func));
    }

    private (MethodDefinition, MethodDefinition, TypeReference) Adapter(FunctionType ft)
    {
        if (_adapters.TryGetValue(ft.MangledName, out var a)) return a;
        var types = ctx.Types;
        var inner = types.Delegate(ft);
        var values = ValueParams(ft);
        var ret = types.Map(ft.ReturnType);
        var func = FuncOf(ft);
        var td = new TypeDefinition(ctx.Namespace, $"CallbackByValue{ctx.NextId()}",
            TypeAttributes.NotPublic | TypeAttributes.Sealed | TypeAttributes.BeforeFieldInit, ctx.TS.Object);
        var field = new FieldDefinition("inner", FieldAttributes.Private | FieldAttributes.InitOnly, inner);
        td.Fields.Add(field);
        var ctor = new MethodDefinition(".ctor",
            MethodAttributes.Public | MethodAttributes.HideBySig | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName, ctx.TS.Void);
        ctor.Parameters.Add(new ParameterDefinition("inner", ParameterAttributes.None, inner));
        var il = ctor.Body.GetILProcessor();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, ctx.Module.ImportReference(typeof(object).GetConstructor(Type.EmptyTypes)));
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Stfld, field);
        il.Emit(OpCodes.Ret);
        td.Methods.Add(ctor);
        var invoke = new MethodDefinition("Invoke", MethodAttributes.Public | MethodAttributes.HideBySig, ret);
        for (int i = 0; i < values.Length; i++) invoke.Parameters.Add(new ParameterDefinition("a" + i, ParameterAttributes.None, values[i]));
        il = invoke.Body.GetILProcessor();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldfld, field);
        for (int i = 0; i < values.Length; i++)
            il.Emit(types.SigByRef(ft.Parameters, i) ? OpCodes.Ldarga : OpCodes.Ldarg, invoke.Parameters[i]);
        il.Emit(OpCodes.Callvirt, types.DelegateInvoke(inner, ft));
        il.Emit(OpCodes.Ret);
        td.Methods.Add(invoke);
        ctx.Module.Types.Add(td);
        a = (ctor, invoke, func);
        _adapters[ft.MangledName] = a;
        return a;
    }
}
