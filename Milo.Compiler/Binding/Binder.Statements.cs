using Milo.Compiler.Diagnostics;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

internal sealed partial class Binder
{
    private BoundBlock BindBlock(BlockStmtSyntax block, bool newScope = true)
    {
        var saved = _ctx.Scope;
        if (newScope) _ctx.Scope = new Scope(saved);
        var list = new List<BoundStmt>();
        foreach (var s in block.Statements)
        {
            var b = BindStatement(s);
            if (b != null) list.Add(b);
        }
        _ctx.Scope = saved;
        return new BoundBlock(block.Location, list);
    }

    private BoundStmt? BindStatement(StmtSyntax s)
    {
        Milo.Compiler.Diagnostics.CompilerProgress.Binding(s.Location);
        switch (s)
        {
            case BlockStmtSyntax b: return BindBlock(b);
            case LetStmtSyntax l: return BindLet(l);
            case AssignStmtSyntax a: return BindAssign(a);
            case ReturnStmtSyntax r: return BindReturn(r);
            case IfStmtSyntax i: return BindIf(i);
            case IfLetStmtSyntax il: return BindIfLet(il);
            case WhileStmtSyntax w:
            {
                var cond = BindCondition(w.Condition, "while");
                var body = BindLoopBody(w.Body);
                return new BoundWhile(w.Location, cond, body);
            }
            case ForRangeStmtSyntax f: return BindForRange(f);
            case ForEachStmtSyntax fe: return BindForEach(fe);
            case BreakStmtSyntax br:
                if (_ctx.LoopDepth == 0) _diagnostics.Report(br.Location, Errors.BreakOutsideLoop.With());
                NoteLoopExit(isBreak: true);
                return new BoundBreak(br.Location);
            case ContinueStmtSyntax c:
                if (_ctx.LoopDepth == 0) _diagnostics.Report(c.Location, Errors.ContinueOutsideLoop.With());
                NoteLoopExit(isBreak: false);
                return new BoundContinue(c.Location);
            case MatchStmtSyntax m: return BindMatch(m);
            case UnsafeStmtSyntax u:
            {
                _ctx.UnsafeDepth++;
                var b = BindBlock(u.Body);
                _ctx.UnsafeDepth--;
                return b;
            }
            case ParallelStmtSyntax p: return BindParallel(p);
            case ExprStmtSyntax e:
                return new BoundExprStmt(e.Location, BindExpr(e.Expression, null, allowVoid: true));
            default:
                _diagnostics.Report(s.Location, Errors.UnsupportedStatement.With());
                return null;
        }
    }

    private BoundExpr BindCondition(ExprSyntax e, string what)
    {
        var c = BindExpr(e, TypeFactory.Bool);
        if (!c.Type.IsBool && !c.Type.IsError)
            _diagnostics.Report(e.Location, Errors.ConditionMustBool.With(what, c.Type.Name));
        return c;
    }

    private LocalSymbol DeclareLocal(NameSyntax name, MiloType type, bool mutable, bool elementView = false, bool discard = false)
    {
        var local = new LocalSymbol(name.Text, type, mutable) { IsElementView = elementView, DeclaredAt = name.Location };
        if (!_ctx.Scope.TryDeclare(local) && !(discard && _ctx.Scope.Redeclare(local)))
            _diagnostics.Report(name.Location, Errors.VariableAlreadyDeclared.With(name.Text));
        _ctx.Owned.Add(local);
        NoteDeclared(local);
        return local;
    }

    private BoundStmt BindLet(LetStmtSyntax l)
    {
        MiloType? declared = l.Type == null ? null : ResolveType(l.Type, _ctx.Env);
        BoundExpr init;
        if (declared != null)
        {
            init = BindExpr(l.Initializer, declared);
            init = Coerce(init, declared, l.Initializer.Location,
                actualType => Errors.TypeMismatchDeclared.With(l.Name.Text, declared.Name, actualType));
        }
        else
        {
            init = BindExpr(l.Initializer, null);
            if (init.Type.IsVoid)
                _diagnostics.Report(l.Initializer.Location, Errors.CannotAssignVoid.With(l.Name.Text));
        }
        init = Consume(init);
        var type = declared ?? init.Type;
        // `let _ = run(a)` then `let _ = run(b)` (what W0002's hint suggests) declares a fresh `_` each time; a
        // pattern's `_` is still an ordinary binding (`E.A(_, _)` is an error, checklist 1.3).
        var local = DeclareLocal(l.Name, type, l.IsMutable, discard: l.Name.Text == "_");
        var decl = new BoundLocalDecl(l.Location, local, init);
        if (declared is PrimitiveType { Range: { } range } && !RangeProvenWithin(init, range))
            return new BoundBlock(l.Location, new List<BoundStmt> { decl, new BoundRangeCheck(l.Location, local, range.Lo, range.Hi) }) ;
        return DeclareOwned(decl);
    }

