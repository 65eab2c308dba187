using System.CommandLine;

namespace Milo.Compiler.Cli;

/// <summary>
/// What `milo` says when the first word is not a command: `error: unknown command 'biuld'` plus a hint — the nearest
/// command name (`did you mean 'build'?`), `milo run FILE` when the word is a .milo file, or where the list is.
/// </summary>
internal static class CommandSuggestions
{
    /// <summary>The message for an unknown first word, or null when <paramref name="word"/> is a command or an option.</summary>
    public static string? ForUnknownCommand(RootCommand root, string word)
    {
        if (word.StartsWith('-')) return null;
        var names = root.Subcommands.SelectMany(c => new[] { c.Name }.Concat(c.Aliases)).ToList();
        if (names.Contains(word, StringComparer.Ordinal)) return null;
        string hint;
        if (word.EndsWith(".milo", StringComparison.OrdinalIgnoreCase))
            hint = $"did you mean 'milo run {word}'?";
        else if (Nearest(word, names) is { } near)
            hint = $"did you mean '{near}'?";
        else
            hint = "run 'milo --help' for the list of commands";
        return $"error: unknown command '{word}'\n    hint: {hint}";
    }

    /// <summary>The closest name within an edit distance of 2 (1 for short words), or one the word is a prefix of.</summary>
    public static string? Nearest(string word, IEnumerable<string> names)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        int limit = word.Length <= 3 ? 1 : 2;
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            int d = Diagnostics.Spelling.Distance(word.ToLowerInvariant(), name);   // optimal string alignment: `biuld` → `build` is 1
            if (d <= limit && d < bestDistance) { best = name; bestDistance = d; }
        }
        return best ?? names.Where(n => word.Length >= 2 && n.StartsWith(word, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).FirstOrDefault();
    }
}
