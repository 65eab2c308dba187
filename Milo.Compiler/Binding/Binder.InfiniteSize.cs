using Milo.Compiler.Diagnostics;
using Milo.Compiler.Symbols;
using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

/// <summary>
/// Structs and enums are CLR value types that hold their fields and payloads inline, so a type may not contain itself
/// by value — not directly (reported when the type is created, <see cref="GetStruct"/>) and not through other value
/// types either: <c>next: Option&lt;Node&gt;</c> (an enum holding the struct), <c>struct A { b: B } struct B { a: A }</c>,
/// or an enum whose payload struct holds the enum. Those compiled and then failed when the program started
/// (TypeLoadException). After binding, every struct/enum instance is searched for a by-value path back to itself;
/// each cycle is reported once (E0412), at the field or variant of its first type in source order (the
/// program's own files first, non-generic types before generic instances). Heap, Vec, HashMap,
/// references, pointers, function values and interfaces are indirections and end a path.
/// </summary>
internal sealed partial class Binder
{
    private void ReportInfiniteSizeCycles()
    {
        var reported = new HashSet<MiloType>();
        var types = _program.Structs.Where(s => s.Declaration != null).Select(s => (Type: (MiloType)s, Decl: (Syntax.DeclSyntax)s.Declaration!))
            .Concat(_program.Enums.Where(e => e.Declaration != null).Select(e => (Type: (MiloType)e, Decl: (Syntax.DeclSyntax)e.Declaration!)))
            .OrderBy(x => SourceRank(x.Decl.Location.Source.FilePath)).ThenBy(x => IsGenericInstance(x.Type))
            .ThenBy(x => x.Decl.Location.Source.FilePath, StringComparer.Ordinal)
            .ThenBy(x => x.Decl.Location.Start).ToList();
        foreach (var (type, _) in types)
        {
            if (reported.Contains(type)) continue;
            if (type is StructType st)
            {
                foreach (var f in st.Fields)
                {
                    if (f.Type.SameAs(st) || FindValuePath(f.Type, st) is not { } path) continue;
                    MarkReported(reported, st, path);
                    var field = st.Declaration!.Fields[f.Index];
                    _diagnostics.Report(field.Location, Errors.StructInfiniteSize.With(st.MiloName, f.Name), InfiniteSizeHint(field.Type.Location));
                    break;
                }
            }
            else if (type is EnumType et && FirstCycleThroughPayload(et) is var (tag, slot, path))
            {
                MarkReported(reported, et, path);
                var variant = et.Declaration!.Variants[tag];
                _diagnostics.Report(variant.Location, Errors.EnumInfiniteSize.With(et.MiloName), InfiniteSizeHint(variant.Payload[slot].Location));
            }
        }
    }

    /// <summary>The program's own files before the prelude and std modules: `next: Option&lt;Node&gt;` is Node's field, not Option's.</summary>
    private int SourceRank(string path)
        => path == _program.MainFile ? 0 : path.StartsWith('<') || path.Replace('\\', '/').Contains("/std/") ? 2 : 1;

    /// <summary>`struct A { w: W&lt;A&gt; }` is A's mistake, not the generic W's: concrete types are reported first.</summary>
    private static bool IsGenericInstance(MiloType t) => t is StructType { TypeArgs.Count: > 0 } or EnumType { TypeArgs.Count: > 0 };

    private static (int Tag, int Slot, List<MiloType> Path)? FirstCycleThroughPayload(EnumType et)
    {
        foreach (var v in et.Variants)
            for (int i = 0; i < v.Payload.Count; i++)
                if (!v.Payload[i].SameAs(et) && FindValuePath(v.Payload[i], et) is { } path)
                    return (v.Tag, i, path);
        return null;
    }

    /// <summary>The field's own type text, boxed: `next: Option&lt;Node&gt;` → Heap&lt;Option&lt;Node&gt;&gt;.</summary>
    private static string InfiniteSizeHint(Location typeAt)
        => $"the type contains itself through this field; wrap it in Heap<{typeAt.Source.Text.Substring(typeAt.Start, typeAt.Length)}> (or hold a Heap inside it) for heap allocation";

    private static void MarkReported(HashSet<MiloType> reported, MiloType start, List<MiloType> path)
    {
        reported.Add(start);
        foreach (var t in path) reported.Add(t);
    }

    /// <summary>The value types from <paramref name="from"/> (inclusive) that lead back to <paramref name="target"/> by value, or null.</summary>
    private static List<MiloType>? FindValuePath(MiloType from, MiloType target)
    {
        var visited = new HashSet<MiloType>();
        var path = new List<MiloType>();
        return Walk(from.StripRange()) ? path : null;

        bool Walk(MiloType t)
        {
            if (t.SameAs(target)) return true;
            if (!visited.Add(t)) return false;
            path.Add(t);
            foreach (var child in ValueChildren(t))
                if (Walk(child.StripRange())) return true;
            path.RemoveAt(path.Count - 1);
            return false;
        }
    }

    /// <summary>The types <paramref name="t"/> stores inline (by value).</summary>
    private static IEnumerable<MiloType> ValueChildren(MiloType t) => t switch
    {
        StructType s => s.Fields.Select(f => f.Type),
        EnumType e => e.Variants.SelectMany(v => v.Payload),
        ArrayType a => new[] { a.Element },
        _ => Array.Empty<MiloType>(),
    };
}
