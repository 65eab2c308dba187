using Milo.Compiler.Cli;

namespace Milo.Tests.Native;

/// <summary>What the `--native` tests share: finding an example and running `milo compile` with its stderr captured.</summary>
internal static class NativeCompile
{
    public static string ExamplePath(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples", name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"examples/{name} not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Runs `milo ARGS` in-process; returns its exit code and what it wrote to stderr.</summary>
    public static (int Code, string Stderr) Run(params string[] args)
    {
        var stderr = new StringWriter();
        var oldErr = Console.Error;
        Console.SetError(stderr);
        try { return (MiloCli.Run(args), stderr.ToString()); }
        finally { Console.SetError(oldErr); }
    }
}
