using System.Reflection;
using System.Xml.Linq;

namespace Milo.Tests.Interop;

/// <summary>`///` comments → NAME.xml documentation file; nullable annotations on the public surface (docs/interop.md).</summary>
public class DocAndNullableTests
{
    private const string Source = """
        /// A 2-D point.
        pub struct Point {
            /// Horizontal position.
            x: f64
            y: f64
        }

        /// The shapes we know.
        pub enum Shape {
            Circle(f64)
            Empty
        }

        /// Greets someone by name.
        /// Never fails.
        pub fn greet(name: string, times: &Vec<i64>, p: &Point): string {
            return "Hello, " + name
        }

        impl Point {
            /// Squared distance from the origin.
            pub fn norm2(self: &Self): f64 {
                return self.x * self.x + self.y * self.y
            }
        }

        pub fn undocumented(o: Option<string>): Option<string> {
            return o
        }
        """;

    private static readonly Lazy<MiloLibrary> Lib = new(() => MiloLibrary.Compile(Source, "docs.milo", "DocLib"));

    [Fact]
    public void Doc_comments_become_the_xml_documentation_file()
    {
        var xml = XDocument.Load(Path.ChangeExtension(Lib.Value.DllPath, ".xml"));
        Assert.Equal("DocLib", xml.Root!.Element("assembly")!.Element("name")!.Value);
        var members = xml.Root.Element("members")!.Elements("member")
            .ToDictionary(m => m.Attribute("name")!.Value, m => m.Element("summary")!.Value);
        Assert.Equal(new Dictionary<string, string>
        {
            ["T:DocLib.Point"] = "A 2-D point.",
            ["F:DocLib.Point.X"] = "Horizontal position.",
            ["T:DocLib.Shape"] = "The shapes we know.",
            ["M:DocLib.Docs.Greet(Milo.Runtime.MiloString,Milo.Runtime.MiloVec{System.Int64},DocLib.Point@)"] = "Greets someone by name.\nNever fails.",
            ["M:DocLib.Point.Norm2"] = "Squared distance from the origin.",
        }, members);
        // The IDs name real members: C# tooling resolves them the same way.
        var asm = Assembly.LoadFile(Lib.Value.DllPath);
        Assert.NotNull(asm.GetType("DocLib.Docs")!.GetMethod("Greet"));
    }

    [Fact]
    public void Reference_types_in_public_signatures_are_not_nullable()
    {
        var asm = Assembly.LoadFile(Lib.Value.DllPath);
        var ctx = new NullabilityInfoContext();
        var greet = asm.GetType("DocLib.Docs")!.GetMethod("Greet")!;
        Assert.Equal(NullabilityState.NotNull, ctx.Create(greet.ReturnParameter).ReadState);
        Assert.Equal(NullabilityState.NotNull, ctx.Create(greet.GetParameters()[0]).WriteState);
        var undocumented = asm.GetType("DocLib.Docs")!.GetMethod("Undocumented")!;
        Assert.Equal(NullabilityState.NotNull, ctx.Create(undocumented.ReturnParameter).GenericTypeArguments[0].ReadState);
        // (without [NullableContext] these would read NullabilityState.Unknown)
    }
}
