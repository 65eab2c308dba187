using System.Reflection;
using System.Runtime.Loader;
using Milo.Compiler.Binding;
using Milo.Compiler.Diagnostics;
using Milo.Compiler.Emit;
using Milo.Compiler.Modules;

namespace Milo.Compiler;

public sealed partial class Compilation
{
    private BoundProgram? _bound;

    /// <summary>Parse, resolve imports and bind. Diagnostics go to <see cref="Diagnostics"/>.</summary>
    internal BoundProgram? Analyze()
    {
        if (_bound != null || Diagnostics.HasErrors) return _bound;
        Timings.Skip();
        var table = new ModuleLoader(Diagnostics).Load(MainSource);
        Timings.Mark("parse");
        if (Diagnostics.HasErrors) return null;
        var program = Binding.Binder.Bind(table, MainSource, Diagnostics, Options.Debug, Options.Library, Options.References);
        Timings.Mark("bind");
        if (Diagnostics.HasErrors) return null;
        Lowering.DropInsertion.Run(program);   // drop flags and drops at exits, from the binder's ownership facts
        Timings.Mark("drops");
        Analysis.WarningAnalysis.Run(program, Diagnostics, Options.Warnings);   // denied warnings are errors
        Timings.Mark("warnings");
        if (Diagnostics.HasErrors) return null;
        Lowering.TailAccumulation.Run(program);   // release builds: self tail calls (with a +/* accumulator) become loops
        Lowering.BranchlessCounters.Run(program);   // release builds: `if cmp { n = n + 1 }` adds the comparison's 0/1
        Lowering.VecFillLoops.Run(program);   // release builds: a counted loop pushing one plain value is a block fill
        Timings.Mark("optimize");
        Lowering.GreenLowering.Lower(program, Diagnostics);   // green threads: suspension analysis + spilling
        Timings.Mark("green lowering");
        if (Diagnostics.HasErrors) return null;
        _bound = program;
        return program;
    }

    /// <summary>Parse and bind only. True when there are no errors.</summary>
    public bool Check()
    {
        bool ok = Analyze() != null;
        ReportTimings();
        return ok;
    }

    /// <summary>
    /// MILO_TIMINGS=1: the phase times of this compilation on stderr, from any host. With <see cref="CompilationOptions.Timings"/>
    /// (`milo … --timings`) the CLI prints them instead, once the command's own steps (ReadyToRun) are timed too.
    /// </summary>
    private void ReportTimings()
    {
        if (!Options.Timings && StageTimings.FromEnvironment) Console.Error.Write($"milo: stage timings for {MainSource.FilePath}\n{Timings.Format()}");
    }

    /// <summary>
    /// Compile to <paramref name="outputPath"/> (a .dll), writing OUT.runtimeconfig.json and Milo.Runtime.dll / Milo.Stdlib.dll
    /// beside it. False (with diagnostics) on errors.
    /// </summary>
    public bool Emit(string outputPath)
    {
        try { return EmitCore(outputPath); }
        finally { ReportTimings(); }
    }

    private bool EmitCore(string outputPath)
    {
        var program = Analyze();
        if (program == null) return false;
        var full = Path.GetFullPath(outputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        try
        {
            Timings.Skip();
            LowerOnce(program);
            Emitter.Emit(program, full, Path.GetFileNameWithoutExtension(full), Options.Library, Timings);
            CopyReferences(Path.GetDirectoryName(full)!);
        }
        catch (EmitException e)
        {
            // The emitter's "cannot generate this" errors (e.g. a type with no C layout in an extern fn signature) are
            // user errors: report them as a diagnostic (at the statement being emitted, else the file), not a crash.
            var at = Milo.Compiler.Diagnostics.CompilerProgress.CurrentStage == Milo.Compiler.Diagnostics.CompilerProgress.Stage.Emitting
                     && Milo.Compiler.Diagnostics.CompilerProgress.CurrentLocation is { } l ? l : new Text.Location(MainSource, 0, 0);
            Diagnostics.Report(at, Milo.Compiler.Diagnostics.Errors.CodeGenerationLimit.With(e.Message));
            return false;
        }
        return true;
    }

    private bool _lowered;

    /// <summary>Desugaring (Lowering/LocalRewriter) right before emission: `check` and the language server keep the bound tree as bound.</summary>
    private void LowerOnce(BoundProgram program)
    {
        if (_lowered) return;
        Lowering.LocalRewriter.Lower(program, Timings);   // marks "rewrite" and "state machines"
        _lowered = true;
    }

    /// <summary>`-r` assemblies are copied beside the output so that `dotnet OUT.dll` (and `milo run`) find them.</summary>
    private void CopyReferences(string dir)
    {
        foreach (var r in Options.References)
        {
            var src = Path.GetFullPath(r);
            var dst = Path.Combine(dir, Path.GetFileName(src));
            if (!File.Exists(src) || string.Equals(src, Path.GetFullPath(dst), StringComparison.Ordinal)) continue;
            File.Copy(src, dst, overwrite: true);
        }
    }

    /// <summary>
    /// Compile and run `main` in this process with <paramref name="args"/>; returns the program's exit code (1 on compile
    /// errors). <paramref name="onCompiled"/> runs after a successful compile, before the program starts.
    /// </summary>
    public int Run(string[] args, Action? onCompiled = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "milo-run", Guid.NewGuid().ToString("N"));
        var name = Path.GetFileNameWithoutExtension(MainSource.FilePath);
        if (string.IsNullOrWhiteSpace(name)) name = "program";
        var dll = Path.Combine(dir, name + ".dll");
        if (!Emit(dll)) return 1;
        onCompiled?.Invoke();
        try
        {
            Milo.Compiler.Diagnostics.CompilerProgress.Running();   // from here on, exceptions come from the program, not the compiler
            // Not collectible: an unreachable collectible context may start unloading (finalizer) while the program still runs.
            var alc = new AssemblyLoadContext("milo-run", isCollectible: false);
            alc.Resolving += (ctx, name) => Path.Combine(dir, name.Name + ".dll") is var p && File.Exists(p) ? ctx.LoadFromAssemblyPath(p) : null;   // -r assemblies
            var asm = alc.LoadFromAssemblyPath(dll);
            var entry = asm.EntryPoint ?? throw new InvalidOperationException("emitted assembly has no entry point");
            var result = entry.GetParameters().Length == 1 ? entry.Invoke(null, new object[] { args }) : entry.Invoke(null, null);
            return result is int code ? code : 0;
        }
        catch (TargetInvocationException e) when (e.InnerException != null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch { /* best effort */ }
        }
    }
}
