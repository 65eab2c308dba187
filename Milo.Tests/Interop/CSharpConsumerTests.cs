using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Milo.Runtime;

namespace Milo.Tests.Interop;

/// <summary>C# code compiled in memory (Roslyn) against freshly compiled Milo libraries: the rules of docs/interop.md.</summary>
public class CSharpConsumerTests
{
    private const string Geometry = """
        // A library: no main.
        pub struct Point {
            x: f64
            y: f64
        }

        pub enum Shape {
            Circle(f64)
            Rect(f64, f64)
            Empty
        }

        pub struct Counter {
            count: i64
            step: i64
        }

        impl Counter {
            pub fn new(step: i64): Counter {
                return Counter { count: 0, step: step }
            }
            pub fn inc(self: &mut Self) {
                self.count = self.count + self.step
            }
            pub fn get(self: &Self): i64 {
                return self.count
            }
            fn secret(self: &Self): i64 {
                return 42
            }
        }

        pub fn dist2(a: Point, b: Point): f64 {
            let dx = a.x - b.x
            let dy = a.y - b.y
            return dx * dx + dy * dy
        }

        pub fn area(s: Shape): f64 {
            match s {
                Shape.Circle(r) => { return 3.0 * r * r }
                Shape.Rect(w, h) => { return w * h }
                Shape.Empty => { return 0.0 }
            }
            return 0.0
        }

        pub fn greet(name: string): string {
            return "Hello, " + name + "!"
        }

        pub fn nameLength(name: string): i64 {
            return name.len
        }

        pub fn squares(n: i64): Vec<i64> {
            var v: Vec<i64> = Vec.new()
            for i in 0..n {
                v.push(i * i)
            }
            return v
        }

        pub fn sum(v: Vec<i64>): i64 {
            var total: i64 = 0
            for x in v {
                total = total + x
            }
            return total
        }

        pub fn find(v: Vec<i64>, x: i64): Option<i64> {
            for i in 0..v.len() {
                if v[i] == x {
                    return Option.Some(i)
                }
            }
            return Option.None
        }

        pub fn initials(name: string): Option<string> {
            if name.len == 0 {
                return Option.None
            }
            return Option.Some(name.slice(0, 1))
        }

        pub fn nameOr(o: Option<string>, fallback: string): string {
            match o {
                Option.Some(s) => { return s }
                Option.None => { return fallback }
            }
            return fallback
        }

        pub fn orZero(o: Option<i64>): i64 {
            match o {
                Option.Some(x) => { return x }
                Option.None => { return 0 }
            }
            return 0
        }

        pub fn safeDiv(a: i64, b: i64): Result<i64, string> {
            if b == 0 {
                return Result.Err("division by zero")
            }
            return Result.Ok(a / b)
        }

        pub fn at(v: Vec<i64>, i: i64): i64 {
            let n = v.len()
            return v[i]
        }

        pub fn len2(p: &Point): f64 {
            return p.x * p.x + p.y * p.y
        }

        pub fn bump(c: &mut Counter) {
            c.inc()
        }

        pub fn total(v: &Vec<i64>): i64 {
            var t: i64 = 0
            for x in v {
                t = t + x
            }
            return t
        }

        pub struct Inventory {
            items: Vec<string>
            counts: HashMap<string, i64>
            best: Option<i64>
        }

        pub fn inventory(): Inventory {
            var m: HashMap<string, i64> = HashMap.new()
            m.insert("apple", 3)
            return Inventory { items: ["apple", "pear"], counts: m, best: Option.Some(3) }
        }

        fn helper(x: i64): i64 {
            return x + 1
        }

        pub fn useHelper(x: i64): i64 {
            return helper(x)
        }
        """;

    private static readonly Lazy<MiloLibrary> Lib = new(() => MiloLibrary.Compile(Geometry));

    private static string Run(string body, string usings = "") => Lib.Value.Run($$"""
        using System;
        using System.Linq;
        using Milo.Runtime;
        using GeoLib;
        {{usings}}
        public static class Test
        {
            public static object? Run()
            {
                {{body}}
            }
        }
        """)?.ToString() ?? "null";

