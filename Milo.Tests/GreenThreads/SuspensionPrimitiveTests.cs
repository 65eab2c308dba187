using System.Reflection;
using Milo.Compiler.Lowering;
using Milo.Runtime;
using Xunit;

namespace Milo.Tests.GreenThreads;

/// <summary>
/// Suspension primitives are declared where the blocking method is (<see cref="SuspendsAsAttribute"/>): every declared
/// one must resolve to a frame factory with the matching signature, and a wrong declaration must be refused, not
/// silently become a blocking call inside a green thread.
/// </summary>
public class SuspensionPrimitiveTests
{
    [Fact]
    public void EveryDeclaredPrimitiveResolvesToItsFrameFactory()
    {
        var declared = SuspensionPrimitives.Declared().ToList();
        var failures = new List<string>();
        foreach (var m in declared)
        {
            try
            {
                var f = SuspensionPrimitives.Resolve(m, m.GetCustomAttribute<SuspendsAsAttribute>()!);
                Assert.True(f.IsStatic && f.IsPublic);
                Assert.True(typeof(GreenFrame).IsAssignableFrom(f.ReturnType.IsGenericType ? f.ReturnType.GetGenericTypeDefinition() : f.ReturnType));
            }
            catch (InvalidOperationException ex) { failures.Add(ex.Message); }
        }
        Assert.Empty(failures);
        var names = declared.Select(m => $"{m.DeclaringType!.Name}.{m.Name}").ToHashSet();
        // The primitives of docs/green-threads.md, in both assemblies (the runtime and the stdlib).
        foreach (var n in new[] { "RuntimeModule.schedulerYield", "TimeModule._timeSleepMs", "MiloChannel`1.RecvOk", "MiloChannel`1.SendOk",
                     "MiloThread.JoinOk", "MiloMutex.LockOk", "MiloRwLock.WriteOk", "NetModule._tcpAccept", "NetModule._tlsRecv",
                     "HttpModule._httpSend", "DotNetAwait`1.AwaitTask", "DotNetInterop.AwaitStringTask" })
            Assert.Contains(n, names);
    }

    [Fact]
    public void MethodsOfConstructedGenericClassesFindTheOpenFactory()
    {
        var recv = typeof(MiloChannel<long>).GetMethod(nameof(MiloChannel<long>.RecvOk))!;
        Assert.True(SuspensionPrimitives.IsPrimitive(recv));
        var f = SuspensionPrimitives.Factory(recv);
        Assert.Equal(typeof(GreenChannelOps<>), f.DeclaringType);
        Assert.Equal(nameof(GreenChannelOps<long>.RecvOk), f.Name);
        var sleep = typeof(MiloThread).GetMethod(nameof(MiloThread.Sleep))!;
        Assert.Equal(typeof(GreenOps).GetMethod(nameof(GreenOps.Sleep)), SuspensionPrimitives.Factory(sleep));
        Assert.False(SuspensionPrimitives.IsPrimitive(typeof(RuntimeModule).GetMethod(nameof(RuntimeModule.schedulerCurrent))!));
    }

    private static class Wrong
    {
        [SuspendsAs(typeof(GreenOps), nameof(GreenOps.Sleep))]
        public static void SleepWithStringParameter(string ms) { }

        [SuspendsAs(typeof(GreenOps), nameof(GreenOps.Sleep))]
        public static long SleepReturningAValue(long ms) => ms;

        [SuspendsAs(typeof(GreenOps), "SleepMisspelt")]
        public static void MissingFactory(long ms) { }

        [SuspendsAs(typeof(GreenChannelOps<>), nameof(GreenChannelOps<int>.RecvOk))]
        public static long GenericFactoryForPlainClass(MiloChannel<long> ch) => 0;
    }

    [Theory]
    [InlineData(nameof(Wrong.SleepWithStringParameter), "GreenOps.Sleep does not take (String)")]
    [InlineData(nameof(Wrong.SleepReturningAValue), "GreenOps.Sleep returns GreenFrame, expected GreenFrame`1")]
    [InlineData(nameof(Wrong.MissingFactory), "no public static GreenOps.SleepMisspelt")]
    [InlineData(nameof(Wrong.GenericFactoryForPlainClass), "GreenChannelOps`1 must have the same type parameters as Wrong")]
    public void AWrongDeclarationIsRefusedWithTheReason(string method, string reason)
    {
        var m = typeof(Wrong).GetMethod(method)!;
        var ex = Assert.Throws<InvalidOperationException>(() => SuspensionPrimitives.Resolve(m, m.GetCustomAttribute<SuspendsAsAttribute>()!));
        Assert.Contains(reason, ex.Message);
        Assert.Throws<InvalidOperationException>(() => SuspensionPrimitives.IsPrimitive(m));
    }
}
