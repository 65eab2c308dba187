using Milo.Compiler.Text;

namespace Milo.Compiler.Lsp;

/// <summary>
/// Document URIs ↔ file paths, and readable URIs for sources that live inside the compiler: the std modules (embedded
/// resources) are written once per compiler version to a cache folder (`$XDG_CACHE_HOME/milo/VERSION/std/NAME.milo`, else
/// `~/.cache/...`, override with MILO_LSP_CACHE) so "go to definition" can open them as ordinary files.
/// </summary>
internal static class DocUris
{
    public static string ToPath(string uri)
    {
        if (Uri.TryCreate(uri, UriKind.Absolute, out var u) && u.IsFile) return u.LocalPath;
        return uri;
    }

    public static string FromPath(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;

    public static string CacheRoot
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("MILO_LSP_CACHE");
            if (!string.IsNullOrEmpty(env)) return env;
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var baseDir = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(baseDir, "milo", MiloVersion.Current);
        }
    }

    /// <summary>The URI of a source the compiler read: the open document, a file on disk, or a cached copy of a std module.</summary>
    public static string For(SourceText src, SourceText main, string mainUri)
    {
        if (ReferenceEquals(src, main)) return mainUri;
        var p = src.FilePath.Replace('\\', '/');
        if (p.StartsWith("std/") || p.StartsWith("<"))
        {
            var name = p.StartsWith("<") ? "prelude-builtin.milo" : p;
            var file = Path.Combine(CacheRoot, name);
            try
            {
                if (!File.Exists(file) || File.ReadAllText(file) != src.Text)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                    File.WriteAllText(file, src.Text);
                }
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            return FromPath(file);
        }
        return FromPath(p);
    }
}
