using System.Text.RegularExpressions;
using Milo.Compiler.Binding;
using Milo.Compiler.Diagnostics;
using Milo.Compiler.Modules;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Lsp;

/// <summary>
/// `textDocument/completion`: the item names of a module inside `from "…" import { }`; members (fields, methods) after
/// `.`; otherwise the locals and parameters in scope, top-level items and keywords.
/// </summary>
internal static partial class CompletionProvider
{
    // LSP CompletionItemKind numbers.
    private const int KMethod = 2, KFunction = 3, KField = 5, KVariable = 6, KInterface = 8, KKeyword = 14, KEnum = 13, KConstant = 21, KStruct = 22, KEnumMember = 20;

    private static readonly string[] Keywords =
    {
        "fn", "let", "var", "if", "else", "while", "for", "in", "return", "break", "continue", "match", "struct", "enum", "impl",
        "trait", "interface", "type", "from", "import", "extern", "unsafe", "move", "pub", "true", "false", "null", "is", "as",
        "parallel", "self", "Self",
    };

    private static readonly Dictionary<string, string[]> BuiltinMembers = new()
    {
        ["Vec"] = new[] { "len", "push", "pop", "isEmpty", "contains", "reverse", "join", "sort", "sortBy", "sortByKey", "map", "filter", "find", "any", "all", "each", "enumerate" },
        ["HashMap"] = new[] { "len", "insert", "get", "getOrDefault", "contains", "remove", "keys", "values" },
        ["string"] = new[] { "len", "push", "split", "splitWords", "splitWhitespace", "clone", "substr", "slice", "parseInt", "contains", "startsWith", "endsWith", "indexOf", "lastIndexOf", "trim", "trimStart", "trimEnd", "toLower", "toUpper", "reverse", "replace", "replaceFirst", "repeat", "padStart", "padEnd", "isEmpty", "charAt" },
        ["array"] = new[] { "len" },
        ["int"] = new[] { "wrappingAdd", "wrappingSub", "wrappingMul", "saturatingAdd", "saturatingSub", "saturatingMul", "checkedAdd", "checkedSub", "checkedMul", "toString" },
    };

    [GeneratedRegex("""from\s+"([^"]+)"\s+import\s*\{[^}]*$""")]
    private static partial Regex ImportListRegex();

    public static object Complete(OpenDocument doc, int offset)
    {
        var text = doc.Text;
        int wordStart = offset;
        while (wordStart > 0 && LspText.IsIdentChar(text[wordStart - 1])) wordStart--;

        int stmtStart = text.LastIndexOf("from", Math.Max(0, wordStart - 1), StringComparison.Ordinal);
        if (stmtStart >= 0 && ImportListRegex().Match(text, stmtStart, wordStart - stmtStart) is { Success: true } m)
            return List(ImportItems(m.Groups[1].Value, doc.Uri));

        int dot = wordStart - 1;
        while (dot >= 0 && text[dot] is ' ' or '\t') dot--;
        if (dot >= 0 && text[dot] == '.' && (dot == 0 || text[dot - 1] != '.'))
            return List(MemberItems(doc.Navigable, text, dot));

        return List(ScopeItems(doc.Navigable, offset));
    }

    private static object List(List<object> items) => new { isIncomplete = false, items };

    private static object Item(string label, int kind, string? detail = null) => new { label, kind, detail };

    // ───────────── import { … } ─────────────

    private static List<object> ImportItems(string path, string docUri)
    {
        string? source = StdModules.TryGet(path);
        if (source == null)
        {
            var file = Path.Combine(Path.GetDirectoryName(DocUris.ToPath(docUri)) ?? ".", path.EndsWith(".milo") ? path : path + ".milo");
            try { source = File.Exists(file) ? File.ReadAllText(file) : null; } catch (IOException) { }
        }
        if (source == null) return new();
        var unit = SyntaxParser.Parse(new SourceText(path, source), new DiagnosticBag());
        var items = new List<object>();
        foreach (var d in unit.Decls)
        {
            switch (d)
            {
                case FunctionDeclSyntax f: items.Add(Item(f.Name.Text, KFunction, DocComments.Header(f, f.Body?.Location.Start))); break;
                case StructDeclSyntax s: items.Add(Item(s.Name.Text, KStruct, "struct")); break;
                case EnumDeclSyntax e: items.Add(Item(e.Name.Text, KEnum, "enum")); break;
                case TraitDeclSyntax t: items.Add(Item(t.Name.Text, KInterface, "trait")); break;
                case InterfaceDeclSyntax i: items.Add(Item(i.Name.Text, KInterface, "interface")); break;
                case ConstDeclSyntax c: items.Add(Item(c.Name.Text, KConstant, "constant")); break;
            }
        }
        return items;
    }

    // ───────────── after `.` ─────────────

