using System.CommandLine;
using Milo.Compiler.Diagnostics;

namespace Milo.Compiler.Cli;

/// <summary>
/// How diagnostics reach the terminal: `--error-format` (text or msbuild) and `--color=auto|always|never`. In auto
/// mode colour is used only when stderr is a terminal (never when redirected), `NO_COLOR` is unset or empty and TERM
/// is not `dumb`; `--color=always` wins over `NO_COLOR` (an explicit flag beats the environment, as no-color.org asks).
/// </summary>
internal static class DiagnosticPrinter
{
    public enum ColorMode { Auto, Always, Never }

    public static ColorMode Color { get; set; } = ColorMode.Auto;

    /// <summary>The recursive `--color` option, added once to the root command.</summary>
    public static Option<string> CreateOption()
    {
        var option = new Option<string>("--color")
        {
            Description = "Colour diagnostics: auto (default: only on a terminal, off with NO_COLOR), always, never",
            Recursive = true,
            DefaultValueFactory = _ => "auto",
        };
        option.AcceptOnlyFromAmong("auto", "always", "never");
        option.Validators.Add(r => Color = (r.GetValueOrDefault<string>() ?? "auto") switch
        {
            "always" => ColorMode.Always,
            "never" => ColorMode.Never,
            _ => ColorMode.Auto,
        });
        return option;
    }

    /// <summary>Whether diagnostics written to stderr are coloured, given the mode and the environment.</summary>
    public static bool UseColor(ColorMode mode, bool stderrRedirected, Func<string, string?> environment) => mode switch
    {
        ColorMode.Always => true,
        ColorMode.Never => false,
        _ => !stderrRedirected && string.IsNullOrEmpty(environment("NO_COLOR")) && environment("TERM") != "dumb",
    };

    private static bool UseColorNow =>
        UseColor(Color, Console.IsErrorRedirected, Environment.GetEnvironmentVariable);

    public static string Render(Diagnostic d) =>
        CompilerDriver.ErrorFormat == "msbuild" ? d.FormatMsBuild() : d.Format(UseColorNow);
}
