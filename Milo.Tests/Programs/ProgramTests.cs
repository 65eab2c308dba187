namespace Milo.Tests.Programs;

/// <summary>
/// One test case per annotated program under Milo.Tests/Programs/ (see ProgramHarness for the rules — they mirror
/// ../shared/conformance/milo-conformance). Run a single one with:
///   dotnet test Milo.Tests --filter "FullyQualifiedName~ProgramTests&amp;DisplayName~core/hello.milo"
/// </summary>
public class ProgramTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var rel in ProgramHarness.Discover(ProgramHarness.ProgramsRoot))
            data.Add(rel);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Program(string file)
    {
        var failure = await ProgramHarness.RunAsync(file);
        Assert.True(failure == null, $"{file}: {failure}");
    }

    [Fact]
    public void ProgramsAreDiscovered()
    {
        Assert.NotEmpty(ProgramHarness.Discover(ProgramHarness.ProgramsRoot));
    }
}
