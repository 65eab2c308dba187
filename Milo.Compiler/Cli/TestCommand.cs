using System.Diagnostics;

namespace Milo.Compiler.Cli;

/// <summary>
/// `milo test [FILES]`: runs every `test…` function of each `*_test.milo` file (the given files, or all in the current
/// directory). Each file is compiled once (<see cref="Compilation.ForTests"/>) and each test runs as its own process, so a
/// failing assertion only fails that test. Output:
/// <code>
/// math_test.milo
///   testArithmetic ... ok
///   testBroken ... FAILED
///   assertEqual failed: got 3, expected 4
///
/// results: 1 passed, 1 failed, 2 total
/// </code>
/// Exit status 0 when every test passed, 1 otherwise (also for compile errors or when no test files are found).
/// </summary>
internal static class TestRunner
{
    public static int Run(string[] files, bool debug, Analysis.WarningOptions? warnings = null)
    {
        var list = files.Length > 0
            ? files.ToList()
            : Directory.GetFiles(".", "*_test.milo").Select(f => Path.GetFileName(f)).OrderBy(f => f, StringComparer.Ordinal).ToList();
        if (list.Count == 0)
        {
            Console.Error.WriteLine("milo test: no *_test.milo files found");
            return CompilerDriver.ExitError;
        }
        int passed = 0, failed = 0;
        bool compileErrors = false;
        var tempRoot = Path.Combine(Path.GetTempPath(), "milo-test", Guid.NewGuid().ToString("N"));
        try
        {
            foreach (var file in list)
            {
                if (!File.Exists(file))
                {
                    Console.Error.WriteLine($"error: cannot open '{file}': no such file");
                    compileErrors = true;
                    continue;
                }
                Console.WriteLine(file);
                Console.Out.Flush();
                var tests = Compilation.FindTestFunctions(new Text.SourceText(file, File.ReadAllText(file)));
                if (tests.Count == 0) continue;
                var compilation = Compilation.ForTests(file, tests, new CompilationOptions { Debug = debug, Warnings = warnings ?? Analysis.WarningOptions.Default });
                var dll = Path.Combine(tempRoot, Path.GetFileNameWithoutExtension(file) + "_" + list.IndexOf(file), "tests.dll");
                bool ok = compilation.Emit(dll);
                if (CompilerDriver.PrintDiagnostics(compilation) || !ok)
                {
                    compileErrors = true;
                    failed += tests.Count;
                    foreach (var t in tests) Console.WriteLine($"  {t} ... FAILED (compile error)");
                    continue;
                }
                // Run the tests concurrently, report in declaration order.
                var results = new (int Code, string Output)[tests.Count];
                Parallel.For(0, tests.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) },
                    i => results[i] = RunOne(dll, tests[i]));
                for (int i = 0; i < tests.Count; i++)
                {
                    if (results[i].Code == 0)
                    {
                        passed++;
                        Console.WriteLine($"  {tests[i]} ... ok");
                    }
                    else
                    {
                        failed++;
                        Console.WriteLine($"  {tests[i]} ... FAILED");
                        var output = results[i].Output.TrimEnd('\n', '\r');
                        if (output.Length > 0) Console.WriteLine(output);
                    }
                }
            }
        }
        finally
        {
            try { Directory.Delete(tempRoot, true); } catch { }
        }
        Console.WriteLine();
        Console.WriteLine($"results: {passed} passed, {failed} failed, {passed + failed} total");
        return failed == 0 && !compileErrors ? CompilerDriver.ExitOk : CompilerDriver.ExitError;
    }

    /// <summary>The `dotnet` host that runs compiled programs.</summary>
    private static string DotnetHost()
    {
        var env = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(env) && File.Exists(env)) return env;
        var self = Environment.ProcessPath;
        if (self != null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return self;
        return "dotnet";
    }

    /// <summary>Runs one test; returns its exit code and its stdout followed by its stderr (shown only when it fails).</summary>
    private static (int, string) RunOne(string dll, string test)
    {
        var si = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        si.ArgumentList.Add(dll);
        si.ArgumentList.Add(test);
        using var p = Process.Start(si)!;
        // stdout (buffered by the program) first, then stderr (assertion messages).
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout + stderr.Result);
    }
}
