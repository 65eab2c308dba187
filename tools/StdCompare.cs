// Compares the public items of two std trees name by name (a .NET 10 file-based app):
//
//   dotnet run tools/StdCompare.cs -- REF_STD_DIR [OUR_STD_DIR] [--list]
//
// OUR_STD_DIR defaults to Milo.Compiler/Modules/std. An item is every top-level struct, enum, fn, extern fn, trait and
// interface of a module, and every method of an impl block (`Type.method`); names starting with '_' and top-level `let`
// constants are counted separately. Signatures compare parameter types (not names) and the return type; structs compare
// field names and types; enums their variants. `std/x.linux.milo`/`std/x.darwin.milo` count as module x (the linux file
// is read when both exist). Prints same / different / missing / extra per module and in total; --list names them.
using System.Text;
using System.Text.RegularExpressions;

var positional = args.Where(a => !a.StartsWith("--")).ToList();
bool list = args.Contains("--list");
if (positional.Count < 1) { Console.Error.WriteLine("usage: dotnet run tools/StdCompare.cs -- REF_STD_DIR [OUR_STD_DIR] [--list]"); return 2; }
var refItems = StdItems.Read(positional[0]);
var ourDir = positional.Count > 1 ? positional[1] : Path.Combine(AppContext.GetData("EntryPointFileDirectoryPath") as string ?? ".", "..", "Milo.Compiler", "Modules", "std");
var ourItems = StdItems.Read(ourDir);

