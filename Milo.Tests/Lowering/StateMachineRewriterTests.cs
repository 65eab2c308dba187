using Milo.Compiler;
using Milo.Compiler.Binding;
using Milo.Compiler.Lowering;
using Xunit;

namespace Milo.Tests.Lowering;

/// <summary>
/// Lowering/StateMachineRewriter: the suspension analysis is stored on the bound program, and every suspending body gets a
/// state machine whose MoveNext body names each suspension point (and the `&amp;mut` copy-back from the child frame) as
/// bound nodes, while the plain body (what main and OS threads run) has none.
/// </summary>
public class StateMachineRewriterTests
{
    private const string Source = """
        from "std/runtime" import { Task, schedulerYield }
        from "std/sync" import { Channel }

        interface Port {
            fn take(self: &Self): i64
        }
        struct ChanPort { ch: Channel<i64> }
        impl ChanPort {
            fn take(self: &Self): i64 { return self.ch.recv()! }
        }

        fn plain(n: i64): i64 { return n + 1 }
        fn bump(x: &mut i64): void {
            schedulerYield()
            x = x + 1
        }
        fn caller(p: &Port, f: () => i64): i64 {
            var n: i64 = plain(1)
            bump(n)
            return n + p.take() + f()
        }

        fn main(): void {
            let ch: Channel<i64> = Channel.new(1)!
            Task.spawn(move (): void => {
                let p: Port = ChanPort { ch: ch }
                print(caller(p, (): i64 => {
                    schedulerYield()
                    return 1
                }))
            })
            ch.send(5)!
        }
        """;

    /// <summary>Binds and lowers as emit does: the state machines are built from the desugared bodies.</summary>
    private static BoundProgram Lowered(string file, string source)
    {
        var program = Compilation.FromText(file, source).Analyze()!;
        LocalRewriter.Lower(program);
        return program;
    }

    private static List<BoundSuspensionExpr> Points(BoundNode root)
    {
        var found = new List<BoundSuspensionExpr>();
        BoundTreeShape.Walk(root, n => { if (n is BoundSuspensionExpr s) found.Add(s); return true; });
        return found;
    }

    [Fact]
    public void SuspendingBodiesGetAMoveNextBodyWithExplicitSuspensionPoints()
    {
        var program = Lowered("sm.milo", Source);
        Assert.NotNull(program);
        var machines = program!.GreenThreads.StateMachines;
        var byName = machines.Values.Where(m => m.Function.Kind != Milo.Compiler.Symbols.FunctionKind.Closure)
            .ToDictionary(m => m.Function.Name);
        Assert.Contains("bump", byName.Keys);
        Assert.Contains("caller", byName.Keys);
        Assert.DoesNotContain("plain", byName.Keys);
        Assert.True(machines.Values.Count(m => m.Function.Kind == Milo.Compiler.Symbols.FunctionKind.Closure) >= 2);

        var bump = byName["bump"];
        Assert.Equal(["p_x"], bump.ParameterFields.Select(f => f.Name));
        Assert.Equal([SuspensionKind.Yield], Points(bump.MarkedBody!).Select(p => p.Kind));
        Assert.Empty(Points(bump.MoveNextBody));

        var caller = byName["caller"];
        var points = Points(caller.MarkedBody!);
        Assert.Equal([SuspensionKind.Call, SuspensionKind.InterfaceCall, SuspensionKind.ClosureCall], points.Select(p => p.Kind));
        // bump(n): n is copied back from the finished child frame's field p_x.
        var wb = Assert.Single(points[0].WriteBacks);
        var read = Assert.IsType<BoundFrameFieldRead>(wb.Value);
        Assert.Same(bump.ParameterFields[0], read.Field);
        Assert.Equal("n", Assert.IsType<BoundVariableExpr>(wb.Target).Variable.Name);
        // The plain body keeps the ordinary calls.
        var plainBody = program.Functions.Single(f => f.Symbol == caller.Function).Body!;
        Assert.Empty(Points(plainBody));
        Assert.NotSame(plainBody, caller.MoveNextBody);
    }

    [Fact]
    public void APrimitiveCarriesItsResolvedFrameFactory()
    {
        var program = Lowered("sm.milo", Source);
        var take = program.GreenThreads.StateMachines.Values.Single(m => m.Function.Name.EndsWith("take"));
        var recv = Assert.Single(Points(take.MarkedBody!));
        Assert.Equal(SuspensionKind.Primitive, recv.Kind);
        Assert.Equal(typeof(Milo.Runtime.GreenChannelOps<>), recv.Factory!.DeclaringType);
        Assert.Equal("RecvOk", recv.Factory.Name);
    }

