namespace Milo.Tests.DotNet;

/// <summary>
/// A closure with a declared return type picks the delegate overload whose result type is that type:
/// `Task.Run((): i32 => …)` is `Run&lt;int&gt;(Func&lt;int&gt;)`, not `Run(Func&lt;Task&gt;)` / `Run(Action)`, which used to
/// make the call "ambiguous" (found by Milo.Tests/Programs/realistic/sys_dotnet_inventory.milo).
/// </summary>
public class DotNetClosureOverloadTests
{
    private const string Library = """
        using System;
        namespace Picks;
        public static class Pick
        {
            public static string Call(Action f) { f(); return "action"; }
            public static string Call(Func<int> f) => "int " + f();
            public static string Call(Func<string> f) => "string " + f();
            public static string Call(Func<double> f) => "double " + f();
        }
        """;

    [Fact]
    public void Declared_Closure_Result_Selects_The_Overload()
    {
        var lib = DotNetHarness.BuildCSharpLibrary(Library, "Picks");
        var r = DotNetHarness.CompileAndRun("""
            from "dotnet:Picks" import { Pick }
            from "dotnet:System.Threading.Tasks" import { Task as NetTask }

            fn main() {
                print(Pick.Call((): i32 => 40 + 2))
                print(Pick.Call((): string => "s"))
                print(Pick.Call((): f64 => 1.5))
                print(Pick.Call((): void => { print("ran") }))
                let t = NetTask.Run((): i32 => 6 * 7)
                print($"task {t.await()}")
            }
            """, lib);
        Assert.Equal("", r.Stderr);
        Assert.Equal("int 42\nstring s\ndouble 1.5\nran\naction\ntask 42\n", r.Stdout);
        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public void Undeclared_Closure_Result_Is_Still_Ambiguous()
    {
        var lib = DotNetHarness.BuildCSharpLibrary(Library, "Picks");
        var output = DotNetHarness.Check("""
            from "dotnet:Picks" import { Pick }

            fn main() {
                print(Pick.Call(() => 1))
            }
            """, "prog.milo", lib);
        Assert.Contains("prog.milo:4:16: error: ambiguous call to 'Pick.Call' with (closure) [E0904]", output);
    }
}
