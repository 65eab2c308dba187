using Milo.Compiler.Symbols;

namespace Milo.Compiler.Lsp;

/// <summary>Types as a Milo programmer writes them (`Vec<i64>`, `Option<string>`), not the compiler's mangled names (`Vec_i64`).</summary>
internal static class TypeDisplay
{
    public static string Show(MiloType t) => t switch
    {
        StructType s => Generic(s.MiloName, s.TypeArgs),
        EnumType e => Generic(e.MiloName, e.TypeArgs),
        VecType v => $"Vec<{Show(v.Element)}>",
        MapType m => $"HashMap<{Show(m.Key)}, {Show(m.Value)}>",
        HeapType h => $"Heap<{Show(h.Inner)}>",
        RefType r => (r.IsMutable ? "&mut " : "&") + Show(r.Inner),
        PointerType p => "*" + Show(p.Inner),
        ArrayType a => $"[{Show(a.Element)}; {a.Size}]",
        FunctionType f => $"({string.Join(", ", f.Parameters.Select(Show))}) => {Show(f.ReturnType)}",
        RuntimeClassType rc => Generic(rc.MiloName, rc.TypeArgs),
        _ => t.Name,
    };

    private static string Generic(string name, List<MiloType> args)
        => args.Count == 0 ? name : $"{name}<{string.Join(", ", args.Select(Show))}>";
}
