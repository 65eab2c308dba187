using System.CommandLine;
using System.Text;
using Milo.Compiler.Formatting;

namespace Milo.Compiler.Cli;

/// <summary>
/// `milo fmt [--check] FILES…`: formats files in place (a folder means every .milo under it; `-` reads stdin and
/// writes stdout). `--check` writes nothing and exits 1 naming each file that would change. A file that does not parse
/// gets its diagnostics and exit status 1; the other files are still formatted.
/// </summary>
internal static class FmtCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("FILES")
        {
            Description = "Files or folders to format (a folder: every .milo under it; -: stdin to stdout)",
            Arity = ArgumentArity.OneOrMore,
        };
        var check = new Option<bool>("--check") { Description = "Do not write; exit 1 and list the files that are not formatted" };
        var cmd = new Command("fmt", "Format Milo source files in the canonical layout") { paths, check };
        cmd.SetAction(pr => Run(pr.GetValue(paths) ?? [], pr.GetValue(check), Console.In, Console.Out, Console.Error));
        return cmd;
    }

    public static int Run(IReadOnlyList<string> paths, bool check, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        int status = CompilerDriver.ExitOk;
        foreach (var file in Expand(paths, stderr, ref status))
        {
            bool isStdin = file == "-";
            string text;
            try { text = isStdin ? stdin.ReadToEnd() : File.ReadAllText(file); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"error: cannot read '{file}': {ex.Message}");
                status = CompilerDriver.ExitError;
                continue;
            }
            var result = MiloFormatter.Format(isStdin ? "<stdin>" : file, text);
            if (result.HasErrors)
            {
                foreach (var d in result.Diagnostics) stderr.WriteLine(DiagnosticPrinter.Render(d));
                status = CompilerDriver.ExitError;
                if (isStdin && !check) stdout.Write(text);
                continue;
            }
            bool changed = result.Text != text;
            if (check)
            {
                if (changed)
                {
                    stdout.WriteLine(isStdin ? "<stdin>" : file);
                    status = CompilerDriver.ExitError;
                }
            }
            else if (isStdin) stdout.Write(result.Text);
            else if (changed)
            {
                File.WriteAllText(file, result.Text, new UTF8Encoding(false));
                stdout.WriteLine($"formatted {file}");
            }
        }
        return status;
    }

    private static IEnumerable<string> Expand(IReadOnlyList<string> paths, TextWriter stderr, ref int status)
    {
        var files = new List<string>();
        foreach (var p in paths)
        {
            if (p == "-" || File.Exists(p)) files.Add(p);
            else if (Directory.Exists(p))
                files.AddRange(Directory.EnumerateFiles(p, "*.milo", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            else
            {
                stderr.WriteLine($"error: cannot open '{p}': no such file or directory");
                status = CompilerDriver.ExitError;
            }
        }
        return files;
    }
}
