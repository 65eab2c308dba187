using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Lowering;

/// <summary>
/// Turns a body with marked suspension points into the MoveNext body of its frame (docs/green-threads.md):
/// <code>
///   if (state != 0) {
///       dispatch (state - 1) { resume_1 … resume_n }
///       return false                               // finished (-1)
///   }
///   …body…                                         // each suspension point k: start the child frame into awaiter_k,
///                                                  // resume_k: step it; if it suspended: { state = k; return true }
///   return v   →   { result = v; state = -1; return false }
///   state = -1; return false                       // falling off the end
/// </code>
/// State and result are the frame's GreenFrame.State / GreenFrame&lt;R&gt;.Result (variables the emitter maps to those
/// fields); locals whose scope contains a suspension point (<see cref="HoistedLocals"/>) become frame fields, and a
/// value produced by a suspension point is stored into one only after the point has finished (through an IL temporary),
/// so the evaluation stack is empty whenever the state machine returns to the scheduler.
/// </summary>
internal sealed class ResumeRewriter : BoundTreeRewriter
{
    private readonly FunctionSymbol _fn;
    private readonly LocalSymbol _state;
    private readonly LocalSymbol? _result;
    private readonly HashSet<LocalSymbol> _hoisted;
    private readonly List<LabelSymbol> _resumes = new();
    private int _fields;
    private int _temps;

    private ResumeRewriter(FunctionSymbol fn, LocalSymbol state, LocalSymbol? result, HashSet<LocalSymbol> hoisted)
    {
        _fn = fn;
        _state = state;
        _result = result;
        _hoisted = hoisted;
    }

    public static BoundStateMachine Build(FunctionSymbol fn, List<FrameFieldSymbol> parameterFields, BoundBlock marked)
    {
        var loc = marked.Location;
        var state = new LocalSymbol("$state", TypeFactory.I32, true) { IsTemporary = true };
        var result = fn.ReturnType.IsVoid ? null : new LocalSymbol("$result", fn.ReturnType, true) { IsTemporary = true };
        var hoistedList = HoistedLocals.Of(marked);
        var rw = new ResumeRewriter(fn, state, result, hoistedList.ToHashSet());
        var body = (BoundBlock)rw.RewriteStmt(marked);
        // if (state != 0) { dispatch (state - 1) { resume_1 … resume_n }; return false }: the first step (state 0)
        // runs straight into the body; a finished frame (-1) returns false.
        var i32 = TypeFactory.I32;
        var resumed = new BoundBinaryExpr(loc, BinaryOp.Ne, rw.Read(state, loc), new BoundLiteralExpr(loc, i32, 0L), TypeFactory.Bool, false);
        var index = new BoundBinaryExpr(loc, BinaryOp.Sub, rw.Read(state, loc), new BoundLiteralExpr(loc, i32, 1L), i32, false);
        var stmts = new List<BoundStmt>
        {
            new BoundIf(loc, resumed, new BoundBlock(loc, [new BoundStateDispatch(loc, index, rw._resumes), Return(loc, false)]), null),
        };
        stmts.AddRange(body.Statements);
        stmts.AddRange(rw.Finish(loc));
        var hoisted = new Dictionary<LocalSymbol, FrameFieldSymbol>();
        foreach (var l in hoistedList)
            hoisted[l] = new FrameFieldSymbol(fn, "l_" + l.Name.TrimStart('$') + "_" + hoisted.Count, ValueType(l.Type), hoisted.Count, FrameFieldKind.Local);
        var cells = new Dictionary<ParameterSymbol, FrameFieldSymbol>();
        for (int i = 0; i < fn.Parameters.Count; i++)
        {
            var p = fn.Parameters[i];
            if (p.IsCapturedByReference) cells[p] = new FrameFieldSymbol(fn, "c_" + p.Name, ValueType(p.Type), i, FrameFieldKind.ParameterCell);
        }
        return new BoundStateMachine(fn, parameterFields, new BoundBlock(loc, stmts))
        {
            MoveNext = new FunctionSymbol(fn.Name + "_MoveNext", FunctionKind.Free, new(), TypeFactory.Bool, null),
            StateVariable = state,
            ResultVariable = result,
            HoistedLocals = hoisted,
            ParameterCells = cells,
        };
    }

