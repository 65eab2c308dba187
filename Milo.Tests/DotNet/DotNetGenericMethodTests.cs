namespace Milo.Tests.DotNet;

/// <summary>Generic .NET methods (explicit and inferred type arguments), extension-method call syntax, `out` parameters.</summary>
public class DotNetGenericMethodTests
{
    [Fact]
    public void Explicit_And_Inferred_Method_Type_Arguments()
    {
        var r = DotNetHarness.CompileAndRun("""
            from "dotnet:System.Linq" import { Enumerable }
            from "dotnet:System" import { Array }
            from "dotnet:System.Collections.Generic" import { List, Dictionary }
            from "dotnet:System.Text.Json" import { JsonSerializer }

            fn main() {
                let none = Enumerable.Empty<i64>()
                let names = Array.Empty<string>()
                print($"empty {Enumerable.Count(none)} {names.Length}")
                let xs = List<i64>.new()
                xs.Add(30)
                xs.Add(10)
                xs.Add(20)
                print($"sum {Enumerable.Sum(xs)} max {Enumerable.Max(xs)} min {Enumerable.Min(xs)}")
                var order = ""
                for x in Enumerable.Reverse(xs) { order = order + $"{x} " }
                print(order)
                let copy = Enumerable.ToList(xs)
                copy.Add(99)
                print($"copy {copy.Count} original {xs.Count}")
                let doubled = Enumerable.Select<i64, i64>(xs, (x: i64) => x * 2)
                print($"doubled sum {Enumerable.Sum(doubled)}")
                for tag in Enumerable.Select(xs, (x: i64): string => $"<{x}>") { print(tag) }
                for s in Enumerable.Repeat(7, 3) { print($"repeat {s}") }
                let arr = Enumerable.ToArray(Enumerable.Range(1, 4))
                print($"array {arr.Length} last {Enumerable.Last(arr)}")
                match JsonSerializer.Deserialize<Dictionary<string, i64>>("{\"a\": 40, \"b\": 2}") {
                    Option.Some(d) => { print($"json {d["a"] + d["b"]} keys {d.Count}") }
                    Option.None => { print("json null") }
                }
                let nothing = JsonSerializer.Deserialize<List<i64>>("null")
                print($"json null literal: {nothing is Option.None}")
            }
            """);
        Assert.Equal("", r.Stderr);
        Assert.Equal("empty 0 0\nsum 60 max 30 min 10\n20 10 30 \ncopy 4 original 3\ndoubled sum 120\n<30>\n<10>\n<20>\nrepeat 7\nrepeat 7\nrepeat 7\narray 4 last 4\njson 42 keys 2\njson null literal: true\n", r.Stdout);
        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public void Extension_Methods_Of_Imported_Static_Classes_Are_Called_On_Values()
    {
        var r = DotNetHarness.CompileAndRun("""
            from "dotnet:System.Linq" import { Enumerable }
            from "dotnet:System.Collections.Generic" import { List }

            fn main() {
                let xs = List<i64>.new()
                for i in 1..7 { xs.Add(i) }
                let evens = xs.Where((x: i64) => x % 2 == 0)
                var line = ""
                for e in evens { line = line + $"{e} " }
                print(line)
                print($"first {xs.First()} big {xs.Count((x: i64) => x > 3)} any {xs.Any((x: i64) => x > 5)} total {evens.Sum()}")
                for s in xs.Select<i64, string>((x: i64) => $"[{x}]").Take(2) { print(s) }
                xs.Reverse()
                print($"instance Reverse wins: {xs[0]}")
            }
            """);
        Assert.Equal("", r.Stderr);
        Assert.Equal("2 4 6 \nfirst 1 big 3 any true total 12\n[1]\n[2]\ninstance Reverse wins: 6\n", r.Stdout);
        Assert.Equal(0, r.ExitCode);
    }

    private const string OutLibrary = """
        namespace OutLib;
        public static class Shapes
        {
            public static void Head(string s, out string head) { head = s.Split(' ')[0]; }
            public static bool TryFind(string key, out string? value) { value = key == "k" ? "found" : null; return value != null; }
            public static void Bump(ref int x) { x++; }
            public static int Words(string s, out string first) { first = s.Split(' ')[0]; return s.Split(' ').Length; }
            public static T Pick<T>(T a, T b, bool first) => first ? a : b;
            public static T? Maybe<T>(T a, bool keep) where T : class => keep ? a : null;
        }
        """;

    [Fact]
    public void Out_Parameters_Become_Option_Or_The_Value()
    {
        var lib = DotNetHarness.BuildCSharpLibrary(OutLibrary, "OutLib");
        var r = DotNetHarness.CompileAndRun("""
            from "dotnet:System" import { Int32, Double }
            from "dotnet:System.Collections.Generic" import { Dictionary }
            from "dotnet:OutLib" import { Shapes }

            fn main() {
                match Int32.TryParse("42") {
                    Option.Some(v) => { print($"parsed {v + 1}") }
                    Option.None => { print("not a number") }
                }
                print($"{Int32.TryParse("4x2") ?? -1} {Double.TryParse("2.5") ?? 0.0}")
                let ages = Dictionary<string, i64>.new()
                ages["ann"] = 31
                print($"{ages.TryGetValue("ann") ?? 0} {ages.TryGetValue("bob") ?? 0}")
                print(Shapes.Head("hello big world"))
                print($"{Shapes.TryFind("k") ?? "-"} {Shapes.TryFind("z") ?? "-"}")
                print($"{Shapes.Pick(3, 4, false)} {Shapes.Pick("a", "b", true)} {Shapes.Maybe("m", true) ?? "-"} {Shapes.Maybe("m", false) ?? "-"}")
            }
            """, lib);
        Assert.Equal("", r.Stderr);
        Assert.Equal("parsed 43\n-1 2.5\n31 0\nhello\nfound -\n4 a m -\n", r.Stdout);
        Assert.Equal(0, r.ExitCode);
    }

    private static void AssertError(string source, string expected, params string[] refs)
        => Assert.Equal(expected.Replace("\r", ""), DotNetHarness.Check(source, "prog.milo", refs));

    [Fact]
    public void Inference_Failure_Lists_The_Candidates()
    {
        AssertError("""
            from "dotnet:System.Linq" import { Enumerable }
            fn main() {
                let none = Enumerable.Empty()
            }
            """, """
            prog.milo:3:27: error: cannot infer the type arguments of 'Enumerable.Empty' from () [E0913]
                    let none = Enumerable.Empty()
                                          ^
                hint: candidates: Empty<TResult>() (cannot infer 'TResult' from the arguments) — write the type arguments: Empty<...>(...)
            """);
    }

    [Fact]
    public void Type_Arguments_Are_Checked()
    {
        AssertError("""
            from "dotnet:System" import { Array, Math }
            fn main() {
                let v: Vec<i64> = [1]
                let a = Array.Empty<Vec<i64>>()
                let n = v.Len<i64>()
                let m = Math.Abs<i32>(1)
            }
            """, """
            prog.milo:4:25: error: 'Vec<i64>' cannot be a .NET type argument [E0906]
                    let a = Array.Empty<Vec<i64>>()
                                        ^
                hint: use a number, bool, string or .NET type
            prog.milo:5:15: error: 'Len' takes no type arguments — explicit method type arguments are only for generic .NET methods [E0914]
                    let n = v.Len<i64>()
                              ^
            prog.milo:6:18: error: no overload of 'Math.Abs' matches (integer literal) [E0903]
                    let m = Math.Abs<i32>(1)
                                 ^
                hint: candidates: Abs(Decimal) (not a generic method); Abs(IntPtr) (not a generic method); Abs(f32) (not a generic method); Abs(f64) (not a generic method); Abs(i16) (not a generic method); Abs(i32) (not a generic method); Abs(i64) (not a generic method); Abs(i8) (not a generic method)
            """);
    }

    [Fact]
    public void Ref_Parameters_And_Other_Out_Shapes_Are_Reported()
    {
        var lib = DotNetHarness.BuildCSharpLibrary(OutLibrary, "OutLib");
        AssertError("""
            from "dotnet:OutLib" import { Shapes }
            fn main() {
                let q = Shapes.Words("a b")
                var n: i32 = 1
                Shapes.Bump(n)
            }
            """, """
            prog.milo:3:20: error: 'Shapes.Words' cannot be called with (string): Words(string, out string) (out parameters are supported only as the single last parameter of a method returning bool or void) [E0905]
                    let q = Shapes.Words("a b")
                                   ^
            prog.milo:5:12: error: 'Shapes.Bump' cannot be called with (i32): Bump(ref i32) (ref and in parameters are not supported) [E0905]
                    Shapes.Bump(n)
                           ^
            """, lib);
    }
}
