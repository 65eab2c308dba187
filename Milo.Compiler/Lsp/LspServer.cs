using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Microsoft.VisualStudio.Threading;
using StreamJsonRpc;

namespace Milo.Compiler.Lsp;

/// <summary>
/// The language server: StreamJsonRpc over the LSP base protocol (Content-Length framing by its
/// HeaderDelimitedMessageHandler), requests handled one at a time in arrival order (so a completion sees the edit sent
/// before it). The features live in their own classes; this one wires methods to them and keeps the workspace.
/// </summary>
internal sealed class LspServer
{
    private readonly LspWorkspace _workspace = new();
    private JsonRpc _rpc = null!;
    private bool _shutdown;
    private int _exitCode = 1;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Serve until `exit` (or the input closes). Returns 0 after a `shutdown` request, else 1 (LSP's rule).</summary>
    public static async Task<int> RunAsync(Stream input, Stream output)
    {
        var server = new LspServer();
        using var rpc = Attach(server, input, output);
        try { await Task.WhenAny(rpc.Completion, server._exited.Task); }
        catch (Exception) { /* connection lost: the editor went away */ }
        return server._shutdown ? 0 : server._exitCode;
    }

    /// <summary>Create a server on a stream pair and start listening (tests use this over an in-memory duplex pipe).</summary>
    public static JsonRpc Attach(LspServer server, Stream input, Stream output)
    {
        var formatter = new JsonMessageFormatter();
        formatter.JsonSerializer.NullValueHandling = NullValueHandling.Ignore;
        var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(output, input, formatter))
        {
            SynchronizationContext = new NonConcurrentSynchronizationContext(sticky: false),
        };
        rpc.AddLocalRpcTarget(server, new JsonRpcTargetOptions { UseSingleObjectParameterDeserialization = true });
        server._rpc = rpc;
        rpc.StartListening();
        return rpc;
    }

    // ───────────── lifecycle ─────────────

    [JsonRpcMethod("initialize")]
    public object Initialize(JToken p) => new
    {
        capabilities = new
        {
            positionEncoding = "utf-16",
            textDocumentSync = new { openClose = true, change = 2 /* incremental */ },
            hoverProvider = true,
            definitionProvider = true,
            completionProvider = new { triggerCharacters = new[] { "." , "{", "," } },
            signatureHelpProvider = new { triggerCharacters = new[] { "(", "," } },
            documentSymbolProvider = true,
            renameProvider = true,
            documentFormattingProvider = Formatting.Available,
        },
        serverInfo = new { name = "milo", version = MiloVersion.Current },
    };

    [JsonRpcMethod("initialized")]
    public void Initialized(JToken p) { }

    [JsonRpcMethod("shutdown")]
    public object? Shutdown(JToken? p = null) { _shutdown = true; return null; }

    [JsonRpcMethod("exit")]
    public void Exit(JToken? p = null)
    {
        _exitCode = _shutdown ? 0 : 1;
        _exited.TrySetResult();   // RunAsync returns; the process ends
    }

    // ───────────── document sync ─────────────

    [JsonRpcMethod("textDocument/didOpen")]
    public Task DidOpen(JToken p)
    {
        var td = p["textDocument"]!;
        var doc = _workspace.Open((string)td["uri"]!, (string?)td["text"] ?? "", (int?)td["version"] ?? 0);
        return Publish(doc);
    }

    [JsonRpcMethod("textDocument/didChange")]
    public Task DidChange(JToken p)
    {
        var uri = Uri(p);
        var doc = _workspace.Get(uri);
        if (doc == null) return Task.CompletedTask;
        var text = doc.Text;
        foreach (var c in (JArray?)p["contentChanges"] ?? new JArray())
        {
            var range = c["range"];
            text = LspText.ApplyChange(text, range == null ? null : Pos(range["start"]!), range == null ? null : Pos(range["end"]!), (string?)c["text"] ?? "");
        }
        _workspace.Change(uri, text, (int?)p["textDocument"]?["version"] ?? doc.Version + 1);
        return Publish(doc);
    }

    [JsonRpcMethod("textDocument/didSave")]
    public void DidSave(JToken p) { }

    [JsonRpcMethod("textDocument/didClose")]
    public Task DidClose(JToken p)
    {
        var uri = Uri(p);
        _workspace.Close(uri);
        return _rpc.NotifyWithParameterObjectAsync("textDocument/publishDiagnostics", new { uri, diagnostics = Array.Empty<object>() });
    }

    private Task Publish(OpenDocument doc)
        => _rpc.NotifyWithParameterObjectAsync("textDocument/publishDiagnostics",
            new { uri = doc.Uri, version = doc.Version, diagnostics = doc.Current.LspDiagnostics() });

    // ───────────── features ─────────────

    [JsonRpcMethod("textDocument/hover")]
    public object? Hover(JToken p) => With(p, (doc, offset) => Navigation.Hover(doc, offset));

    [JsonRpcMethod("textDocument/definition")]
    public object? Definition(JToken p) => With(p, (doc, offset) => Navigation.Definition(doc, offset));

    [JsonRpcMethod("textDocument/completion")]
    public object? Completion(JToken p) => With(p, (doc, offset) => CompletionProvider.Complete(doc, offset));

    [JsonRpcMethod("textDocument/signatureHelp")]
    public object? SignatureHelp(JToken p) => With(p, (doc, offset) => SignatureHelpProvider.Help(doc, offset));

    [JsonRpcMethod("textDocument/documentSymbol")]
    public object? DocumentSymbol(JToken p)
        => _workspace.Get(Uri(p)) is { } doc ? DocumentSymbols.For(doc) : Array.Empty<object>();

    [JsonRpcMethod("textDocument/rename")]
    public object? Rename(JToken p)
        => With(p, (doc, offset) => RenameProvider.Rename(_workspace, doc, offset, (string?)p["newName"] ?? ""));

    [JsonRpcMethod("textDocument/prepareRename")]
    public object? PrepareRename(JToken p) => With(p, (doc, offset) => RenameProvider.Prepare(doc, offset));

    [JsonRpcMethod("textDocument/formatting")]
    public object? FormatDocument(JToken p)
        => _workspace.Get(Uri(p)) is { } doc ? Formatting.Format(doc) : null;

    private object? With(JToken p, Func<OpenDocument, int, object?> f)
    {
        var doc = _workspace.Get(Uri(p));
        if (doc == null || Pos(p["position"]!) is not { } pos) return null;
        return f(doc, LspText.ToOffset(doc.Text, pos.Line, pos.Character));
    }

    private static string Uri(JToken p) => (string?)p["textDocument"]?["uri"] ?? "";

    private static (int Line, int Character)? Pos(JToken? t)
        => t == null ? null : ((int?)t["line"] ?? 0, (int?)t["character"] ?? 0);
}
