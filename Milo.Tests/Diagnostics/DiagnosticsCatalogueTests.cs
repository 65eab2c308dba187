using System.Text.RegularExpressions;
using Milo.Compiler;
using Milo.Compiler.Diagnostics;
using Milo.Tests.Programs;
using Xunit;

namespace Milo.Tests.Diagnostics;

/// <summary>
/// The diagnostics catalogue (Milo.Compiler/Diagnostics/Errors.*.cs) against docs/diagnostics.md: every code documented
/// with an example and a fix, the documented message list equal to the catalogue's templates, every `milo` example
/// really failing with its code, and `milo explain CODE` printing the section.
/// </summary>
public class DiagnosticsCatalogueTests
{
    /// <summary>Codes whose example is not a program (no known program triggers them, or it needs a green-thread setup).</summary>
    private static readonly HashSet<string> ProseExamples = ["E0005", "E0007", "E0222", "E0703", "E0907", "E0997", "E0998"];

    private static IReadOnlyDictionary<string, string> Sections => DiagnosticDocs.Sections;

    public static TheoryData<string> Codes()
    {
        var data = new TheoryData<string>();
        foreach (var code in Errors.All.Select(e => e.Code).Distinct()) data.Add(code);
        return data;
    }

    [Fact]
    public void CatalogueEntriesHaveWellFormedCodesAndDistinctTemplates()
    {
        Assert.True(Errors.All.Count > 150, $"only {Errors.All.Count} catalogue entries found by reflection");
        foreach (var id in Errors.All)
        {
            Assert.Matches(@"^E\d{4}$", id.Code);
            Assert.Equal(DiagnosticSeverity.Error, id.Severity);
            // the template is a valid format string for as many arguments as it has holes
            int holes = Regex.Matches(id.Template.Replace("{{", "").Replace("}}", ""), @"\{(\d+)").Select(m => int.Parse(m.Groups[1].Value) + 1).DefaultIfEmpty(0).Max();
            var text = id.With(Enumerable.Range(0, holes).Select(i => (object?)$"<{i}>").ToArray()).Text;
            Assert.DoesNotContain("{", text.Replace("{ ... }", ""));
        }
        var dup = Errors.All.GroupBy(e => e.Template).FirstOrDefault(g => g.Count() > 1);
        Assert.True(dup == null, $"template used by two entries: {dup?.Key}");
    }

    [Fact]
    public void EveryCodeIsDocumentedAndEveryDocumentedCodeExists()
    {
        var codes = Errors.All.Select(e => e.Code).ToHashSet();
        Assert.Empty(codes.Where(c => !Sections.ContainsKey(c)));
        Assert.Empty(Sections.Keys.Where(c => !codes.Contains(c)));
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void SectionHasExplanationExampleFixAndTheCataloguesMessages(string code)
    {
        var section = Sections[code];
        Assert.Matches(@"\n```(milo|text)\n", section);
        Assert.Contains("\n**Fix:** ", section);
        var documented = Regex.Matches(section, @"^- `(.*)`$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);
        var catalogue = Errors.All.Where(e => e.Code == code).Select(e => e.Template).Order(StringComparer.Ordinal);
        Assert.Equal(string.Join("\n", catalogue), string.Join("\n", documented));
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void ExampleFailsWithItsCode(string code)
    {
        var m = Regex.Match(Sections[code], @"\n```(milo|text)\n(.*?)\n```", RegexOptions.Singleline);
        Assert.True(m.Success);
        if (m.Groups[1].Value == "text")
        {
            Assert.Contains(code, ProseExamples);
            return;
        }
        Assert.DoesNotContain(code, ProseExamples);
        var c = Compilation.FromText("example.milo", m.Groups[2].Value + "\n");
        Assert.False(c.Check(), $"the {code} example compiles without errors");
        var codes = c.Diagnostics.Where(d => d.IsError).Select(d => $"{d.Code} {d.Message}").ToList();
        Assert.True(codes.Any(s => s.StartsWith(code)), $"the {code} example reports: {string.Join("; ", codes)}");
    }

    private static string MiloDll => Path.Combine(AppContext.BaseDirectory, "milo.dll");

    private static Task<RunOutcome> Milo(params string[] args) =>
        ProgramHarness.RunProcessAsync(ProgramHarness.DotnetHost(), [MiloDll, .. args], Path.GetTempPath(), TimeSpan.FromSeconds(60));

    [Fact]
    public async Task ExplainPrintsTheSection()
    {
        var r = await Milo("explain", "e0301");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(Sections["E0301"], r.Stdout.Replace("\r\n", "\n"));
        Assert.StartsWith("## E0301: use of moved variable\n", r.Stdout);
        Assert.Contains("**Fix:** Clone at the point of transfer", r.Stdout);
    }

    [Fact]
    public async Task ExplainOfAnUnknownCodeFails()
    {
        var r = await Milo("explain", "E9999");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("milo explain: unknown diagnostic code 'E9999' (codes look like E0301; see docs/diagnostics.md)\n", r.Stderr.Replace("\r\n", "\n"));
    }

    [Fact]
    public async Task HelpListsExplain()
    {
        var r = await Milo("--help");
        Assert.Matches(@"\n\s+explain <CODE>\s+Explain a diagnostic code", r.Stdout);
    }
}
