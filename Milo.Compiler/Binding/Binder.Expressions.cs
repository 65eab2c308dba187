using Milo.Compiler.Diagnostics;
using System.Text;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

internal sealed partial class Binder
{
    private int _exprDepth;

    /// <summary>Binds an expression. <paramref name="hint"/> is the expected type (re-types bare literals, infers Vec.new(), …).</summary>
    private BoundExpr BindExpr(ExprSyntax e, MiloType? hint, bool allowVoid = false)
    {
        // The depth cap alone is not enough on small thread stacks (e.g. 1.5 MB worker threads): also stop when the stack runs low.
        if (++_exprDepth > 2000 || !System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            _exprDepth--;
            _diagnostics.Report(e.Location, Errors.ExpressionNestingTooDeep.With());
            return Error(e);
        }
        try
        {
            if (hint is RefType rt) hint = rt.Inner;
            // A bare literal where an Option is expected is typed as the payload (auto-wrap happens in Coerce).
            if (hint is EnumType { IsOptionLike: true } oh && (IsLiteralSyntax(e) || IsFloatLiteralSyntax(e))) hint = oh.SuccessType;
            var r = BindExprCore(e, hint);
            if (!allowVoid && r.Type.IsVoid && e is not ClosureExprSyntax)
            {
                // void values are only legal as statements
            }
            return r;
        }
        finally { _exprDepth--; }
    }

    private static BoundExpr Error(ExprSyntax e) => new BoundLiteralExpr(e.Location, TypeFactory.Error, 0L);

    private BoundExpr BindExprCore(ExprSyntax e, MiloType? hint)
    {
        switch (e)
        {
            case IntLiteralExprSyntax i: return BindIntLiteral(i, hint);
            case CharLiteralExprSyntax c: return BindCharLiteral(c, hint);
            case FloatLiteralExprSyntax f:
                return new BoundLiteralExpr(f.Location, hint is PrimitiveType { Kind: PrimitiveKind.F32 } ? TypeFactory.F32 : TypeFactory.F64, f.Value);
            case BoolLiteralExprSyntax b: return new BoundLiteralExpr(b.Location, TypeFactory.Bool, b.Value);
            case StringLiteralExprSyntax s: return new BoundStringLiteralExpr(s.Location, s.Utf8);
            case NullLiteralExprSyntax n: return BindNull(n, hint);
            case InterpolatedStringExprSyntax fs:
                return new BoundFormatExpr(fs.Location, fs.Parts.Select(p => BindDisplayable(p)).ToList());
            case NameExprSyntax n: return BindName(n);
            case UnaryExprSyntax u: return BindUnary(u, hint);
            case BinaryExprSyntax b: return BindBinary(b, hint);
            case CastExprSyntax c: return BindCast(c);
            case CallExprSyntax c: return BindCall(c, hint);
            case MethodCallExprSyntax m: return BindMethodCall(m, hint);
            case FieldExprSyntax f: return BindField(f);
            case IndexExprSyntax i: return BindIndex(i);
            case SliceExprSyntax s: return BindSlice(s);
            case TypeMemberExprSyntax tm: return BindTypeMember(tm, hint, null);
            case UnwrapExprSyntax u: return BindUnwrap(u);
            case PropagateExprSyntax p: return BindPropagate(p);
            case IsExprSyntax i: return BindIs(i);
            case StructLiteralExprSyntax s: return BindStructLiteral(s, hint);
            case ArrayLiteralExprSyntax a: return BindArrayLiteral(a, hint);
            case ArrayRepeatExprSyntax a: return BindArrayRepeat(a, hint);
            case ClosureExprSyntax c: return BindClosure(c, hint);
            default:
                _diagnostics.Report(e.Location, Errors.UnsupportedExpression.With());
                return Error(e);
        }
    }

    // BindExprCore must not mention Int128 (not even an implicit conversion): crossgen2 leaves every method that does to
    // the JIT, and BindExprCore dispatches every expression of a compile (docs/compile-times.md).
    private BoundExpr BindIntLiteral(IntLiteralExprSyntax i, MiloType? hint) => BindIntLiteral(i.Location, i.Value, hint, false);