    [Fact]
    public void DroppingAStructWhoseDropSuspendsIsASuspensionPointOnlyInTheMoveNextBody()
    {
        const string source = """
            from "std/runtime" import { Task, schedulerYield }

            struct Slow { id: i64 }
            impl Drop for Slow {
                fn drop(self: &mut Self): void {
                    schedulerYield()
                    print("dropped ", self.id)
                }
            }

            fn scope(): void {
                let s = Slow { id: 1 }
                print("in scope ", s.id)
            }

            fn main(): void {
                Task.spawn((): void => scope())
            }
            """;
        var program = Lowered("drop.milo", source);
        var scope = program.GreenThreads.StateMachines.Values.Single(m => m.Function.Name == "scope");
        var drop = Assert.Single(Points(scope.MarkedBody!));
        Assert.Equal(SuspensionKind.Drop, drop.Kind);
        var call = Assert.IsType<BoundCallExpr>(drop.Operation);
        Assert.True(call.Function.Name.EndsWith("drop"), call.Function.Name);
        Assert.Equal("s", Assert.IsType<BoundVariableExpr>(Assert.Single(call.Arguments)).Variable.Name);
        Assert.Empty(Points(program.Functions.Single(f => f.Symbol == scope.Function).Body!));
    }

    /// <summary>MoveNext as a bound tree: the state dispatch names the start and every resume label, each suspension
    /// point stores its number in the state and returns true, `return` stores result and state and returns false, and
    /// only locals whose occurrences span a suspension point live in frame fields.</summary>
    [Fact]
    public void MoveNextIsABoundStateMachineWithHoistedLocals()
    {
        const string source = """
            from "std/runtime" import { Task, schedulerYield }

            fn work(): i64 {
                var total: i64 = 0
                var i: i64 = 0
                while i < 10 {
                    let sq = i * i
                    total = total + sq
                    i = i + 1
                }
                schedulerYield()
                return total
            }

            fn main(): void {
                Task.spawn((): void => { print(work()) })
            }
            """;
        var program = Lowered("hoist.milo", source);
        var work = program.GreenThreads.StateMachines.Values.Single(m => m.Function.Name == "work");
        var body = work.MoveNextBody.Statements;
        // if (state != 0) { dispatch (state - 1) { resume_1 }; return false }
        var resumed = Assert.IsType<BoundIf>(body[0]);
        Assert.Same(work.StateVariable, Assert.IsType<BoundVariableExpr>(Assert.IsType<BoundBinaryExpr>(resumed.Condition).Left).Variable);
        var dispatch = Assert.IsType<BoundStateDispatch>(Assert.IsType<BoundBlock>(resumed.Then).Statements[0]);
        Assert.Same(work.StateVariable, Assert.IsType<BoundVariableExpr>(Assert.IsType<BoundBinaryExpr>(dispatch.Value).Left).Variable);
        Assert.Equal(SuspensionKind.Yield, Assert.Single(Points(work.MarkedBody!)).Kind);
        Assert.Empty(Points(work.MoveNextBody));
        // The yield suspends inline: `{ state = 1; return true }` then its resume label, the dispatch's only target.
        var yield = FindBlockBefore(work.MoveNextBody, dispatch.Targets.Single());
        var suspend = Assert.IsType<BoundBlock>(yield).Statements;
        Assert.Equal(1L, Assert.IsType<BoundLiteralExpr>(Assert.IsType<BoundAssign>(suspend[0]).Value).Value);
        Assert.Equal(true, Assert.IsType<BoundLiteralExpr>(Assert.IsType<BoundReturn>(suspend[1]).Value).Value);
        // Every return of MoveNext returns a bool; `return total` stores the result first.
        var returns = new List<BoundReturn>();
        BoundTreeShape.Walk(work.MoveNextBody, n => { if (n is BoundReturn r) returns.Add(r); return true; });
        Assert.All(returns, r => Assert.IsType<bool>(Assert.IsType<BoundLiteralExpr>(r.Value).Value));
        var stores = new List<BoundAssign>();
        BoundTreeShape.Walk(work.MoveNextBody, n => { if (n is BoundAssign { Target: BoundVariableExpr v } a && v.Variable == work.ResultVariable) stores.Add(a); return true; });
        Assert.Equal("total", Assert.IsType<BoundVariableExpr>(Assert.Single(stores).Value).Variable.Name);
        // total and i span the yield (declared before it, in the same block); sq lives inside the loop only.
        var hoisted = work.HoistedLocals.Keys.Select(l => l.Name).ToList();
        Assert.Contains("total", hoisted);
        Assert.DoesNotContain("sq", hoisted);
        Assert.All(work.HoistedLocals.Values, f => Assert.Equal(FrameFieldKind.Local, f.Kind));
        Assert.Empty(work.MoveNext.Parameters);
        Assert.Equal(Milo.Compiler.Symbols.TypeFactory.Bool, work.MoveNext.ReturnType);
    }