    [Fact]
    public void Functions_are_public_static_methods_of_the_module_class_in_PascalCase()
    {
        Assert.Equal("25", Run("return Geometry.Dist2(new Point { X = 0, Y = 0 }, new Point { X = 3, Y = 4 });"));
        Assert.Equal("8", Run("return Geometry.UseHelper(7);"));
    }

    [Fact]
    public void Structs_are_value_types_with_PascalCase_fields_and_instance_methods()
    {
        Assert.Equal("6 Counter { count: 6, step: 3 }", Run("""
            var c = Counter.New(3);
            c.Inc();
            c.Inc();
            return c.Get() + " " + c;
            """));
        Assert.Equal("Point { x: 1.5, y: -2 }", Run("return new Point { X = 1.5, Y = -2 }.ToString();"));
    }

    [Fact]
    public void Non_pub_items_are_internal()
    {
        var (asm, errors) = Lib.Value.CompileCSharp("""
            public static class Test { public static object Run() => GeoLib.Geometry.helper(1); }
            """);
        Assert.Null(asm);
        Assert.Contains("helper", errors);
        var (asm2, errors2) = Lib.Value.CompileCSharp("""
            public static class Test { public static object Run() { var c = GeoLib.Counter.New(1); return c.Secret(); } }
            """);
        Assert.Null(asm2);
        Assert.Contains("Secret", errors2);
        // Only the module class and the API's types are public.
        using var pe = new PEReader(File.OpenRead(Lib.Value.DllPath));
        var md = pe.GetMetadataReader();
        var publicTypes = md.TypeDefinitions.Select(md.GetTypeDefinition)
            .Where(t => (t.Attributes & TypeAttributes.VisibilityMask) == TypeAttributes.Public)
            .Select(t => md.GetString(t.Name)).OrderBy(n => n).ToList();
        // Option<i64>/Result<i64, string> in signatures are Milo.Runtime's Option<T>/Result<T, E>; the field `best` of
        // Inventory keeps the library's own Option type (only parameters and results convert).
        Assert.Equal(new[] { "Counter", "Geometry", "Inventory", "Option_i64", "Point", "Shape" }, publicTypes);
        // No implementation members: enum storage (tag, payload slots) and display helpers are internal.
        var shape = Assembly.LoadFile(Lib.Value.DllPath).GetType("GeoLib.Shape")!;
        var publicMembers = Assembly.LoadFile(Lib.Value.DllPath).GetExportedTypes()
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => m.DeclaringType!.Name + "." + m.Name).ToList();
        Assert.DoesNotContain(publicMembers, m => m.Contains(".__") || m.EndsWith(".Tag") || System.Text.RegularExpressions.Regex.IsMatch(m, @"\.V\d+_\d+$"));
        Assert.Empty(shape.GetFields(BindingFlags.Public | BindingFlags.Instance));
    }

    [Fact]
    public void Strings_convert_implicitly_both_ways()
    {
        Assert.Equal("Hello, C#!|True", Run("""
            string s = Geometry.Greet("C#");
            return s + "|" + (Geometry.Greet("x") is MiloString);
            """));
        Assert.Equal("5", Run("return Geometry.NameLength(\"café\");")); // UTF-8 bytes
        Assert.Equal("Hello, 日本!", Run("return (string)Geometry.Greet(\"日本\");"));
    }

    [Fact]
    public void Vec_is_enumerable_indexable_and_buildable_from_CSharp()
    {
        Assert.Equal("0,1,4,9,16|5|9|30", Run("""
            var v = Geometry.Squares(5);
            return string.Join(",", v) + "|" + v.Count + "|" + v[3] + "|" + v.Sum();
            """));
        Assert.Equal("6 10 0", Run("""
            return Geometry.Sum(new long[] { 1, 2, 3 }) + " " + Geometry.Sum(new MiloVec<long> { 1, 2, 3, 4 }) + " " + Geometry.Sum(new MiloVec<long>());
            """));
    }

    [Fact]
    public void Option_and_Result_are_inspectable_and_constructible()
    {
        Assert.Equal("True 3 Some(3)|True False", Run("""
            var v = Geometry.Squares(5);
            var f = Geometry.Find(v, 9);
            var n = Geometry.Find(v, 7);
            return $"{f.IsSome} {f.Value} {f}|{n.IsNone} {n.IsSome}";
            """));
        Assert.Equal("5 0 6", Run("return Geometry.OrZero(Option<long>.Some(5)) + \" \" + Geometry.OrZero(Option<long>.None) + \" \" + Geometry.OrZero(6);"));
        // The shared types: Find returns Milo.Runtime.Option<long>, SafeDiv Milo.Runtime.Result<long, MiloString>.
        Assert.Equal("True True|3 2|div", Run("""
            Option<long> f = Geometry.Find(new long[] { 5, 6, 7, 8 }, 8);
            Result<long, MiloString> r = Geometry.SafeDiv(7, 3);
            var e = Geometry.SafeDiv(1, 0);
            f.TryGetValue(out var at);
            return $"{f.IsSome} {r.IsOk}|{at} {r.Match(v => v, err => -1)}|{e.Match(v => "ok", err => ((string)err)[..3])}";
            """));
        Assert.Equal("True 3|True division by zero Err(\"division by zero\")", Run("""
            var ok = Geometry.SafeDiv(7, 2);
            var err = Geometry.SafeDiv(1, 0);
            return $"{ok.IsOk} {ok.Value}|{err.IsErr} {err.Error} {err}";
            """));
        Assert.Equal("Option has no value (None)|Result is Err: division by zero|Result has no error (Ok)", Run("""
            string Msg(Action a) { try { a(); return "no exception"; } catch (InvalidOperationException e) { return e.Message; } }
            return Msg(() => _ = Geometry.Find(new long[0], 1).Value) + "|" + Msg(() => _ = Geometry.SafeDiv(1, 0).Value)
                + "|" + Msg(() => _ = Geometry.SafeDiv(1, 1).Error);
            """));
    }

    [Fact]
    public void Niche_layout_enums_convert_at_the_boundary()
    {
        // Option<string> has no tag field inside Milo (null string = None); at the public boundary it is still
        // Milo.Runtime's Option<MiloString> both ways, with IsSome/IsNone/Value.
        Assert.Equal("True A|True False|B z|Option has no value (None)", Run("""
            var a = Geometry.Initials("Ada");
            var n = Geometry.Initials("");
            string Msg(Action f) { try { f(); return "no exception"; } catch (InvalidOperationException e) { return e.Message; } }
            return $"{a.IsSome} {a.Value}|{n.IsNone} {n.IsSome}|"
                + $"{Geometry.NameOr(Option<MiloString>.Some("B"), "y")} {Geometry.NameOr(Option<MiloString>.None, "z")}|{Msg(() => _ = n.Value)}";
            """));
    }

    [Fact]
    public void Enums_get_Is_properties_and_factories()
    {
        Assert.Equal("12 9 0|True False True|Circle(2)", Run("""
            var c = Shape.Circle(2.0);
            var e = Shape.Empty;
            return $"{Geometry.Area(c)} {Geometry.Area(Shape.Rect(3, 3))} {Geometry.Area(e)}|{c.IsCircle} {c.IsRect} {e.IsEmpty}|{c}";
            """));
    }

    [Fact]
    public void Enums_have_TryGet_and_Match()
    {
        Assert.Equal("2 True|2x3 False|circle 2;rect 6;empty", Run("""
            var c = Shape.Circle(2.0);
            bool a = c.TryGetCircle(out var r);
            bool b = Shape.Rect(2, 3).TryGetRect(out var w, out var h);
            bool n = c.TryGetRect(out _, out _);
            string M(Shape s) => s.Match(circle: r => $"circle {r}", rect: (w, h) => $"rect {w * h}", empty: () => "empty");
            return $"{r} {a}|{w}x{h} {n}|{M(c)};{M(Shape.Rect(2, 3))};{M(Shape.Empty)}";
            """));
    }

    [Fact]
    public void Shared_references_are_in_or_by_value_and_mutable_references_are_ref()
    {
        Assert.Equal("25 6 3", Run("""
            var p = new Point { X = 3, Y = 4 };
            var c = Counter.New(3);
            Geometry.Bump(ref c);
            Geometry.Bump(ref c);
            return $"{Geometry.Len2(p)} {c.Count} {Geometry.Total(new long[] { 1, 2 })}";
            """));
        var geo = Assembly.LoadFile(Lib.Value.DllPath).GetType("GeoLib.Geometry")!;
        var len2 = geo.GetMethod("Len2")!.GetParameters()[0];
        Assert.True(len2.ParameterType.IsByRef && len2.IsIn, "&Point is `in Point`");
        Assert.Equal(typeof(MiloVec<long>), geo.GetMethod("Total")!.GetParameters()[0].ParameterType); // &Vec: by value
        var bump = geo.GetMethod("Bump")!.GetParameters()[0];
        Assert.True(bump.ParameterType.IsByRef && !bump.IsIn && !bump.IsOut, "&mut Counter is `ref Counter`");
    }

    [Fact]
    public void ToString_prints_the_display_form_with_collections()
    {
        Assert.Equal("Inventory { items: [\"apple\", \"pear\"], counts: {\"apple\": 3}, best: Some(3) }", Run("return Geometry.Inventory().ToString();"));
    }

    [Fact]
    public void Panics_surface_as_MiloPanicException_with_the_milo_line_in_the_stack_trace()
    {
        var ex = Assert.Throws<MiloPanicException>(() => Run("return Geometry.At(new long[] { 1, 2 }, 5);"));
        Assert.Equal("milo: array index out of bounds: 5/2 at geometry.milo:" + (Geometry.Split('\n').ToList().FindIndex(l => l.Contains("return v[i]")) + 1), ex.Message);
        var line = Geometry.Split('\n').ToList().FindIndex(l => l.Contains("return v[i]")) + 1;
        Assert.True(ex.StackTrace!.Contains($"geometry.milo:line {line}"), ex.StackTrace);
        Assert.Contains("GeoLib.Geometry.At(", ex.StackTrace); // the public wrapper is on the stack too
    }

    [Fact]
    public void Library_references_System_Runtime_not_CoreLib_and_the_pdb_names_locals()
    {
        using var pe = new PEReader(File.OpenRead(Lib.Value.DllPath));
        var md = pe.GetMetadataReader();
        var refs = md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToList();
        Assert.Contains("System.Runtime", refs);
        Assert.DoesNotContain("System.Private.CoreLib", refs);
        Assert.False(pe.PEHeaders.IsExe);
        Assert.Equal(0, pe.PEHeaders.CorHeader!.EntryPointTokenOrRelativeVirtualAddress); // no entry point

        var pdbPath = Path.ChangeExtension(Lib.Value.DllPath, ".pdb");
        using var pdbStream = File.OpenRead(pdbPath);
        using var provider = MetadataReaderProvider.FromPortablePdbStream(pdbStream);
        var pdb = provider.GetMetadataReader();
        var locals = pdb.LocalVariables.Select(h => pdb.GetString(pdb.GetLocalVariable(h).Name)).ToHashSet();
        Assert.Contains("total", locals);
        Assert.Contains("dx", locals);
        var docs = pdb.Documents.Select(h => pdb.GetString(pdb.GetDocument(h).Name)).ToList();
        Assert.Contains(docs, d => d.EndsWith("geometry.milo", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_pub_everything_in_the_main_file_is_public_and_the_class_is_named_after_the_module()
    {
        using var lib = MiloLibrary.Compile("""
            struct Pair {
                left: i32
                right_side: i32
            }
            fn swap_pair(p: Pair): Pair {
                return Pair { left: p.right_side, right_side: p.left }
            }
            fn main() {
                print("a library may still have a main; it is just a function")
            }
            """, fileName: "pair_utils.milo", assemblyName: "PairUtils");
        Assert.Equal("2 1", lib.Run("""
            public static class Test
            {
                public static object Run()
                {
                    var p = PairUtils.PairUtilsModule.SwapPair(new PairUtils.Pair { Left = 1, RightSide = 2 });
                    return p.Left + " " + p.RightSide;
                }
            }
            """)?.ToString());
    }
}
