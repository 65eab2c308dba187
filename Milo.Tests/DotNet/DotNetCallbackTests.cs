namespace Milo.Tests.DotNet;

/// <summary>Callbacks whose delegate signatures have strings, and `Nullable&lt;T&gt;` ↔ `Option&lt;T&gt;` at the boundary.</summary>
public class DotNetCallbackTests
{
    private const string Library = """
        using System;
        namespace Callbacks;
        public static class Text
        {
            public static string Apply(Func<string, string> f, string s) => f(s) + "|" + f(s + s);
            public static int CountWhere(string[] items, Func<string, int, bool> keep)
            {
                int n = 0;
                for (int i = 0; i < items.Length; i++) if (keep(items[i], i)) n++;
                return n;
            }
            public static void Each(string csv, Action<string> visit) { foreach (var p in csv.Split(',')) visit(p); }
            public static int? Half(int x) => x % 2 == 0 ? x / 2 : null;
            public static string Describe(long? x) => x.HasValue ? $"value {x}" : "nothing";
            public static DateTime? Parse(string s) => DateTime.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, default, out var d) ? d : null;
            public static double? Scale { get; set; }
            public static Func<string, string> Upper => s => s.ToUpperInvariant();
        }
        """;

    [Fact]
    public void Closures_With_String_Parameters_And_Results_Become_Delegates()
    {
        var lib = DotNetHarness.BuildCSharpLibrary(Library, "Callbacks");
        var r = DotNetHarness.CompileAndRun("""
            from "dotnet:Callbacks" import { Text }
            from "dotnet:System" import { String }
            from "dotnet:System.Collections.Generic" import { List }
            from "dotnet:System.Text.RegularExpressions" import { Regex, Match }

            fn main() {
                let suffix = "!"
                print(Text.Apply((s: string) => s.toUpper() + suffix, "ab"))
                var seen: i64 = 0
                Text.Each("x,yy,zzz", (p: string) => {
                    seen = seen + p.len()
                    print($"part {p}")
                })
                print($"seen {seen}")
                let xs = List<i64>.new()
                xs.Add(7)
                xs.Add(12)
                let labels = xs.ConvertAll<string>((x: i64) => $"#{x}")
                print(String.Join(", ", labels))
                let words = List<string>.new()
                words.Add("pear")
                words.Add("fig")
                words.Add("banana")
                words.Sort((a: string, b: string) => a.len() as i32 - b.len() as i32)
                print(String.Join(" ", words))
                print($"{words.FindAll((w: string) => w.contains("a")).Count} {Text.CountWhere(words.ToArray(), (w: string, i: i32) => i > 0 && w.len() > 3)}")
                print(Regex.Replace("a1b22", "[0-9]+", (m: Match) => $"<{m.Value.len()}>"))
            }
            """, lib);
        Assert.Equal("", r.Stderr);
        Assert.Equal("AB!|ABAB!\npart x\npart yy\npart zzz\nseen 6\n#7, #12\nfig pear banana\n2 2\na<1>b<2>\n", r.Stdout);
        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public void Nullable_Values_Are_Options()
    {
        var lib = DotNetHarness.BuildCSharpLibrary(Library, "Callbacks");
        var r = DotNetHarness.CompileAndRun("""
            from "dotnet:Callbacks" import { Text }

            fn main() {
                print($"{Text.Half(10) ?? -1} {Text.Half(7) ?? -1}")
                match Text.Half(8) {
                    Option.Some(h) => { print($"half {h}") }
                    Option.None => { print("odd") }
                }
                let some: Option<i64> = Option.Some(5)
                let none: Option<i64> = Option.None
                print(Text.Describe(some))
                print(Text.Describe(none))
                let n: i64 = 9
                print($"{Text.Describe(n)}, {Text.Describe(3)}")
                match Text.Parse("2024-02-29") {
                    Option.Some(d) => { print($"year {d.Year} day {d.DayOfYear}") }
                    Option.None => { print("no date") }
                }
                print($"{Text.Parse("nope") is Option.None}")
                print($"{Text.Scale ?? 1.5}")
            }
            """, lib);
        Assert.Equal("", r.Stderr);
        Assert.Equal("5 -1\nhalf 4\nvalue 5\nnothing\nvalue 9, value 3\nyear 2024 day 60\ntrue\n1.5\n", r.Stdout);
        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public void Delegates_With_Strings_Cannot_Come_Back_From_DotNet()
    {
        var lib = DotNetHarness.BuildCSharpLibrary(Library, "Callbacks");
        Assert.Equal("""
            prog.milo:3:13: error: 'get_Upper' cannot be used from Milo: a delegate 'Func<string, string>' with strings can be passed to .NET but not returned from it [E0905]
                    let f = Text.Upper
                            ^
            """.Replace("\r", ""), DotNetHarness.Check("""
            from "dotnet:Callbacks" import { Text }
            fn main() {
                let f = Text.Upper
            }
            """, "prog.milo", lib));
    }
}
