namespace Milo.Compiler.Symbols;

/// <summary>Which types have drop glue: a user `impl Drop`, or a field/payload/element that has it (checklist §5.8).</summary>
internal static class DropGlue
{
    public static bool Needs(MiloType t) => Needs(t, new HashSet<MiloType>(ReferenceEqualityComparer.Instance));

    /// <summary>A type reaches itself only through Heap/Vec/HashMap; a revisit counts as "no glue" (the first visit decides).</summary>
    private static bool Needs(MiloType t, HashSet<MiloType> visiting)
    {
        t = t.StripRange();
        if (t is StructType or EnumType && !visiting.Add(t)) return false;
        return t switch
        {
            StructType s => s.HasDrop || s.Fields.Any(f => Needs(f.Type, visiting)),
            EnumType e => e.HasDrop || e.Variants.Any(v => v.Payload.Any(p => Needs(p, visiting))),
            HeapType h => Needs(h.Inner, visiting),
            VecType v => Needs(v.Element, visiting),
            MapType m => Needs(m.Key, visiting) || Needs(m.Value, visiting),
            ArrayType a => Needs(a.Element, visiting),
            _ => false,
        };
    }
}
