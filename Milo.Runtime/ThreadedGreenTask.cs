using System.Runtime.ExceptionServices;

namespace Milo.Runtime;

/// <summary>
/// Adapter that runs ordinary (non-state-machine) code as a green thread: the body runs on a dedicated OS thread but
/// only while the scheduler hands it the baton, so at most one task runs at a time and ordering stays FIFO.
/// Blocking-style calls inside the body (<see cref="Scheduler.Yield"/>, <see cref="Scheduler.SleepMs"/>, channel
/// Send/Recv) suspend it. Use via <see cref="Scheduler.SpawnAction"/>.
/// </summary>
public sealed class ThreadedGreenTask : GreenTask
{
    [ThreadStatic] internal static ThreadedGreenTask? CurrentOnThread;

    private readonly Action _body;
    private readonly Scheduler _owner;
    private readonly SemaphoreSlim _toTask = new(0);
    private readonly SemaphoreSlim _toScheduler = new(0);
    private Thread? _thread;
    private volatile bool _finished;
    private Exception? _error;

    internal ThreadedGreenTask(Action body, Scheduler owner) { _body = body; _owner = owner; }

    /// <summary>Hands the baton to the task thread and waits until it suspends or finishes.</summary>
    public override bool MoveNext()
    {
        if (_finished) return false;
        if (_thread is null)
        {
            _thread = new Thread(ThreadMain, 1024 * 1024) { IsBackground = true };
            _thread.Start();
        }
        else _toTask.Release();
        _toScheduler.Wait();
        if (_error is not null)
        {
            var e = _error;
            _error = null;
            ExceptionDispatchInfo.Capture(e).Throw();
        }
        return !_finished;
    }

    private void ThreadMain()
    {
        Scheduler.BindThread(_owner);
        CurrentOnThread = this;
        try { _body(); }
        catch (Exception e) { _error = e; }
        _finished = true;
        _toScheduler.Release();
    }

    /// <summary>Called on the task thread: give the baton back and wait to be resumed.</summary>
    internal void Suspend()
    {
        _toScheduler.Release();
        _toTask.Wait();
    }
}
