using System.Runtime.CompilerServices;
using System.Text;
using System.Xml.Linq;
using Mono.Cecil;

namespace Milo.Compiler.Emit.LibrarySurface;

/// <summary>
/// `///` comments above exported Milo declarations become the XML documentation file `NAME.xml` beside `NAME.dll`
/// (what IntelliSense shows; docs/interop.md, "Documentation"). The comment text is the `&lt;summary&gt;`; members are named
/// with .NET documentation IDs (`M:StatsLib.Stats.Summarize(Milo.Runtime.MiloVec{System.Double})`).
/// </summary>
internal static class XmlDocs
{
    private static readonly ConditionalWeakTable<AssemblyDefinition, List<(string Id, string Text)>> Entries = new();

    /// <summary>The `///` lines directly above line <paramref name="loc"/> (annotations in between allowed), or null.</summary>
    public static string? CommentAbove(Text.Location loc)
    {
        if (loc.Source == null) return null;
        var lines = new List<string>();
        for (int line = loc.Line - 1; line >= 1; line--)
        {
            var t = loc.Source.GetLineText(line).Trim();
            if (t.StartsWith("///", StringComparison.Ordinal)) { lines.Add(t[3..].Trim()); continue; }
            if (t.StartsWith('@')) continue;
            break;
        }
        if (lines.Count == 0) return null;
        lines.Reverse();
        return string.Join("\n", lines).Trim();
    }

    /// <summary>Records the comment of <paramref name="decl"/> for <paramref name="member"/>.</summary>
    public static void Add(AssemblyDefinition asm, MemberReference member, Text.Location loc)
    {
        if (CommentAbove(loc) is not { Length: > 0 } text) return;
        Entries.GetOrCreateValue(asm).Add((Id(member), text));
    }

    /// <summary>Writes <paramref name="path"/> (always, so build tools that expect the file find it).</summary>
    public static void Write(AssemblyDefinition asm, string path)
    {
        var members = new XElement("members");
        if (Entries.TryGetValue(asm, out var list))
            foreach (var (id, text) in list)
                members.Add(new XElement("member", new XAttribute("name", id), new XElement("summary", text)));
        var doc = new XDocument(new XElement("doc", new XElement("assembly", new XElement("name", asm.Name.Name)), members));
        doc.Save(path);
    }

    /// <summary>The documentation ID of a type, method, field or property.</summary>
    public static string Id(MemberReference m) => m switch
    {
        TypeReference t => "T:" + TypeName(t, forSignature: false),
        MethodReference mr => "M:" + TypeName(mr.DeclaringType, false) + "." + mr.Name.Replace('.', '#')
                              + (mr.HasGenericParameters ? "``" + mr.GenericParameters.Count : "")
                              + (mr.Parameters.Count == 0 ? "" : "(" + string.Join(",", mr.Parameters.Select(p => TypeName(p.ParameterType, true))) + ")"),
        FieldReference f => "F:" + TypeName(f.DeclaringType, false) + "." + f.Name,
        PropertyReference p => "P:" + TypeName(p.DeclaringType, false) + "." + p.Name,
        _ => m.FullName,
    };

    private static string TypeName(TypeReference t, bool forSignature)
    {
        switch (t)
        {
            case ByReferenceType br: return TypeName(br.ElementType, forSignature) + "@";
            case ArrayType at: return TypeName(at.ElementType, forSignature) + "[]";
            case GenericParameter gp: return (gp.Type == GenericParameterType.Method ? "``" : "`") + gp.Position;
            case GenericInstanceType gi:
            {
                var open = TypeName(gi.ElementType, false);
                var tick = open.LastIndexOf('`');
                if (tick >= 0) open = open[..tick];
                return open + "{" + string.Join(",", gi.GenericArguments.Select(a => TypeName(a, true))) + "}";
            }
        }
        var sb = new StringBuilder();
        if (t.DeclaringType != null) sb.Append(TypeName(t.DeclaringType, false)).Append('.');
        else if (!string.IsNullOrEmpty(t.Namespace)) sb.Append(t.Namespace).Append('.');
        sb.Append(t.Name);
        return sb.ToString();
    }
}
