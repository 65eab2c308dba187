using Milo.Compiler.Symbols;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Compiler.Emit.LibrarySurface;

/// <summary>
/// The public wrapper of an exported function or method (docs/interop.md, "Parameters" and "Option and Result"):
/// <code>public [static] R Name(params) { try { r = convert(impl([this,] convert(params))); Scheduler.CompleteLibraryCall(); return r; } finally { MiloProcess.Flush(); } }</code>
/// <list type="bullet">
/// <item>`&amp;T` → `in T` for structs/enums; by value for primitives and reference-type runtime values (string, Vec …),
///   whose address the wrapper passes on; `&amp;mut T` → `ref T`.</item>
/// <item>`Option&lt;T&gt;` / `Result&lt;T, E&gt;` parameters and results are the shared <c>Milo.Runtime.Option&lt;T&gt;</c> /
///   <c>Result&lt;T, E&gt;</c>, converted to and from the library's own representation (through <see cref="VariantAccess"/>).</item>
/// <item>The flush keeps Milo's buffered stdout in order with the caller's own output.</item>
/// <item>Green threads the call spawned run to completion before it returns, as at the end of a program's main.</item>
/// </list>
/// </summary>
internal static class WrapperEmitter
{
    public static MethodDefinition Emit(EmitContext ctx, FunctionSymbol fn, MethodDefinition impl, TypeDefinition owner, string name,
        MethodReference flush, bool instance)
    {
        var attrs = MethodAttributes.Public | MethodAttributes.HideBySig | (instance ? 0 : MethodAttributes.Static);
        var retBoundary = Boundary.For(ctx, fn.ReturnType);
        var w = new MethodDefinition(name, attrs, retBoundary?.Public ?? impl.ReturnType);
        owner.Methods.Add(w);
        var il = w.Body.GetILProcessor();
        var loaders = new List<Action>();
        for (int i = instance ? 1 : 0; i < impl.Parameters.Count; i++)
        {
            var milo = i < fn.Parameters.Count ? fn.Parameters[i].Type : null;
            loaders.Add(AddParameter(ctx, w, il, impl.Parameters[i], milo));
        }
        EmitCallAndFlush(ctx, w, il, impl, owner, instance, loaders, retBoundary, flush);
        EmitContext.Finish(w);
        return w;
    }

    /// <summary>
    /// The wrapper's parameter for <paramref name="p"/> of the implementation (whose Milo type is <paramref name="milo"/>),
    /// with any conversion it needs emitted up front; returns what loads the implementation's argument.
    /// </summary>
    private static Action AddParameter(EmitContext ctx, MethodDefinition w, ILProcessor il, ParameterDefinition p, MiloType? milo)
    {
        if (p.ParameterType is ByReferenceType br && milo is RefType { IsMutable: false } rt)
        {
            var inner = br.ElementType;
            var b = Boundary.For(ctx, rt.Inner);
            if (b != null || !inner.IsValueType || inner.IsPrimitive)
            {
                // by value: the wrapper owns a copy and passes its address (`&T` never writes through it)
                var pd = new ParameterDefinition(p.Name, ParameterAttributes.None, b?.Public ?? inner);
                w.Parameters.Add(pd);
                var local = new VariableDefinition(inner);
                w.Body.Variables.Add(local);
                if (b != null) b.EmitToInternal(il, () => il.Emit(OpCodes.Ldarga, pd));
                else il.Emit(OpCodes.Ldarg, pd);
                il.Emit(OpCodes.Stloc, local);
                return () => il.Emit(OpCodes.Ldloca, local);
            }
            var inParam = new ParameterDefinition(p.Name, ParameterAttributes.In, p.ParameterType);
            inParam.CustomAttributes.Add(new CustomAttribute(ctx.Module.ImportReference(
                typeof(System.Runtime.CompilerServices.IsReadOnlyAttribute).GetConstructor(Type.EmptyTypes)!)));
            w.Parameters.Add(inParam);
            return () => il.Emit(OpCodes.Ldarg, inParam);
        }
        // A `&T` the implementation takes by value (RefParamPassing) converts like a T.
        if (milo is RefType { IsMutable: false } byValue && p.ParameterType is not ByReferenceType) milo = byValue.Inner;
        var boundary = milo != null && p.ParameterType is not ByReferenceType ? Boundary.For(ctx, milo) : null;
        var q = new ParameterDefinition(p.Name, p.Attributes, boundary?.Public ?? p.ParameterType);
        w.Parameters.Add(q);
        if (boundary != null) return () => boundary.EmitToInternal(il, () => il.Emit(OpCodes.Ldarga, q));
        return () => il.Emit(OpCodes.Ldarg, q);
    }

    /// <summary>`try { result = convert(impl([this,] args)); Scheduler.CompleteLibraryCall(); } finally { flush(); } return result;`</summary>
    private static void EmitCallAndFlush(EmitContext ctx, MethodDefinition w, ILProcessor il, MethodDefinition impl, TypeDefinition owner, bool instance,
        List<Action> loaders, Boundary? retBoundary, MethodReference flush)
    {
        bool hasResult = impl.ReturnType.MetadataType != MetadataType.Void;
        VariableDefinition? result = null;
        if (hasResult) { result = new VariableDefinition(w.ReturnType); w.Body.Variables.Add(result); }
        var tryStart = Instruction.Create(OpCodes.Nop);
        il.Append(tryStart);
        if (instance)
        {
            il.Emit(OpCodes.Ldarg_0); // this: a managed pointer to the struct
            if (impl.Parameters[0].ParameterType is not ByReferenceType) il.Emit(OpCodes.Ldobj, owner);
        }
        foreach (var load in loaders) load();
        il.Emit(OpCodes.Call, impl);
        if (retBoundary != null)
        {
            var raw = new VariableDefinition(impl.ReturnType);
            w.Body.Variables.Add(raw);
            il.Emit(OpCodes.Stloc, raw);
            retBoundary.EmitToPublic(il, () => il.Emit(OpCodes.Ldloca, raw));
        }
        if (hasResult) il.Emit(OpCodes.Stloc, result!);
        il.Emit(OpCodes.Call, ctx.Module.ImportReference(typeof(Milo.Runtime.Scheduler).GetMethod(nameof(Milo.Runtime.Scheduler.CompleteLibraryCall))!));
        var end = hasResult ? Instruction.Create(OpCodes.Ldloc, result!) : Instruction.Create(OpCodes.Ret);
        il.Emit(OpCodes.Leave, end);
        var finallyStart = Instruction.Create(OpCodes.Call, flush);
        il.Append(finallyStart);
        il.Emit(OpCodes.Endfinally);
        il.Append(end);
        if (hasResult) il.Emit(OpCodes.Ret);
        w.Body.InitLocals = true;
        w.Body.ExceptionHandlers.Add(new ExceptionHandler(ExceptionHandlerType.Finally)
        {
            TryStart = tryStart, TryEnd = finallyStart, HandlerStart = finallyStart, HandlerEnd = end,
        });
    }
}