    private BoundExpr BindCharLiteral(CharLiteralExprSyntax c, MiloType? hint)
        => BindIntLiteral(c.Location, c.Value, hint ?? TypeFactory.U8, false, isChar: true);

    private BoundExpr BindIntLiteral(Location loc, Int128 value, MiloType? hint, bool negated, bool isChar = false)
    {
        if (negated) value = -value;
        if (hint is PrimitiveType p && p.Kind.IsInteger())
            return MakeIntLiteral(loc, value, p, negated);
        var def = isChar ? TypeFactory.U8 : TypeFactory.I32;
        if (value > ulong.MaxValue || value < long.MinValue)
        {
            _diagnostics.Report(loc, Errors.IntegerLiteralValueTooLarge.With(value));
            return new BoundLiteralExpr(loc, def, 0L);
        }
        // Unannotated literals are i32 and silently wrap (reference behaviour).
        return new BoundLiteralExpr(loc, def, WrapToType(value, def.Kind));
    }

    private BoundExpr BindNull(NullLiteralExprSyntax n, MiloType? hint)
    {
        if (hint is EnumType { IsOptionLike: true } opt)
            return new BoundEnumExpr(n.Location, opt, opt.FindVariant("None")!, new());
        _diagnostics.Report(n.Location, Errors.CannotInferNoneType.With());
        return Error(n);
    }

    // ───────────────────────────── names ─────────────────────────────

    private BoundExpr BindName(NameExprSyntax n)
    {
        var v = _ctx.Scope.Lookup(n.Name);
        if (v != null)
        {
            NoteCapture(v);
            if (_ctx.Owned.Contains(v)) CheckNotMoved(v, n.Location);
            var t = v.Type is RefType r ? r.Inner : v.Type;
            return new BoundVariableExpr(n.Location, v, t);
        }
        if (_decls.Functions.TryGetValue(n.Name, out var fd))
        {
            if (fd.Decl.TypeParams.Count > 0)
            {
                _diagnostics.Report(n.Location, Errors.GenericFunctionAsValue.With(n.Name));
                return Error(n);
            }
            var f = GetFunction(fd.Decl, fd.Source, new());
            return new BoundFunctionRefExpr(n.Location, f, _types.Function(f.Parameters.Select(p => p.Type).ToList(), f.ReturnType));
        }
        if (_decls.Constants.TryGetValue(n.Name, out var c)) return BindConstant(n, c.Decl, c.Source);
        _diagnostics.Report(n.Location, Errors.UndefinedVariable.With(n.Name), help: SuggestVariable(n.Name));
        return Error(n);
    }

    /// <summary>A use of a top-level `let` constant: its literal, typed by the declaration (or as an unannotated literal).</summary>
    private BoundExpr BindConstant(NameExprSyntax use, ConstDeclSyntax decl, Text.SourceText source)
    {
        static bool IsLiteral(ExprSyntax e) => e switch
        {
            IntLiteralExprSyntax or FloatLiteralExprSyntax or StringLiteralExprSyntax or BoolLiteralExprSyntax => true,
            UnaryExprSyntax { Op: UnaryOp.Negate, Operand: IntLiteralExprSyntax or FloatLiteralExprSyntax } => true,
            _ => false,
        };
        if (!IsLiteral(decl.Init))
        {
            _diagnostics.Report(use.Location, Errors.TopLevelLetNotLiteral.With(decl.Name.Text));
            return Error(use);
        }
        var type = decl.Type == null ? null : ResolveType(decl.Type, TypeEnv.Empty(source));
        var bound = BindExpr(decl.Init, type);
        if (type != null && !type.IsError && !bound.Type.IsError && !bound.Type.StripRange().Equals(type.StripRange()))
        {
            _diagnostics.Report(use.Location, Errors.TopLevelLetTypeMismatch.With(decl.Name.Text, type.Name, bound.Type.Name));
            return Error(use);
        }
        return bound;
    }