    /// <summary>The statement right before the label <paramref name="label"/> in its block.</summary>
    private static BoundStmt FindBlockBefore(BoundBlock root, LabelSymbol label)
    {
        BoundStmt? found = null;
        BoundTreeShape.Walk(root, n =>
        {
            if (n is BoundBlock b)
                for (int i = 1; i < b.Statements.Count; i++)
                    if (b.Statements[i] is BoundLabelStmt l && l.Label == label) found = b.Statements[i - 1];
            return true;
        });
        return found ?? throw new Xunit.Sdk.XunitException($"no statement before {label}");
    }

    /// <summary>The emitter sees no suspension: every point of the MoveNext body is core nodes — the child frame started
    /// by a generated method into a hoisted awaiter, stepped with GreenFrame.MoveNext, the `&amp;mut` argument copied back
    /// from the child's field, and dynamic calls tested for their starter (`is IGreenFn…` / `is IGreenM…`).</summary>
    [Fact]
    public void SuspensionPointsAreLoweredToCoreNodes()
    {
        var program = Lowered("sm.milo", Source)!;
        var caller = program.GreenThreads.StateMachines.Values.Single(m => m.Function.Name == "caller");
        var starts = new List<BoundFrameMethodCallExpr>();
        var tests = new List<BoundTypeTestExpr>();
        var reads = new List<BoundFrameFieldRead>();
        var steps = new List<BoundRuntimeCallExpr>();
        BoundTreeShape.Walk(caller.MoveNextBody, n =>
        {
            switch (n)
            {
                case BoundFrameMethodCallExpr f: starts.Add(f); break;
                case BoundTypeTestExpr t: tests.Add(t); break;
                case BoundFrameFieldRead r: reads.Add(r); break;
                case BoundRuntimeCallExpr { Method.Name: "MoveNext" } r: steps.Add(r); break;
                case BoundSuspensionExpr: throw new Xunit.Sdk.XunitException("a suspension point left in MoveNext");
            }
            return true;
        });
        Assert.Equal(3, steps.Count);
        Assert.Contains(starts, s => s.Method == FrameMethodKind.Start && s.Function!.Name == "bump");
        Assert.Equal(2, starts.Count(s => s.Method == FrameMethodKind.StartFrame));
        Assert.Contains(starts, s => s.Method == FrameMethodKind.EndFrame);
        Assert.Equal([FrameClassKind.InterfaceMethodStarter, FrameClassKind.FunctionStarter],
            tests.Select(t => Assert.IsType<FrameClassType>(t.TargetType).Kind));
        Assert.Contains(reads, r => r.Field.Kind == FrameFieldKind.Parameter && r.Field.Name == "p_x");
        var kinds = caller.HoistedLocals.Values.Select(f => f.Kind).ToList();
        Assert.Equal(3, kinds.Count(k => k == FrameFieldKind.Awaiter));
        Assert.Equal(2, kinds.Count(k => k == FrameFieldKind.Starter));
    }

    /// <summary>The emitter has no suspension logic: no source file under Milo.Compiler/Emit names a suspension point or
    /// its kinds (they are lowered in Lowering/StateMachineRewriter before emit).</summary>
    [Fact]
    public void TheEmitterNamesNoSuspensionPoint()
    {
        var emit = Path.Combine(Milo.Tests.Build.BuildScriptTests.RepoRoot(), "Milo.Compiler", "Emit");
        var files = Directory.GetFiles(emit, "*.cs", SearchOption.AllDirectories);
        Assert.True(files.Length > 20, $"only {files.Length} emitter files found under {emit}");
        var offenders = files.Where(f => File.ReadAllText(f).Contains("Suspension")).Select(Path.GetFileName).ToList();
        Assert.Empty(offenders);
    }
}
