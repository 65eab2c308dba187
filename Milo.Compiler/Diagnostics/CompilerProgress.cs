using Milo.Compiler.Text;

namespace Milo.Compiler.Diagnostics;

/// <summary>
/// Where the compiler is, for internal-error reports: the parser, binder and emitter record the statement (or
/// declaration) they are working on with one thread-local store, and <c>milo</c> prints it when an unexpected exception
/// escapes (see Cli/CompilerDriver.Guard). A compilation runs on one thread, so a thread-static is exact and cheap.
/// </summary>
internal static class CompilerProgress
{
    public enum Stage { None, Parsing, Binding, Emitting, Running }

    [ThreadStatic] private static Stage t_stage;
    [ThreadStatic] private static SourceText? t_source;
    [ThreadStatic] private static int t_position;

    public static Stage CurrentStage => t_stage;

    /// <summary>The file being compiled and the position reached, or null when nothing was recorded on this thread.</summary>
    public static Location? CurrentLocation => t_source is { } s ? new Location(s, Math.Clamp(t_position, 0, s.Text.Length), 0) : null;

    public static void Parsing(SourceText source) { t_stage = Stage.Parsing; t_source = source; t_position = 0; }
    public static void Parsing(Location at) => Set(Stage.Parsing, at);
    public static void Binding(Location at) => Set(Stage.Binding, at);
    public static void Emitting(Location at) => Set(Stage.Emitting, at);

    /// <summary>The compiled program is running in-process (`milo run`): exceptions are no longer the compiler's.</summary>
    public static void Running() { t_stage = Stage.Running; t_source = null; }

    public static void Reset() { t_stage = Stage.None; t_source = null; t_position = 0; }

    private static void Set(Stage stage, Location at)
    {
        t_stage = stage;
        if (at.Source is null) return;   // synthesized nodes: keep the last real position
        t_source = at.Source;
        t_position = at.Start;
        if (stage == CrashAt) throw new InvalidOperationException($"deliberate internal error (MILO_TEST_ICE={stage.ToString().ToLowerInvariant()})");
    }

    /// <summary>
    /// MILO_TEST_ICE=parsing|binding|emitting makes the compiler throw at the first statement of that stage, so the
    /// internal-error path of the CLI can be tested end to end (Milo.Tests/Fuzz/InternalErrorTests).
    /// </summary>
    private static readonly Stage CrashAt =
        Enum.TryParse<Stage>(Environment.GetEnvironmentVariable("MILO_TEST_ICE"), ignoreCase: true, out var s) && s is not (Stage.None or Stage.Running)
            ? s : (Stage)(-1);

    /// <summary>`file:line:col` of the current position (or just the stage when unknown), for messages.</summary>
    public static string Describe()
    {
        var verb = t_stage switch
        {
            Stage.Parsing => "parsing", Stage.Binding => "type-checking", Stage.Emitting => "generating code for",
            Stage.Running => "running", _ => "compiling",
        };
        return CurrentLocation is { } l ? $"{verb} {l}" : verb;
    }
}