    /// <summary>Records that the current closure (and every closure between it and the variable's owner) captures <paramref name="v"/>.</summary>
    private void NoteCapture(VariableSymbol v)
    {
        for (var c = _ctx; c != null && !c.Owned.Contains(v); c = c.Outer)
        {
            if (!c.Captures.Contains(v)) c.Captures.Add(v);
            if (!c.IsMoveClosure) v.IsCapturedByReference = true;
        }
    }

    // ───────────────────────────── operators ─────────────────────────────

    private BoundExpr BindUnary(UnaryExprSyntax u, MiloType? hint)
    {
        switch (u.Op)
        {
            case UnaryOp.Negate:
            {
                if (u.Operand is IntLiteralExprSyntax il)
                    return BindIntLiteral(u.Location, il.Value, hint, negated: true);
                if (u.Operand is FloatLiteralExprSyntax fl)
                    return new BoundLiteralExpr(u.Location, hint is PrimitiveType { Kind: PrimitiveKind.F32 } ? TypeFactory.F32 : TypeFactory.F64, -fl.Value);
                var op = BindExpr(u.Operand, hint);
                if (!op.Type.IsNumeric && !op.Type.IsError)
                {
                    _diagnostics.Report(u.Location, Errors.NegateRequiresNumeric.With(op.Type.Name));
                    return op;
                }
                return new BoundUnaryExpr(u.Location, UnaryOp.Negate, op, op.Type.StripRange(), _debug && op.Type.IsInteger);
            }
            case UnaryOp.Not:
            {
                var op = BindExpr(u.Operand, TypeFactory.Bool);
                if (!op.Type.IsBool && !op.Type.IsError)
                    _diagnostics.Report(u.Location, Errors.NotRequiresBool.With(op.Type.Name));
                return new BoundUnaryExpr(u.Location, UnaryOp.Not, op, TypeFactory.Bool, false);
            }
            case UnaryOp.BitNot:
            {
                var op = BindExpr(u.Operand, hint);
                if (!op.Type.IsInteger && !op.Type.IsError)
                    _diagnostics.Report(u.Location, Errors.BitNotRequiresInteger.With(op.Type.Name));
                return new BoundUnaryExpr(u.Location, UnaryOp.BitNot, op, op.Type.StripRange(), false);
            }
            case UnaryOp.Deref:
            {
                var op = BindExpr(u.Operand, null);
                if (op.Type is HeapType h) return new BoundDerefExpr(u.Location, op, h.Inner);
                if (op.Type.StripRange() is PointerType pt) return BindPointerDeref(u, op, pt);
                if (!op.Type.IsError)
                    _diagnostics.Report(u.Location, Errors.CannotDereference.With(op.Type.Name));
                return Error(u);
            }
            default:
                if (_ctx.UnsafeDepth == 0) _diagnostics.Report(u.Location, Errors.AddressOfRequiresUnsafe.With());
                else return BindAddressOf(u);
                return Error(u);
        }
    }

    private static string OpText(BinaryOp op) => op switch
    {
        BinaryOp.Add => "+", BinaryOp.Sub => "-", BinaryOp.Mul => "*", BinaryOp.Div => "/", BinaryOp.Rem => "%",
        BinaryOp.Eq => "==", BinaryOp.Ne => "!=", BinaryOp.Lt => "<", BinaryOp.Le => "<=", BinaryOp.Gt => ">", BinaryOp.Ge => ">=",
        BinaryOp.And => "&&", BinaryOp.Or => "||", BinaryOp.BitAnd => "&", BinaryOp.BitOr => "|", BinaryOp.BitXor => "^",
        BinaryOp.Shl => "<<", BinaryOp.Shr => ">>", _ => "??",
    };

