using Milo.Tests.Programs;

namespace Milo.Tests.Stdlib;

/// <summary>
/// std/args `getFlag` reads both `--name value` and `--name=value`, as its documentation says (the reference's docs:
/// "Returns the value of a `--name value` or `--name=value` flag"); `--out=x.txt` used to give None.
/// </summary>
public class ArgsFlagTests
{
    private const string Program = """
        from "std/args" import { getFlag, hasFlag }

        fn main(): i32 {
            print($"out={getFlag("out") ?? "-"} n={getFlag("n") ?? "-"} mode={getFlag("mode") ?? "-"} empty=[{getFlag("empty") ?? "-"}] last={getFlag("last") ?? "-"}")
            print($"verbose={hasFlag("verbose")} out={hasFlag("out")}")
            return 0
        }
        """;

    [Fact]
    public async Task GetFlagReadsSpaceAndEqualsForms()
    {
        var dir = Path.Combine(Path.GetTempPath(), "milo-args-tests", $"{Environment.ProcessId}_{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var src = Path.Combine(dir, "flags.milo");
            await File.WriteAllTextAsync(src, Program);
            var dll = Path.Combine(dir, "out", "flags.dll");
            var compiled = ProgramHarness.Compile(src, dll, debug: false);
            Assert.True(compiled.Success, compiled.Output);
            var r = await ProgramHarness.RunProcessAsync(ProgramHarness.DotnetHost(),
                [dll, "--verbose", "--out=x=1.txt", "--n", "5", "--empty=", "--mode", "fast", "--mode=slow", "--last"], dir, ProgramHarness.Timeout);
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.Equal("out=x=1.txt n=5 mode=fast empty=[] last=-\nverbose=true out=false\n", r.Stdout);
        }
        finally { try { Directory.Delete(dir, recursive: true); } catch (IOException) { } }
    }
}
