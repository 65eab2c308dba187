using Milo.Compiler.Diagnostics;

namespace Milo.Compiler.Analysis;

/// <summary>
/// `--allow=NAME`, `--deny=NAME` and `--deny-all`, decided as the reference compiler does: an allowed warning is never
/// reported (allow beats deny); a denied one — or any warning under `--deny-all` — is reported as an error, so the
/// compilation fails. `unused-move` is reported only when denied by name.
/// </summary>
public sealed class WarningOptions
{
    public static WarningOptions Default { get; } = new();

    public IReadOnlySet<string> Allowed { get; init; } = new HashSet<string>();
    public IReadOnlySet<string> Denied { get; init; } = new HashSet<string>();
    public bool DenyAll { get; init; }

    /// <summary>The options of the given flag values, or the first unknown warning name.</summary>
    public static (WarningOptions? Options, string? UnknownName) Create(IEnumerable<string> allow, IEnumerable<string> deny, bool denyAll)
    {
        var allowed = new HashSet<string>(allow);
        var denied = new HashSet<string>(deny);
        foreach (var n in allowed.Concat(denied))
            if (WarningKind.Find(n) == null) return (null, n);
        return (new WarningOptions { Allowed = allowed, Denied = denied, DenyAll = denyAll }, null);
    }

    /// <summary>How <paramref name="kind"/> is reported: as a warning, as an error, or (null) not at all.</summary>
    public DiagnosticSeverity? SeverityOf(WarningKind kind)
    {
        if (Allowed.Contains(kind.Name)) return null;
        bool named = Denied.Contains(kind.Name);
        if (!kind.OnByDefault && !named) return null;
        return named || DenyAll ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
    }

    /// <summary>The message for an unknown name given to --allow/--deny.</summary>
    public static string UnknownNameMessage(string name) =>
        $"unknown warning '{name}' (known: {string.Join(", ", WarningKind.All.Select(k => k.Name))})";
}
