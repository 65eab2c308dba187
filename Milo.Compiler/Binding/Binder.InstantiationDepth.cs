using Milo.Compiler.Diagnostics;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;

namespace Milo.Compiler.Binding;

/// <summary>
/// Guards monomorphisation against instantiations that never end: a generic function calling itself with a bigger
/// type argument (<c>rec(Vec&lt;T&gt;)</c> inside <c>rec&lt;T&gt;</c>), or a generic struct/enum whose field names the
/// type with a bigger argument (<c>Nest&lt;Vec&lt;T&gt;&gt;</c> inside <c>Nest&lt;T&gt;</c>). Each step creates a new
/// instance, so the work queue (functions) or the field resolution (types) would run forever. Past
/// <see cref="MaxTypeArgDepth"/> levels of nesting the declaration is reported (E0412) and the instance is made with
/// error type arguments, which ends the chain. Only the first such report is kept: the others are its echoes (in
/// <c>Option&lt;Heap&lt;Nest&lt;Vec&lt;T&gt;&gt;&gt;&gt;</c> the Option around the endless Nest grows too); type arguments
/// are resolved innermost first, so the first to trip is the declaration that recurses.
/// </summary>
internal sealed partial class Binder
{
    /// <summary>Far above what programs write (a Vec of Options of Heaps of generic structs is depth 4).</summary>
    internal const int MaxTypeArgDepth = 32;

    private bool _endlessInstantiationReported;

    /// <summary>
    /// The type arguments to instantiate the declaration named <paramref name="name"/> with: <paramref name="args"/>
    /// itself, or — when they nest too deeply — as many error types, after reporting it (once per compilation).
    /// </summary>
    private List<MiloType> BoundedTypeArgs(NameSyntax name, List<MiloType> args)
    {
        if (args.Count == 0 || args.Max(TypeArgDepth) <= MaxTypeArgDepth) return args;
        if (!_endlessInstantiationReported)
        {
            _endlessInstantiationReported = true;
            var deepest = args.MaxBy(TypeArgDepth)!;
            _diagnostics.Report(name.Location, Errors.InstantiationNeverEnds.With(name.Text, Abbreviate(deepest.Name)),
                "use the same type arguments in the recursive call or field, or a concrete type");
        }
        return args.Select(_ => (MiloType)TypeFactory.Error).ToList();
    }

    private static string Abbreviate(string typeName) => typeName.Length <= 60 ? typeName : typeName[..60];

    /// <summary>How deeply type constructors nest in <paramref name="t"/> (i64 → 1, Vec&lt;i64&gt; → 2, …).</summary>
    internal static int TypeArgDepth(MiloType t) => 1 + t.StripRange() switch
    {
        VecType v => TypeArgDepth(v.Element),
        ArrayType a => TypeArgDepth(a.Element),
        HeapType h => TypeArgDepth(h.Inner),
        RefType r => TypeArgDepth(r.Inner),
        PointerType p => TypeArgDepth(p.Inner),
        MapType m => Math.Max(TypeArgDepth(m.Key), TypeArgDepth(m.Value)),
        FunctionType f => f.Parameters.Append(f.ReturnType).Max(TypeArgDepth),
        StructType s => s.TypeArgs.Count == 0 ? 0 : s.TypeArgs.Max(TypeArgDepth),
        EnumType e => e.TypeArgs.Count == 0 ? 0 : e.TypeArgs.Max(TypeArgDepth),
        RuntimeClassType c => c.TypeArgs.Count == 0 ? 0 : c.TypeArgs.Max(TypeArgDepth),
        _ => 0,
    };
}
