using Milo.Compiler;
using Xunit;

namespace Milo.Tests.Diagnostics;

/// <summary>
/// A variant pattern with the wrong number of bindings is one mistake and gets one error (E0408), as in the reference.
/// It used to be followed by echoes: "undefined variable" for each binding used in the arm and "non-exhaustive match:
/// missing variant" for the variant the arm was meant to cover.
/// </summary>
public class PatternBindingCountTests
{
    private static List<string> Errors(string body)
    {
        var c = Compilation.FromText("prog.milo", "enum E { A(i64), B(i64, string), C }\nfn main(): i32 {\n" + body + "    return 0\n}\n");
        Assert.False(c.Check());
        return c.Diagnostics.Where(d => d.IsError).Select(d => $"{d.Location.Line}:{d.Location.Column}: {d.Message}").ToList();
    }

    [Fact]
    public void TooManyBindingsInAMatchArmIsTheOnlyError()
        => Assert.Equal(new[] { "5:9: variant 'A' has 1 fields, but pattern has 2 bindings" },
            Errors("    let e = E.A(1 as i64)\n    match e {\n        E.A(x, y) => { print(x, y) }\n        E.B(n, s) => { print(n, s) }\n        E.C => { print(\"c\") }\n    }\n"));

    [Fact]
    public void TooFewBindingsInIfLetIsTheOnlyError()
        => Assert.Equal(new[] { "4:12: variant 'B' has 2 fields, but pattern has 1 bindings" },
            Errors("    let e = E.C\n    if let E.B(n) = e {\n        print(n + 1)\n    }\n"));
}
