using Milo.Compiler;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Tests.Programs;

/// <summary>The JIT check every compiled test program goes through must reject invalid IL and must finish.</summary>
public class AssemblyVerifierTests
{
    private static string TempDll(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"milo-verifier-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name + ".dll");
    }

    [Fact]
    public void RejectsAMethodWhoseStackIsUnbalanced()
    {
        var path = TempDll("bad");
        using (var module = ModuleDefinition.CreateModule("bad", ModuleKind.Dll))
        {
            var type = new TypeDefinition("Bad", "C", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed,
                module.TypeSystem.Object);
            module.Types.Add(type);
            var method = new MethodDefinition("F", MethodAttributes.Public | MethodAttributes.Static, module.TypeSystem.Int32);
            type.Methods.Add(method);
            var il = method.Body.GetILProcessor();
            il.Emit(OpCodes.Pop);      // nothing on the stack
            il.Emit(OpCodes.Ldc_I4_0);
            il.Emit(OpCodes.Ret);
            module.Write(path);
        }
        var problem = AssemblyVerifier.Verify(path);
        Assert.NotNull(problem);
        Assert.Contains("Bad.C::F: InvalidProgramException", problem);
    }

    /// <summary>
    /// The .NET 10 optimising JIT never finishes on this loop (`i` never changes); the verifier must still finish,
    /// because it JITs without optimisation (found by the long fuzz run: a mutant of ownership/moves_through_exits.milo).
    /// </summary>
    [Fact]
    public void FinishesOnALoopTheOptimisingJitNeverFinishes()
    {
        const string source = """
            fn spin(k: string): void {
                var i = 0
                while i < 3 {
                    if i == 1 {
                        print(k)
                        break
                    }
                }
            }
            fn main(): i32 {
                spin("x")
                return 0
            }
            """;
        var path = TempDll("spin");
        var compilation = Compilation.FromText("spin.milo", source);
        Assert.True(compilation.Emit(path), string.Join("\n", compilation.Diagnostics.Select(d => d.Format())));
        var verify = Task.Run(() => AssemblyVerifier.Verify(path));
        Assert.True(verify.Wait(TimeSpan.FromSeconds(60)), "the verifier did not finish");
        Assert.Null(verify.Result);
    }
}
