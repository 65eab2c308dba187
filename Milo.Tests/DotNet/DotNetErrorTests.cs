namespace Milo.Tests.DotNet;

/// <summary>`catching(…)` and the compile-time diagnostics of `dotnet:` imports.</summary>
public class DotNetErrorTests
{
    [Fact]
    public void Catching_Turns_Exceptions_Into_Results()
    {
        var r = DotNetHarness.CompileAndRun("""
            from "dotnet:System" import { Int32 }
            from "dotnet:System.IO" import { File }

            fn parse(s: string): Result<i32, string> {
                return catching(() => Int32.Parse(s))
            }

            fn main() {
                match parse("77") {
                    Result.Ok(v) => { print($"ok {v}") }
                    Result.Err(e) => { print($"err {e}") }
                }
                match parse("x") {
                    Result.Ok(v) => { print($"ok {v}") }
                    Result.Err(e) => { print($"err {e}") }
                }
                let d = catching(() => { File.Delete("/nonexistent-milo-dir/a/b") })
                if d is Result.Err { print("delete failed") }
                let text = catching(() => File.ReadAllText("/nonexistent-milo-file")) ?? "fallback"
                print(text)
            }
            """);
        Assert.Equal("ok 77\nerr The input string 'x' was not in a correct format.\ndelete failed\nfallback\n", r.Stdout);
        Assert.Equal(0, r.ExitCode);
    }

    private static void AssertError(string source, string expected)
        => Assert.Equal(expected.Replace("\r", ""), DotNetHarness.Check(source));

    [Fact]
    public void Unknown_Type_And_Member_Name_The_Closest_Match()
    {
        AssertError("""
            from "dotnet:System.Text" import { StringBuilde }
            fn main() {}
            """, """
            prog.milo:1:36: error: unknown .NET type 'StringBuilde' in namespace 'System.Text' [E0902]
                from "dotnet:System.Text" import { StringBuilde }
                                                   ^
                hint: did you mean 'StringBuilder'?
            """);
        AssertError("""
            from "dotnet:System.Text" import { StringBuilder }
            fn main() {
                let sb = StringBuilder.new()
                sb.append("x")
            }
            """, """
            prog.milo:4:8: error: .NET type 'StringBuilder' has no method 'append' [E0108]
                    sb.append("x")
                       ^
                hint: did you mean 'Append'?
            """);
    }

    [Fact]
    public void Ambiguous_Overload_Lists_The_Candidates()
    {
        AssertError("""
            from "dotnet:System" import { Math }
            fn main() {
                let x: u32 = 3
                let y: i32 = 4
                print($"{Math.Max(x, y)}")
            }
            """, """
            prog.milo:5:19: error: ambiguous call to 'Math.Max' with (u32, i32) [E0904]
                    print($"{Math.Max(x, y)}")
                                  ^
                hint: candidates: Max(f64, f64); Max(i64, i64); Max(f32, f32) — convert an argument with `as` to choose
            """);
    }

    [Fact]
    public void ByRef_Parameters_Are_Reported()
    {
        AssertError("""
            from "dotnet:System.Threading" import { Interlocked }
            fn main() {
                var n: i64 = 0
                Interlocked.Increment(n)
            }
            """, """
            prog.milo:4:17: error: no overload of 'Interlocked.Increment' matches (i64) [E0903]
                    Interlocked.Increment(n)
                                ^
                hint: candidates: Increment(ref i32) (ref and in parameters are not supported); Increment(ref i64) (ref and in parameters are not supported); Increment(ref u32) (ref and in parameters are not supported); Increment(ref u64) (ref and in parameters are not supported)
            """);
    }

    [Fact]
    public void Handles_Are_Not_Send_Unless_Known_Thread_Safe()
    {
        AssertError("""
            from "std/thread" import { Thread }
            from "dotnet:System.Text" import { StringBuilder }
            fn main() {
                let sb = StringBuilder.new()
                let t = Thread.spawn(() => { sb.Append("x") })
            }
            """, """
            prog.milo:5:13: error: cannot send 'sb' of type 'StringBuilder' across threads — type does not implement Send [E0701]
                    let t = Thread.spawn(() => { sb.Append("x") })
                            ^
                hint: .NET type 'StringBuilder' is not known to be thread-safe (see docs/dotnet-imports.md)
            """);
    }
}
