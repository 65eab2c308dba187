namespace Milo.Compiler.Lsp;

/// <summary>An open editor buffer: its text, version, latest analysis, and the latest analysis that bound.</summary>
internal sealed class OpenDocument(string uri, string text, int version)
{
    public string Uri { get; } = uri;
    public string Text { get; set; } = text;
    public int Version { get; set; } = version;
    public DocumentAnalysis Current { get; set; } = null!;
    /// <summary>The last analysis that got through binding: answers navigation while the buffer does not parse (mid-edit).</summary>
    public DocumentAnalysis? LastBound { get; set; }
    /// <summary>Current when it bound, else the last one that did (its positions before the edit point are still valid).</summary>
    public DocumentAnalysis Navigable => Current.IsBound ? Current : LastBound ?? Current;
}

/// <summary>
/// The open documents. A change re-checks only the changed document (its imports are re-read from disk and the embedded
/// std; other open documents are not touched).
/// </summary>
internal sealed class LspWorkspace
{
    private readonly Dictionary<string, OpenDocument> _docs = new();

    public IEnumerable<OpenDocument> Documents => _docs.Values;

    public OpenDocument? Get(string uri) => _docs.TryGetValue(uri, out var d) ? d : null;

    public OpenDocument Open(string uri, string text, int version)
    {
        var doc = new OpenDocument(uri, text, version);
        _docs[uri] = doc;
        Recheck(doc);
        return doc;
    }

    public OpenDocument? Change(string uri, string text, int version)
    {
        if (!_docs.TryGetValue(uri, out var doc)) return null;
        doc.Text = text;
        doc.Version = version;
        Recheck(doc);
        return doc;
    }

    public void Close(string uri) => _docs.Remove(uri);

    private static void Recheck(OpenDocument doc)
    {
        doc.Current = DocumentAnalysis.Run(doc.Uri, doc.Text);
        if (doc.Current.IsBound) doc.LastBound = doc.Current;
    }
}