    private static bool IsArith(BinaryOp op) => op is BinaryOp.Add or BinaryOp.Sub or BinaryOp.Mul or BinaryOp.Div or BinaryOp.Rem;
    private static bool IsBitwise(BinaryOp op) => op is BinaryOp.BitAnd or BinaryOp.BitOr or BinaryOp.BitXor or BinaryOp.Shl or BinaryOp.Shr;
    private static bool IsComparison(BinaryOp op) => op is BinaryOp.Eq or BinaryOp.Ne or BinaryOp.Lt or BinaryOp.Le or BinaryOp.Gt or BinaryOp.Ge;

    private BoundExpr BindBinary(BinaryExprSyntax b, MiloType? hint)
    {
        if (b.Op == BinaryOp.Coalesce) return BindCoalesce(b);
        if (b.Op is BinaryOp.And or BinaryOp.Or) return BindLogical(b);

        var (left, right, leftLit, rightLit) = BindBinaryOperands(b, hint);
        if (left.Type.IsError || right.Type.IsError) return new BoundBinaryExpr(b.Location, b.Op, left, right, IsComparison(b.Op) ? TypeFactory.Bool : TypeFactory.Error, false);
        var lt = left.Type.StripRange();
        var rt = right.Type.StripRange();
        var op = OpText(b.Op);

        if (lt is StructType or EnumType) return BindUserTypeBinary(b, left, right, lt, rt);
        if (lt.IsString || rt.IsString) return BindStringBinary(b, left, right, lt, rt);

        if (lt.IsBool && rt.IsBool && (b.Op is BinaryOp.Eq or BinaryOp.Ne or BinaryOp.BitAnd or BinaryOp.BitOr or BinaryOp.BitXor))
            return new BoundBinaryExpr(b.Location, b.Op, left, right, TypeFactory.Bool, false);

        if (!lt.IsNumeric || !rt.IsNumeric)
        {
            var bad = !lt.IsNumeric ? lt : rt;
            if (IsComparison(b.Op) && (lt is PointerType && rt is PointerType || lt is FunctionType))
                return new BoundBinaryExpr(b.Location, b.Op, left, right, TypeFactory.Bool, false);
            _diagnostics.Report(b.OperatorLocation, IsComparison(b.Op)
                ? Errors.CannotUseOperatorOn.With(op, bad.Name)
                : Errors.OperatorRequiresNumeric.With(op, bad.Name));
            return Error(b.Left);
        }
        if (!lt.SameAs(rt))
        {
            _diagnostics.Report(b.OperatorLocation, Errors.TypeMismatchVs.With(op, lt.Name, rt.Name));
            return Error(b.Left);
        }
        if (IsBitwise(b.Op) && !lt.IsInteger)
        {
            _diagnostics.Report(b.OperatorLocation, Errors.OperatorRequiresInteger.With(op, lt.Name));
            return Error(b.Left);
        }
        if (IsComparison(b.Op)) return new BoundBinaryExpr(b.Location, b.Op, left, right, TypeFactory.Bool, false);

        if (leftLit && rightLit && FoldOverflowingConstant(b, left, right, lt) is { } wrapped) return wrapped;
        bool isChecked = _debug && lt.IsInteger && b.Op is BinaryOp.Add or BinaryOp.Sub or BinaryOp.Mul;
        return new BoundBinaryExpr(b.Location, b.Op, left, right, lt, isChecked);
    }

    /// <summary>`a &amp;&amp; b` / `a || b`: both operands bool.</summary>
    private BoundExpr BindLogical(BinaryExprSyntax b)
    {
        var l = BindExpr(b.Left, TypeFactory.Bool);
        var r = BindExpr(b.Right, TypeFactory.Bool);
        foreach (var x in new[] { l, r })
            if (!x.Type.IsBool && !x.Type.IsError)
                _diagnostics.Report(x.Location, Errors.OperatorRequiresBoolOperands.With(OpText(b.Op), x.Type.Name));
        return new BoundBinaryExpr(b.Location, b.Op, l, r, TypeFactory.Bool, false);
    }

