using Milo.Runtime;

namespace Milo.Tests.Interop;

/// <summary>
/// A panic inside a library call reaches C# as <see cref="MiloPanicException"/> with the Milo message and location, and
/// prints nothing (programs print it where it happens). Serial: it swaps the process-wide Milo stdout/stderr.
/// </summary>
[Collection("reliability-serial")]
public class LibraryPanicTests
{
    private const string Source = """
        pub fn pick(v: Vec<i64>, i: i64): i64 {
            print("picking")
            return v[i]
        }

        pub fn check(x: i64): i64 {
            assert(x > 0, "x must be positive")
            return x
        }

        pub fn first(v: Vec<i64>): i64 {
            var o: Option<i64> = Option.None
            if v.len() > 0 { o = Option.Some(v[0]) }
            return o!
        }
        """;

    [Fact]
    public void A_caught_panic_prints_nothing_and_names_the_milo_line()
    {
        using var lib = MiloLibrary.Compile(Source, "picker.milo", "PickLib");
        var outBuf = new MemoryStream();
        var errBuf = new MemoryStream();
        bool wasProgram = MiloProcess.ProgramMode;
        MiloProcess.ProgramMode = false;   // another test may have run a Milo main in this process
        MiloProcess.Out.Redirect(outBuf);
        MiloProcess.Err.Redirect(errBuf);
        try
        {
            var result = lib.Run("""
                using Milo.Runtime;
                public static class Test
                {
                    public static object? Run()
                    {
                        var msgs = new System.Collections.Generic.List<string>();
                        try { PickLib.Picker.Pick(new long[] { 1 }, 4); } catch (MiloPanicException e) { msgs.Add(e.Message + " @" + e.MiloFile + ":" + e.MiloLine); }
                        try { PickLib.Picker.Check(-1); } catch (MiloPanicException e) { msgs.Add(e.Message); }
                        try { PickLib.Picker.First(new long[0]); } catch (MiloPanicException e) { msgs.Add(e.Message); }
                        return string.Join("|", msgs);
                    }
                }
                """);
            Assert.Equal("milo: array index out of bounds: 4/1 at picker.milo:3 @picker.milo:3"
                         + "|assertion failed at picker.milo:7:5: x must be positive"
                         + "|error at picker.milo:14:12: unwrap called on None", ((string)result!).Replace(lib.MiloPath, "picker.milo"));
        }
        finally
        {
            MiloProcess.Out.Flush();
            MiloProcess.Out.Redirect(Console.OpenStandardOutput());
            MiloProcess.Err.Redirect(Console.OpenStandardError());
            MiloProcess.ProgramMode = wasProgram;
        }
        // Only the library's own print reached stdout; no panic text anywhere.
        Assert.Equal("picking\n", System.Text.Encoding.UTF8.GetString(outBuf.ToArray()));
        Assert.Equal("", System.Text.Encoding.UTF8.GetString(errBuf.ToArray()));
    }
}
