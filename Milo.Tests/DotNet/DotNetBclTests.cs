namespace Milo.Tests.DotNet;

/// <summary>Milo programs calling the base class library through `from "dotnet:…"` imports (docs/dotnet-imports.md).</summary>
public class DotNetBclTests
{
    [Fact]
    public void StringBuilder_Math_Path_Regex()
    {
        var r = DotNetHarness.CompileAndRun("""
            from "dotnet:System.Text" import { StringBuilder }
            from "dotnet:System" import { Math, Int32 }
            from "dotnet:System.IO" import { Path }
            from "dotnet:System.Text.RegularExpressions" import { Regex }

            fn main() {
                let sb = StringBuilder.new()
                sb.Append("hello").Append(", ")
                let n: i64 = 42
                sb.Append(n)
                sb.Append(3)
                print(sb.ToString())
                print($"len {sb.Length}")
                sb.Length = 5
                print(sb.ToString())
                print($"max {Math.Max(3, 7)} {Math.Max(n, 50)} sqrt {Math.Sqrt(16)} abs {Math.Abs(-9)}")
                print($"{Math.PI > 3.14} {Int32.MaxValue}")
                print(Path.Combine("dir", "file.txt"))
                print(Path.GetFileNameWithoutExtension("a/b/report.milo") ?? "")
                let re = Regex.new("[0-9]+")
                print(re.Match("abc 123 def").Value)
                print($"{re.IsMatch("none")} {Regex.Replace("a1b22c", "[0-9]+", "#")}")
            }
            """);
        Assert.Equal("", r.Stderr);
        Assert.Equal("hello, 423\nlen 10\nhello\nmax 7 50 sqrt 4 abs 9\ntrue 2147483647\ndir/file.txt\nreport\n123\nfalse a#b#c\n", r.Stdout);
        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public void Generic_List_And_Dictionary_Indexers_And_ForLoops()
    {
        var r = DotNetHarness.CompileAndRun("""
            from "dotnet:System.Collections.Generic" import { List, Dictionary }

            fn total(xs: List<i64>): i64 {
                var s: i64 = 0
                for x in xs { s = s + x }
                return s
            }

            fn main() {
                let l = List<i64>.new()
                l.Add(5)
                l.Add(7)
                l[1] = 9
                print($"count {l.Count} first {l[0]} total {total(l)} has9 {l.Contains(9)}")
                let d = Dictionary<string, i64>.new()
                d["apples"] = 3
                d.Add("pears", 4)
                d["apples"] = d["apples"] + 10
                print($"apples {d["apples"]} pears {d["pears"]} known {d.ContainsKey("plums")}")
                for k in d.Keys { print(k) }
                let words = List<string>.new()
                words.Add("b")
                words.Add("a")
                words.Sort()
                for w in words { print(w) }
            }
            """);
        Assert.Equal("count 2 first 5 total 14 has9 true\napples 13 pears 4 known false\napples\npears\na\nb\n", r.Stdout);
        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public void Closures_Become_Delegates()
    {
        var r = DotNetHarness.CompileAndRun("""
            from "dotnet:System.Collections.Generic" import { List }

            fn main() {
                let l = List<i32>.new()
                l.Add(3)
                l.Add(1)
                l.Add(2)
                let factor: i32 = 10
                l.Sort((a: i32, b: i32) => b - a)
                l.ForEach((x: i32) => print($"{x * factor}"))
                print($"all positive {l.TrueForAll((x: i32) => x > 0)} index of 1: {l.FindIndex((x: i32) => x == 1)}")
                l.RemoveAll((x: i32) => x > 2)
                print($"left {l.Count}")
            }
            """);
        Assert.Equal("30\n20\n10\nall positive true index of 1: 2\nleft 2\n", r.Stdout);
        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public void Exception_Becomes_Panic_With_Milo_Line()
    {
        var r = DotNetHarness.CompileAndRun("""
            from "dotnet:System" import { Int32 }

            fn parse(s: string): i32 {
                return Int32.Parse(s)
            }

            fn main() {
                print($"{parse("12")}")
                print($"{parse("12x")}")
                print("unreachable")
            }
            """);
        Assert.Equal("12\npanic: .NET System.FormatException: The input string '12x' was not in a correct format. at prog.milo:4\n", r.Stdout);
        Assert.DoesNotContain("   at ", r.Stdout + r.Stderr);
        Assert.Equal(1, r.ExitCode);
    }

    [Fact]
    public void Task_Await_In_Main_And_Nullable_Results()
    {
        var dir = DotNetHarness.NewDir().Replace("\\", "/");
        var r = DotNetHarness.CompileAndRun($$"""
            from "dotnet:System.IO" import { File, Path }
            from "dotnet:System.Threading.Tasks" import { Task }

            fn main() {
                let p = Path.Combine("{{dir}}", "note.txt")
                File.WriteAllTextAsync(p, "from a task").await()
                Task.Delay(5).await()
                print(File.ReadAllTextAsync(p).await())
                match Path.GetDirectoryName("/") {
                    Option.Some(d) => { print($"dir {d}") }
                    Option.None => { print("root has no directory") }
                }
            }
            """);
        Assert.Equal("from a task\nroot has no directory\n", r.Stdout);
        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public void Structs_Are_Values_And_Dotnet_Values_Print_With_ToString()
    {
        var r = DotNetHarness.CompileAndRun("""
            from "dotnet:System.Text" import { StringBuilder }
            from "dotnet:System" import { DateTime, TimeSpan }

            fn fill(sb: &StringBuilder, n: i64) {
                sb.Append(n)
            }

            fn main() {
                let sb = StringBuilder.new()
                fill(sb, 42)
                print($"{sb} {sb.Length}")
                let d = DateTime.new(2026, 12, 4)
                let later = d.AddDays(3.0)
                print($"{d.Day} -> {later.Day} {later.DayOfWeek.ToString()} {d.ToString("yyyy-MM-dd")}")
                print($"{TimeSpan.FromHours(1.5)} = {TimeSpan.FromHours(1.5).TotalMinutes} min")
            }
            """);
        Assert.Equal("42 2\n4 -> 7 Monday 2026-12-04\n01:30:00 = 90 min\n", r.Stdout);
        Assert.Equal(0, r.ExitCode);
    }
}
