using System.CommandLine;
using Milo.Compiler.Diagnostics;

namespace Milo.Compiler.Cli;

/// <summary>`milo explain CODE`: what a diagnostic code means, an example that triggers it and how to fix it.</summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var code = new Argument<string>("CODE") { Description = "A diagnostic code such as E0301 (printed in [brackets] after each error)" };
        var cmd = new Command("explain", "Explain a diagnostic code: what it means, an example and a fix (docs/diagnostics.md)") { code };
        cmd.SetAction(pr =>
        {
            var text = Explain(pr.GetRequiredValue(code));
            if (text == null)
            {
                Console.Error.WriteLine($"milo explain: unknown diagnostic code '{pr.GetRequiredValue(code)}' (codes look like E0301; see docs/diagnostics.md)");
                return CompilerDriver.ExitError;
            }
            Console.Out.Write(text);
            return CompilerDriver.ExitOk;
        });
        return cmd;
    }

    /// <summary>The section of docs/diagnostics.md for <paramref name="code"/> (case-insensitive), or null.</summary>
    public static string? Explain(string code)
        => DiagnosticDocs.Sections.TryGetValue(code.Trim(), out var section) ? section : null;
}
