using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Milo.Compiler.Formatting;
using Milo.Tests.Programs;

namespace Milo.Tests.Formatting;

/// <summary>
/// `milo fmt` on every real program we have — Milo.Tests/Programs, examples/, the std modules and the reference's
/// fixtures/errors (when /work/ref is present) — in a copy of each tree: every file that parses formats without an
/// internal error, a second format changes nothing, and every annotated program the format changed still passes its
/// own annotations (@expect output, @error, @runtime-error; @error/@warning positions are not compared, since formatting
/// moves lines). Unchanged programs are already covered by their own tests.
/// </summary>
public class FormatCorpusTests
{
    private static readonly Regex Position = new(@"^\d+:\d+: ", RegexOptions.Compiled);
    /// <summary>`// @error: :7:12: error: …` pins a position; formatting moves lines, so only the message is compared.</summary>
    private static readonly Regex ErrorPosition = new(@"^:?\d+:\d+: ", RegexOptions.Compiled);
    /// <summary>`// @runtime-error: prog.milo:8` pins the reported line; only `prog.milo:` is compared.</summary>
    private static readonly Regex TrailingLine = new(@"(\.milo):\d+$", RegexOptions.Compiled);

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Milo.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Milo.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public Task TestProgramsStillPassAfterFormatting() => CheckTree(ProgramHarness.ProgramsRoot, expectChanges: true);

    [Fact]
    public Task ExamplesStillPassAfterFormatting() => CheckTree(Path.Combine(RepoRoot(), "examples"), expectChanges: false);

    [Fact]
    public Task StdModulesFormatIdempotently() => CheckTree(Path.Combine(RepoRoot(), "Milo.Compiler", "Modules", "std"), expectChanges: false);

    [Fact]
    public async Task ReferenceFixturesStillPassAfterFormatting()
    {
        foreach (var sub in new[] { "tests/fixtures", "tests/errors", "tests/runtime-errors" })
        {
            var dir = Path.Combine("/work/ref/milo-seed", sub);
            if (Directory.Exists(dir)) await CheckTree(dir, expectChanges: false);
        }
    }

    private static async Task CheckTree(string root, bool expectChanges)
    {
        Assert.True(Directory.Exists(root), root + " is missing");
        var copy = Path.Combine(Path.GetTempPath(), "milo-fmt-tests", Guid.NewGuid().ToString("N"));
        CopyTree(root, copy);
        var failures = new ConcurrentBag<string>();
        var changed = new List<string>();
        int formatted = 0;
        foreach (var file in Directory.EnumerateFiles(copy, "*.milo", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var rel = Path.GetRelativePath(copy, file);
            var text = File.ReadAllText(file);
            var result = MiloFormatter.Format(file, text);
            if (result.HasErrors)
            {
                // Only a genuine parse error may stop the formatter (the error programs); never its own check.
                var internalError = result.Diagnostics.FirstOrDefault(d => d.Message.Contains("internal formatter error"));
                if (internalError != null) failures.Add($"{rel}: {internalError.Message}");
                continue;
            }
            formatted++;
            var second = MiloFormatter.Format(file, result.Text);
            if (second.Text != result.Text) failures.Add($"{rel}: formatting twice changes the text again");
            if (result.Text != text)
            {
                File.WriteAllText(file, result.Text);
                changed.Add(file);
            }
        }
        Assert.True(formatted > 0, "no file formatted under " + root);
        if (expectChanges) Assert.NotEmpty(changed); // the corpus has hand-written layouts; the check must have work to do

        var throttle = new SemaphoreSlim(Math.Max(2, Environment.ProcessorCount));
        await Task.WhenAll(changed.Select(async file =>
        {
            var ann = ProgramAnnotations.Parse(File.ReadAllText(file));
            if (!ann.IsTest && ann.Warnings == null) return;
            await throttle.WaitAsync();
            try
            {
                var failure = await RunFormatted(file, ann);
                if (failure != null) failures.Add($"{Path.GetRelativePath(copy, file)} (formatted): {failure}");
            }
            finally { throttle.Release(); }
        }));
        try { Directory.Delete(copy, recursive: true); } catch (IOException) { /* best effort */ }
        Assert.True(failures.IsEmpty, $"{failures.Count} problem(s) after formatting {root}:\n" + string.Join("\n", failures.Order()));
    }

    private static async Task<string?> RunFormatted(string file, ProgramAnnotations ann)
    {
        var dll = Path.ChangeExtension(file, ".dll");
        var compiled = await Task.Run(() => ProgramHarness.Compile(file, dll, ann.Debug, ann.WarningOptions));
        // Warnings are compared without their line:col (formatting moves code between lines).
        var positionless = ann with
        {
            Warnings = ann.Warnings?.Select(w => Position.Replace(w, "")).ToList(),
            Error = ann.Error == null ? null : ErrorPosition.Replace(ann.Error, ""),
            RuntimeError = ann.RuntimeError == null ? null : TrailingLine.Replace(ann.RuntimeError, "$1:"),
        };
        var outcome = compiled with { Warnings = compiled.Warnings.Select(w => Position.Replace(w, "")).ToList() };
        var (done, failure) = ProgramJudge.JudgeCompile(positionless, outcome);
        if (done) return failure;
        if (!ann.IsTest) return null;
        var run = await ProgramHarness.RunProcessAsync(ProgramHarness.DotnetHost(), [dll], Path.GetDirectoryName(file)!, ProgramHarness.Timeout);
        return ProgramJudge.JudgeRun(positionless, run);
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}
