using Greeter;
using Milo.Runtime;

namespace Greeter.Tests;

public class GreeterTests
{
    [Fact]
    public void Greet_formats_the_name() => Assert.Equal("Hello, xunit, from Milo!", (string)Lib.Greet("xunit"));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(10, 55)]
    public void SumTo_adds_one_to_n(long n, long expected) => Assert.Equal(expected, Lib.SumTo(n));

    [Fact]
    public void Guests_are_read_by_in_and_updated_by_ref()
    {
        var g = new Guest { Name = "Lin", Visits = 0 };
        Assert.Equal("Welcome, Lin.", (string)Lib.Welcome(g, Tone.Plain));
        Lib.Visit(ref g);
        Assert.Equal(1, g.Visits);
        Assert.Equal("Guest { name: \"Lin\", visits: 1 }", g.ToString());
    }

    [Fact]
    public void Tones_are_inspected_with_Is_TryGet_and_Match()
    {
        var plain = Lib.ToneFor(0);
        var excited = Lib.ToneFor(3);
        Assert.True(plain.IsPlain);
        Assert.False(plain.TryGetExcited(out _));
        Assert.True(excited.TryGetExcited(out var n));
        Assert.Equal(3, n);
        Assert.True(Tone.Custom("a", "b").TryGetCustom(out var pre, out var post));
        Assert.Equal("a b", $"{pre} {post}");
        Assert.Equal("Excited(3)", excited.ToString());
        Assert.Equal(3, excited.Match(plain: () => 0L, excited: k => k, custom: (_, _) => -1L));
    }

    [Fact]
    public void Options_are_the_shared_runtime_type()
    {
        Option<MiloString> hit = Lib.FindByPrefix(new MiloVec<MiloString> { "Ada", "Bob" }, "B");
        Assert.True(hit.IsSome);
        Assert.Equal("Bob", (string)hit.Value);
        Assert.Equal(Option<MiloString>.None, Lib.FindByPrefix(new MiloVec<MiloString>(), "B"));
        Assert.Equal("Some(\"Bob\")", hit.ToString());
    }

    [Fact]
    public void Panics_are_exceptions_with_the_milo_location()
    {
        var e = Assert.Throws<MiloPanicException>(() => Lib.Nth(new MiloVec<MiloString> { "a" }, 5));
        Assert.Equal("lib.milo", e.MiloFile);
        Assert.StartsWith("milo: array index out of bounds: 5/1 at lib.milo:", e.Message);
    }
}
