using Milo.Compiler.Binding;
using Milo.Compiler.Diagnostics;

namespace Milo.Compiler.Lowering;

/// <summary>
/// Green-thread lowering, run between binding and emission (docs/green-threads.md); the results are stored on the
/// program (<see cref="BoundProgram.GreenThreads"/>):
/// <list type="number">
/// <item>suspension analysis (<see cref="SuspensionAnalysis"/>) — which functions/closures can suspend;</item>
/// <item>spilling (<see cref="SuspensionSpiller"/>) — in every suspending body, each suspension point is moved to
/// statement level, with operands evaluated before it spilled to temporaries, so that the IL evaluation stack is empty
/// wherever the state machine may return to the scheduler;</item>
/// <item>later, after desugaring (<see cref="LocalRewriter"/>, right before emit), the state machines
/// (<see cref="StateMachineRewriter"/>) — frame fields, hoisted locals and a MoveNext body with every suspension point
/// lowered to core nodes, resume labels and state dispatch; the emitter then compiles each suspending body twice: the plain body as
/// IL, and a frame class whose MoveNext is the rewritten body, emitted like any method (Emit/StateMachineEmitter.cs).</item>
/// </list>
/// </summary>
internal static class GreenLowering
{
    public static GreenThreadFacts Lower(BoundProgram program, DiagnosticBag diagnostics)
    {
        var info = SuspensionAnalysis.Analyze(program);
        program.GreenThreads = info;
        foreach (var fn in info.Suspending)
        {
            var f = info.Bodies[fn];
            if (f.Body == null) continue;
            var sp = new SuspensionSpiller(info, diagnostics);
            f.Body = sp.Block(f.Body);
        }
        return info;
    }
}
