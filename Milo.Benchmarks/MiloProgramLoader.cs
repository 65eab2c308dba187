using System.Reflection;
using System.Runtime.Loader;
using Milo.Compiler;

namespace Milo.Benchmarks;

/// <summary>
/// Compiles a Milo program from <c>Programs/NAME.milo</c> in-process (<see cref="Compilation.FromText"/> + Emit), loads the
/// assembly into its own <see cref="AssemblyLoadContext"/> (Milo.Runtime/Milo.Stdlib resolve to the copies already
/// loaded in this process) and returns a delegate to a free function — a public static method of
/// <c>&lt;assembly name&gt;.MiloProgram</c>. Benchmarks call the delegate, so they measure the generated code only.
/// </summary>
public static class MiloProgramLoader
{
    private static readonly string OutRoot = Path.Combine(Path.GetTempPath(), "milo-bench", Environment.ProcessId.ToString());

    public static string ProgramsDir => Path.Combine(AppContext.BaseDirectory, "Programs");

    public static string SourcePath(string name) => Path.Combine(ProgramsDir, name + ".milo");

    /// <summary>Compiles <paramref name="name"/>.milo and returns its public static MethodInfo <paramref name="function"/>.</summary>
    public static MethodInfo Load(string name, string function = "bench")
    {
        var path = SourcePath(name);
        var compilation = Compilation.FromText(path, File.ReadAllText(path));
        var dll = Path.Combine(OutRoot, name, name + ".dll");
        if (!compilation.Emit(dll))
            throw new InvalidOperationException($"{name}.milo does not compile:\n" + string.Join("\n", compilation.Diagnostics.Select(d => d.ToString())));
        var alc = new AssemblyLoadContext("milo-bench-" + name, isCollectible: false);
        var asm = alc.LoadFromAssemblyPath(dll);
        var type = asm.GetTypes().FirstOrDefault(t => t.Name == "MiloProgram")
                   ?? throw new InvalidOperationException($"{name}.dll has no MiloProgram class");
        return type.GetMethod(function, BindingFlags.Public | BindingFlags.Static)
               ?? throw new InvalidOperationException($"{name}.milo has no public fn '{function}'");
    }

    /// <summary>A <c>fn bench(): i64</c> as a delegate.</summary>
    public static Func<long> LoadBench(string name) => Load(name).CreateDelegate<Func<long>>();
}
