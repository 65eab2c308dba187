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

    // Not inlined so nothing from the load context stays reachable from the caller's frame when it unloads.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void VerifyInto(string dllPath, List<string> problems)
    {
        var alc = new AssemblyLoadContext("milo-verify", isCollectible: true);
        try
        {
            Assembly asm;
            using (var stream = new MemoryStream(File.ReadAllBytes(dllPath)))
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
