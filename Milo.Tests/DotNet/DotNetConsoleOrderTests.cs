namespace Milo.Tests.DotNet;

/// <summary>
/// `Console.Write`/`WriteLine` called from a Milo program go through the same stdout buffer as `print`, so the lines
/// keep their order when stdout is a pipe (before, every Console line came out first: Console wrote to the stream while
/// `print` output waited in Milo's buffer until exit).
/// </summary>
public class DotNetConsoleOrderTests
{
    [Fact]
    public void Console_And_Print_Interleave_In_Program_Order()
    {
        var r = DotNetHarness.CompileAndRun("""
            from "dotnet:System" import { Console }

            fn main() {
                print("milo 1")
                Console.WriteLine("console 2")
                print("milo 3")
                Console.Write("console 4 ")
                Console.WriteLine(42)
                Console.Out.Write("héllo 日本 ")
                print("milo 5")
            }
            """);
        Assert.Equal("", r.Stderr);
        Assert.Equal("milo 1\nconsole 2\nmilo 3\nconsole 4 42\nhéllo 日本 milo 5\n", r.Stdout);
        Assert.Equal(0, r.ExitCode);
    }
}
