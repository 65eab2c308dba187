using System.Runtime.CompilerServices;

namespace Milo.Runtime;

/// <summary>
/// Helpers for Milo code that calls .NET APIs imported with `from "dotnet:…"` (docs/dotnet-imports.md): string
/// conversion at the boundary, materialising IEnumerable&lt;T&gt; for `for x in …`, and awaiting tasks.
/// </summary>
public static class DotNetInterop
{
    /// <summary>Milo string → System.String (UTF-8 → UTF-16).</summary>
    public static string ToClr(MiloString s) => s.ToString();

    /// <summary>System.String → Milo string; a null string (from an API not annotated nullable) becomes "".</summary>
    public static MiloString FromClr(string? s) => s is null ? new MiloString() : MiloString.FromString(s);

    /// <summary>How `print`/f-strings show a .NET value: its ToString() ("null" for null).</summary>
    public static MiloString Display(object? o) => FromClr(o?.ToString() ?? "null");

    /// <summary>`for x in e` over an IEnumerable&lt;T&gt;: the elements, in order (evaluated eagerly).</summary>
    public static MiloVec<T> ToVec<T>(IEnumerable<T> e)
    {
        var v = new MiloVec<T>();
        foreach (var x in e) v.Push(x);
        return v;
    }

    /// <summary>`for s in e` over an IEnumerable&lt;string&gt;.</summary>
    public static MiloVec<MiloString> ToStringVec(IEnumerable<string> e)
    {
        var v = new MiloVec<MiloString>();
        foreach (var x in e) v.Push(FromClr(x));
        return v;
    }

    /// <summary>`catching(() => expr)`: runs <paramref name="f"/>; a .NET exception becomes false + its message.</summary>
    public static bool Catch<T>(Func<T> f, out T value, out MiloString error)
    {
        try { value = f(); error = new MiloString(); return true; }
        catch (Exception e) when (e is not MiloPanicException and not MiloExitException)
        { value = default!; error = FromClr(e.Message); return false; }
    }

    /// <summary>`catching(() => { … })` for a block without a value.</summary>
    public static bool CatchVoid(Action f, out MiloString error)
    {
        try { f(); error = new MiloString(); return true; }
        catch (Exception e) when (e is not MiloPanicException and not MiloExitException)
        { error = FromClr(e.Message); return false; }
    }

    /// <summary>Blocks until <paramref name="t"/> completes; on an OS thread this runs the thread's green tasks meanwhile.</summary>
    private static void Wait(Task t)
    {
        if (!t.IsCompleted)
        {
            var ev = new GreenEvent();
            Scheduler.ExternalWaitStarted();   // the task completes on the thread pool: not a deadlock meanwhile
            t.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => { ev.Set(); Scheduler.ExternalWaitFinished(); });
            ev.Wait();
        }
    }

    /// <summary>`t.await()` on a Task outside a green thread (inside one, <see cref="GreenTaskOps.Await"/> parks instead).</summary>
    [SuspendsAs(typeof(GreenTaskOps), nameof(GreenTaskOps.AwaitTask))]
    public static void AwaitTask(Task t) { Wait(t); t.GetAwaiter().GetResult(); }
    [SuspendsAs(typeof(GreenTaskOps), nameof(GreenTaskOps.AwaitValueTask))]
    public static void AwaitValueTask(ValueTask t) => AwaitTask(t.AsTask());
    [SuspendsAs(typeof(GreenTaskOps), nameof(GreenTaskOps.AwaitStringTask))]
    public static MiloString AwaitStringTask(Task<string> t) { Wait(t); return FromClr(t.GetAwaiter().GetResult()); }
}

/// <summary>`t.await()` on Task&lt;T&gt; / ValueTask&lt;T&gt; outside a green thread (T is the CLR type of the Milo result).</summary>
public static class DotNetAwait<T>
{
    [SuspendsAs(typeof(GreenTaskOps<>), nameof(GreenTaskOps<T>.AwaitTask))]
    public static T AwaitTask(Task<T> t) { DotNetInterop.AwaitTask(t); return t.Result; }
    [SuspendsAs(typeof(GreenTaskOps<>), nameof(GreenTaskOps<T>.AwaitValueTask))]
    public static T AwaitValueTask(ValueTask<T> t) => AwaitTask(t.AsTask());
}

/// <summary>Green-thread versions of the DotNetInterop / DotNetAwait waits: park the task until the .NET task completes.</summary>
public static class GreenTaskOps
{
    internal sealed class TaskFrame<T>(Task task, Func<Task, T> result) : GreenFrame<T>
    {
        public override bool MoveNext()
        {
            if (State == 0)
            {
                State = 1;
                if (!task.IsCompleted)
                {
                    var waker = Scheduler.Park();
                    Scheduler.ExternalWaitStarted();
                    task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => { waker.Wake(); Scheduler.ExternalWaitFinished(); });
                    return true;
                }
            }
            State = -1;
            Result = result(task);
            return false;
        }
    }

    public static GreenFrame AwaitTask(Task t) => new TaskFrame<byte>(t, x => { x.GetAwaiter().GetResult(); return 0; });
    public static GreenFrame AwaitValueTask(ValueTask t) => AwaitTask(t.AsTask());
    public static GreenFrame<MiloString> AwaitStringTask(Task<string> t) => new TaskFrame<MiloString>(t, x => DotNetInterop.FromClr(((Task<string>)x).GetAwaiter().GetResult()));
}

/// <summary>Green-thread version of <see cref="DotNetAwait{T}"/>.</summary>
public static class GreenTaskOps<T>
{
    public static GreenFrame<T> AwaitTask(Task<T> t) => new GreenTaskOps.TaskFrame<T>(t, x => ((Task<T>)x).GetAwaiter().GetResult());
    public static GreenFrame<T> AwaitValueTask(ValueTask<T> t) => AwaitTask(t.AsTask());
}
