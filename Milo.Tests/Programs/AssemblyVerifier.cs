using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace Milo.Tests.Programs;

/// <summary>
/// Checks that an emitted assembly is loadable and that every method body JIT-compiles: loads it into a collectible
/// <see cref="AssemblyLoadContext"/> (references such as Milo.Runtime resolve to the test host's copies), resolves every
/// type and calls <see cref="RuntimeHelpers.PrepareMethod(RuntimeMethodHandle)"/> on every non-generic method and
/// constructor. Invalid IL (stack imbalance, bad branch targets, wrong tokens…) surfaces here as
/// InvalidProgramException / BadImageFormatException / TypeLoadException / MissingMethodException instead of in a user's
/// program. Nothing of the program runs (static constructors are not triggered).
///
/// Every method is marked <c>NoOptimization</c> (Cecil rewrite of the in-memory copy) before loading: code in a
/// collectible context is not tiered, so PrepareMethod would run the optimising JIT, and the .NET 10.0.12 optimiser
/// never finishes on some valid infinite loops (found by the 100k fuzz run; plain C# reproduces it under
/// <c>DOTNET_TieredCompilation=0</c>: <c>int i = 0; while (i &lt; 3) { if (i == 1) { F(); break; } }</c>). The IL
/// importer — which is what rejects invalid IL — runs the same way with or without optimisation.
/// </summary>
public static class AssemblyVerifier
{
    /// <summary>Null when the assembly loads and all its methods JIT; else a description of every problem found.</summary>
    public static string? Verify(string dllPath)
    {
        var problems = new List<string>();
        VerifyInto(dllPath, problems);
        return problems.Count == 0 ? null : string.Join("\n", problems.Take(20));
    }

    /// <summary>The assembly with every method body flagged NoOptimization (see the class comment).</summary>
    private static MemoryStream WithoutOptimization(byte[] image)
    {
        using var module = Mono.Cecil.ModuleDefinition.ReadModule(new MemoryStream(image));
        foreach (var type in module.GetTypes())
            foreach (var method in type.Methods)
                if (method.HasBody) method.NoOptimization = true;
        var result = new MemoryStream();
        module.Write(result);
        result.Position = 0;
        return result;
    }

    // Not inlined so nothing from the load context stays reachable from the caller's frame when it unloads.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void VerifyInto(string dllPath, List<string> problems)
    {
        var alc = new AssemblyLoadContext("milo-verify", isCollectible: true);
        try
        {
            Assembly asm;
            using (var stream = WithoutOptimization(File.ReadAllBytes(dllPath)))
                asm = alc.LoadFromStream(stream);   // from a copy: no file lock on the output

            Type[] types;
            try
            {
                types = asm.GetTypes();
            }
            catch (ReflectionTypeLoadException e)
            {
                foreach (var le in e.LoaderExceptions.Where(x => x != null).Take(10))
                    problems.Add($"type load: {le!.GetType().Name}: {le.Message}");
                types = e.Types.Where(t => t != null).ToArray()!;
            }

            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static |
                                     BindingFlags.Instance | BindingFlags.DeclaredOnly;
            foreach (var type in types)
            {
                if (type.ContainsGenericParameters) continue;   // would need an instantiation
                IEnumerable<MethodBase> methods;
                try
                {
                    methods = type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)).ToList();
                }
                catch (Exception e)
                {
                    problems.Add($"{type.FullName}: {e.GetType().Name}: {e.Message}");
                    continue;
                }
                foreach (var m in methods)
                {
                    if (m.IsAbstract || m.ContainsGenericParameters) continue;
                    var impl = m.MethodImplementationFlags;
                    if ((impl & (MethodImplAttributes.Runtime | MethodImplAttributes.InternalCall)) != 0) continue;
                    if ((m.Attributes & MethodAttributes.PinvokeImpl) != 0) continue;   // P/Invoke stub: no IL to check
                    try
                    {
                        RuntimeHelpers.PrepareMethod(m.MethodHandle);
                    }
                    catch (Exception e)
                    {
                        problems.Add($"{type.FullName}::{m.Name}: {e.GetType().Name}: {e.Message}");
                    }
                }
            }
        }
        catch (Exception e)
        {
            problems.Add($"load: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            alc.Unload();
        }
    }
}
