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
///   …body…                                         // each suspension point k (ResumeRewriter.Points.cs):
///                                                  //   awaiter_k = start the child frame
///                                                  // resume_k:
///                                                  //   if (awaiter_k.MoveNext()) { state = k; return true }
///                                                  //   … awaiter_k.Result …
///   return v   →   { result = v; state = -1; return false }
///   state = -1; return false                       // falling off the end
/// </code>
/// State and result are the frame's GreenFrame.State / GreenFrame&lt;R&gt;.Result (variables the emitter maps to those
/// fields); locals whose scope contains a suspension point (<see cref="HoistedLocals"/>) become frame fields. A point's
/// statements (start, step, suspend) run before its value is stored anywhere (`let x = point` and `return point` become
/// the statements, then the store), so the evaluation stack is empty whenever the state machine returns to the scheduler.
/// </summary>
internal sealed partial class ResumeRewriter : BoundTreeRewriter
{
    private readonly FunctionSymbol _fn;
    private readonly LocalSymbol _state;
    private readonly LocalSymbol? _result;
    private readonly HashSet<LocalSymbol> _hoisted;
    private readonly List<LabelSymbol> _resumes = new();
    private int _fields;
    private int _temps;
    /// <summary>The frame fields the lowered points keep their child frame (awaiter) and its starter in.</summary>
    private readonly Dictionary<LocalSymbol, FrameFieldSymbol> _frameLocals = new();

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
        foreach (var (l, f) in rw._frameLocals) hoisted[l] = f;
        var cells = new Dictionary<ParameterSymbol, FrameFieldSymbol>();
        var types = fn.Parameters.Select(p => p.Type).ToList();
        for (int i = 0; i < fn.Parameters.Count; i++)
        {
            var p = fn.Parameters[i];
            if (p.IsCapturedByReference || SharedRefParameters.InCell(types, i)) cells[p] = new FrameFieldSymbol(fn, "c_" + p.Name, ValueType(p.Type), i, FrameFieldKind.ParameterCell);
        }
        return new BoundStateMachine(fn, parameterFields, new BoundBlock(loc, stmts))
        {
            MarkedBody = marked,
            MoveNext = new FunctionSymbol(fn.Name + "_MoveNext", FunctionKind.Free, new(), TypeFactory.Bool, null),
            StateVariable = state,
            ResultVariable = result,
            HoistedLocals = hoisted,
            ParameterCells = cells,
        };
    }

    protected override BoundExpr RewriteDisplayAppend(BoundDisplayAppendExpr node) => DisplayChains.Rewrite(node, RewriteExpr);

    private static MiloType ValueType(MiloType t) => t is RefType r ? r.Inner : t;

    private BoundVariableExpr Read(LocalSymbol l, Location loc) => new(loc, l, l.Type);

    private static BoundReturn Return(Location loc, bool value) => new(loc, new BoundLiteralExpr(loc, TypeFactory.Bool, value));

    private BoundAssign SetState(Location loc, int k) => new(loc, Read(_state, loc), new BoundLiteralExpr(loc, TypeFactory.I32, (long)k));

    /// <summary>Finished: `state = -1; return false` (the result has been stored by the caller).</summary>
    private List<BoundStmt> Finish(Location loc) => [SetState(loc, -1), Return(loc, false)];

    /// <summary>`return v` → `result = v; state = -1; return false` (a suspension point's statements first).</summary>
    protected override BoundStmt RewriteReturn(BoundReturn node)
    {
        var loc = node.Location;
        var list = new List<BoundStmt>();
        var v = node.Value switch
        {
            null => null,
            BoundSuspensionExpr point => PointStatements(point, list),
            var e => RewriteExpr(e),
        };
        if (v != null)
        {
            if (_result == null) list.Add(new BoundExprStmt(loc, v));
            else list.Add(new BoundAssign(loc, Read(_result, loc), v));
        }
        list.AddRange(Finish(loc));
        return new BoundBlock(loc, list);
    }

    /// <summary>`let x = point` → the point's statements, then `let x = its value` (which no longer suspends, so it
    /// can be stored into a frame field directly).</summary>
    protected override BoundStmt RewriteLocalDecl(BoundLocalDecl node)
    {
        if (node.Initializer is not BoundSuspensionExpr point) return base.RewriteLocalDecl(node);
        var list = new List<BoundStmt>();
        var value = PointStatements(point, list)
            ?? throw new InvalidOperationException($"'{node.Local.Name}' is initialized by a suspension point without a value");
        list.Add(new BoundLocalDecl(node.Location, node.Local, value));
        return new BoundBlock(node.Location, list);
    }
}
