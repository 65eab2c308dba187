using Greeter;

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
}
