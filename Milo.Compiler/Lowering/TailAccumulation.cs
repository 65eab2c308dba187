using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Lowering;

/// <summary>
/// Tail recursion with an accumulator (what clang does to the reference's C output, and what RyuJIT/ILC do not do):
/// in a self-recursive function whose integer result is built as <c>return X + f(args)</c> (or <c>*</c>), the tail call
/// becomes a jump back to the start with the pending operand folded into an accumulator:
/// <code>
/// fn fib(n: i64): i64 {            fn fib(n: i64): i64 {
///     if n &lt; 2 { return n }          var acc: i64 = 0
///     return fib(n-1) + fib(n-2)     while true {
/// }                                      if n &lt; 2 { return acc + n }
///                                        acc = acc + fib(n-1); n = n - 2   // continue
///                                    }
///                                }
/// </code>
/// Correct because wrapping integer + and * are associative and commutative: the invariant is "the original call's
/// result = acc ⊕ f(current parameters)". Evaluation order is kept: X is evaluated before the arguments, as in the
/// original (for <c>f(args) ⊕ X</c>, X must be side-effect and panic free). Applied only where nothing else can
/// observe the difference — release builds (debug builds trap on overflow, and reassociating would move the trap),
/// free functions whose parameters and locals are plain scalars (no drops, no references, no captures), bodies made
/// of blocks, ifs, returns, lets, assignments and expression statements (no loops, so the added loop's `continue` is
/// the only one). A plain tail call <c>return f(args)</c> in such a function is also a jump.
/// </summary>
internal static class TailAccumulation
{
    public static void Run(BoundProgram program)
    {
        if (program.Debug) return;
        foreach (var f in program.Functions)
            if (f.Body != null && Candidate(f.Symbol) is { } ret)
                f.Body = Transform(f.Symbol, f.Body, ret) ?? f.Body;
    }

    /// <summary>The (integer, unranged) return type when the signature qualifies.</summary>
    private static PrimitiveType? Candidate(FunctionSymbol fn)
    {
        if (fn.Kind != FunctionKind.Free || fn.HasSelf || fn.IsVariadic || fn.Parameters.Count == 0) return null;
        if (!IsPlainScalar(fn.ReturnType) || !fn.ReturnType.IsInteger) return null;
        foreach (var p in fn.Parameters)
            if (!IsPlainScalar(p.Type) || p.IsCapturedByReference) return null;
        return (PrimitiveType)fn.ReturnType;
    }

    private static bool IsPlainScalar(MiloType t) =>
        t is PrimitiveType p && ReferenceEquals(t.StripRange(), t) && (p.Kind.IsInteger() || p.IsFloat || p.IsBool);

    private sealed class Shape(FunctionSymbol fn)
    {
        public readonly FunctionSymbol Fn = fn;
        public BinaryOp? Op;          // the accumulating operator, when some tail return has one
        public int TailReturns;
        public bool Ok = true;
    }

    private static BoundBlock? Transform(FunctionSymbol fn, BoundBlock body, PrimitiveType ret)
    {
        var shape = new Shape(fn);
        Scan(body, shape);
        if (!shape.Ok || shape.TailReturns == 0) return null;

        var loc = body.Location;
        var op = shape.Op ?? BinaryOp.Add;
        var acc = new LocalSymbol("$acc", ret, true) { IsTemporary = true };
        var identity = new BoundLiteralExpr(loc, ret, op == BinaryOp.Mul ? 1L : 0L);
        var loopBody = (BoundBlock)Rewrite(body, fn, acc, op);
        return new BoundBlock(loc, new List<BoundStmt>
        {
            new BoundLocalDecl(loc, acc, identity),
            new BoundWhile(loc, new BoundLiteralExpr(loc, TypeFactory.Bool, true), loopBody),
        });
    }

    // ---- analysis -------------------------------------------------------------------------------------------

    private static void Scan(BoundStmt s, Shape sh)
    {
        if (!sh.Ok) return;
        switch (s)
        {
            case BoundBlock b:
                foreach (var st in b.Statements) Scan(st, sh);
                return;
            case BoundIf i:
                CheckExpr(i.Condition, sh);
                Scan(i.Then, sh);
                if (i.Else != null) Scan(i.Else, sh);
                return;
            case BoundLocalDecl d:
                if (!IsPlainScalar(d.Local.Type) || d.Local.IsCapturedByReference) { sh.Ok = false; return; }
                if (d.Initializer != null) CheckExpr(d.Initializer, sh);
                return;
            case BoundAssign a:
                if (a.Target is not BoundVariableExpr { Variable: LocalSymbol } || !IsPlainScalar(a.Target.Type)) { sh.Ok = false; return; }
                CheckExpr(a.Value, sh);
                return;
            case BoundExprStmt e:
                CheckExpr(e.Expression, sh);
                return;
            case BoundReturn r:
                if (r.Value == null) { sh.Ok = false; return; }
                if (TailCall(r.Value, sh.Fn) is { } t)
                {
                    if (t.Op is { } op)
                    {
                        if (sh.Op != null && sh.Op != op) { sh.Ok = false; return; }
                        sh.Op = op;
                        CheckExpr(t.Pending!, sh);
                    }
                    foreach (var a in t.Call.Arguments) CheckExpr(a, sh);
                    sh.TailReturns++;
                }
                else CheckExpr(r.Value, sh);
                return;
            default:
                sh.Ok = false;   // loops, match, drops, parallel, range checks …: left alone
                return;
        }
    }

