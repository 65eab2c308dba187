using Milo.Tests.Programs;

namespace Milo.Tests.Cli;

/// <summary>Runs the real `milo` (the milo.dll next to the tests) as a child process, as a user's shell would.</summary>
internal static class MiloProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "milo.dll");

    public static Task<RunOutcome> Run(string workDir, IReadOnlyDictionary<string, string>? env, params string[] args) =>
        ProgramHarness.RunProcessAsync(ProgramHarness.DotnetHost(), [Dll, .. args], workDir, TimeSpan.FromSeconds(60),
            env ?? new Dictionary<string, string> { ["NO_COLOR"] = "", ["TERM"] = "xterm" });

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "milo-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
