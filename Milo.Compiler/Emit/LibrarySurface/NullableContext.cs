using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Compiler.Emit.LibrarySurface;

/// <summary>
/// Nullable annotations: Milo values are never null, so every public type of a library gets
/// <c>[NullableContext(1)]</c> (“reference types in these signatures are not nullable”). The attribute class is defined
/// internally in the library, as C# compilers do (they recognise it by name).
/// </summary>
internal static class NullableContext
{
    public static void Apply(EmitContext ctx, IEnumerable<TypeDefinition> publicTypes)
    {
        var module = ctx.Module;
        var attrType = new TypeDefinition("System.Runtime.CompilerServices", "NullableContextAttribute",
            TypeAttributes.NotPublic | TypeAttributes.Sealed | TypeAttributes.BeforeFieldInit,
            module.ImportReference(typeof(Attribute)));
        var flag = new FieldDefinition("Flag", FieldAttributes.Public | FieldAttributes.InitOnly, module.TypeSystem.Byte);
        attrType.Fields.Add(flag);
        var ctor = new MethodDefinition(".ctor", MethodAttributes.Public | MethodAttributes.HideBySig | MethodAttributes.SpecialName
                                                 | MethodAttributes.RTSpecialName, module.TypeSystem.Void);
        ctor.Parameters.Add(new ParameterDefinition("flag", ParameterAttributes.None, module.TypeSystem.Byte));
        var il = ctor.Body.GetILProcessor();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, module.ImportReference(typeof(Attribute).GetConstructor(
            System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance, Type.EmptyTypes)!));
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Stfld, flag);
        il.Emit(OpCodes.Ret);
        attrType.Methods.Add(ctor);
        var usage = new CustomAttribute(module.ImportReference(typeof(AttributeUsageAttribute).GetConstructor([typeof(AttributeTargets)])!));
        usage.ConstructorArguments.Add(new CustomAttributeArgument(module.ImportReference(typeof(AttributeTargets)),
            AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Method | AttributeTargets.Interface | AttributeTargets.Delegate));
        attrType.CustomAttributes.Add(usage);
        module.Types.Add(attrType);
        foreach (var t in publicTypes)
        {
            var a = new CustomAttribute(ctor);
            a.ConstructorArguments.Add(new CustomAttributeArgument(module.TypeSystem.Byte, (byte)1));
            t.CustomAttributes.Add(a);
        }
    }
}
