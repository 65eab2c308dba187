using System.CommandLine;
using Milo.Compiler.Analysis;

namespace Milo.Compiler.Cli;

/// <summary>
/// `--allow=NAME`, `--deny=NAME` (each repeatable) and `--deny-all`, shared by compile, run, check and test. Names are
/// the reference compiler's: unused-variable, unused-result, unused-move; an unknown name is a usage error.
/// </summary>
internal sealed class WarningFlags
{
    private readonly Option<string[]> _allow = new("--allow")
    {
        Description = "Do not report warning NAME (unused-variable, unused-result, unused-move)",
        Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false, HelpName = "NAME",
    };
    private readonly Option<string[]> _deny = new("--deny")
    {
        Description = "Report warning NAME as an error (unused-move is reported only when denied)",
        Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false, HelpName = "NAME",
    };
    private readonly Option<bool> _denyAll = new("--deny-all") { Description = "Report every warning as an error" };

    /// <summary>Adds the three options and the name check to <paramref name="cmd"/>.</summary>
    public static WarningFlags AddTo(Command cmd)
    {
        var f = new WarningFlags();
        cmd.Add(f._allow);
        cmd.Add(f._deny);
        cmd.Add(f._denyAll);
        cmd.Validators.Add(r =>
        {
            var (_, unknown) = Create(r.GetValue(f._allow), r.GetValue(f._deny), r.GetValue(f._denyAll));
            if (unknown != null) r.AddError(WarningOptions.UnknownNameMessage(unknown));
        });
        return f;
    }

    /// <summary>The options given on the command line (already validated).</summary>
    public WarningOptions Read(ParseResult pr) =>
        Create(pr.GetValue(_allow), pr.GetValue(_deny), pr.GetValue(_denyAll)).Options ?? WarningOptions.Default;

    private static (WarningOptions? Options, string? Unknown) Create(string[]? allow, string[]? deny, bool denyAll) =>
        WarningOptions.Create(allow ?? [], deny ?? [], denyAll);
}
