namespace Milo.Tests.DotNet;

/// <summary>A C# library built in the test (Roslyn) and referenced with `-r`.</summary>
public class DotNetLibraryTests
{
    private const string Library = """
        using System;
        using System.Collections.Generic;
        namespace Acme.Shapes;

        public delegate long Scorer(long value);

        public struct Point
        {
            public long X;
            public long Y;
            public Point(long x, long y) { X = x; Y = y; }
            public long ManhattanLength() => Math.Abs(X) + Math.Abs(Y);
        }

        public class Inventory
        {
            private readonly Dictionary<string, long> _items = new();
            public string Owner { get; set; } = "nobody";
            public static int Created;
            public Inventory() { Created++; }
            public Inventory(string owner) : this() { Owner = owner; }
            public void Add(string name, long count) => _items[name] = Get(name) + count;
            public void Add(string name) => Add(name, 1);
            public long Get(string name) => _items.TryGetValue(name, out var c) ? c : 0;
            public string? Find(string prefix)
            {
                foreach (var k in _items.Keys) if (k.StartsWith(prefix)) return k;
                return null;
            }
            public IEnumerable<string> Names() => _items.Keys;
            public long Score(Scorer s) { long t = 0; foreach (var v in _items.Values) t += s(v); return t; }
            public void Remove(string name)
            {
                if (!_items.Remove(name)) throw new InvalidOperationException($"no item '{name}'");
            }
            public static Point Origin => new Point(0, 0);
        }
        """;

    [Fact]
    public void Milo_Uses_A_Referenced_CSharp_Library()
    {
        var dll = DotNetHarness.BuildCSharpLibrary(Library, "Acme.Shapes");
        var r = DotNetHarness.CompileAndRun("""
            from "dotnet:Acme.Shapes" import { Inventory, Point }

            fn main() {
                let inv = Inventory.new("ada")
                inv.Add("apple", 3)
                inv.Add("apricot")
                inv.Add("pear", 2)
                print($"{inv.Owner} has {inv.Get("apple")} apples, {inv.Get("kiwi")} kiwis; created {Inventory.Created}")
                inv.Owner = "grace"
                print(inv.Owner)
                match inv.Find("pe") {
                    Option.Some(name) => { print($"found {name}") }
                    Option.None => { print("none") }
                }
                print($"{inv.Find("zz") ?? "no zz"}")
                for n in inv.Names() { print(n) }
                print($"score {inv.Score((v: i64) => v * 10)}")
                let p = Point.new(3, -4)
                print($"point {p.X},{p.Y} length {p.ManhattanLength()} origin {Inventory.Origin.X}")
                inv.Remove("kiwi")
            }
            """, dll);
        Assert.Equal("ada has 3 apples, 0 kiwis; created 1\ngrace\nfound pear\nno zz\napple\napricot\npear\nscore 60\n" +
                     "point 3,-4 length 7 origin 0\npanic: .NET System.InvalidOperationException: no item 'kiwi' at prog.milo:20\n", r.Stdout);
        Assert.Equal(1, r.ExitCode);
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(dll)!, "Acme.Shapes.dll")));
    }

    [Fact]
    public void Unknown_Namespace_Without_The_Reference_Is_An_Error()
    {
        var d = DotNetHarness.Check("""
            from "dotnet:Acme.Shapes" import { Inventory }
            fn main() {}
            """);
        Assert.Equal("""
            prog.milo:1:6: error: unknown .NET namespace 'Acme.Shapes' [E0901]
                from "dotnet:Acme.Shapes" import { Inventory }
                     ^
                hint: types outside the shared framework need a reference: milo compile -r PATH.dll
            """, d);
    }
}
