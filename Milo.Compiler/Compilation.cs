using Milo.Compiler.Diagnostics;
using Milo.Compiler.Text;

namespace Milo.Compiler;

public sealed class CompilationOptions
{
    /// <summary>--debug: overflow-checked + - * and unary -.</summary>
    public bool Debug { get; init; }
    /// <summary>--library: no main required; pub items become public CLR API.</summary>
    public bool Library { get; init; }
    /// <summary>--allow / --deny / --deny-all: which warnings are reported, and which as errors.</summary>
    public Analysis.WarningOptions Warnings { get; init; } = Analysis.WarningOptions.Default;
    /// <summary>-r PATH.dll: .NET assemblies whose types `from "dotnet:NS" import { … }` may name (copied beside the output).</summary>
    public IReadOnlyList<string> References { get; init; } = Array.Empty<string>();
    /// <summary>`milo … --timings`: the CLI prints <see cref="Compilation.Timings"/> to stderr (docs/performance.md).</summary>
    public bool Timings { get; init; }
}

/// <summary>
/// The one entry point that drives the pipeline (parse → bind → lower → emit). Used by the CLI and by tests.
/// </summary>
public sealed partial class Compilation
{
    private Compilation(SourceText main, CompilationOptions options)
    {
        MainSource = main;
        Options = options;
    }

    public SourceText MainSource { get; }
    public CompilationOptions Options { get; }
    public DiagnosticBag Diagnostics { get; } = new();
    /// <summary>Wall-clock time of each stage run so far (parse, bind, lower, emit, write, …): `milo compile --timings`.</summary>
    public StageTimings Timings { get; } = new();

    public static Compilation FromFile(string path, CompilationOptions? options = null)
        => new(new SourceText(path, File.ReadAllText(path)), options ?? new CompilationOptions());

    public static Compilation FromText(string path, string text, CompilationOptions? options = null)
        => new(new SourceText(path, text), options ?? new CompilationOptions());
}
