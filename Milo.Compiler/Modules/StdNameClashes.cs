using System.Text.RegularExpressions;
using Milo.Compiler.Diagnostics;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Modules;

/// <summary>
/// Std modules whose public names clash in the flat global namespace. `std/net` (HTTP client: struct Response) and
/// `std/http` (server: enum Response) both declare `Response`, as in the reference; merged by "later declaration wins",
/// a program importing both would get one of them everywhere and the other module would not compile. When both are
/// loaded, the module the program does not import `Response` from gets its own spelled `NetResponse` / `HttpResponse`
/// (a textual rename of that std source before parsing; the name occurs there only as the type). Importing `Response`
/// from both is an error.
/// </summary>
internal static class StdNameClashes
{
    private sealed record Clash(string Name, string ModuleA, string RenameA, string ModuleB, string RenameB);

    private static readonly Clash[] Clashes = { new("Response", "std/net", "NetResponse", "std/http", "HttpResponse") };

    /// <summary>Re-parses renamed std units in <paramref name="order"/> (keys of <paramref name="parsed"/> are "&lt;std&gt;/std/x").</summary>
    public static void Apply(List<CompilationUnitSyntax> order, Dictionary<string, CompilationUnitSyntax> parsed, DiagnosticBag diagnostics)
    {
        foreach (var c in Clashes)
        {
            if (!parsed.TryGetValue("<std>/" + c.ModuleA, out var a) || !parsed.TryGetValue("<std>/" + c.ModuleB, out var b)) continue;
            var fromA = ImportOf(order, c.ModuleA, c.Name);
            var fromB = ImportOf(order, c.ModuleB, c.Name);
            if (fromA != null && fromB != null)
            {
                diagnostics.Report(fromB.Location, Errors.ImportNameClash.With(c.Name, c.ModuleA, c.ModuleB, (fromA.Location.Start < fromB.Location.Start ? c.RenameB : c.RenameA)));
                continue;
            }
            bool renameA = fromA == null;   // default: std/http keeps Response, std/net's becomes NetResponse
            var (unit, module, rename) = renameA ? (a, c.ModuleA, c.RenameA) : (b, c.ModuleB, c.RenameB);
            var text = Regex.Replace(unit.Source.Text, $@"\b{c.Name}\b", rename);
            var renamed = SyntaxParser.Parse(new SourceText(module + ".milo", text), diagnostics);
            order[order.IndexOf(unit)] = renamed;
            parsed["<std>/" + module] = renamed;
        }
    }

    /// <summary>Whether <paramref name="name"/> is the clash spelling of a std module's name (`NetResponse` of std/net):
    /// importable by that name when both modules are used.</summary>
    public static bool IsAlternateName(string module, string name)
    {
        var m = module.EndsWith(".milo") ? module[..^5] : module;
        return Clashes.Any(c => (c.ModuleA == m && c.RenameA == name) || (c.ModuleB == m && c.RenameB == name));
    }

    /// <summary>The import of <paramref name="name"/> from <paramref name="module"/> by a non-std file, or null.</summary>
    private static ImportDeclSyntax? ImportOf(List<CompilationUnitSyntax> order, string module, string name)
    {
        foreach (var u in order)
        {
            if (u.Source.FilePath.StartsWith("std/")) continue;
            foreach (var imp in u.Decls.OfType<ImportDeclSyntax>())
                if ((imp.Path == module || imp.Path == module + ".milo") && imp.Names.Any(n => n.Text == name)) return imp;
        }
        return null;
    }
}