    /// <summary>Both operands, with literal adaptation: a bare literal takes the other operand's integer type.</summary>
    private (BoundExpr Left, BoundExpr Right, bool LeftLit, bool RightLit) BindBinaryOperands(BinaryExprSyntax b, MiloType? hint)
    {
        var numericHint = (IsArith(b.Op) || IsBitwise(b.Op)) && hint is PrimitiveType hp && (hp.Kind.IsInteger() || hp.Kind is PrimitiveKind.F32 or PrimitiveKind.F64) ? hint : null;
        BoundExpr left, right;
        bool leftLit = IsLiteralSyntax(b.Left), rightLit = IsLiteralSyntax(b.Right);
        if (leftLit && !rightLit)
        {
            right = BindExpr(b.Right, numericHint);
            left = BindExpr(b.Left, right.Type.IsInteger ? right.Type : numericHint);
        }
        else
        {
            left = BindExpr(b.Left, leftLit ? numericHint : (IsFloatLiteralSyntax(b.Left) ? numericHint : numericHint));
            right = BindExpr(b.Right, left.Type.IsInteger && rightLit ? left.Type : (IsFloatLiteralSyntax(b.Right) && left.Type.IsFloat ? left.Type : (rightLit ? numericHint : left.Type is StructType or EnumType ? left.Type : numericHint)));
        }
        return (left, right, leftLit, rightLit);
    }

    /// <summary>Operator overloading (Add/Sub/Mul/Div traits) and struct/enum equality.</summary>
    private BoundExpr BindUserTypeBinary(BinaryExprSyntax b, BoundExpr left, BoundExpr right, MiloType lt, MiloType rt)
    {
        var op = OpText(b.Op);
        if (!lt.SameAs(rt)) { _diagnostics.Report(b.OperatorLocation, Errors.TypeMismatchVs.With(op, lt.Name, rt.Name)); return Error(b.Left); }
        if (b.Op is BinaryOp.Eq or BinaryOp.Ne) return BindStructEquality(b, left, right);
        var traitMethod = b.Op switch { BinaryOp.Add => "add", BinaryOp.Sub => "sub", BinaryOp.Mul => "mul", BinaryOp.Div => "div", _ => null };
        var traitName = b.Op switch { BinaryOp.Add => "Add", BinaryOp.Sub => "Sub", BinaryOp.Mul => "Mul", BinaryOp.Div => "Div", _ => null };
        if (traitMethod != null && HasTraitImpl(lt, traitName!) && LookupMethod(lt, traitMethod) is { } m)
            return new BoundCallExpr(b.Location, m, new() { left, right });
        _diagnostics.Report(b.OperatorLocation, Errors.OperatorNotDefined.With(op, lt.Name));
        return Error(b.Left);
    }

    /// <summary>`+` and comparisons of two strings; anything else with a string operand is an error.</summary>
    private BoundExpr BindStringBinary(BinaryExprSyntax b, BoundExpr left, BoundExpr right, MiloType lt, MiloType rt)
    {
        var op = OpText(b.Op);
        if (!lt.IsString || !rt.IsString)
        {
            _diagnostics.Report(b.OperatorLocation, Errors.TypeMismatchVs.With(op, lt.Name, rt.Name));
            return Error(b.Left);
        }
        if (b.Op == BinaryOp.Add) return new BoundBinaryExpr(b.Location, b.Op, left, right, TypeFactory.String, false);
        if (IsComparison(b.Op)) return new BoundBinaryExpr(b.Location, b.Op, left, right, TypeFactory.Bool, false);
        _diagnostics.Report(b.OperatorLocation, Errors.OperatorRequiresNumericGotString.With(op));
        return Error(b.Left);
    }