    private static MiloType ValueType(MiloType t) => t is RefType r ? r.Inner : t;

    private BoundVariableExpr Read(LocalSymbol l, Location loc) => new(loc, l, l.Type);

    private static BoundReturn Return(Location loc, bool value) => new(loc, new BoundLiteralExpr(loc, TypeFactory.Bool, value));

    private BoundAssign SetState(Location loc, int k) => new(loc, Read(_state, loc), new BoundLiteralExpr(loc, TypeFactory.I32, (long)k));

    /// <summary>Finished: `state = -1; return false` (the result has been stored by the caller).</summary>
    private List<BoundStmt> Finish(Location loc) => [SetState(loc, -1), Return(loc, false)];

    /// <summary>A suspension point gets its resume number and label, its suspend statement and the frame fields that
    /// hold what it needs across the suspension; `&amp;mut` write-backs read the child through the awaiter field.</summary>
    protected override BoundExpr RewriteSuspension(BoundSuspensionExpr node)
    {
        var p = (BoundSuspensionExpr)base.RewriteSuspension(node);
        var loc = p.Location;
        int k = _resumes.Count + 1;
        var resume = new LabelSymbol("resume" + k);
        _resumes.Add(resume);
        var awaiter = p.Kind == SuspensionKind.Yield ? null : NewField("aw" + k, p.Type, FrameFieldKind.Awaiter);
        var starter = p.Kind is SuspensionKind.ClosureCall or SuspensionKind.InterfaceCall ? NewField("st" + k, p.Type, FrameFieldKind.Starter) : null;
        var wbs = p.WriteBacks.Select(w => w.Value is BoundFrameFieldRead r
            ? new BoundAssign(w.Location, w.Target, new BoundFrameFieldRead(r.Location, r.Field, r.Type) { Frame = awaiter })
            : w).ToList();
        return new BoundSuspensionExpr(p.Operation, p.Kind, p.Factory, wbs)
        {
            Resume = resume,
            Suspend = new BoundBlock(loc, [SetState(loc, k), Return(loc, true)]),
            Awaiter = awaiter,
            Starter = starter,
        };
    }

    private FrameFieldSymbol NewField(string name, MiloType type, FrameFieldKind kind) => new(_fn, name, type, _fields++, kind);

    /// <summary>`return v` → `result = v; state = -1; return false`.</summary>
    protected override BoundStmt RewriteReturn(BoundReturn node)
    {
        var loc = node.Location;
        var list = new List<BoundStmt>();
        var v = node.Value == null ? null : RewriteExpr(node.Value);
        if (v != null)
        {
            if (_result == null) list.Add(new BoundExprStmt(loc, v));
            else list.Add(new BoundAssign(loc, Read(_result, loc), AfterPoint(v, list)));
        }
        list.AddRange(Finish(loc));
        return new BoundBlock(loc, list);
    }

    /// <summary>`let x = point` with x in a frame field: the point's value goes through an IL temporary first.</summary>
    protected override BoundStmt RewriteLocalDecl(BoundLocalDecl node)
    {
        var d = (BoundLocalDecl)base.RewriteLocalDecl(node);
        if (d.Initializer is not BoundSuspensionExpr || !_hoisted.Contains(d.Local)) return d;
        var list = new List<BoundStmt>();
        var value = AfterPoint(d.Initializer, list);
        list.Add(new BoundLocalDecl(d.Location, d.Local, value));
        return new BoundBlock(d.Location, list);
    }

    /// <summary>A suspension point's value, stored in a fresh IL local (declared after the analysis, so never hoisted)
    /// when it is to be stored into a frame field: storing into a field pushes `this` before the value.</summary>
    private BoundExpr AfterPoint(BoundExpr v, List<BoundStmt> list)
    {
        if (v is not BoundSuspensionExpr) return v;
        var t = new LocalSymbol("$resumed" + (++_temps), ValueType(v.Type), true) { IsTemporary = true };
        list.Add(new BoundLocalDecl(v.Location, t, v));
        return Read(t, v.Location);
    }
}
