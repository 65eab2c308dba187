using Milo.Compiler.Diagnostics;
using Milo.Runtime;

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
        CompilerProgress.Reset();
        try
        {
            return body();
        }
        catch (Exception ex)
        {
            return ReportException(ex, file);
        }
        finally
        {
            CompilerProgress.Reset();
        }
    }

    /// <summary>
    /// Turns an exception that escaped a command into output and an exit status: a Milo panic/exit from a program run
    /// in-process keeps its own (already printed) message and status; an I/O failure (unwritable output, unreadable file)
    /// is an ordinary error; anything else is an internal compiler error, reported with the file and position the
    /// compiler was working on (<see cref="CompilerProgress"/>), exit 70, no stack trace unless MILO_DEBUG=1.
    /// </summary>
    public static int ReportException(Exception ex, string? file)
    {
        if (ex is System.Reflection.TargetInvocationException { InnerException: { } inner }) ex = inner;
        switch (ex)
        {
            case MiloPanicException or MiloExitException:
                return UncaughtExceptions.ExitCodeFor(ex);
            case AggregateException { InnerExceptions: [MiloPanicException or MiloExitException, ..] } agg:
                return UncaughtExceptions.ExitCodeFor(agg.InnerExceptions[0]);
        }
        try { MiloProcess.Flush(); Console.Out.Flush(); } catch (Exception) { /* stdout gone: still report */ }
        var err = Console.Error;
        if (ex is IOException or UnauthorizedAccessException && CompilerProgress.CurrentStage != CompilerProgress.Stage.Running)
        {
            err.WriteLine($"error: {ex.Message}");
            return ExitError;
        }
        var where = CompilerProgress.CurrentLocation?.ToString() ?? file ?? "milo";
        if (CompilerProgress.CurrentStage == CompilerProgress.Stage.Running)
            err.WriteLine($"{file ?? "milo"}: internal compiler error: the compiled program could not run: {ex.GetType().Name}: {ex.Message}");
        else
            err.WriteLine($"{where}: internal compiler error: {ex.GetType().Name}: {ex.Message}");
        err.WriteLine($"    while {CompilerProgress.Describe()}" + (file != null ? $" (compiling {file})" : ""));
        err.WriteLine("    this is a bug in the Milo compiler; please report it at the project's issue tracker with the file above" +
                      (DebugMode ? "" : " (MILO_DEBUG=1 prints the stack trace)"));
        if (DebugMode) err.WriteLine(ex.ToString());
        return ExitInternalError;
    }

    public static Compilation Load(string file, bool debug, Analysis.WarningOptions warnings, bool library = false, string[]? references = null,
        bool timings = false)
    {
        if (timings) ProcessTimings.MarkStartUp();
        return Compilation.FromFile(file, new CompilationOptions { Debug = debug, Library = library, Warnings = warnings, References = references ?? [], Timings = timings });
    }

    /// <summary>`--timings`: the time of each phase so far (<see cref="Compilation.Timings"/>) on stderr, then the whole
    /// process's (start-up before the first phase, CPU and allocation so far, garbage collections).</summary>
    public static void PrintTimings(Compilation compilation)
    {
        if (compilation.Options.Timings)
            Console.Error.Write($"milo: phase timings for {compilation.MainSource.FilePath}\n{compilation.Timings.Format()}{ProcessTimings.Format()}");
    }

    /// <summary>
    /// Prints the diagnostics (errors and warnings) from index <paramref name="from"/> on to stderr. Returns true when
    /// the compilation has errors.
    /// </summary>
    public static bool PrintDiagnostics(Compilation compilation, int from = 0)
    {
        foreach (var d in compilation.Diagnostics.Skip(from))
            Console.Error.WriteLine(DiagnosticPrinter.Render(d));
        return compilation.Diagnostics.HasErrors;
    }
}
