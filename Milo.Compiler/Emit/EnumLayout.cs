using Milo.Compiler.Symbols;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Compiler.Emit;

/// <summary>
/// The one place that knows how an enum value is laid out. Every emitter reads the variant ("test variant", "load tag"),
/// constructs a variant ("store tag" + payload fields) and reads payloads through these members, never through a field
/// named Tag, so the layout can change here alone.
/// <para>Two layouts, both CLR value types with one field <c>V{variant}_{slot}</c> per payload slot:</para>
/// <list type="bullet">
/// <item><b>tagged</b>: an <c>int Tag</c> field first.</item>
/// <item><b>niche</b> (no tag field): an enum of exactly two variants, one without payload, the other holding a
/// <c>Heap</c>/<c>Vec</c>/<c>Map</c>/<c>String</c> in some slot. Those are CLR references that are never null in a
/// Milo value, so "that slot is null" <i>is</i> the payload-less variant (the zero value is that variant too). This
/// is Rust's null-pointer optimisation: <c>enum Tree { Leaf, Node(Heap&lt;Tree&gt;, Heap&lt;Tree&gt;) }</c> becomes two
/// references, so a <c>Heap&lt;Tree&gt;</c> is one 32-byte object like the C# class twin, and <c>Option&lt;String&gt;</c>
/// is one reference wide.</item>
/// </list>
/// All instructions take the enum's address (or value) on the stack, exactly like <c>ldfld</c>.
/// </summary>
internal sealed class EnumLayout(TypeMapper types)
{
    private readonly Dictionary<EnumType, (VariantSymbol Full, VariantSymbol Empty, int Slot)?> _niche = new();

    /// <summary>The niche layout's variants and the slot whose null-ness is the tag, or null for the tagged layout.</summary>
    public (VariantSymbol Full, VariantSymbol Empty, int Slot)? Niche(EnumType e)
    {
        if (_niche.TryGetValue(e, out var n)) return n;
        n = null;
        if (e.Variants.Count == 2)
        {
            var (a, b) = (e.Variants[0], e.Variants[1]);
            var (full, empty) = a.Payload.Count == 0 ? (b, a) : (a, b);
            if (empty.Payload.Count == 0)
                for (int s = 0; s < full.Payload.Count; s++)
                    if (full.Payload[s].StripRange() is HeapType or VecType or MapType or StringType) { n = (full, empty, s); break; }
        }
        _niche[e] = n;
        return n;
    }

    public bool HasTagField(EnumType e) => Niche(e) == null;

    /// <summary>Adds the layout's fields to a freshly defined enum value type.</summary>
    public void DefineFields(TypeDefinition d, EnumType e)
    {
        var m = d.Module;
        if (HasTagField(e)) d.Fields.Add(new FieldDefinition("Tag", FieldAttributes.Public, m.TypeSystem.Int32));
        for (int vi = 0; vi < e.Variants.Count; vi++)
            for (int slot = 0; slot < e.Variants[vi].Payload.Count; slot++)
            {
                // A void payload (Result<void>'s Ok) has no value; a byte keeps the type loadable ("Illegal 'void' in signature").
                var pt = types.Map(e.Variants[vi].Payload[slot]);
                d.Fields.Add(new FieldDefinition($"V{vi}_{slot}", FieldAttributes.Public, pt.MetadataType == MetadataType.Void ? m.TypeSystem.Byte : pt));
            }
    }

    private FieldDefinition TagField(EnumType e) => types.Define(e).Fields.First(f => f.Name == "Tag");

    /// <summary>Stack: enum address/value → int tag (the variant's <see cref="VariantSymbol.Tag"/>).</summary>
    public void EmitLoadTag(ILProcessor il, EnumType e)
    {
        if (Niche(e) is not { } n) { il.Emit(OpCodes.Ldfld, TagField(e)); return; }
        il.Emit(OpCodes.Ldfld, types.PayloadField(e, n.Full, n.Slot));
        il.Emit(OpCodes.Ldnull);
        // tag = full.Tag when the slot is non-null, else empty.Tag (the tags are 0 and 1).
        il.Emit(n.Full.Tag == 1 ? OpCodes.Cgt_Un : OpCodes.Ceq);
    }

    /// <summary>Stack: enum address/value → bool "holds variant v".</summary>
    public void EmitTestVariant(ILProcessor il, EnumType e, VariantSymbol v)
    {
        if (Niche(e) is not { } n)
        {
            il.Emit(OpCodes.Ldfld, TagField(e));
            il.Emit(OpCodes.Ldc_I4, v.Tag);
            il.Emit(OpCodes.Ceq);
            return;
        }
        il.Emit(OpCodes.Ldfld, types.PayloadField(e, n.Full, n.Slot));
        il.Emit(OpCodes.Ldnull);
        il.Emit(v.Tag == n.Full.Tag ? OpCodes.Cgt_Un : OpCodes.Ceq);
    }

    /// <summary>Stack: enum address/value → (); branches to <paramref name="target"/> unless the value holds variant v.</summary>
    public void EmitBranchUnlessVariant(ILProcessor il, EnumType e, VariantSymbol v, Instruction target)
    {
        if (Niche(e) is not { } n)
        {
            il.Emit(OpCodes.Ldfld, TagField(e));
            il.Emit(OpCodes.Ldc_I4, v.Tag);
            il.Emit(OpCodes.Bne_Un, target);
            return;
        }
        il.Emit(OpCodes.Ldfld, types.PayloadField(e, n.Full, n.Slot));
        il.Emit(v.Tag == n.Full.Tag ? OpCodes.Brfalse : OpCodes.Brtrue, target);
    }

    /// <summary>Stack: enum address → (); records variant v in a zero-initialised value (its payload is stored separately).</summary>
    public void EmitStoreTag(ILProcessor il, EnumType e, VariantSymbol v)
    {
        if (Niche(e) != null) { il.Emit(OpCodes.Pop); return; } // the payload store makes the niche slot non-null
        il.Emit(OpCodes.Ldc_I4, v.Tag);
        il.Emit(OpCodes.Stfld, TagField(e));
    }

    /// <summary>Whether <see cref="EmitStoreTag"/> emits anything (callers skip loading the address when not).</summary>
    public bool StoresTag(EnumType e) => HasTagField(e);
}