    /// <summary>
    /// Constant folding of literal-op-literal with the compile-time overflow check: an integer result outside the type's
    /// range is reported (E0204) and becomes the wrapped literal; null when the operation does not overflow.
    /// </summary>
    private BoundExpr? FoldOverflowingConstant(BinaryExprSyntax b, BoundExpr left, BoundExpr right, MiloType lt)
    {
        if (!lt.IsInteger || left is not BoundLiteralExpr ll || right is not BoundLiteralExpr rl) return null;
        var a = LiteralValue(ll); var c = LiteralValue(rl);
        Int128? res = b.Op switch
        {
            BinaryOp.Add => a + c, BinaryOp.Sub => a - c, BinaryOp.Mul => a * c,
            BinaryOp.Div when c != 0 => a / c, BinaryOp.Rem when c != 0 => a % c,
            _ => null,
        };
        if (res is not { } rv) return null;
        var (min, max) = ((PrimitiveType)lt).Kind.IntRange();
        if (rv >= min && rv <= max) return null;
        _diagnostics.Report(b.Location, Errors.ConstantExpressionOverflows.With(LiteralText(b.Left), OpText(b.Op), LiteralText(b.Right), lt.Name, rv, min, max));
        return new BoundLiteralExpr(b.Location, lt, WrapToType(rv, ((PrimitiveType)lt).Kind));
    }

    private static string LiteralText(ExprSyntax e) => e switch
    {
        IntLiteralExprSyntax i => i.Text,
        CharLiteralExprSyntax c => c.Value.ToString(),
        UnaryExprSyntax { Operand: var o } => "-" + LiteralText(o),
        _ => "?",
    };

    private BoundExpr BindStructEquality(BinaryExprSyntax b, BoundExpr left, BoundExpr right)
    {
        var t = left.Type;
        switch (t)
        {
            case StructType st when st.EqMethod != null || st.HasStructuralEq:
                return new BoundBinaryExpr(b.Location, b.Op, left, right, TypeFactory.Bool, false);
            case StructType st when HasTraitImpl(st, "Eq") && LookupMethod(st, "eq") is { } eq:
                st.EqMethod = eq;
                return new BoundBinaryExpr(b.Location, b.Op, left, right, TypeFactory.Bool, false);
            case EnumType et when !et.HasPayloads:
                return new BoundBinaryExpr(b.Location, b.Op, left, right, TypeFactory.Bool, false);
            case EnumType et:
                _diagnostics.Report(b.OperatorLocation, Errors.CannotCompareEnumWithPayloads.With(OpText(b.Op), et.Name), "use 'match' to compare");
                return Error(b.Left);
            default:
                _diagnostics.Report(b.OperatorLocation, Errors.CannotUseOperatorOn.With(OpText(b.Op), t.Name), "implement Eq trait or compare individual fields");
                return Error(b.Left);
        }
    }

    private BoundExpr BindCoalesce(BinaryExprSyntax b)
    {
        var left = BindExpr(b.Left, null);
        if (AsOptionOrResult(left.Type) is not { } et)
        {
            if (!left.Type.IsError) _diagnostics.Report(b.Left.Location, Errors.CoalesceRequiresOptionOrResult.With(left.Type.Name));
            return left;
        }
        var payload = et.SuccessType!;
        var right = BindExpr(b.Right, payload);
        if (!right.Type.SameAs(payload) && !right.Type.IsError)
            _diagnostics.Report(b.Right.Location, Errors.CoalesceDefaultTypeMismatch.With(payload.Name, right.Type.Name));
        return new BoundCoalesceExpr(b.Location, left, right, payload);
    }

    private BoundExpr BindCast(CastExprSyntax c)
    {
        var target = ResolveType(c.Type, _ctx.Env).StripRange();
        var op = BindExpr(c.Operand, null);
        var st = op.Type.StripRange();
        if (st.IsError || target.IsError) return new BoundCastExpr(c.Location, op, target);
        if (target.IsBool) { _diagnostics.Report(c.Location, Errors.CannotCastToBool.With()); return op; }
        if (target is PointerType && st is FunctionType && _ctx.UnsafeDepth > 0) return BindFunctionToPointer(c, op, target);
        if (target is PointerType || st is PointerType)
        {
            if (_ctx.UnsafeDepth == 0 && target is PointerType) _diagnostics.Report(c.Location, Errors.PointerCastRequiresUnsafe.With());
            return new BoundCastExpr(c.Location, op, target);
        }
        if (!target.IsNumeric) { _diagnostics.Report(c.Location, Errors.CannotCastTo.With(target.Name)); return op; }
        if (!st.IsNumeric && !st.IsBool) { _diagnostics.Report(c.Location, Errors.CannotCastFrom.With(st.Name)); return op; }
        if (op is BoundLiteralExpr lit && IsLiteralSyntax(c.Operand) && target.IsInteger && st.IsInteger)
            return new BoundLiteralExpr(c.Location, target, WrapToType(LiteralValue(lit), ((PrimitiveType)target).Kind));
        return new BoundCastExpr(c.Location, op, target);
    }

