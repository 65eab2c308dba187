using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Milo.Compiler.Cli;

/// <summary>The `milo` command line: compile (alias build), run, check, test, new, fmt. Bare `milo` prints the help.</summary>
internal static class MiloCli
{
    public const string Version = MiloVersion.Current;

    /// <summary>
    /// The stack every command runs on. The compiler's passes recurse once per nesting level (the binder caps
    /// expressions at 2,000 levels: a 2,000-operand `a + b + …` chain); 16 MiB holds that with room to spare on every
    /// OS, where the process's main thread has 8 MiB on Linux but 1 MiB on Windows (DeepDisplayChainTests).
    /// </summary>
    internal const int CompilerStackSize = 16 * 1024 * 1024;

    public static int Run(string[] args)
    {
        int status = CompilerDriver.ExitInternalError;
        Exception? escaped = null;
        var thread = new Thread(() =>
        {
            try { status = RunOnThisThread(args); }
            catch (Exception e) { escaped = e; }
        }, CompilerStackSize) { Name = "milo" };
        thread.Start();
        thread.Join();
        if (escaped != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(escaped).Throw();
        return status;
    }

    private static int RunOnThisThread(string[] args)
    {
        var root = BuildRootCommand();
        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        try
        {
            if (args.Length > 0 && CommandSuggestions.ForUnknownCommand(root, args[0]) is { } unknown)
            {
                Console.Error.WriteLine(unknown);
                return CompilerDriver.ExitError; // like every other usage error (README: exit 1)
            }
            var parseResult = root.Parse(args);
            if (parseResult.Action is ParseErrorAction parseError)
                parseError.ShowHelp = false; // just the error, e.g. "Required argument missing for command: 'compile'."
            return parseResult.Invoke(config);
        }
        catch (Exception ex)
        {
            // Exceptions from the compiler are caught per command (CompilerDriver.Guard); this is a last resort.
            return CompilerDriver.ReportException(ex, file: null);
        }
    }

    public static RootCommand BuildRootCommand()
    {
        var root = new RootCommand("milo — the Milo compiler for .NET");
        foreach (var option in root.Options)
            if (option is VersionOption version)
                version.Action = new PrintVersionAction();

        var errorFormat = new Option<string>("--error-format")
        {
            Description = "Diagnostic format: text (default) or msbuild (file(line,col): error CODE: message)",
            Recursive = true,
            DefaultValueFactory = _ => "text",
        };
        errorFormat.AcceptOnlyFromAmong("text", "msbuild");
        errorFormat.Validators.Add(r => CompilerDriver.ErrorFormat = r.GetValueOrDefault<string>() ?? "text");
        root.Add(errorFormat);
        root.Add(DiagnosticPrinter.CreateOption());
        root.Add(CompileCommand());
        root.Add(RunCommand());
        root.Add(CheckCommand());
        root.Add(TestCommand());
        root.Add(NewCommand.Create());
        root.Add(ExplainCommand.Create());
        root.Add(Lsp.LspCommand.Create());
        root.Add(FmtCommand.Create());
        // Bare `milo`: the help (what a user typing the tool's name wants), exit 0.
        root.SetAction(pr => new HelpAction().Invoke(pr));
        return root;
    }

    private static Option<bool> NativeOption(string description) => new("--native") { Description = description };

    /// <summary>`-r PATH.dll` (repeatable): .NET assemblies for `from "dotnet:…"` imports (docs/dotnet-imports.md).</summary>
    private static Option<string[]> ReferenceOption() => new("--reference", "-r")
    {
        Description = "Reference a .NET assembly (PATH.dll) whose types `from \"dotnet:NS\" import { T }` can use; repeatable",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>`--timings`: the time of each compiler phase (parse, bind, drops, …, write) on stderr.</summary>
    private static Option<bool> TimingsOption() => new("--timings")
    {
        Description = "Print the time of each compiler phase (parse, bind, drops, rewrite, emit, write, …) to stderr",
    };

    private static Argument<string> FileArgument() => new("FILE") { Description = "The .milo source file" };

    private static Command CompileCommand()
    {
        var file = FileArgument();
        var output = new Option<string?>("--output", "-o") { Description = "Output assembly (default: FILE's base name + .dll in the current directory)" };
        var debug = new Option<bool>("--debug") { Description = "Debug build: overflow-checked integer + - * and unary -" };
        var release = new Option<bool>("--release") { Description = "Release build (default): wrapping integer arithmetic" };
        var library = new Option<bool>("--library") { Description = "Build a library: no main required" };
        var native = NativeOption("Build a self-contained native executable with NativeAOT (OUT, default: FILE's base name)");
        var references = ReferenceOption();
        var timings = TimingsOption();

        var cmd = new Command("compile", "Compile a Milo program to a .NET assembly (OUT.dll + OUT.runtimeconfig.json + runtime DLLs)")
        {
            file, output, debug, release, library, native, references, timings,
        };
        cmd.Aliases.Add("build"); // the reference compiler's verb
        var warnings = WarningFlags.AddTo(cmd);
        cmd.Validators.Add(r =>
        {
            if (r.GetValue(debug) && r.GetValue(release))
                r.AddError("--debug and --release cannot be used together");
            if (r.GetValue(native) && r.GetValue(library))
                r.AddError("--native and --library cannot be used together");
        });
        cmd.SetAction(pr =>
        {
            var path = pr.GetRequiredValue(file);
            bool isNative = pr.GetValue(native);
            var outPath = pr.GetValue(output) ?? Path.GetFileNameWithoutExtension(path) + (isNative ? "" : ".dll");
            return CompilerDriver.Guard(path, () =>
            {
                var compilation = CompilerDriver.Load(path, pr.GetValue(debug), warnings.Read(pr), pr.GetValue(library), pr.GetValue(references), pr.GetValue(timings));
                if (isNative)
                {
                    bool built = Native.NativeBuild.Compile(compilation, outPath, out var nativeError);
                    compilation.Timings.Mark("native");
                    CompilerDriver.PrintTimings(compilation);
                    bool failed = CompilerDriver.PrintDiagnostics(compilation);
                    if (nativeError != null) Console.Error.WriteLine($"error: {nativeError}");
                    return built && !failed ? CompilerDriver.ExitOk : CompilerDriver.ExitError;
                }
                var outDir = Path.GetDirectoryName(Path.GetFullPath(outPath));
                if (!string.IsNullOrEmpty(outDir)) Directory.CreateDirectory(outDir);
                bool ok = compilation.Emit(outPath);
                // A program (not a library: its host decides) is precompiled ReadyToRun for start-up; IL if that fails.
                if (ok && !pr.GetValue(library) && Native.ReadyToRun.Enabled)
                {
                    compilation.Timings.Skip();
                    Native.ReadyToRun.TryCompile(outPath);
                    compilation.Timings.Mark("ready to run");
                }
                CompilerDriver.PrintTimings(compilation);
                bool errors = CompilerDriver.PrintDiagnostics(compilation);
                return ok && !errors ? CompilerDriver.ExitOk : CompilerDriver.ExitError;
            });
        });
        return cmd;
    }

    private static Command RunCommand()
    {
        var file = FileArgument();
        var programArgs = new Argument<string[]>("ARGS")
        {
            Description = "Arguments passed to the program (put them after --)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var debug = new Option<bool>("--debug") { Description = "Debug build: overflow-checked integer arithmetic" };
        var native = NativeOption("Compile to a temporary native executable (NativeAOT) and run that instead of running in-process");
        var references = ReferenceOption();
        var timings = TimingsOption();

        var cmd = new Command("run", "Compile and run a Milo program in-process; exits with the program's exit code")
        {
            file, programArgs, debug, native, references, timings,
        };
        var warnings = WarningFlags.AddTo(cmd);
        cmd.SetAction(pr =>
        {
            var path = pr.GetRequiredValue(file);
            var rest = pr.GetValue(programArgs) ?? [];
            return CompilerDriver.Guard(path, () =>
            {
                var compilation = CompilerDriver.Load(path, pr.GetValue(debug), warnings.Read(pr), references: pr.GetValue(references), timings: pr.GetValue(timings));
                if (pr.GetValue(native))
                {
                    int status = Native.NativeBuild.Run(compilation, rest, out var nativeError);
                    CompilerDriver.PrintTimings(compilation);
                    bool failed = CompilerDriver.PrintDiagnostics(compilation);
                    if (nativeError != null) Console.Error.WriteLine($"error: {nativeError}");
                    return failed || nativeError != null ? CompilerDriver.ExitError : status;
                }
                // Warnings are printed once the program is compiled, before it runs.
                int printed = 0;
                int exitCode = compilation.Run(rest, onCompiled: () =>
                {
                    CompilerDriver.PrintTimings(compilation);
                    CompilerDriver.PrintDiagnostics(compilation);
                    printed = compilation.Diagnostics.Count;
                });
                if (compilation.Diagnostics.HasErrors) CompilerDriver.PrintTimings(compilation);   // no onCompiled: still show how far it got
                if (CompilerDriver.PrintDiagnostics(compilation, from: printed)) return CompilerDriver.ExitError;
                return exitCode;
            });
        });
        return cmd;
    }

    private static Command CheckCommand()
    {
        var file = FileArgument();
        var references = ReferenceOption();
        var timings = TimingsOption();
        var cmd = new Command("check", "Parse and type-check a Milo program without producing output") { file, references, timings };
        var warnings = WarningFlags.AddTo(cmd);
        cmd.SetAction(pr =>
        {
            var path = pr.GetRequiredValue(file);
            return CompilerDriver.Guard(path, () =>
            {
                var compilation = CompilerDriver.Load(path, debug: false, warnings.Read(pr), references: pr.GetValue(references), timings: pr.GetValue(timings));
                bool ok = compilation.Check();
                CompilerDriver.PrintTimings(compilation);
                bool errors = CompilerDriver.PrintDiagnostics(compilation);
                return ok && !errors ? CompilerDriver.ExitOk : CompilerDriver.ExitError;
            });
        });
        return cmd;
    }

    private static Command TestCommand()
    {
        var files = new Argument<string[]>("FILES")
        {
            Description = "Test files (default: every *_test.milo in the current directory)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var debug = new Option<bool>("--debug") { Description = "Debug build: overflow-checked integer arithmetic" };
        var cmd = new Command("test", "Run the test… functions of Milo test files, each as its own process") { files, debug };
        var warnings = WarningFlags.AddTo(cmd);
        cmd.SetAction(pr => TestRunner.Run(pr.GetValue(files) ?? [], pr.GetValue(debug), warnings.Read(pr)));
        return cmd;
    }

    private sealed class PrintVersionAction : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine($"milo {Version}");
            return 0;
        }
    }
}