    private BoundStmt BindAssign(AssignStmtSyntax a)
    {
        if (TryBindDotNetAssignment(a.Target, a.Value) is { } dotnetSet) return new BoundExprStmt(a.Location, dotnetSet);
        var savedMoves = SnapshotMoves();
        if (a.Target is NameExprSyntax tn && _ctx.Scope.Lookup(tn.Name) is { } tv) Moves.Moved.Remove(tv);
        var target = BindExpr(a.Target, null);
        if (a.Target is NameExprSyntax tn2 && _ctx.Scope.Lookup(tn2.Name) is { } tv2 && savedMoves.Contains(tv2)) Moves.Moved.Add(tv2);
        CheckAssignable(target, a.Target);
        var value = BindExpr(a.Value, target.Type);
        value = Coerce(value, target.Type, a.Value.Location, actualType => Errors.TypeMismatchCannotAssign.With(target.Type.Name, actualType));
        value = Consume(value);
        var movedBefore = SnapshotMoves(); // `x = f(x)`: the old value may have moved into the new one
        movedBefore.UnionWith(savedMoves);
        Revalidate(target);
        // Reassigning an owned droppable variable drops its old value right after the new one is computed (§5.8 rule 5).
        return AssignDropping(a.Location, target, value, movedBefore);
    }

    private void CheckAssignable(BoundExpr target, ExprSyntax syntax)
    {
        switch (target)
        {
            case BoundVariableExpr v:
                if (!v.Variable.IsMutable)
                    _diagnostics.Report(syntax.Location, Errors.CannotAssignImmutableVariable.With(v.Variable.Name), "declare with 'var' instead of 'let' to make it mutable");
                return;
            case BoundFieldExpr f:
                if (RootVariable(f) is { } root && !root.IsMutable && root.Type is not RefType { IsMutable: true })
                    _diagnostics.Report(syntax.Location, Errors.CannotAssignImmutableVariable.With(PathText(syntax)), "declare with 'var' instead of 'let' to make it mutable");
                return;
            case BoundIndexExpr ix:
                if (ix.Receiver.Type.IsString) { _diagnostics.Report(syntax.Location, Errors.CannotAssignStringIndex.With()); return; }
                if (ix.Receiver.Type.StripRange() is PointerType) return; // `p[i] = v` writes through the pointer
                if (RootVariable(ix) is { } r && !r.IsMutable)
                    _diagnostics.Report(syntax.Location, Errors.CannotAssignImmutableVariable.With(r.Name), "declare with 'var' instead of 'let' to make it mutable");
                return;
            case BoundDerefExpr:
                return;
            default:
                if (!target.Type.IsError) _diagnostics.Report(syntax.Location, Errors.InvalidAssignmentTarget.With());
                return;
        }
    }

    /// <summary>The variable at the root of a field/index chain (null when the chain starts at a deref or a call).</summary>
    private static VariableSymbol? RootVariable(BoundExpr e) => e switch
    {
        BoundVariableExpr v => v.Variable,
        BoundFieldExpr f => RootVariable(f.Receiver),
        BoundIndexExpr i => RootVariable(i.Receiver),
        _ => null,
    };

    private static string PathText(ExprSyntax e) => e switch
    {
        NameExprSyntax n => n.Name,
        FieldExprSyntax f => PathText(f.Receiver) + "." + f.Field.Text,
        _ => "?",
    };

    private BoundStmt BindReturn(ReturnStmtSyntax r)
    {
        var ret = _ctx.ReturnType;
        if (r.Value == null)
        {
            if (!ret.IsVoid && !ret.IsError && !_ctx.InferReturn)
                _diagnostics.Report(r.Location, Errors.ReturnWithoutValue.With(ret.Name));
            return WithDrops(new BoundReturn(r.Location, null));
        }
        if (_ctx.InferReturn && ret.IsVoid)
        {
            var v = Consume(BindExpr(r.Value, null));
            _ctx.ReturnType = v.Type;
            return new BoundReturn(r.Location, v);
        }
        var value = BindExpr(r.Value, ret);
        value = Consume(value);
        if (ret.IsVoid && !value.Type.IsVoid && !value.Type.IsError)
        {
            _diagnostics.Report(r.Value.Location, Errors.ReturnValueFromVoid.With(value.Type.Name));
            return new BoundReturn(r.Location, value);
        }
        value = Coerce(value, ret, r.Value.Location, actualType => Errors.ReturnTypeMismatch.With(ret.Name, actualType), allowOptionWrap: false);
        return WithDrops(new BoundReturn(r.Location, value));
    }

