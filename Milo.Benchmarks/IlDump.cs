using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Benchmarks;

/// <summary>`--il NAME [FN...]`: compiles Programs/NAME.milo and prints the IL of its functions (Mono.Cecil), to review
/// what the emitter generates for hot loops (boxing, copies, locals, bounds checks).</summary>
internal static class IlDump
{
    public static void Run(string name, string[] functions)
    {
        var path = MiloProgramLoader.SourcePath(name);
        var dll = Path.Combine(Path.GetTempPath(), "milo-bench", "il", name + ".dll");
        var c = Milo.Compiler.Compilation.FromText(path, File.ReadAllText(path));
        if (!c.Emit(dll)) { Console.WriteLine(string.Join("\n", c.Diagnostics)); return; }
        using var module = ModuleDefinition.ReadModule(dll);
        foreach (var type in module.GetTypes())
            foreach (var m in type.Methods)
            {
                if (!m.HasBody || (functions.Length > 0 && !functions.Contains(m.Name))) continue;
                Console.WriteLine($"// {type.FullName}::{m.Name}  (locals: {string.Join(", ", m.Body.Variables.Select(v => v.VariableType.Name))})");
                foreach (var ins in m.Body.Instructions) Console.WriteLine("  " + ins);
                Console.WriteLine();
            }
    }
}
