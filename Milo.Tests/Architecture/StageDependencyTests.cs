using System.Text.RegularExpressions;
using Milo.Tests.Build;

namespace Milo.Tests.Architecture;

/// <summary>
/// The compiler's stages (one folder and namespace each) depend on each other one way: a folder that names another
/// folder's namespace — by `using`, a qualified name, or a cref — is an edge, and the edges must form no cycle.
/// </summary>
public class StageDependencyTests
{
    private static Dictionary<string, HashSet<string>> Edges()
    {
        var compiler = Path.Combine(BuildScriptTests.RepoRoot(), "Milo.Compiler");
        var folders = Directory.GetDirectories(compiler).Select(Path.GetFileName).OfType<string>()
            .Where(d => d is not ("bin" or "obj") && Directory.EnumerateFiles(Path.Combine(compiler, d), "*.cs", SearchOption.AllDirectories).Any())
            .ToList();
        var edges = folders.ToDictionary(f => f, _ => new HashSet<string>());
        foreach (var from in folders)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(compiler, from), "*.cs", SearchOption.AllDirectories))
            {
                var text = File.ReadAllText(file);
                foreach (var to in folders.Where(t => t != from))
                {
                    var pattern = $@"using Milo\.Compiler\.{to}\b|Milo\.Compiler\.{to}\.|(?<![\w.]){to}\.[A-Z]\w*\.";
                    if (Regex.IsMatch(text, pattern)) edges[from].Add(to);
                }
            }
        }
        return edges;
    }

    [Fact]
    public void Stage_folders_form_no_dependency_cycle()
    {
        var edges = Edges();
        var cycles = new List<string>();
        foreach (var start in edges.Keys)
        {
            // Depth-first search for a path back to `start`.
            var stack = new Stack<List<string>>();
            stack.Push([start]);
            var seen = new HashSet<string>();
            while (stack.Count > 0)
            {
                var path = stack.Pop();
                foreach (var next in edges[path[^1]])
                {
                    if (next == start) { cycles.Add(string.Join(" -> ", path.Append(start))); continue; }
                    if (seen.Add(next)) stack.Push([.. path, next]);
                }
            }
        }
        Assert.True(cycles.Count == 0, "stage dependency cycles:\n" + string.Join("\n", cycles.Distinct()));
    }

    [Fact]
    public void The_front_end_does_not_read_the_back_end()
    {
        var edges = Edges();
        foreach (var (front, back) in new[] { ("Syntax", "Binding"), ("Binding", "Lowering"), ("Binding", "Emit"),
                     ("Modules", "Binding"), ("Lowering", "Emit"), ("Lsp", "Cli"), ("Cli", "Emit") })
            Assert.False(edges.TryGetValue(front, out var to) && to.Contains(back), $"{front} must not depend on {back}");
    }
}