    // ───────────────────────────── fields, indexing ─────────────────────────────

    private BoundExpr BindField(FieldExprSyntax f)
    {
        var recv = BindExpr(f.Receiver, null);
        var name = f.Field.Text;
        var t = recv.Type;
        if (name == "len")
        {
            switch (t)
            {
                case ArrayType: return new BoundIntrinsicExpr(f.Location, IntrinsicKind.ArrayLength, new() { recv }, TypeFactory.I32);
                case StringType or VecType or MapType: return RuntimeLen(f.Location, recv);
            }
        }
        switch (t)
        {
            case StructType st:
                if (st.FindField(name) is { } field) return new BoundFieldExpr(f.Location, recv, field);
                _diagnostics.Report(f.Field.Location, Errors.StructHasNoField.With(st.Name, name), help: SuggestField(st, name));
                return Error(f);
            case DotNetType dnt:
                return BindDotNetField(f, recv, dnt);
            case EnumType et:
                _diagnostics.Report(f.Field.Location, Errors.FieldAccessOnEnum.With(et.Name));
                return Error(f);
            case ErrorType:
                return Error(f);
            default:
                _diagnostics.Report(f.Field.Location, Errors.TypeHasNoField.With(t.Name, name));
                return Error(f);
        }
    }

    private BoundExpr BindIndex(IndexExprSyntax i)
    {
        var recv = BindExpr(i.Receiver, null);
        if (recv.Type is DotNetType dnt) return BindDotNetIndex(i, recv, dnt);
        var idx = BindExpr(i.Index, TypeFactory.I64);
        if (!idx.Type.IsInteger && !idx.Type.IsError)
            _diagnostics.Report(i.Index.Location, Errors.IndexMustBeInteger.With(idx.Type.Name));
        switch (recv.Type)
        {
            case ArrayType at: return new BoundIndexExpr(i.Location, recv, idx, at.Element);
            case VecType vt: return new BoundIndexExpr(i.Location, recv, idx, vt.Element);
            case StringType: return new BoundIndexExpr(i.Location, recv, idx, TypeFactory.U8);
            case PointerType pt: return BindPointerIndex(i, recv, idx, pt);
            case ErrorType: return Error(i);
            default:
                _diagnostics.Report(i.Location, Errors.CannotIndex.With(recv.Type.Name));
                return Error(i);
        }
    }

    private BoundExpr BindSlice(SliceExprSyntax s)
    {
        var recv = BindExpr(s.Receiver, null);
        var a = BindExpr(s.Start, TypeFactory.I64);
        var b = BindExpr(s.End, TypeFactory.I64);
        if (!recv.Type.IsString)
        {
            if (!recv.Type.IsError) _diagnostics.Report(s.Location, Errors.SliceNotString.With(recv.Type.Name));
            return Error(s);
        }
        return RuntimeCall(s.Location, typeof(Milo.Runtime.MiloString), "Slice", null, recv, new() { ToI64(a), ToI64(b) }, TypeFactory.String);
    }

    private BoundExpr ToI64(BoundExpr e) => e.Type.StripRange() is var t && t.SameAs(TypeFactory.I64) || t.IsError ? e : new BoundCastExpr(e.Location, e, TypeFactory.I64);

    /// <summary>A value rendered by print/format/f-strings. Void arguments are rejected.</summary>
    private BoundExpr BindDisplayable(ExprSyntax e)
    {
        var b = BindExpr(e, null);
        if (b.Type.IsVoid) _diagnostics.Report(e.Location, Errors.CannotPrintVoid.With());
        return b;
    }
}
