using Milo.Compiler.Diagnostics;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

internal sealed partial class Binder
{
    /// <summary>Set by BindCallback for the closure literal it binds next: its parameters are element views.</summary>
    private bool _nextClosureTakesElements;

    private BoundExpr BindClosure(ClosureExprSyntax c, MiloType? hint)
    {
        bool elementViews = _nextClosureTakesElements;
        _nextClosureTakesElements = false;
        var ps = new List<ParameterSymbol>();
        int i = 0;
        foreach (var p in c.Parameters)
            ps.Add(new ParameterSymbol(p.Name, ResolveType(p.Type, _ctx.Env), i++) { DeclaredAt = p.Location with { Length = p.Name.Length }, IsElementView = elementViews });
        MiloType? declaredRet = c.ReturnType == null ? null : ResolveType(c.ReturnType, _ctx.Env);
        var hintFt = hint as FunctionType;
        var sym = new FunctionSymbol($"closure_{++_closureCounter}", FunctionKind.Closure, ps, declaredRet ?? TypeFactory.Void, null);
        var ctx = new FunctionContext(sym, declaredRet ?? TypeFactory.Void, _ctx.Env, _ctx)
        {
            IsMoveClosure = c.IsMove,
            InferReturn = declaredRet == null,
            UnsafeDepth = _ctx.UnsafeDepth, // unsafe is lexical: a closure written inside `unsafe { }` is unsafe too
        };
        ctx.Scope = new Scope(_ctx.Scope);
        foreach (var p in ps) { ctx.Scope.TryDeclare(p); ctx.Owned.Add(p); }
        var saved = _ctx;
        _ctx = ctx;
        BoundBlock body;
        ExitOwnership? endExit;
        try
        {
            BeginDrops();
            if (c.ExprBody != null)
            {
                var e = BindExpr(c.ExprBody, declaredRet ?? hintFt?.ReturnType, allowVoid: true);
                if (declaredRet != null && !declaredRet.IsVoid)
                    e = Coerce(e, declaredRet, c.ExprBody.Location, actualType => Errors.ClosureReturnTypeMismatch.With(declaredRet.Name, actualType));
                var retType = declaredRet ?? e.Type;
                ctx.ReturnType = retType;
                if (!retType.IsVoid) e = Consume(e); // `(u: &U): string => u.name` hands out a copy, as `return u.name` does
                body = new BoundBlock(c.ExprBody.Location, new List<BoundStmt>
                {
                    retType.IsVoid ? new BoundExprStmt(e.Location, e) : new BoundReturn(e.Location, e),
                });
            }
            else
            {
                body = BindBlock(c.BlockBody!, newScope: false);
                if (declaredRet != null) CheckMissingReturn(c.BlockBody!, declaredRet, "closure", c.BlockBody!.CloseBrace);
            }
            endExit = FinishDrops(c.BlockBody?.CloseBrace ?? c.Location);
        }
        finally { _ctx = saved; }
        sym.ReturnType = ctx.ReturnType;
        var type = _types.Function(ps.Select(p => p.Type).ToList(), ctx.ReturnType);
        var fn = new BoundFunction(sym, body, _ctx.Source) { EndExit = endExit };
        // Captures that belong to outer functions propagate outward (NoteCapture did that) — here keep only the closure's own list.
        return TransferMoveCaptures(new BoundClosureExpr(c.Location, fn, type, ctx.Captures.ToList(), c.IsMove));
    }

    /// <summary>A zero-parameter move closure around one expression (parallel-block branches).</summary>
    private BoundClosureExpr BindSyntheticClosure(ExprSyntax e, bool isMove, string sendContext)
    {
        var sym = new FunctionSymbol($"closure_{++_closureCounter}", FunctionKind.Closure, new(), TypeFactory.Void, null);
        var ctx = new FunctionContext(sym, TypeFactory.Void, _ctx.Env, _ctx) { IsMoveClosure = isMove, UnsafeDepth = _ctx.UnsafeDepth };
        ctx.Scope = new Scope(_ctx.Scope);
        var saved = _ctx;
        _ctx = ctx;
        BoundExpr value;
        try { value = BindExpr(e, null); }
        finally { _ctx = saved; }
        sym.ReturnType = value.Type;
        var body = new BoundBlock(e.Location, new List<BoundStmt> { new BoundReturn(e.Location, value) });
        foreach (var cap in ctx.Captures)
            if (!IsSend(cap.Type))
                _diagnostics.Report(e.Location, Errors.CannotSendCapture.With(cap.Name, cap.Type.Name, sendContext));
        return new BoundClosureExpr(e.Location, new BoundFunction(sym, body, _ctx.Source), _types.Function(new(), value.Type), ctx.Captures.ToList(), isMove);
    }

    /// <summary>Send rules (checklist §7.2).</summary>
    private bool IsSend(MiloType t, HashSet<MiloType>? seen = null)
    {
        t = t.StripRange();
        switch (t)
        {
            case PrimitiveType or StringType or ErrorType or FunctionType: return true;
            case PointerType: return false;
            case RefType r: return IsSend(r.Inner, seen);
            case VecType v: return IsSend(v.Element, seen);
            case MapType m: return IsSend(m.Key, seen) && IsSend(m.Value, seen);
            case HeapType h: return IsSend(h.Inner, seen);
            case ArrayType a: return IsSend(a.Element, seen);
            case RuntimeClassType rc: return rc.IsSend;
            case DotNetType dnt: return dnt.IsSend;
            case InterfaceType: return false;
            case StructType s:
                if (s.IsSendAnnotated) return true;
                seen ??= new();
                if (!seen.Add(s)) return true;
                return s.Fields.All(f => IsSend(f.Type, seen));
            case EnumType e:
                seen ??= new();
                if (!seen.Add(e)) return true;
                return e.Variants.All(v => v.Payload.All(p => IsSend(p, seen)));
            default: return false;
        }
    }
}