    private static List<object> MemberItems(DocumentAnalysis a, string text, int dot)
    {
        int end = dot;
        while (end > 0 && char.IsWhiteSpace(text[end - 1])) end--;
        // The receiver: the longest bound expression ending just before the dot (positions before the edit point are the
        // same in the last analysis that bound), else a variable of that name in scope.
        MiloType? type = a.Index.Expressions.Where(e => e.Location.End == end && e.Location.Length > 0)
            .OrderBy(e => e.Location.Start).FirstOrDefault()?.Type;
        if (type == null)
        {
            int s = end;
            while (s > 0 && LspText.IsIdentChar(text[s - 1])) s--;
            var name = text[s..end];
            type = a.Index.Variables.LastOrDefault(v => v.Variable.Name == name && v.VisibleFrom <= s && s <= v.VisibleTo)?.Variable.Type;
        }
        if (type == null) return TypeMembers(a, text, end);
        if (type is RefType r) type = r.Inner;
        if (type is HeapType h) type = h.Inner;
        var items = new List<object>();
        if (type is StructType st)
            foreach (var f in st.Fields) items.Add(Item(f.Name, KField, TypeDisplay.Show(f.Type)));
        var typeName = type switch { StructType s2 => s2.MiloName, EnumType e => e.MiloName, _ => null };
        if (typeName != null && a.Declarations is { } t && t.Impls.TryGetValue(typeName, out var impls))
        {
            var seen = new HashSet<string>();
            foreach (var (impl, _) in impls)
                foreach (var m in impl.Methods)
                    if (m.Parameters.Count > 0 && m.Parameters[0].Name == "self" && seen.Add(m.Name.Text))
                        items.Add(Item(m.Name.Text, KMethod, DocComments.Header(m, m.Body?.Location.Start)));
            foreach (var (impl, _) in impls)
                if (impl.TraitName is { } tn && t.Traits.TryGetValue(tn.Text, out var trait))
                    foreach (var m in trait.Decl.Methods)
                        if (m.Body != null && seen.Add(m.Name.Text)) items.Add(Item(m.Name.Text, KMethod, DocComments.Header(m, m.Body.Location.Start)));
        }
        var builtin = type switch
        {
            VecType => "Vec", MapType => "HashMap", StringType => "string", ArrayType => "array",
            PrimitiveType p when p.IsInteger => "int", _ => null,
        };
        if (builtin != null) foreach (var n in BuiltinMembers[builtin]) items.Add(Item(n, KMethod, TypeDisplay.Show(type)));
        if (type is InterfaceType it) foreach (var m in it.Methods) items.Add(Item(m.Name, KMethod, TypeDisplay.Show(m.ReturnType)));
        return items;
    }

    /// <summary>`Type.`: the variants of an enum and the static methods (no `self`) of a struct or enum.</summary>
    private static List<object> TypeMembers(DocumentAnalysis a, string text, int end)
    {
        int s = end;
        while (s > 0 && LspText.IsIdentChar(text[s - 1])) s--;
        var name = text[s..end];
        var items = new List<object>();
        if (a.Declarations is not { } t || name.Length == 0 || !char.IsUpper(name[0])) return items;
        if (t.Enums.TryGetValue(name, out var e))
            foreach (var v in e.Decl.Variants) items.Add(Item(v.Name, KEnumMember, $"{name}.{v.Location.Source.Text.Substring(v.Location.Start, v.Location.Length).Trim().TrimEnd(',')}"));
        if (t.Impls.TryGetValue(name, out var impls))
            foreach (var (impl, _) in impls)
                foreach (var m in impl.Methods)
                    if (m.Parameters.Count == 0 || m.Parameters[0].Name != "self")
                        items.Add(Item(m.Name.Text, KFunction, DocComments.Header(m, m.Body?.Location.Start)));
        return items;
    }

    // ───────────── plain identifiers ─────────────

    private static List<object> ScopeItems(DocumentAnalysis a, int offset)
    {
        var items = new List<object>();
        var seen = new HashSet<string>();
        foreach (var v in a.Index.Variables.Where(v => v.VisibleFrom <= offset && offset <= v.VisibleTo).Reverse())
            if (seen.Add(v.Variable.Name)) items.Add(Item(v.Variable.Name, KVariable, TypeDisplay.Show(v.Variable.Type)));
        if (a.Declarations is { } t)
        {
            foreach (var (name, (decl, _)) in t.Functions) if (seen.Add(name)) items.Add(Item(name, KFunction, DocComments.Header(decl, decl.Body?.Location.Start)));
            foreach (var name in t.Structs.Keys) if (seen.Add(name)) items.Add(Item(name, KStruct, "struct"));
            foreach (var name in t.Enums.Keys) if (seen.Add(name)) items.Add(Item(name, KEnum, "enum"));
            foreach (var name in t.Interfaces.Keys.Concat(t.Traits.Keys)) if (seen.Add(name)) items.Add(Item(name, KInterface, null));
            foreach (var name in t.Constants.Keys) if (seen.Add(name)) items.Add(Item(name, KConstant, "constant"));
        }
        foreach (var k in Keywords) if (seen.Add(k)) items.Add(Item(k, KKeyword));
        return items;
    }
}
