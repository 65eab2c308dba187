// The C# anchors of the green-thread rows as a whole process, for tools/side-by-side (docs/performance.md): the same
// methods the BenchmarkDotNet "green spawn+yield (1M)" and "green pingpong (1M msgs)" categories use as baselines,
// printing what Programs/greenyield.milo and Programs/greenpingpong.milo print. Built by tools/side-by-side into its
// cache folder together with ../../CSharpBaselines.cs (Milo.Benchmarks.csproj does not compile this folder).
namespace Milo.Benchmarks;

public static class GreenAnchors
{
    public static int Main(string[] args)
    {
        switch (args.Length == 1 ? args[0] : "")
        {
            case "greenyield":
                Console.WriteLine($"done={CSharpBaselines.GreenYieldStateMachine()}");
                return 0;
            case "greenpingpong":
                Console.WriteLine($"sum={CSharpBaselines.GreenPingPong()}");
                return 0;
            default:
                Console.Error.WriteLine("usage: GreenAnchors greenyield|greenpingpong");
                return 2;
        }
    }
}
