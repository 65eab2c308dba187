using System.Reflection;
using Milo.Runtime;

namespace Milo.Compiler.Lowering;

/// <summary>
/// The operations that can suspend a green thread. Each entry maps a blocking .NET method (what plain code calls: main,
/// OS threads, non-suspending functions) to its frame factory (what a state machine calls: a method with the same
/// parameters — receiver first for instance methods — returning a <see cref="GreenFrame"/>). For methods of generic
/// classes (MiloChannel&lt;T&gt;) the factory lives on a generic class instantiated with the same type arguments.
/// </summary>
public static class SuspensionPrimitives
{
    private sealed record Entry(Type FactoryType, string FactoryName);

    private static readonly Dictionary<(string Type, string Method), Entry> Table = new()
    {
        [("Milo.Runtime.RuntimeModule", "schedulerYield")] = new(typeof(GreenOps), nameof(GreenOps.Yield)),
        [("Milo.Runtime.RuntimeModule", "schedulerWaitRead")] = new(typeof(GreenOps), nameof(GreenOps.WaitRead)),
        [("Milo.Runtime.RuntimeModule", "schedulerWaitWrite")] = new(typeof(GreenOps), nameof(GreenOps.WaitWrite)),
        [("Milo.Runtime.RuntimeModule", "_eventWait")] = new(typeof(GreenOps), nameof(GreenOps.EventWait)),
        [("Milo.Runtime.RuntimeModule", "_eventWaitAny")] = new(typeof(GreenOps), nameof(GreenOps.EventWaitAny)),
        [("Milo.Stdlib.TimeModule", "_timeSleepMs")] = new(typeof(GreenOps), nameof(GreenOps.Sleep)),
        [("Milo.Runtime.MiloChannel`1", "RecvOk")] = new(typeof(GreenChannelOps<>), "RecvOk"),
        [("Milo.Runtime.MiloChannel`1", "SendOk")] = new(typeof(GreenChannelOps<>), "SendOk"),
        [("Milo.Runtime.MiloThread", "JoinOk")] = new(typeof(GreenSyncOps), nameof(GreenSyncOps.Join)),
        [("Milo.Runtime.MiloThread", "Sleep")] = new(typeof(GreenOps), nameof(GreenOps.Sleep)),
        [("Milo.Runtime.MiloMutex", "LockOk")] = new(typeof(GreenSyncOps), nameof(GreenSyncOps.Lock)),
        [("Milo.Runtime.MiloMutex", "WithLockOk")] = new(typeof(GreenSyncOps), nameof(GreenSyncOps.WithLock)),
        [("Milo.Runtime.MiloRwLock", "WithReadLockOk")] = new(typeof(GreenSyncOps), nameof(GreenSyncOps.WithReadLock)),
        [("Milo.Runtime.MiloRwLock", "WithWriteLockOk")] = new(typeof(GreenSyncOps), nameof(GreenSyncOps.WithWriteLock)),
        [("Milo.Runtime.MiloRwLock", "ReadOk")] = new(typeof(GreenSyncOps), nameof(GreenSyncOps.Read)),
        [("Milo.Runtime.MiloRwLock", "WriteOk")] = new(typeof(GreenSyncOps), nameof(GreenSyncOps.Write)),
        [("Milo.Runtime.NetModule", "_tcpConnect")] = new(typeof(GreenNetOps), nameof(GreenNetOps.Connect)),
        [("Milo.Runtime.NetModule", "_tcpSend")] = new(typeof(GreenNetOps), nameof(GreenNetOps.Send)),
        [("Milo.Runtime.NetModule", "_tcpRecv")] = new(typeof(GreenNetOps), nameof(GreenNetOps.Recv)),
        [("Milo.Runtime.NetModule", "_tcpAccept")] = new(typeof(GreenNetOps), nameof(GreenNetOps.Accept)),
        [("Milo.Stdlib.NetModule", "_tlsConnect")] = new(typeof(Milo.Stdlib.TlsGreenOps), nameof(Milo.Stdlib.TlsGreenOps.Connect)),
        [("Milo.Stdlib.NetModule", "_tlsSend")] = new(typeof(Milo.Stdlib.TlsGreenOps), nameof(Milo.Stdlib.TlsGreenOps.Send)),
        [("Milo.Stdlib.NetModule", "_tlsRecv")] = new(typeof(Milo.Stdlib.TlsGreenOps), nameof(Milo.Stdlib.TlsGreenOps.Recv)),
        [("Milo.Stdlib.HttpModule", "_httpAccept")] = new(typeof(Milo.Stdlib.HttpGreenOps), nameof(Milo.Stdlib.HttpGreenOps.Accept)),
        [("Milo.Stdlib.HttpModule", "_httpRead")] = new(typeof(Milo.Stdlib.HttpGreenOps), nameof(Milo.Stdlib.HttpGreenOps.Read)),
        [("Milo.Runtime.DotNetInterop", "AwaitTask")] = new(typeof(GreenTaskOps), nameof(GreenTaskOps.AwaitTask)),
        [("Milo.Runtime.DotNetInterop", "AwaitValueTask")] = new(typeof(GreenTaskOps), nameof(GreenTaskOps.AwaitValueTask)),
        [("Milo.Runtime.DotNetInterop", "AwaitStringTask")] = new(typeof(GreenTaskOps), nameof(GreenTaskOps.AwaitStringTask)),
        [("Milo.Runtime.DotNetAwait`1", "AwaitTask")] = new(typeof(GreenTaskOps<>), "AwaitTask"),
        [("Milo.Runtime.DotNetAwait`1", "AwaitValueTask")] = new(typeof(GreenTaskOps<>), "AwaitValueTask"),
        [("Milo.Stdlib.HttpModule", "_httpSend")] = new(typeof(Milo.Stdlib.HttpGreenOps), nameof(Milo.Stdlib.HttpGreenOps.Send)),
    };

    private static (string, string) Key(MethodInfo m)
    {
        var t = m.DeclaringType!;
        if (t.IsGenericType) t = t.GetGenericTypeDefinition();
        return (t.FullName ?? t.Name, m.Name);
    }

    /// <summary>Whether <paramref name="m"/> is <c>schedulerYield()</c>: a state machine suspends for it inline (no child frame).</summary>
    public static bool IsYield(MethodInfo m) => m.DeclaringType == typeof(RuntimeModule) && m.Name == nameof(RuntimeModule.schedulerYield);

    /// <summary>Whether <paramref name="m"/> blocks and has a suspending version.</summary>
    public static bool IsPrimitive(MethodInfo m) => Table.ContainsKey(Key(m));

    /// <summary>The frame factory of primitive <paramref name="m"/> (an open generic method for generic classes).</summary>
    public static MethodInfo Factory(MethodInfo m)
    {
        var e = Table[Key(m)];
        return e.FactoryType.GetMethod(e.FactoryName, BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException($"missing frame factory {e.FactoryType.Name}.{e.FactoryName}");
    }
}
