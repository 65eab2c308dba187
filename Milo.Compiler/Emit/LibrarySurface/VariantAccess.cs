using Milo.Compiler.Symbols;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Compiler.Emit.LibrarySurface;

/// <summary>
/// The one place the library surface (Is/TryGet/Match/factories/Option&lt;T&gt; conversion) learns how an enum value is laid
/// out: how to test its variant, read a payload slot and build a variant. Everything in <c>LibrarySurface/</c> goes
/// through this class, so a change of the enum layout (e.g. a class per variant) only has to change these methods.
/// The layout itself (a tag field, or a niche for two-variant enums with a reference payload) is <see cref="EnumLayout"/>'s;
/// <c>loadAddress</c> pushes a managed pointer to the enum value.
/// </summary>
internal sealed class VariantAccess(EmitContext ctx, EnumType e)
{
    public EnumType Enum => e;
    public TypeDefinition Type => ctx.Types.Define(e);

    /// <summary>Payload slots a .NET caller sees: a `void` payload (Result&lt;void, E&gt;'s Ok) has no value.</summary>
    public List<int> VisibleSlots(VariantSymbol v)
        => Enumerable.Range(0, v.Payload.Count).Where(s => !v.Payload[s].IsVoid).ToList();

    /// <summary>CLR type of payload slot <paramref name="slot"/> of <paramref name="v"/>.</summary>
    public TypeReference PayloadType(VariantSymbol v, int slot) => ctx.Types.PayloadField(e, v, slot).FieldType;

    // ---- the layout primitives: EnumLayout (ctx.Types.Enums) is the one definition the emitter's match code also uses.

    private void TestVariant(ILProcessor il, VariantSymbol v) => ctx.Types.Enums.EmitTestVariant(il, e, v);

    private void BranchUnlessVariant(ILProcessor il, VariantSymbol v, Instruction target)
        => ctx.Types.Enums.EmitBranchUnlessVariant(il, e, v, target);

    private bool StoresTag => ctx.Types.Enums.StoresTag(e);

    private void StoreTag(ILProcessor il, VariantSymbol v) => ctx.Types.Enums.EmitStoreTag(il, e, v);

    // ---- what the library surface uses

    /// <summary>Pushes <c>value is v</c> (bool).</summary>
    public void EmitIs(ILProcessor il, Action loadAddress, VariantSymbol v)
    {
        loadAddress();
        TestVariant(il, v);
    }

    /// <summary>Branches to <paramref name="target"/> when the value is not <paramref name="v"/>.</summary>
    public void EmitBranchIfNot(ILProcessor il, Action loadAddress, VariantSymbol v, Instruction target)
    {
        loadAddress();
        BranchUnlessVariant(il, v, target);
    }

    /// <summary>Pushes payload slot <paramref name="slot"/> (the value must be <paramref name="v"/>).</summary>
    public void EmitPayload(ILProcessor il, Action loadAddress, VariantSymbol v, int slot)
    {
        loadAddress();
        il.Emit(OpCodes.Ldfld, ctx.Types.PayloadField(e, v, slot));
    }

    /// <summary>Pushes a new value of variant <paramref name="v"/>; <paramref name="loadPayload"/> pushes each visible slot.</summary>
    public void EmitNew(ILProcessor il, VariantSymbol v, Action<int> loadPayload)
    {
        var td = Type;
        var tmp = new VariableDefinition(td);
        il.Body.Variables.Add(tmp);
        il.Body.InitLocals = true;
        il.Emit(OpCodes.Ldloca, tmp);
        il.Emit(OpCodes.Initobj, td);
        if (StoresTag)
        {
            il.Emit(OpCodes.Ldloca, tmp);
            StoreTag(il, v);
        }
        foreach (var slot in VisibleSlots(v))
        {
            il.Emit(OpCodes.Ldloca, tmp);
            loadPayload(slot);
            il.Emit(OpCodes.Stfld, ctx.Types.PayloadField(e, v, slot));
        }
        il.Emit(OpCodes.Ldloc, tmp);
    }

    /// <summary>Whether the layout's storage members (tag, payload slots) are on <paramref name="td"/>: they are implementation, never public.</summary>
    public static void HideStorage(TypeDefinition td)
    {
        foreach (var f in td.Fields)
            if (f.IsPublic) f.Attributes = (f.Attributes & ~FieldAttributes.FieldAccessMask) | FieldAttributes.Assembly;
    }
}