    private BoundStmt BindIf(IfStmtSyntax i)
    {
        var cond = BindCondition(i.Condition, "if");
        var before = SnapshotMoves();
        var then = BindBlock(i.Then);
        var afterThen = Terminates(i.Then) ? before : SnapshotMoves();
        RestoreMoves(before);
        BoundStmt? els = i.Else switch
        {
            null => null,
            BlockStmtSyntax b => BindBlock(b),
            var other => BindStatement(other),
        };
        var afterElse = i.Else is { } e && Leaves(e) ? before : SnapshotMoves();
        afterThen.UnionWith(afterElse);
        RestoreMoves(afterThen);
        return new BoundIf(i.Location, cond, then, els);
    }

    private BoundStmt BindForRange(ForRangeStmtSyntax f)
    {
        var start = BindExpr(f.Start, null);
        var end = BindExpr(f.End, IsLiteralSyntax(f.End) && start.Type.IsInteger ? start.Type : null);
        if (IsLiteralSyntax(f.Start) && end.Type.IsInteger && !start.Type.SameAs(end.Type))
            start = BindExpr(f.Start, end.Type);
        if (!start.Type.IsInteger && !start.Type.IsError)
            _diagnostics.Report(f.Start.Location, Errors.ForRangeStartNotInteger.With(start.Type.Name));
        if (!end.Type.IsInteger && !end.Type.IsError)
            _diagnostics.Report(f.End.Location, Errors.ForRangeEndNotInteger.With(end.Type.Name));
        var loopType = Wider(start.Type, end.Type);
        if (start.Type.IsInteger && !start.Type.SameAs(loopType)) start = new BoundCastExpr(start.Location, start, loopType);
        if (end.Type.IsInteger && !end.Type.SameAs(loopType)) end = new BoundCastExpr(end.Location, end, loopType);
        var saved = _ctx.Scope;
        _ctx.Scope = new Scope(saved);
        var v = DeclareLocal(f.Variable, loopType, false);
        var body = BindLoopBody(f.Body, v);
        _ctx.Scope = saved;
        return new BoundForRange(f.Location, v, start, end, body);
    }

    private static MiloType Wider(MiloType a, MiloType b)
    {
        if (a is PrimitiveType pa && b is PrimitiveType pb && pa.Kind.IsInteger() && pb.Kind.IsInteger())
            return pa.Kind.Bits() >= pb.Kind.Bits() ? pa.StripRange() : pb.StripRange();
        return a.IsInteger ? a.StripRange() : b.IsInteger ? b.StripRange() : TypeFactory.I32;
    }

    private BoundStmt BindForEach(ForEachStmtSyntax f)
    {
        var coll = BindExpr(f.Collection, null);
        if (DotNetEnumerableAsVec(coll, f.Collection.Location) is { } asVec) coll = asVec;
        var ct = coll.Type;
        ForEachKind kind;
        MiloType elemType, indexType = TypeFactory.I64;
        switch (ct)
        {
            case ArrayType at: kind = ForEachKind.Array; elemType = at.Element; break;
            case VecType vt: kind = ForEachKind.Vec; elemType = vt.Element; break;
            case StringType: kind = ForEachKind.String; elemType = TypeFactory.U8; break;
            case MapType mt:
                kind = f.IndexVariable != null ? ForEachKind.MapEntries : ForEachKind.MapKeys;
                elemType = f.IndexVariable != null ? mt.Value : mt.Key;
                indexType = mt.Key;
                break;
            default:
                if (!ct.IsError) _diagnostics.Report(f.Collection.Location, Errors.CannotIterateOverType.With(ct.Name));
                kind = ForEachKind.Array; elemType = TypeFactory.Error; break;
        }
        var saved = _ctx.Scope;
        _ctx.Scope = new Scope(saved);
        // A map's key variable views the map's own key, like the element variable (moving it copies).
        LocalSymbol? index = f.IndexVariable is { } iv ? DeclareLocal(iv, indexType, false, elementView: true) : null;
        var elem = DeclareLocal(f.Variable, elemType, false, elementView: true);
        var body = BindLoopBody(f.Body, index, elem);
        _ctx.Scope = saved;
        return new BoundForEach(f.Location, kind, index, elem, coll, body);
    }

    private BoundStmt BindParallel(ParallelStmtSyntax p)
    {
        if (p.Bindings.Count < 2)
            _diagnostics.Report(p.Location, Errors.ParallelBlockTooFewBindings.With());
        var list = new List<(LocalSymbol, BoundClosureExpr)>();
        var pending = new List<(LetStmtSyntax, BoundClosureExpr)>();
        foreach (var b in p.Bindings)
        {
            var closure = BindSyntheticClosure(b.Initializer, isMove: true, sendContext: "parallel block");
            pending.Add((b, closure));
        }
        foreach (var (b, closure) in pending)
        {
            var local = DeclareLocal(b.Name, ((FunctionType)closure.Type).ReturnType, false);
            list.Add((local, closure));
        }
        return OwnParallelBindings(new BoundParallel(p.Location, list));
    }
}
