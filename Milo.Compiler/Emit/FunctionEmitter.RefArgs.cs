using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Compiler.Emit;

/// <summary>
/// Call sites of functions that take some `&amp;T` parameters by value (<see cref="RefParamPassing"/>). A `&amp;T`
/// argument is an alias of the caller's place: with a byref the callee reads the place when it runs, after every later
/// argument was evaluated. Loading the value where the argument stands gives the same result unless a later argument
/// stores into the place (<c>f(s, set(s))</c> with <c>set(b: &amp;mut string)</c>). Then the place's address is taken
/// in order, the later arguments are evaluated into temporaries, and the value is read just before the call.
/// </summary>
internal sealed partial class FunctionEmitter
{
    /// <summary>
    /// Rewrites <paramref name="loaders"/> (one per argument, as <see cref="ArgumentLoaders"/> made them) so that every
    /// by-value `&amp;T` argument followed by an argument that could write a variable is read just before the call.
    /// </summary>
    private void DeferByValueRefArgs(FunctionSymbol fn, MethodReference target, List<BoundExpr> args, List<Action> loaders)
    {
        var passing = Types.RefParams;
        int first = -1;
        for (int k = 0; k < args.Count && k < target.Parameters.Count && first < 0; k++)
            if (passing.ByValue(fn, k) && args.Skip(k + 1).Any(a => !CannotWriteVariables(a))) first = k;
        if (first < 0 || args.Count > target.Parameters.Count) return;
        var pushes = new List<Action>();
        var evaluate = new List<Action>();
        for (int k = first; k < args.Count; k++)
        {
            var a = args[k];
            var clr = target.Parameters[k].ParameterType;
            if (passing.ByValue(fn, k))
            {
                var address = NewTemp(new ByReferenceType(clr));
                evaluate.Add(() => { EmitAddress(a, true); _il.Emit(OpCodes.Stloc, address); });
                pushes.Add(() => { _il.Emit(OpCodes.Ldloc, address); _il.Emit(OpCodes.Ldobj, clr); });
            }
            else
            {
                var value = NewTemp(clr);
                var load = loaders[k];
                evaluate.Add(() => { load(); _il.Emit(OpCodes.Stloc, value); });
                pushes.Add(() => _il.Emit(OpCodes.Ldloc, value));
            }
        }
        loaders.RemoveRange(first, args.Count - first);
        loaders.Add(() => { foreach (var e in evaluate) e(); foreach (var p in pushes) p(); });
    }

    /// <summary>
    /// Evaluating <paramref name="e"/> stores into no variable: reads of places, literals, arithmetic, and calls of
    /// functions whose parameters cannot reach a caller's variable (<see cref="RefParamPassing.Inert"/>).
    /// </summary>
    private bool CannotWriteVariables(BoundExpr e) => e switch
    {
        BoundLiteralExpr or BoundStringLiteralExpr or BoundVariableExpr or BoundFunctionRefExpr => true,
        BoundFieldExpr f => CannotWriteVariables(f.Receiver),
        BoundIndexExpr i => CannotWriteVariables(i.Receiver) && CannotWriteVariables(i.Index),
        BoundDerefExpr d => CannotWriteVariables(d.Operand),
        BoundUnaryExpr u => CannotWriteVariables(u.Operand),
        BoundBinaryExpr b => CannotWriteVariables(b.Left) && CannotWriteVariables(b.Right),
        BoundCastExpr c => CannotWriteVariables(c.Operand),
        BoundCallExpr c => c.Function.Kind is not (FunctionKind.Extern or FunctionKind.Closure) && c.Function.ClrMethod == null
            && c.Function.Parameters.All(p => Types.RefParams.Inert(p.Type)) && c.Arguments.All(CannotWriteVariables),
        _ => false,
    };
}
