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
            int d = Distance(word.ToLowerInvariant(), name);
            if (d <= limit && d < bestDistance) { best = name; bestDistance = d; }
        }
        return best ?? names.Where(n => word.Length >= 2 && n.StartsWith(word, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).FirstOrDefault();
    }

    /// <summary>Optimal string alignment distance (Levenshtein plus adjacent transpositions: `biuld` → `build` is 1).</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