// Buckets: same / different / missing (public ref items), "handle" (methods of a type that is a compiler-provided runtime
// handle here, `@runtime(...)`: its methods are not written in the std source), private ('_' names), constants (`let`).
int same = 0, different = 0, missing = 0, extra = 0, handle = 0, privSame = 0, privOther = 0, consts = 0, constsMissing = 0;
var report = new StringBuilder();
foreach (var module in refItems.Keys.Union(ourItems.Keys).OrderBy(m => m, StringComparer.Ordinal))
{
    var r = refItems.GetValueOrDefault(module) ?? new();
    var o = ourItems.GetValueOrDefault(module) ?? new();
    var handles = o.Where(p => p.Key.StartsWith("@runtime ")).Select(p => p.Key[9..]).ToHashSet();
    int s = 0, d = 0, m = 0, e = 0, h = 0;
    var lines = new List<string>();
    foreach (var (name, sig) in r.OrderBy(p => p.Key, StringComparer.Ordinal))
    {
        if (name.StartsWith("let "))
        {
            consts++;
            if (!o.ContainsKey(name)) { constsMissing++; lines.Add($"  missing   {name}: {sig}"); }
            continue;
        }
        if (StdItems.IsPrivate(name)) { if (o.TryGetValue(name, out var po) && StdItems.Same(po, sig)) privSame++; else privOther++; continue; }
        var owner = name.Contains('.') ? name[..name.IndexOf('.')] : null;
        if (!o.TryGetValue(name, out var ours))
        {
            if (owner != null && handles.Contains(owner)) { h++; lines.Add($"  handle    {name}: {sig}"); }
            else { m++; lines.Add($"  missing   {name}: {sig}"); }
        }
        else if (!StdItems.Same(ours, sig)) { d++; lines.Add($"  different {name}\n      ref:  {sig}\n      ours: {ours}"); }
        else s++;
    }
    foreach (var (name, sig) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
        if (!r.ContainsKey(name) && !name.StartsWith("@") && !StdItems.IsPrivate(name)) { e++; lines.Add($"  extra     {name}: {sig}"); }
    same += s; different += d; missing += m; extra += e; handle += h;
    int pub = r.Keys.Count(k => !k.StartsWith("let ") && !StdItems.IsPrivate(k));
    report.AppendLine($"std/{module}: {pub} public ref items — same {s}, different {d}, missing {m}" + (h > 0 ? $", runtime-handle methods {h}" : "") + $"; extra {e}");
    if (list) foreach (var l in lines) report.AppendLine(l);
}
Console.Write(report);
int total = refItems.Values.Sum(v => v.Keys.Count(k => !k.StartsWith("let ") && !StdItems.IsPrivate(k)));
Console.WriteLine($"TOTAL: {total} public ref items — same {same}, different {different}, missing {missing}, " +
    $"runtime-handle methods (compiler-provided here) {handle}; extra (ours only) {extra}");
Console.WriteLine($"also: private ('_') ref items {privSame + privOther} ({privSame} identical here); top-level constants {consts} ({constsMissing} missing)");
return 0;

static class StdItems
{
    public static bool IsPrivate(string name) => (name.Contains('.') ? name[(name.IndexOf('.') + 1)..] : name).StartsWith('_');

    /// <summary>Equal up to `extern` (an extern fn and a fn are called alike).</summary>
    public static bool Same(string a, string b) => a.Replace("extern fn", "fn") == b.Replace("extern fn", "fn");

    /// <summary>`T?` → `Option<T>`, `Result<T>` → `Result<T,string>` (the reference's defaults).</summary>
    private static string Canon(string sig)
    {
        sig = Regex.Replace(sig, @"([A-Za-z_][\w]*(?:<[^<>]*>)?)\?", "Option<$1>");
        var sb = new StringBuilder();
        for (int i = 0; i < sig.Length; i++)
        {
            if (string.CompareOrdinal(sig, i, "Result<", 0, 7) == 0 && (i == 0 || !char.IsLetterOrDigit(sig[i - 1])))
            {
                int depth = 0, j = i + 6; bool comma = false;
                for (; j < sig.Length; j++)
                {
                    if (sig[j] is '<' or '(' or '[') depth++;
                    else if (sig[j] is ')' or ']' || (sig[j] == '>' && sig[j - 1] != '=')) { if (--depth == 0) break; }
                    else if (sig[j] == ',' && depth == 1) comma = true;
                }
                if (!comma && j < sig.Length)
                {
                    sb.Append(Canon(sig[i..j])).Append(",string>");
                    i = j;
                    continue;
                }
            }
            sb.Append(sig[i]);
        }
        return sb.ToString();
    }

    /// <summary>module name → (item name → normalized signature).</summary>
    public static Dictionary<string, Dictionary<string, string>> Read(string dir)
    {
        var result = new Dictionary<string, Dictionary<string, string>>();
        foreach (var file in Directory.GetFiles(dir, "*.milo").OrderBy(f => f.Contains(".darwin.") ? 1 : 0))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (name.EndsWith(".linux") || name.EndsWith(".darwin")) name = name[..name.LastIndexOf('.')];
            if (result.ContainsKey(name)) continue;   // linux file first; darwin only when there is no linux one
            result[name] = Parse(File.ReadAllText(file));
        }
        return result;
    }

    private static string StripComments(string src)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < src.Length; i++)
        {
            char c = src[i];
            if (c == '"')
            {
                sb.Append('"');
                for (i++; i < src.Length && src[i] != '"'; i++) { if (src[i] == '\\') i++; }
                sb.Append('"');
                continue;
            }
            if (c == '\'' && CharLiteralEnd(src, i) is int ce and > 0) { sb.Append(src, i, ce - i); i = ce - 1; continue; }
            if (c == '/' && i + 1 < src.Length && src[i + 1] == '/') { while (i < src.Length && src[i] != '\n') i++; sb.Append('\n'); continue; }
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Index just past a char literal starting at <paramref name="i"/> ('x', '\n', '\''), or -1.</summary>
    private static int CharLiteralEnd(string s, int i)
    {
        if (i + 2 < s.Length && s[i + 1] != '\\' && s[i + 2] == '\'') return i + 3;
        if (i + 3 < s.Length && s[i + 1] == '\\' && s[i + 3] == '\'') return i + 4;
        return -1;
    }

    private static string Norm(string s) => Regex.Replace(Regex.Replace(s, @"\s+", " ").Trim(), @"\s*([<>,():\[\];&*=|])\s*", "$1");

    /// <summary>Splits at commas outside (), <>, [], {}.</summary>
    private static List<string> SplitTop(string s)
    {
        var parts = new List<string>(); int depth = 0, start = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c is '(' or '<' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}' || (c == '>' && (i == 0 || s[i - 1] != '='))) depth--;
            else if (c == ',' && depth == 0) { parts.Add(s[start..i]); start = i + 1; }
        }
        parts.Add(s[start..]);
        return parts.Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
    }

    /// <summary>`name<G>(a: T, b: U): R` → `<G>(T,U):R`.</summary>
    private static string FnSig(string afterName)
    {
        int open = afterName.IndexOf('(');
        if (open < 0) return Norm(afterName);
        int depth = 0, close = -1;
        for (int i = open; i < afterName.Length; i++)
        {
            if (afterName[i] == '(') depth++;
            else if (afterName[i] == ')' && --depth == 0) { close = i; break; }
        }
        if (close < 0) return Norm(afterName);
        var generics = afterName[..open];
        var ps = SplitTop(afterName[(open + 1)..close]).Select(p =>
        {
            if (p == "...") return p;
            int colon = p.IndexOf(':');
            var t = colon < 0 ? p : p[(colon + 1)..];
            return p.TrimStart().StartsWith("self") && colon > 0 ? "self:" + t : t;
        });
        var ret = afterName[(close + 1)..].Trim();
        if (ret.StartsWith(':')) ret = ret[1..];
        if (ret.Length == 0) ret = "void";
        return Norm(generics + "(" + string.Join(",", ps) + "):" + ret);
    }

    private static Dictionary<string, string> Parse(string src)
    {
        var items = new Dictionary<string, string>();
        var s = StripComments(src);
        bool pendingRuntime = false;
        int i = 0;
        while (i < s.Length)
        {
            // skip whitespace
            if (char.IsWhiteSpace(s[i])) { i++; continue; }
            int lineEnd = s.IndexOf('\n', i); if (lineEnd < 0) lineEnd = s.Length;
            var rt = Regex.Match(s[i..lineEnd], @"^@runtime\(\w+\)");
            if (rt.Success) pendingRuntime = true;
            var m = Regex.Match(s[i..], @"^(pub\s+)?(extern\s+)?(fn|struct|enum|trait|interface|impl|let|var|from|type)\b");
            if (!m.Success) { i = lineEnd + 1; continue; }
            var kind = m.Groups[3].Value;
            bool isExtern = m.Groups[2].Success;
            int bodyStart = FindBodyOrEnd(s, i, kind, isExtern, out int end);
            var head = s[(i + m.Length)..bodyStart].Trim();
            string body = end > bodyStart ? s[bodyStart..end] : "";
            switch (kind)
            {
                case "fn":
                {
                    var nm = Regex.Match(head, @"^[A-Za-z_][A-Za-z0-9_]*");
                    items[nm.Value] = Canon((isExtern ? "extern fn" : "fn") + FnSig(head[nm.Length..]));
                    break;
                }
                case "struct" or "enum" or "trait" or "interface":
                {
                    var nm = Regex.Match(head, @"^[A-Za-z_][A-Za-z0-9_]*");
                    var inner = body.Length >= 2 ? body[1..^1] : "";
                    string sig = kind is "struct" or "enum"
                        ? string.Join(",", SplitTop(inner.Replace('\n', ',')).Select(Norm))
                        : string.Join(";", Regex.Matches(inner, @"fn\s+([A-Za-z_]\w*)([^{;\n]*)").Select(x => x.Groups[1].Value + FnSig(x.Groups[2].Value)).Order());
                    items[nm.Value] = Canon(kind + Norm(head[nm.Length..]) + "{" + sig + "}");
                    if (pendingRuntime && kind == "struct") items["@runtime " + nm.Value] = "";
                    pendingRuntime = false;
                    break;
                }
                case "impl":
                {
                    // impl<T> Trait for Type<T> { … } / impl Type { … }
                    var h = Regex.Replace(head, @"^<[^{]*?>\s*", "");
                    var forIdx = Regex.Match(h, @"\bfor\b");
                    var typePart = forIdx.Success ? h[(forIdx.Index + 3)..] : h;
                    var typeName = Regex.Match(typePart.Trim(), @"^[A-Za-z_][A-Za-z0-9_]*").Value;
                    var inner = body.Length >= 2 ? body[1..^1] : "";
                    int j = 0;
                    while (j < inner.Length)
                    {
                        var fm = Regex.Match(inner[j..], @"^\s*(pub\s+)?fn\s+([A-Za-z_]\w*)");
                        if (!fm.Success) { int nl = inner.IndexOf('\n', j); j = nl < 0 ? inner.Length : nl + 1; continue; }
                        int fStart = j + fm.Length;
                        int fb = FindBodyOrEnd(inner, j, "fn", false, out int fe);
                        items[typeName + "." + fm.Groups[2].Value] = Canon("method" + FnSig(inner[fStart..fb]));
                        j = fe;
                    }
                    break;
                }
                case "let" or "var":
                {
                    var nm = Regex.Match(head, @"^(mut\s+)?([A-Za-z_][A-Za-z0-9_]*)");
                    items["let " + nm.Groups[2].Value] = "let" + Norm(head[nm.Length..]);
                    break;
                }
            }
            i = Math.Max(end, i + 1);
        }
        return items;
    }

    /// <summary>Index of the item's `{` body (or its end when it has none); <paramref name="end"/> = past the closing brace / line.</summary>
    private static int FindBodyOrEnd(string s, int start, string kind, bool isExtern, out int end)
    {
        int depthParen = 0, depthAngle = 0;
        for (int i = start; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '"') { for (i++; i < s.Length && s[i] != '"'; i++) if (s[i] == '\\') i++; continue; }
            if (c == '\'' && CharLiteralEnd(s, i) is int ce and > 0) { i = ce - 1; continue; }
            if (c == '(') depthParen++;
            else if (c == ')') depthParen--;
            else if (c == '{' && depthParen == 0 && kind != "let" && kind != "var" && kind != "from")
            {
                int depth = 0;
                for (int k = i; k < s.Length; k++)
                {
                    if (s[k] == '"') { for (k++; k < s.Length && s[k] != '"'; k++) if (s[k] == '\\') k++; continue; }
                    if (s[k] == '\'' && CharLiteralEnd(s, k) is int ke and > 0) { k = ke - 1; continue; }
                    if (s[k] == '{') depth++;
                    else if (s[k] == '}' && --depth == 0) { end = k + 1; return i; }
                }
                end = s.Length; return i;
            }
            else if (c == '\n' && depthParen == 0 && depthAngle == 0)
            {
                // an extern fn or a let/from ends at its line; `extern\n\nfn` heads continue
                var line = s[start..i].Trim();
                if (line == "extern" || line == "pub extern" || line.Length == 0) continue;
                if (isExtern || kind is "let" or "var" or "from" or "type") { end = i + 1; return i; }
                // a fn signature split over lines keeps going until its '{'
            }
        }
        end = s.Length; return s.Length;
    }
}
