namespace Milo.Runtime;

/// <summary>
/// Green threads spawned by a library call (docs/interop.md, "Green threads in libraries"): a Milo program drains its
/// scheduler when <c>main</c> returns; a library has no <c>main</c>, so each public wrapper finishes its call the same
/// way — after the result is computed, the tasks the call left on the calling thread's scheduler run to completion
/// before control returns to C#. Without this, fire-and-forget tasks of one call ran during some later call.
/// </summary>
public sealed partial class Scheduler
{
    /// <summary>Called by every exported library wrapper after the implementation returned normally. Does nothing on the
    /// thread of a Milo program's <c>main</c> (it drains at its end), inside a running task (a callback into the library
    /// from code a task called), or when no task is alive.</summary>
    public static void CompleteLibraryCall()
    {
        if (t_programMain) return;
        var s = t_instance;
        if (s is null || s._alive == 0 || s._running is not null || ThreadedGreenTask.CurrentOnThread is not null) return;
        Drain();
    }
}
