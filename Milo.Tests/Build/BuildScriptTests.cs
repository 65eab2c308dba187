using System.Text.RegularExpressions;

namespace Milo.Tests.Build;

/// <summary>
/// build.sh and build.ps1 handle exactly the commands of .config/build-commands.txt (the list both print for `help`), so
/// a command added to one script and not to the other or the list fails here. Their behaviour side by side is checked
/// by .ci/build-scripts-parity (needs PowerShell).
/// </summary>
public class BuildScriptTests
{
    internal static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "build.sh")) && File.Exists(Path.Combine(d.FullName, "Milo.sln")))
                return d.FullName;
        throw new InvalidOperationException("repository root (build.sh + Milo.sln) not found above " + AppContext.BaseDirectory);
    }

    private static readonly string[] HelpAliases = ["-h", "--help"];

    /// <summary>Command names listed in .config/build-commands.txt: lines that start with a lower-case word.</summary>
    internal static List<string> ListedCommands(string root) =>
        File.ReadAllLines(Path.Combine(root, ".config", "build-commands.txt"))
            .Select(l => Regex.Match(l, "^[a-z][a-z-]*")).Where(m => m.Success).Select(m => m.Value).ToList();

    /// <summary>The arms of build.sh's `case "$cmd" in … esac` (`a|b)` → a, b), without `*` and the help aliases.</summary>
    internal static List<string> ShellCommands(string text)
    {
        var body = Regex.Match(text, @"case ""\$cmd"" in\n(.*?)\nesac", RegexOptions.Singleline);
        Assert.True(body.Success, "build.sh: no `case \"$cmd\" in … esac`");
        return Regex.Matches(body.Groups[1].Value, @"^  ([^\s()*][^\s()]*)\)", RegexOptions.Multiline)
            .SelectMany(m => m.Groups[1].Value.Split('|')).Except(HelpAliases).ToList();
    }

    /// <summary>The arms of build.ps1's `switch -CaseSensitive ($cmd) { 'name' { … } … }`, without the help aliases.</summary>
    internal static List<string> PowerShellCommands(string text)
    {
        var start = text.IndexOf("switch -CaseSensitive ($cmd) {", StringComparison.Ordinal);
        Assert.True(start >= 0, "build.ps1: no `switch -CaseSensitive ($cmd) {`");
        return Regex.Matches(text[start..], @"^    '([^']+)' \{", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).Except(HelpAliases).ToList();
    }

    [Fact]
    public void Both_scripts_handle_exactly_the_listed_commands()
    {
        var root = RepoRoot();
        var listed = ListedCommands(root);
        Assert.Contains("build", listed);
        Assert.Contains("help", listed);
        Assert.Equal(listed.Count, listed.Distinct().Count());
        var sh = ShellCommands(File.ReadAllText(Path.Combine(root, "build.sh")).ReplaceLineEndings("\n"));
        var ps = PowerShellCommands(File.ReadAllText(Path.Combine(root, "build.ps1")).ReplaceLineEndings("\n"));
        Assert.Equal(listed.Order(StringComparer.Ordinal), sh.Order(StringComparer.Ordinal));
        Assert.Equal(listed.Order(StringComparer.Ordinal), ps.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_parsers_see_a_command_missing_from_one_script()
    {
        var root = RepoRoot();
        var sh = File.ReadAllText(Path.Combine(root, "build.sh")).ReplaceLineEndings("\n");
        var ps = File.ReadAllText(Path.Combine(root, "build.ps1")).ReplaceLineEndings("\n");
        var withExtra = sh.Replace("  bench)\n", "  frob)\n    ;;\n  bench)\n");
        Assert.Contains("frob", ShellCommands(withExtra));
        Assert.DoesNotContain("frob", ShellCommands(sh));
        var withoutBench = ps.Replace("    'bench' {", "    'bnch' {");
        Assert.DoesNotContain("bench", PowerShellCommands(withoutBench));
        Assert.Contains("bench", PowerShellCommands(ps));
    }
}
