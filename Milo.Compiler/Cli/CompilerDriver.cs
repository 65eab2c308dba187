namespace Milo.Compiler.Cli;

/// <summary>Shared plumbing for the CLI commands: loading a file, printing diagnostics, internal-error handling.</summary>
internal static class CompilerDriver
{
    public const int ExitOk = 0;
    public const int ExitError = 1;
    public const int ExitUsage = 2;
    /// <summary>EX_SOFTWARE from sysexits.h: an internal compiler error.</summary>
    public const int ExitInternalError = 70;

    /// <summary>`--error-format`: "text" (default) or "msbuild".</summary>
    public static string ErrorFormat { get; set; } = "text";

    public static bool DebugMode => Environment.GetEnvironmentVariable("MILO_DEBUG") == "1";

    /// <summary>
    /// Runs <paramref name="body"/> for <paramref name="file"/>. A missing file is a normal error (exit 1); any exception
    /// escaping the compiler is reported as an internal compiler error (exit 70) without a stack trace unless MILO_DEBUG=1.
    /// </summary>
    public static int Guard(string file, Func<int> body)
    {
        if (!File.Exists(file))
        {
            Console.Error.WriteLine($"error: cannot open '{file}': no such file");
            return ExitError;
        }
        try
        {
            return body();
        }
        catch (Exception ex)
        {
            Console.Out.Flush();
            var err = Console.Error;
            err.WriteLine($"internal compiler error: {ex.Message}");
            err.WriteLine($"while compiling {file}");
            err.WriteLine("please report this at the project's issue tracker");
            if (DebugMode) err.WriteLine(ex.ToString());
            return ExitInternalError;
        }
    }

    public static Compilation Load(string file, bool debug, bool library = false)
        => Compilation.FromFile(file, new CompilationOptions { Debug = debug, Library = library });

    /// <summary>Prints every diagnostic (errors and warnings) to stderr. Returns true when there are errors.</summary>
    public static bool PrintDiagnostics(Compilation compilation)
    {
        foreach (var d in compilation.Diagnostics)
            Console.Error.WriteLine(ErrorFormat == "msbuild" ? d.FormatMsBuild() : d.Format());
        return compilation.Diagnostics.HasErrors;
    }
}