    /// <summary>Closures (which could capture a parameter that the loop reassigns) make the function ineligible.</summary>
    private static void CheckExpr(BoundExpr e, Shape sh)
    {
        if (BoundTreeShape.Any(e, x => x is BoundClosureExpr)) sh.Ok = false;
    }

    /// <summary>
    /// <c>f(args)</c> (Op null), <c>X ⊕ f(args)</c>, or <c>f(args) ⊕ X</c> with X pure, ⊕ = wrapping + or * at the
    /// return type; X is returned as Pending.
    /// </summary>
    private static (BoundCallExpr Call, BinaryOp? Op, BoundExpr? Pending)? TailCall(BoundExpr e, FunctionSymbol fn)
    {
        if (IsSelfCall(e, fn)) return ((BoundCallExpr)e, null, null);
        if (e is not BoundBinaryExpr { Op: BinaryOp.Add or BinaryOp.Mul, Checked: false } b) return null;
        if (!b.Type.SameAs(fn.ReturnType) || !b.Left.Type.SameAs(fn.ReturnType) || !b.Right.Type.SameAs(fn.ReturnType))
            return null;
        if (IsSelfCall(b.Right, fn)) return ((BoundCallExpr)b.Right, b.Op, b.Left);
        if (IsSelfCall(b.Left, fn) && IsPure(b.Right)) return ((BoundCallExpr)b.Left, b.Op, b.Right);
        return null;
    }

    private static bool IsSelfCall(BoundExpr e, FunctionSymbol fn) => e is BoundCallExpr c && ReferenceEquals(c.Function, fn);

    /// <summary>No calls, no side effects, cannot panic: literals, scalar variables, wrapping arithmetic without division, casts.</summary>
    private static bool IsPure(BoundExpr e) => e switch
    {
        BoundLiteralExpr => true,
        BoundVariableExpr v => IsPlainScalar(v.Type),
        BoundBinaryExpr { Checked: false, Op: not (BinaryOp.Div or BinaryOp.Rem) } b => IsPure(b.Left) && IsPure(b.Right),
        BoundUnaryExpr { Checked: false } u => IsPure(u.Operand),
        BoundCastExpr c => c.Type.IsInteger && c.Operand.Type.IsInteger && IsPure(c.Operand),   // integer casts wrap
        _ => false,
    };

    // ---- rewriting ------------------------------------------------------------------------------------------

    private static BoundStmt Rewrite(BoundStmt s, FunctionSymbol fn, LocalSymbol acc, BinaryOp op)
    {
        switch (s)
        {
            case BoundBlock b:
                return new BoundBlock(b.Location, b.Statements.Select(st => Rewrite(st, fn, acc, op)).ToList());
            case BoundIf i:
                return new BoundIf(i.Location, i.Condition, Rewrite(i.Then, fn, acc, op), i.Else == null ? null : Rewrite(i.Else, fn, acc, op));
            case BoundReturn r when TailCall(r.Value!, fn) is { } t:
                return Jump(r.Location, fn, t.Call, t.Op == null ? null : t.Pending, acc, op);
            case BoundReturn r:
                return new BoundReturn(r.Location, Combine(r.Location, acc, op, r.Value!));
            default:
                return s;
        }
    }

    private static BoundExpr Read(Location loc, VariableSymbol v) => new BoundVariableExpr(loc, v, v.Type);

    private static BoundExpr Combine(Location loc, LocalSymbol acc, BinaryOp op, BoundExpr value) =>
        new BoundBinaryExpr(loc, op, Read(loc, acc), value, acc.Type, false);

    /// <summary><c>acc = acc ⊕ X; let t_i = arg_i; p_i = t_i; continue</c> — arguments evaluated after X, all before any parameter changes.</summary>
    private static BoundStmt Jump(Location loc, FunctionSymbol fn, BoundCallExpr call, BoundExpr? pending, LocalSymbol acc, BinaryOp op)
    {
        var list = new List<BoundStmt>();
        if (pending != null) list.Add(new BoundAssign(loc, Read(loc, acc), Combine(loc, acc, op, pending)));
        var temps = new List<LocalSymbol?>();
        for (int i = 0; i < call.Arguments.Count; i++)
        {
            var p = fn.Parameters[i];
            var arg = call.Arguments[i];
            if (arg is BoundVariableExpr { Variable: var v } && ReferenceEquals(v, p)) { temps.Add(null); continue; }   // f(n, …): unchanged
            var t = new LocalSymbol("$tail" + i, p.Type, false) { IsTemporary = true };
            list.Add(new BoundLocalDecl(loc, t, arg));
            temps.Add(t);
        }
        for (int i = 0; i < temps.Count; i++)
            if (temps[i] is { } t) list.Add(new BoundAssign(loc, Read(loc, fn.Parameters[i]), Read(loc, t)));
        list.Add(new BoundContinue(loc));
        return new BoundBlock(loc, list);
    }
}
