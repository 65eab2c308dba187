using System.Collections.Concurrent;
using System.Diagnostics;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;

namespace Milo.Tests.Lsp;

/// <summary>
/// A language-server client for tests: starts `dotnet milo.dll lsp` as a child process and talks LSP to it over its
/// stdin/stdout pipes with StreamJsonRpc (the same Content-Length framing an editor uses). Collects published diagnostics.
/// </summary>
public sealed class LspClient : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentDictionary<string, BlockingCollection<JToken>> _diagnostics = new();

    public JsonRpc Rpc { get; }
    public string CacheDir { get; }

    private LspClient(Process process, JsonRpc rpc, string cacheDir)
    {
        _process = process;
        Rpc = rpc;
        CacheDir = cacheDir;
    }

    public static async Task<LspClient> StartAsync()
    {
        var cache = Path.Combine(Path.GetTempPath(), "milo-lsp-test-" + Guid.NewGuid().ToString("N"));
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "milo.dll"));
        psi.ArgumentList.Add("lsp");
        psi.Environment["MILO_LSP_CACHE"] = cache;
        var process = Process.Start(psi)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var handler = new HeaderDelimitedMessageHandler(process.StandardInput.BaseStream, process.StandardOutput.BaseStream, new JsonMessageFormatter());
        var rpc = new JsonRpc(handler);
        var client = new LspClient(process, rpc, cache);
        rpc.AddLocalRpcTarget(new Callbacks(client), new JsonRpcTargetOptions { UseSingleObjectParameterDeserialization = true });
        rpc.StartListening();
        return client;
    }

    public Task<JToken> InitializeAsync()
        => Rpc.InvokeWithParameterObjectAsync<JToken>("initialize", new { processId = Environment.ProcessId, rootUri = (string?)null, capabilities = new { } });

    public Task<JToken> RequestAsync(string method, object args) => Rpc.InvokeWithParameterObjectAsync<JToken>(method, args);

    public Task OpenAsync(string uri, string text)
        => Rpc.NotifyWithParameterObjectAsync("textDocument/didOpen", new { textDocument = new { uri, languageId = "milo", version = 1, text } });

    public Task ChangeAsync(string uri, int version, int line, int character, int endLine, int endCharacter, string text)
        => Rpc.NotifyWithParameterObjectAsync("textDocument/didChange", new
        {
            textDocument = new { uri, version },
            contentChanges = new[] { new { range = new { start = new { line, character }, end = new { line = endLine, character = endCharacter } }, text } },
        });

    public static object At(string uri, int line, int character) => new { textDocument = new { uri }, position = new { line, character } };

    /// <summary>The next `publishDiagnostics` for <paramref name="uri"/> (waits up to 30 s).</summary>
    public JToken NextDiagnostics(string uri)
    {
        var q = _diagnostics.GetOrAdd(uri, _ => new BlockingCollection<JToken>());
        Assert.True(q.TryTake(out var d, TimeSpan.FromSeconds(30)), $"no diagnostics published for {uri}");
        return d!;
    }

    /// <summary>`shutdown` then `exit`; returns the server's exit code.</summary>
    public async Task<int> ShutdownAsync()
    {
        await Rpc.InvokeAsync<object?>("shutdown");
        await Rpc.NotifyAsync("exit");
        Assert.True(_process.WaitForExit(30_000), "the server did not exit after shutdown/exit");
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Rpc.Dispose();
        if (!_process.HasExited) { try { _process.Kill(); } catch (InvalidOperationException) { } }
        await _process.WaitForExitAsync();
        _process.Dispose();
        try { Directory.Delete(CacheDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private sealed class Callbacks(LspClient client)
    {
        [JsonRpcMethod("textDocument/publishDiagnostics")]
        public void PublishDiagnostics(JToken p)
            => client._diagnostics.GetOrAdd((string)p["uri"]!, _ => new BlockingCollection<JToken>()).Add(p);
    }
}
