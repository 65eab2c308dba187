namespace Milo.Runtime;

/// <summary><c>parallel { let a = e1; let b = e2 }</c> support.</summary>
public static class ParallelBlock
{
    /// <summary>Runs each branch on its own OS thread and waits for all of them. The branches store their results
    /// into captured locals/closure fields; the caller binds them afterwards.</summary>
    public static void Run(params Action[] branches)
    {
        MiloProcess.InstallHooks();
        var threads = new Thread[branches.Length];
        for (int i = 0; i < branches.Length; i++)
        {
            Action b = branches[i];
            threads[i] = new Thread(() => MiloThread.RunGuarded(b), MiloThread.StackSize) { IsBackground = true };
            threads[i].Start();
        }
        for (int i = 0; i < threads.Length; i++) threads[i].Join();
    }
}
