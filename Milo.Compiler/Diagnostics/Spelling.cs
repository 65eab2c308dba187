namespace Milo.Compiler.Diagnostics;

/// <summary>
/// "Did you mean" suggestions for unknown names: the closest candidate by Damerau-Levenshtein distance (optimal string
/// alignment: insert, delete, substitute, swap two neighbours), at most 2 edits — 1 for names of up to 3 characters.
/// One-character names get no suggestion (every other one-letter name would be "close").
/// </summary>
internal static class Spelling
{
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

    /// <summary>The closest candidate within the allowed distance (ties: the ordinally smallest), or null.</summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        if (name.Length < 2) return null;
        int max = name.Length <= 3 ? 1 : 2;
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var c in candidates.Distinct())
        {
            if (c == name || c.Length == 0 || c.StartsWith('_') || Math.Abs(c.Length - name.Length) > max) continue;
            int dist = Distance(name, c);
            if (dist > max) continue;
            if (dist < bestDistance || (dist == bestDistance && string.CompareOrdinal(c, best) < 0))
            {
                best = c; bestDistance = dist;
            }
        }
        return best;
    }

    /// <summary>`did you mean 'x'?` for the closest candidate, or null (the text of a diagnostic's `help:` line).</summary>
    public static string? DidYouMean(string name, IEnumerable<string> candidates)
        => Closest(name, candidates) is { } c ? $"did you mean '{c}'?" : null;
}
