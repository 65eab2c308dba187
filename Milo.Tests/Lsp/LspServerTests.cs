using Newtonsoft.Json.Linq;

namespace Milo.Tests.Lsp;

/// <summary>`milo lsp` driven as an editor drives it: a child process, LSP JSON-RPC over its stdin/stdout.</summary>
public sealed class LspServerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "milo-lsp-" + Guid.NewGuid().ToString("N"));

    public LspServerTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string Uri(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return new System.Uri(path).AbsoluteUri;
    }

    private const string Shapes = """
        struct Point {
            x: i64,
            y: i64,
        }

        impl Point {
            fn sum(self: &Point): i64 {
                return self.x + self.y
            }
        }

        /// Adds two numbers.
        /// Wraps on overflow.
        fn add(a: i64, b: i64): i64 {
            return a + b
        }

        fn main() {
            let total = add(1, 2)
            let p = Point { x: 3, y: 4 }
            print(add(total, p.sum()))
        }
        """;

    [Fact]
    public async Task Initialize_then_shutdown_and_exit_ends_the_process_with_status_0()
    {
        await using var c = await LspClient.StartAsync();
        var init = await c.InitializeAsync();
        var caps = init["capabilities"]!;
        Assert.True((bool)caps["hoverProvider"]!);
        Assert.True((bool)caps["definitionProvider"]!);
        Assert.True((bool)caps["renameProvider"]!);
        Assert.Equal(".", (string)caps["completionProvider"]!["triggerCharacters"]![0]!);
        Assert.Equal("milo", (string)init["serverInfo"]!["name"]!);
        Assert.Equal(0, await c.ShutdownAsync());
    }

    [Fact]
    public async Task DidOpen_and_didChange_publish_diagnostics_with_codes_and_ranges()
    {
        await using var c = await LspClient.StartAsync();
        await c.InitializeAsync();
        var uri = Uri("bad.milo", "fn main() {\n    let x: i64 = \"hello\"\n    print(x)\n}\n");
        await c.OpenAsync(uri, File.ReadAllText(DocPath(uri)));
        var d = c.NextDiagnostics(uri);
        var diag = Assert.Single((JArray)d["diagnostics"]!);
        Assert.Equal("E0201", (string)diag["code"]!);
        Assert.Equal(1, (int)diag["severity"]!);
        Assert.Contains("declared as i64 but got string", (string)diag["message"]!);
        Assert.Equal(1, (int)diag["range"]!["start"]!["line"]!);
        Assert.Equal(17, (int)diag["range"]!["start"]!["character"]!);
        Assert.Equal(24, (int)diag["range"]!["end"]!["character"]!);

        // Fix it with an incremental edit: "hello" → 42.
        await c.ChangeAsync(uri, 2, 1, 17, 1, 24, "42");
        var fixedDiags = c.NextDiagnostics(uri);
        Assert.Empty((JArray)fixedDiags["diagnostics"]!);
        Assert.Equal(2, (int)fixedDiags["version"]!);

        // A syntax error: published too (parse stage).
        await c.ChangeAsync(uri, 3, 2, 11, 2, 11, " +");
        var parseDiag = Assert.Single((JArray)c.NextDiagnostics(uri)["diagnostics"]!);
        Assert.Equal(2, (int)parseDiag["range"]!["start"]!["line"]!);
        Assert.Equal(0, await c.ShutdownAsync());
    }

    private static string DocPath(string uri) => new System.Uri(uri).LocalPath;

    [Fact]
    public async Task Hover_shows_the_type_of_a_local_and_the_doc_comment_of_a_function()
    {
        await using var c = await LspClient.StartAsync();
        await c.InitializeAsync();
        var uri = Uri("shapes.milo", Shapes);
        await c.OpenAsync(uri, Shapes);
        Assert.Empty((JArray)c.NextDiagnostics(uri)["diagnostics"]!);

        // `total` on line 18 ("    let total = add(1, 2)"), inferred i64.
        var h = await c.RequestAsync("textDocument/hover", LspClient.At(uri, 18, 9));
        Assert.Equal("```milo\nlet total: i64\n```", (string)h["contents"]!["value"]!);
        Assert.Equal(8, (int)h["range"]!["start"]!["character"]!);

        // `add` in the call on line 20: signature and both doc lines.
        var fh = await c.RequestAsync("textDocument/hover", LspClient.At(uri, 20, 11));
        Assert.Equal("```milo\nfn add(a: i64, b: i64): i64\n```\n\nAdds two numbers.\nWraps on overflow.", (string)fh["contents"]!["value"]!);

        // A field access `self.x` inside the method: the field with its type.
        var xh = await c.RequestAsync("textDocument/hover", LspClient.At(uri, 7, 21));
        Assert.Equal("```milo\nPoint.x: i64\n```", (string)xh["contents"]!["value"]!);
        await c.ShutdownAsync();
    }

    [Fact]
    public async Task Definition_goes_to_locals_functions_methods_fields_and_into_std_modules()
    {
        await using var c = await LspClient.StartAsync();
        await c.InitializeAsync();
        var src = "from \"std/path\" import { pathExt }\n\n" + Shapes.Replace("print(add(total, p.sum()))", "print(add(total, p.sum()))\n    print(pathExt(\"a.txt\"))");
        var uri = Uri("defs.milo", src);
        await c.OpenAsync(uri, src);
        Assert.Empty((JArray)c.NextDiagnostics(uri)["diagnostics"]!);

        async Task<(string Uri, int Line, int Char)> Def(int line, int ch)
        {
            var r = await c.RequestAsync("textDocument/definition", LspClient.At(uri, line, ch));
            return ((string)r["uri"]!, (int)r["range"]!["start"]!["line"]!, (int)r["range"]!["start"]!["character"]!);
        }

        Assert.Equal((uri, 20, 8), await Def(22, 15));   // total → its let
        Assert.Equal((uri, 15, 3), await Def(22, 11));   // add( → fn add
        Assert.Equal((uri, 8, 7), await Def(22, 26));    // p.sum() → method sum
        Assert.Equal((uri, 3, 4), await Def(9, 20));     // self.x → field x
        Assert.Equal((uri, 2, 7), await Def(21, 17));    // Point { … } → struct Point

        // pathExt → the std module's source, written to the cache folder as a real file.
        var (stdUri, line, ch) = await Def(23, 12);
        var stdPath = new System.Uri(stdUri).LocalPath;
        Assert.StartsWith(c.CacheDir, stdPath);
        Assert.EndsWith(Path.Combine("std", "path.milo"), stdPath);
        var stdLine = File.ReadAllLines(stdPath)[line];
        Assert.Equal("pathExt", stdLine.Substring(ch, "pathExt".Length));
        Assert.StartsWith("fn pathExt(", stdLine);
        await c.ShutdownAsync();
    }

    [Fact]
    public async Task Completion_lists_members_after_a_dot_locals_in_scope_and_std_import_names()
    {
        await using var c = await LspClient.StartAsync();
        await c.InitializeAsync();
        var uri = Uri("complete.milo", Shapes);
        await c.OpenAsync(uri, Shapes);
        c.NextDiagnostics(uri);

        // Type `p.` on a new line after `let p = …` (line 19): the text no longer parses; members come from the last check.
        await c.ChangeAsync(uri, 2, 19, 32, 19, 32, "\n    p.");
        Assert.NotEmpty((JArray)c.NextDiagnostics(uri)["diagnostics"]!);
        var members = Labels(await c.RequestAsync("textDocument/completion", LspClient.At(uri, 20, 6)));
        Assert.Equal(new[] { "sum", "x", "y" }, members.Order());

        // Plain identifiers: the locals visible at that point, functions, keywords.
        var scope = Labels(await c.RequestAsync("textDocument/completion", LspClient.At(uri, 21, 4)));
        Assert.Contains("total", scope);
        Assert.Contains("p", scope);
        Assert.Contains("add", scope);
        Assert.Contains("while", scope);
        Assert.DoesNotContain("a", scope);   // add's parameter is not in scope in main

        // `Type.`: an enum's variants; a struct's static methods.
        var types = Uri("types.milo", "enum Color { Red, Green(i64) }\nstruct P { x: i64 }\nimpl P {\n    fn origin(): P { return P { x: 0 } }\n    fn getX(self: &P): i64 { return self.x }\n}\nfn main() {\n    let c = Color.Red\n}\n");
        await c.OpenAsync(types, File.ReadAllText(DocPath(types)));
        c.NextDiagnostics(types);
        await c.ChangeAsync(types, 2, 7, 21, 7, 21, "\n    let q = P.");
        c.NextDiagnostics(types);
        Assert.Equal(new[] { "origin" }, Labels(await c.RequestAsync("textDocument/completion", LspClient.At(types, 8, 14))));
        await c.ChangeAsync(types, 3, 8, 14, 8, 14, "o()\n    let d = Color.");
        c.NextDiagnostics(types);
        Assert.Equal(new[] { "Green", "Red" }, Labels(await c.RequestAsync("textDocument/completion", LspClient.At(types, 9, 18))).Order());

        var imp = Uri("imp.milo", "from \"std/path\" import {  }\nfn main() {}\n");
        await c.OpenAsync(imp, File.ReadAllText(DocPath(imp)));
        c.NextDiagnostics(imp);
        var names = Labels(await c.RequestAsync("textDocument/completion", LspClient.At(imp, 0, 25)));
        Assert.Contains("pathExt", names);
        Assert.Contains("pathJoin", names);
        Assert.DoesNotContain("while", names);
        await c.ShutdownAsync();
    }

    private static List<string> Labels(JToken completion) => ((JArray)completion["items"]!).Select(i => (string)i["label"]!).ToList();

    [Fact]
    public async Task Rename_a_local_in_its_document_and_a_function_across_open_documents()
    {
        await using var c = await LspClient.StartAsync();
        await c.InitializeAsync();
        var lib = Uri("mathlib.milo", "fn twice(n: i64): i64 {\n    return n + n\n}\n");
        var main = Uri("app.milo", "from \"./mathlib\" import { twice }\n\nfn main() {\n    let n = twice(2)\n    print(twice(n))\n}\n");
        await c.OpenAsync(lib, File.ReadAllText(DocPath(lib)));
        await c.OpenAsync(main, File.ReadAllText(DocPath(main)));
        Assert.Empty((JArray)c.NextDiagnostics(lib)["diagnostics"]!);
        Assert.Empty((JArray)c.NextDiagnostics(main)["diagnostics"]!);

        // The local `n` of main (not twice's parameter n in the other file).
        var local = await c.RequestAsync("textDocument/rename", new { textDocument = new { uri = main }, position = new { line = 4, character = 16 }, newName = "count" });
        var localEdits = (JArray)local["changes"]![main]!;
        Assert.Equal(new[] { (3, 8), (4, 16) }, localEdits.Select(e => ((int)e["range"]!["start"]!["line"]!, (int)e["range"]!["start"]!["character"]!)).Order());
        Assert.Null(local["changes"]![lib]);

        // The function `twice`: its declaration in mathlib.milo, the import name and both calls in app.milo.
        var fn = await c.RequestAsync("textDocument/rename", new { textDocument = new { uri = main }, position = new { line = 3, character = 12 }, newName = "double" });
        var inLib = (JArray)fn["changes"]![lib]!;
        var inMain = (JArray)fn["changes"]![main]!;
        Assert.Equal((0, 3), ((int)inLib[0]!["range"]!["start"]!["line"]!, (int)inLib[0]!["range"]!["start"]!["character"]!));
        Assert.Equal(new[] { (0, 26), (3, 12), (4, 10) }, inMain.Select(e => ((int)e["range"]!["start"]!["line"]!, (int)e["range"]!["start"]!["character"]!)).Order());
        Assert.All(inMain, e => Assert.Equal("double", (string)e["newText"]!));

        var bad = await Assert.ThrowsAsync<StreamJsonRpc.RemoteInvocationException>(() =>
            c.RequestAsync("textDocument/rename", new { textDocument = new { uri = main }, position = new { line = 3, character = 12 }, newName = "fn" }));
        Assert.Contains("not a valid Milo identifier", bad.Message);
        await c.ShutdownAsync();
    }

    [Fact]
    public async Task DocumentSymbol_and_signatureHelp()
    {
        await using var c = await LspClient.StartAsync();
        await c.InitializeAsync();
        var uri = Uri("outline.milo", Shapes);
        await c.OpenAsync(uri, Shapes);
        c.NextDiagnostics(uri);

        var symbols = (JArray)await c.RequestAsync("textDocument/documentSymbol", new { textDocument = new { uri } });
        Assert.Equal(new[] { "Point", "impl Point", "add", "main" }, symbols.Select(s => (string)s["name"]!));
        Assert.Equal(new[] { "x", "y" }, ((JArray)symbols[0]!["children"]!).Select(s => (string)s["name"]!));
        Assert.Equal("sum", (string)symbols[1]!["children"]![0]!["name"]!);
        Assert.Equal(12, (int)symbols[2]!["kind"]!);   // Function
        Assert.Equal(13, (int)symbols[2]!["selectionRange"]!["start"]!["line"]!);

        // Inside `add(total, |` on line 20: the second parameter is active.
        var sh = await c.RequestAsync("textDocument/signatureHelp", LspClient.At(uri, 20, 21));
        Assert.Equal("add(a: i64, b: i64): i64", (string)sh["signatures"]![0]!["label"]!);
        Assert.Equal(1, (int)sh["activeParameter"]!);
        await c.ShutdownAsync();
    }

    [Fact]
    public async Task Formatting_returns_the_milo_fmt_layout_as_one_edit_and_refuses_text_that_does_not_parse()
    {
        await using var c = await LspClient.StartAsync();
        var init = await c.InitializeAsync();
        Assert.True((bool)init["capabilities"]!["documentFormattingProvider"]!);
        var text = "fn main(){\nlet x=1+2\n    print(x)\n}\n";
        var uri = Uri("fmt.milo", text);
        await c.OpenAsync(uri, text);
        c.NextDiagnostics(uri);
        var options = new { tabSize = 4, insertSpaces = true };

        var edits = (JArray)await c.RequestAsync("textDocument/formatting", new { textDocument = new { uri }, options });
        var edit = Assert.Single(edits);
        Assert.Equal("fn main() {\n    let x = 1 + 2\n    print(x)\n}\n", (string)edit["newText"]!);
        Assert.Equal(0, (int)edit["range"]!["start"]!["line"]!);
        Assert.Equal(4, (int)edit["range"]!["end"]!["line"]!);
        Assert.Equal(0, (int)edit["range"]!["end"]!["character"]!);

        // Apply it as the editor would: a second request has nothing to change.
        await c.ChangeAsync(uri, 2, 0, 0, 4, 0, (string)edit["newText"]!);
        c.NextDiagnostics(uri);
        Assert.Empty((JArray)await c.RequestAsync("textDocument/formatting", new { textDocument = new { uri }, options }));

        await c.ChangeAsync(uri, 3, 1, 13, 1, 13, " +");
        c.NextDiagnostics(uri);
        var refused = await Assert.ThrowsAsync<StreamJsonRpc.RemoteInvocationException>(() =>
            c.RequestAsync("textDocument/formatting", new { textDocument = new { uri }, options }));
        Assert.Contains("cannot format", refused.Message);
        Assert.Equal(0, await c.ShutdownAsync());
    }
}
