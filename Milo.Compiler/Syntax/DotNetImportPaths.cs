namespace Milo.Compiler.Syntax;

/// <summary>`from "dotnet:System.Text" import { StringBuilder }`: the import path names a CLR namespace, not a file.</summary>
internal static class DotNetImportPaths
{
    public const string Prefix = "dotnet:";
    public static bool IsDotNet(string path) => path.StartsWith(Prefix, StringComparison.Ordinal);
    public static string Namespace(string path) => path[Prefix.Length..].Trim();
}
