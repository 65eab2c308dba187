using Milo.Compiler.Diagnostics;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Tests.Syntax;

/// <summary>
/// Parses every reference test program (when /work/ref is present; CI may not have it) and expects no diagnostics,
/// except for the files listed in <see cref="ExpectedToFail"/>.
/// </summary>
public class ReferenceFileTests
{
    private const string RefRoot = "/work/ref";

    /// <summary>Files (relative to /work/ref) that legitimately do not parse, with the reason.</summary>
    public static readonly Dictionary<string, string> ExpectedToFail = new()
    {
        // Checklist §3.1 / Appendix A: uses top-level `let` and the docs-only `fn(i32): void` type; the reference rejects it too.
        ["std/signal.milo"] = "top-level let and fn(...) type syntax",
    };

    public static IEnumerable<object[]> Files()
    {
        var result = new List<object[]>();
        foreach (var dir in new[] { "tests/fixtures", "tests/errors", "std", "examples" })
        {
            var full = Path.Combine(RefRoot, dir);
            if (!Directory.Exists(full)) continue;
            foreach (var f in Directory.GetFiles(full, "*.milo", SearchOption.AllDirectories).OrderBy(x => x, StringComparer.Ordinal))
                result.Add(new object[] { Path.GetRelativePath(RefRoot, f) });
        }
        return result;
    }

    [Theory]
    [MemberData(nameof(Files), DisableDiscoveryEnumeration = true)]
    public void ParsesWithoutDiagnostics(string relativePath)
    {
        var path = Path.Combine(RefRoot, relativePath);
        var bag = new DiagnosticBag();
        var unit = SyntaxParser.Parse(new SourceText(path, File.ReadAllText(path)), bag);
        Assert.NotNull(unit);
        if (ExpectedToFail.ContainsKey(relativePath))
        {
            Assert.True(bag.HasErrors, $"{relativePath} is listed as failing but now parses cleanly");
            return;
        }
        Assert.True(bag.Count == 0, string.Join("\n", bag.Select(d => d.Format())));
        Assert.NotEmpty(unit.Decls);
    }
}
