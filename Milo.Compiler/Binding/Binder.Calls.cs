using Milo.Compiler.Diagnostics;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

internal sealed partial class Binder
{
    private BoundExpr BindCall(CallExprSyntax c, MiloType? hint)
    {
        if (c.Callee is TypeMemberExprSyntax tm) return BindTypeMember(tm, hint, c);
        if (c.Callee is not NameExprSyntax n)
        {
            // a computed function value: `(h.f)(x)`, `v[0](x)`, `make()(x)`
            var computed = BindExpr(c.Callee, null);
            if (computed.Type is FunctionType cft) return BindClosureCall(c, computed, cft, c.Args);
            if (!computed.Type.IsError) _diagnostics.Report(c.Location, Errors.NotCallable.With(computed.Type.Name));
            foreach (var a in c.Args) BindExpr(a, null);
            return Error(c);
        }
        var name = n.Name;
        // A local of function type shadows functions and builtins.
        if (_ctx.Scope.Lookup(name) is { } v)
        {
            var callee = BindName(n);
            if (callee.Type is FunctionType ft) return BindClosureCall(c, callee, ft, c.Args);
            if (!callee.Type.IsError) _diagnostics.Report(c.Location, Errors.NotAFunction.With(name, callee.Type.Name));
            return Error(c);
        }
        if (_decls.Functions.TryGetValue(name, out var fd)) return BindUserCall(c, fd.Decl, fd.Source, hint);
        if (BindBuiltinCall(c, name, hint) is { } builtin) return builtin;
        _diagnostics.Report(n.Location, Errors.UndefinedFunction.With(name), help: SuggestFunction(name));
        foreach (var a in c.Args) BindExpr(a, null);
        return Error(c);
    }

    private BoundExpr BindClosureCall(CallExprSyntax c, BoundExpr callee, FunctionType ft, List<ExprSyntax> args)
    {
        if (args.Count != ft.Parameters.Count)
        {
            _diagnostics.Report(c.Location, Errors.ClosureArity.With(ft.Parameters.Count, args.Count));
            return new BoundClosureCallExpr(c.Location, callee, args.Select(a => BindExpr(a, null)).ToList(), ft.ReturnType);
        }
        var bound = new List<BoundExpr>();
        for (int i = 0; i < args.Count; i++)
        {
            var pt = ft.Parameters[i];
            var a = BindExpr(args[i], pt);
            int idx = i + 1;
            bound.Add(Coerce(a, pt, args[i].Location, actualType => Errors.ClosureArgumentTypeMismatch.With(idx, (pt is RefType r ? r.Inner : pt).Name, actualType)));
        }
        // A by-value argument moves into the closure, as into a function (before, `f(s)` left `s` valid and shared its
        // buffer with whatever the closure kept; an element view or a field passed this way is copied).
        for (int i = 0; i < bound.Count; i++)
            if (ft.Parameters[i] is not RefType) bound[i] = Consume(bound[i]);
        return new BoundClosureCallExpr(c.Location, callee, bound, ft.ReturnType);
    }

    /// <summary>Binds arguments against parameter types (hints + coercion); reports arity errors with <paramref name="arityMessage"/>.</summary>
    private List<BoundExpr> BindArguments(List<ExprSyntax> args, IReadOnlyList<MiloType> paramTypes, Location loc, DiagnosticMessage arityMessage, string what, bool variadic = false, bool borrowOnly = false)
    {
        if (args.Count != paramTypes.Count && !(variadic && args.Count >= paramTypes.Count))
        {
            _diagnostics.Report(loc, arityMessage);
            return args.Select(a => BindExpr(a, null)).ToList();
        }
        var bound = new List<BoundExpr>();
        for (int i = 0; i < args.Count; i++)
        {
            if (i >= paramTypes.Count) { bound.Add(BindExpr(args[i], null)); continue; }
            var pt = paramTypes[i];
            var a = BindExpr(args[i], pt);
            int idx = i + 1;
            var expected = pt is RefType r ? r.Inner : pt;
            bound.Add(Coerce(a, pt, args[i].Location, actualType => Errors.ArgumentTypeMismatch.With(what, idx, expected.Name, actualType)));
        }
        // All arguments are checked before any moves (as the reference does): `m.insert(k, m.getOrDefault(k, 0) + 1)`
        // reads k in the second argument, evaluated before the call takes k. Moving one variable twice is still an error.
        if (!borrowOnly)
            for (int i = 0; i < bound.Count && i < paramTypes.Count; i++)
                if (paramTypes[i] is not RefType) bound[i] = Consume(bound[i]);
        return bound;
    }

    private BoundExpr BindUserCall(CallExprSyntax c, FunctionDeclSyntax decl, SourceText src, MiloType? hint)
    {
        var name = decl.Name.Text;
        FunctionSymbol fn;
        if (decl.TypeParams.Count == 0)
        {
            fn = GetFunction(decl, src, new());
        }
        else
        {
            if (InferTypeArguments(decl.TypeParams, decl.Parameters.Select(p => p.Type).ToList(), c.Args, decl.ReturnType, hint, src, c.Location, name) is not { } targs)
                return Error(c);
            CheckBounds(decl.TypeParams, targs, c.Location);
            fn = GetFunction(decl, src, targs);
        }
        if (fn.ClrMethod != null)
        {
            var cargs = BindArguments(c.Args, fn.Parameters.Select(p => p.Type).ToList(), c.Location,
                Errors.FunctionArity.With(name, fn.Parameters.Count, c.Args.Count), $"'{name}'", borrowOnly: true);
            // .NET-implemented externs never take ownership of their arguments (they are borrowed for the call).
            return new BoundRuntimeCallExpr(c.Location, fn.ClrMethod, null, null, cargs, fn.ReturnType);
        }
        if (fn.Kind == FunctionKind.Extern && _ctx.UnsafeDepth == 0 &&
            !fn.Parameters.All(p => p.Type.IsNumeric || p.Type.IsBool) )
        {
            if (!(fn.ReturnType.IsNumeric || fn.ReturnType.IsBool || fn.ReturnType.IsVoid) || fn.Parameters.Any(p => !(p.Type.IsNumeric || p.Type.IsBool)))
                _diagnostics.Report(c.Location, Errors.ExternCallRequiresUnsafe.With(name));
        }
        if (IsCExtern(fn)) return new BoundCallExpr(c.Location, fn, BindExternArguments(c, fn, name));
        var args = BindArguments(c.Args, fn.Parameters.Select(p => p.Type).ToList(), c.Location,
            Errors.FunctionArity.With(name, fn.Parameters.Count, c.Args.Count), $"'{name}'", fn.IsVariadic);
        return new BoundCallExpr(c.Location, fn, args);
    }

    private void CheckBounds(List<TypeParamSyntax> tps, List<MiloType> targs, Location loc)
    {
        for (int i = 0; i < tps.Count && i < targs.Count; i++)
            foreach (var bound in tps[i].Bounds)
            {
                if (!_decls.Traits.ContainsKey(bound) && bound is not ("Eq" or "Hash" or "Clone" or "Display")) continue;
                if (!TypeImplementsTrait(targs[i], bound))
                    _diagnostics.Report(loc, Errors.TypeDoesNotImplementTrait.With(targs[i].Name, bound));
            }
    }

    private bool TypeImplementsTrait(MiloType t, string trait)
    {
        if (HasTraitImpl(t, trait)) return true;
        if (t is StructType or EnumType)
        {
            return trait == "Eq" && t is StructType { HasStructuralEq: true };
        }
        if (trait is "Eq" or "Hash") return t.IsInteger || t.IsBool || t.IsString || (trait == "Eq" && t.IsFloat);
        return false;
    }

    // ───────────────────────────── generic inference ─────────────────────────────

    /// <summary>
    /// Infers type arguments from the arguments (bound without hints; literal arguments yield to non-literal evidence)
    /// and then from the expected return type.
    /// </summary>
    private List<MiloType>? InferTypeArguments(List<TypeParamSyntax> tps, List<TypeSyntax> paramSyntax, List<ExprSyntax> args, TypeSyntax? retSyntax, MiloType? hint, SourceText src, Location loc, string what)
    {
        var names = tps.Select(t => t.Name).ToHashSet();
        var map = new Dictionary<string, MiloType>();
        var env = TypeEnv.Empty(src);
        // Non-literal arguments first, then the types closure arguments declare, then literals (which yield to both).
        for (int pass = 0; pass < 3; pass++)
        {
            for (int i = 0; i < args.Count && i < paramSyntax.Count; i++)
            {
                int kind = args[i] is ClosureExprSyntax ? 1 : IsLiteralSyntax(args[i]) || IsFloatLiteralSyntax(args[i]) ? 2 : 0;
                if (kind != pass || !MentionsAny(paramSyntax[i], names)) continue;
                if (args[i] is ClosureExprSyntax ce) { UnifyClosureSignature(paramSyntax[i], ce, names, map, loc, what); continue; }
                var a = ProbeType(args[i]);
                if (a != null) Unify(paramSyntax[i], a, names, map, loc, what, quiet: pass == 2);
            }
        }
        if (retSyntax != null && hint != null && map.Count < names.Count) Unify(retSyntax, hint, names, map, loc, what, quiet: true);
        var missing = tps.Where(t => !map.ContainsKey(t.Name)).Select(t => t.Name).ToList();
        if (missing.Count > 0)
        {
            var hintText = args.Any(a => a is ClosureExprSyntax { ReturnType: null })
                ? "a closure argument tells only the types it declares: write its result type, e.g. '(x: &T): string => …'" : null;
            _diagnostics.Report(loc, Errors.CannotInferTypeParameters.With(string.Join("', '", missing), what), hintText);
            return null;
        }
        return tps.Select(t => map[t.Name]).ToList();
    }

    /// <summary>
    /// A closure argument is evidence through the types it declares — its parameters, and its result when written:
    /// `mapVec(staff, (e: &Emp): string => e.name)` gives T = Emp and R = string. Its body is not bound here (binding it
    /// records captures and moves), so an undeclared result type stays unknown.
    /// </summary>
    private void UnifyClosureSignature(TypeSyntax pattern, ClosureExprSyntax c, HashSet<string> names, Dictionary<string, MiloType> map, Location loc, string what)
    {
        if (pattern is not FunctionTypeSyntax f || f.Parameters.Count != c.Parameters.Count) return;
        for (int i = 0; i < c.Parameters.Count; i++)
        {
            if (!MentionsAny(f.Parameters[i], names) || ResolveType(c.Parameters[i].Type, _ctx.Env) is not { IsError: false } pt) continue;
            // A callback parameter may be declared by reference (`(x: &i64)` for `(T) => …`): the element type is T, not `&i64`.
            Unify(f.Parameters[i], f.Parameters[i] is RefTypeSyntax || pt is not RefType r ? pt : r.Inner, names, map, loc, what, quiet: true);
        }
        if (c.ReturnType != null && MentionsAny(f.ReturnType, names) && ResolveType(c.ReturnType, _ctx.Env) is { IsError: false } rt)
            Unify(f.ReturnType, rt, names, map, loc, what, quiet: true);
    }

    /// <summary>Type of an argument expression for inference purposes (binds it once, discarding the result and its diagnostics' duplicates).</summary>
    private MiloType? ProbeType(ExprSyntax e)
    {
        var b = BindWithoutMoves(e, null);
        return b.Type.IsError ? null : b.Type;
    }

    /// <summary>
    /// A struct-literal field value that cannot be typed without the field's type as hint (`[]`, `Option.None`,
    /// `Vec.new()`, a static method): it gives no evidence for the struct's type parameters. An enum-variant constructor
    /// whose arguments can be typed alone (`Option.Some(4 as i64)`, `Result.Ok(x)`) does (before, it was skipped too, so
    /// `Pair { left: Option.Some(x), right: "r" }` could not infer A).
    /// </summary>
    private bool NeedsHintToBind(ExprSyntax e) => e switch
    {
        ArrayLiteralExprSyntax { Elements.Count: 0 } or TypeMemberExprSyntax => true,
        CallExprSyntax { Callee: TypeMemberExprSyntax tm } c =>
            !(_decls.Enums.TryGetValue(tm.Type.Name, out var ed) && ed.Decl.Variants.Any(v => v.Name == tm.Member.Text))
            || c.Args.Count == 0 || c.Args.Any(NeedsHintToBind),
        _ => false,
    };

    private static bool MentionsAny(TypeSyntax t, HashSet<string> names) => t switch
    {
        NamedTypeSyntax n => names.Contains(n.Name) || n.TypeArgs.Any(a => MentionsAny(a, names)),
        OptionTypeSyntax o => MentionsAny(o.Inner, names),
        RefTypeSyntax r => MentionsAny(r.Inner, names),
        PointerTypeSyntax p => MentionsAny(p.Inner, names),
        ArrayTypeSyntax a => MentionsAny(a.Element, names),
        FunctionTypeSyntax f => f.Parameters.Any(p => MentionsAny(p, names)) || MentionsAny(f.ReturnType, names),
        _ => false,
    };

    private void Unify(TypeSyntax pattern, MiloType actual, HashSet<string> names, Dictionary<string, MiloType> map, Location loc, string what, bool quiet = false)
    {
        actual = actual.StripRange();
        switch (pattern)
        {
            case NamedTypeSyntax n when names.Contains(n.Name) && n.TypeArgs.Count == 0:
                if (map.TryGetValue(n.Name, out var prev))
                {
                    if (!prev.SameAs(actual) && !quiet)
                        _diagnostics.Report(loc, Errors.ConflictingInference.With(n.Name, prev.Name, actual.Name));
                }
                else map[n.Name] = actual;
                return;
            case NamedTypeSyntax n:
                switch (actual)
                {
                    case VecType v when n.Name == "Vec" && n.TypeArgs.Count == 1: Unify(n.TypeArgs[0], v.Element, names, map, loc, what, quiet); return;
                    case MapType m when n.Name == "HashMap" && n.TypeArgs.Count == 2:
                        Unify(n.TypeArgs[0], m.Key, names, map, loc, what, quiet); Unify(n.TypeArgs[1], m.Value, names, map, loc, what, quiet); return;
                    case HeapType h when n.Name == "Heap" && n.TypeArgs.Count == 1: Unify(n.TypeArgs[0], h.Inner, names, map, loc, what, quiet); return;
                    case StructType s when s.MiloName == n.Name:
                        for (int i = 0; i < n.TypeArgs.Count && i < s.TypeArgs.Count; i++) Unify(n.TypeArgs[i], s.TypeArgs[i], names, map, loc, what, quiet);
                        return;
                    case EnumType e when e.MiloName == n.Name:
                        for (int i = 0; i < n.TypeArgs.Count && i < e.TypeArgs.Count; i++) Unify(n.TypeArgs[i], e.TypeArgs[i], names, map, loc, what, quiet);
                        return;
                    case RuntimeClassType r when r.MiloName == n.Name:
                        for (int i = 0; i < n.TypeArgs.Count && i < r.TypeArgs.Count; i++) Unify(n.TypeArgs[i], r.TypeArgs[i], names, map, loc, what, quiet);
                        return;
                }
                return;
            case OptionTypeSyntax o when actual is EnumType { IsOptionLike: true } oe:
                Unify(o.Inner, oe.SuccessType!, names, map, loc, what, quiet); return;
            case RefTypeSyntax r:
                Unify(r.Inner, actual is RefType ra ? ra.Inner : actual, names, map, loc, what, quiet); return;
            case ArrayTypeSyntax a when actual is ArrayType aa:
                Unify(a.Element, aa.Element, names, map, loc, what, quiet); return;
            case FunctionTypeSyntax f when actual is FunctionType fa && fa.Parameters.Count == f.Parameters.Count:
                for (int i = 0; i < f.Parameters.Count; i++) Unify(f.Parameters[i], fa.Parameters[i], names, map, loc, what, quiet);
                Unify(f.ReturnType, fa.ReturnType, names, map, loc, what, quiet);
                return;
        }
    }

    // ───────────────────────────── Type.member ─────────────────────────────

    /// <summary>`Enum.Variant`, `Enum.Variant(args)`, `Type.staticMethod(args)`, `Vec.new()`, `HashMap.new()`, `String.withCapacity(n)`.</summary>
    private BoundExpr BindTypeMember(TypeMemberExprSyntax tm, MiloType? hint, CallExprSyntax? call)
    {
        var typeName = tm.Type.Name;
        var member = tm.Member.Text;
        var args = call?.Args ?? new List<ExprSyntax>();
        var loc = call?.Location ?? tm.Location;

        if (call is { TypeArgs.Count: > 0 } && !IsDotNetName(typeName))
        {
            _diagnostics.Report(tm.Member.Location, Errors.MethodTypeArgumentsOutsideDotNet.With($"{typeName}.{member}"));
            foreach (var a in args) BindExpr(a, null);
            return Error(tm);
        }
        if (_decls.RuntimeStructs.ContainsKey(typeName)) return BindRuntimeTypeMember(tm, hint, call);
        if (IsDotNetName(typeName)) return BindDotNetTypeMember(tm, call);
        if (_decls.Enums.TryGetValue(typeName, out var ed) && ed.Decl.Variants.Any(v => v.Name == member))
            return BindEnumConstruction(tm, ed.Decl, ed.Source, member, args, hint, loc, call != null);

        if (BindBuiltinStatic(tm, typeName, member, args, hint, loc) is { } builtin) return builtin;

        MiloType? type = null;
        if (tm.Type.TypeArgs.Count > 0 || _decls.Structs.ContainsKey(typeName) || _decls.Enums.ContainsKey(typeName))
        {
            if (tm.Type.TypeArgs.Count == 0 && hint is StructType hs && hs.MiloName == typeName) type = hs;
            else if (tm.Type.TypeArgs.Count == 0 && hint is EnumType he && he.MiloName == typeName) type = he;
            else if (tm.Type.TypeArgs.Count == 0 && _decls.Structs.TryGetValue(typeName, out var gsd) && gsd.Decl.TypeParams.Count > 0)
            {
                _diagnostics.Report(tm.Location, Errors.CannotInferStaticCallTypeArguments.With(typeName, member));
                return Error(tm);
            }
            else type = ResolveType(tm.Type, _ctx.Env);
        }
        if (type == null)
        {
            _diagnostics.Report(tm.Type.Location, _decls.Enums.ContainsKey(typeName) ? Errors.EnumHasNoVariant.With(typeName, member) : Errors.UnknownEnum.With(typeName),
                help: _decls.Enums.ContainsKey(typeName) ? null : SuggestEnum(typeName));
            foreach (var a in args) BindExpr(a, null);
            return Error(tm);
        }
        if (type is EnumType et && et.FindVariant(member) == null && LookupMethod(type, member) == null)
        {
            _diagnostics.Report(tm.Member.Location, Errors.EnumHasNoVariant.With(et.MiloName, member), help: SuggestVariant(et, member) ?? SuggestMethod(et, member));
            return Error(tm);
        }
        if (type.IsError) return Error(tm);
        var m = LookupMethod(type, member);
        if (m == null)
        {
            _diagnostics.Report(tm.Member.Location, Errors.TypeHasNoMethod.With(type.Name, member), help: SuggestMethod(type, member));
            foreach (var a in args) BindExpr(a, null);
            return Error(tm);
        }
        if (m.HasSelf)
        {
            _diagnostics.Report(tm.Member.Location, Errors.InstanceMethodCalledStatically.With(member, type.Name));
            return Error(tm);
        }
        var bargs = BindArguments(args, m.Parameters.Select(p => p.Type).ToList(), loc,
            Errors.MethodArity.With(member, m.Parameters.Count, args.Count), $"'{member}'");
        return new BoundCallExpr(loc, m, bargs);
    }

    private BoundExpr BindEnumConstruction(TypeMemberExprSyntax tm, EnumDeclSyntax decl, SourceText src, string variantName, List<ExprSyntax> args, MiloType? hint, Location loc, bool isCall)
    {
        EnumType et;
        var vdecl = decl.Variants.First(v => v.Name == variantName);
        if (tm.Type.TypeArgs.Count > 0) et = (EnumType)ResolveType(tm.Type, _ctx.Env) is var r && r is EnumType ee ? ee : null!;
        else if (decl.TypeParams.Count == 0) et = GetEnum(decl, new(), src);
        else if (hint is EnumType he && he.MiloName == decl.Name.Text) et = he;
        else
        {
            var names = decl.TypeParams.Select(t => t.Name).ToHashSet();
            var map = new Dictionary<string, MiloType>();
            for (int i = 0; i < args.Count && i < vdecl.Payload.Count; i++)
            {
                if (!MentionsAny(vdecl.Payload[i], names)) continue;
                var a = ProbeType(args[i]);
                if (a != null) Unify(vdecl.Payload[i], a, names, map, loc, $"{decl.Name.Text}.{variantName}");
            }
            if (decl.Name.Text == "Result" && decl.TypeParams.Count == 2 && !map.ContainsKey(decl.TypeParams[1].Name))
                map[decl.TypeParams[1].Name] = TypeFactory.String;
            var missing = decl.TypeParams.Where(t => !map.ContainsKey(t.Name)).Select(t => t.Name).ToList();
            if (missing.Count > 0)
            {
                _diagnostics.Report(loc, Errors.CannotInferVariantTypeParameters.With(string.Join("', '", missing), decl.Name.Text, variantName));
                return Error(tm);
            }
            et = GetEnum(decl, decl.TypeParams.Select(t => map[t.Name]).ToList(), src);
        }
        if (et == null) return Error(tm);
        var variant = et.FindVariant(variantName)!;
        if (args.Count != variant.Payload.Count)
        {
            _diagnostics.Report(loc, Errors.VariantArity.With(et.MiloName, variantName, variant.Payload.Count, args.Count));
            return Error(tm);
        }
        var bound = new List<BoundExpr>();
        for (int i = 0; i < args.Count; i++)
        {
            var pt = variant.Payload[i];
            // Enum-constructor arguments get no literal hint in the reference; we give one (strictly more programs compile).
            var a = BindExpr(args[i], pt);
            int idx = i + 1;
            var ca = Coerce(a, pt, args[i].Location, actualType => Errors.VariantArgumentTypeMismatch.With(idx, et.MiloName, variantName, pt.Name, actualType), allowOptionWrap: false);
            ca = Consume(ca);
            bound.Add(ca);
        }
        return new BoundEnumExpr(loc, et, variant, bound);
    }

    // ───────────────────────────── struct / array literals ─────────────────────────────

    private BoundExpr BindStructLiteral(StructLiteralExprSyntax s, MiloType? hint)
    {
        var name = s.Type.Name;
        if (!_decls.Structs.TryGetValue(name, out var sd))
        {
            _diagnostics.Report(s.Type.Location, Errors.UnknownStruct.With(name), help: SuggestStruct(name));
            foreach (var f in s.Fields) BindExpr(f.Value, null);
            return Error(s);
        }
        StructType st;
        if (s.Type.TypeArgs.Count > 0 || sd.Decl.TypeParams.Count == 0)
        {
            if (ResolveType(s.Type, _ctx.Env) is not StructType rs) return Error(s);
            st = rs;
        }
        else if (hint is StructType hs && hs.MiloName == name) st = hs;
        else
        {
            var names = sd.Decl.TypeParams.Select(t => t.Name).ToHashSet();
            var map = new Dictionary<string, MiloType>();
            foreach (var fi in s.Fields)
            {
                var fdecl = sd.Decl.Fields.FirstOrDefault(f => f.Name == fi.Name);
                if (fdecl == null || !MentionsAny(fdecl.Type, names)) continue;
                if (NeedsHintToBind(fi.Value)) continue;
                var a = ProbeType(fi.Value);
                if (a != null) Unify(fdecl.Type, a, names, map, s.Location, $"struct '{name}'");
            }
            var missing = sd.Decl.TypeParams.Where(t => !map.ContainsKey(t.Name)).Select(t => t.Name).ToList();
            if (missing.Count > 0)
            {
                _diagnostics.Report(s.Location, Errors.CannotInferStructTypeParameters.With(string.Join("', '", missing), name));
                return Error(s);
            }
            st = GetStruct(sd.Decl, sd.Decl.TypeParams.Select(t => map[t.Name]).ToList(), sd.Source);
        }
        var values = new List<(FieldSymbol, BoundExpr)>();
        var seen = new HashSet<string>();
        foreach (var fi in s.Fields)
        {
            var field = st.FindField(fi.Name);
            if (field == null)
            {
                _diagnostics.Report(fi.Location, Errors.StructHasNoField.With(name, fi.Name), help: SuggestField(st, fi.Name));
                BindExpr(fi.Value, null);
                continue;
            }
            if (!seen.Add(fi.Name)) _diagnostics.Report(fi.Location, Errors.DuplicateStructLiteralField.With(fi.Name));
            var v = BindExpr(fi.Value, field.Type);
            v = Coerce(v, field.Type, fi.Value.Location, actualType => Errors.FieldTypeMismatch.With(fi.Name, name, field.Type.Name, actualType), allowOptionWrap: false);
            v = Consume(v);
            values.Add((field, v));
        }
        foreach (var f in st.Fields)
            if (!seen.Contains(f.Name)) _diagnostics.Report(s.Location, Errors.MissingFieldStruct.With(f.Name, name));
        return new BoundStructLiteralExpr(s.Location, st, values);
    }

    private BoundExpr BindArrayLiteral(ArrayLiteralExprSyntax a, MiloType? hint)
    {
        MiloType? elemHint = hint switch { VecType v => v.Element, ArrayType at => at.Element, _ => null };
        if (a.Elements.Count == 0)
        {
            if (hint is VecType vt0) return new BoundArrayLiteralExpr(a.Location, vt0, new());
            _diagnostics.Report(a.Location, Errors.CannotInferEmptyArrayType.With());
            return Error(a);
        }
        var elems = new List<BoundExpr>();
        MiloType? elemType = elemHint;
        for (int i = 0; i < a.Elements.Count; i++)
        {
            var e = BindExpr(a.Elements[i], elemType);
            if (elemType == null) elemType = e.Type;
            else
            {
                int idx = i;
                e = Coerce(e, elemType, a.Elements[i].Location, actualType => Errors.ArrayElementTypeMismatch.With(idx, elemType.Name, actualType), allowOptionWrap: false);
            }
            elems.Add(Consume(e)); // the literal owns its elements
        }
        MiloType type = hint is VecType ? _types.Vec(elemType!) : _types.Array(elemType!, elems.Count);
        return new BoundArrayLiteralExpr(a.Location, type, elems);
    }

    private BoundExpr BindArrayRepeat(ArrayRepeatExprSyntax a, MiloType? hint)
    {
        MiloType? elemHint = hint switch { VecType v => v.Element, ArrayType at => at.Element, _ => null };
        var value = BindExpr(a.Value, elemHint);
        if (elemHint != null) value = Coerce(value, elemHint, a.Value.Location, actualType => Errors.ArrayRepeatElementTypeMismatch.With(elemHint.Name, actualType), allowOptionWrap: false);
        if (a.Count is not IntLiteralExprSyntax n)
        {
            _diagnostics.Report(a.Count.Location, Errors.ArrayRepeatCountNotLiteral.With());
            return Error(a);
        }
        var count = (int)Math.Min(n.Value, int.MaxValue);
        MiloType type = hint is VecType ? _types.Vec(value.Type) : _types.Array(value.Type, count);
        return new BoundArrayRepeatExpr(a.Location, type, value, count);
    }

    // ───────────────────────────── Option / Result operators ─────────────────────────────

    private BoundExpr BindUnwrap(UnwrapExprSyntax u)
    {
        var op = BindExpr(u.Operand, null);
        if (AsOptionOrResult(op.Type) is not { } et)
        {
            if (!op.Type.IsError) _diagnostics.Report(u.Location, Errors.UnwrapRequiresOptionOrResult.With(op.Type.Name));
            return op;
        }
        return new BoundUnwrapExpr(u.Operand.Location, op, et.SuccessType!);
    }

    private BoundExpr BindPropagate(PropagateExprSyntax p)
    {
        var op = BindExpr(p.Operand, null);
        if (AsOptionOrResult(op.Type) is not { } et)
        {
            if (!op.Type.IsError) _diagnostics.Report(p.Location, Errors.PropagateRequiresOptionOrResult.With(op.Type.Name));
            return op;
        }
        var ret = _ctx.ReturnType;
        if (ret is not EnumType re || !(re.IsOptionLike || re.IsResultLike))
        {
            _diagnostics.Report(p.Location, Errors.PropagateInPlainFunction.With(ret.Name));
            return Error(p);
        }
        if (et.IsOptionLike && !re.IsOptionLike)
        {
            _diagnostics.Report(p.Location, Errors.PropagateOptionInNonOptionFunction.With(re.Name));
            return Error(p);
        }
        if (et.IsResultLike && !re.IsResultLike)
        {
            _diagnostics.Report(p.Location, Errors.PropagateResultInNonResultFunction.With(re.Name));
            return Error(p);
        }
        VariantSymbol? wrap = null; EnumType? wrapEnum = null;
        if (et.IsResultLike)
        {
            var fromErr = et.FindVariant("Err")!.Payload[0];
            var toErr = re.FindVariant("Err")!.Payload[0];
            if (!fromErr.SameAs(toErr))
            {
                if (toErr is EnumType te)
                {
                    var cands = te.Variants.Where(v => v.Payload.Count == 1 && v.Payload[0].SameAs(fromErr)).ToList();
                    if (cands.Count == 1) { wrap = cands[0]; wrapEnum = te; }
                    else if (cands.Count > 1)
                        _diagnostics.Report(p.Location, Errors.AmbiguousFromConversion.With(fromErr.Name, te.Name, string.Join(", ", cands.Select(c => c.Name))));
                    else
                        _diagnostics.Report(p.Location, Errors.PropagateErrorTypeMismatch.With(fromErr.Name, toErr.Name));
                }
                else
                    _diagnostics.Report(p.Location, Errors.PropagateErrorTypeMismatch.With(fromErr.Name, toErr.Name));
            }
        }
        var prop = new BoundPropagateExpr(p.Location, op, et.SuccessType!, re, wrap, wrapEnum);
        prop.Exit = ExitHere(p.Location);
        return prop;
    }

    private BoundExpr BindIs(IsExprSyntax i)
    {
        var op = BindExpr(i.Operand, null);
        if (op.Type is not EnumType et)
        {
            if (!op.Type.IsError) _diagnostics.Report(i.Location, Errors.IsPatternSubjectNotEnum.With(op.Type.Name));
            return new BoundLiteralExpr(i.Location, TypeFactory.Bool, false);
        }
        if (i.Pattern is not VariantPatternSyntax vp)
        {
            _diagnostics.Report(i.Pattern.Location, Errors.IsNeedsVariantPattern.With());
            return new BoundLiteralExpr(i.Location, TypeFactory.Bool, false);
        }
        var v = ResolveVariantPattern(vp, et);
        if (v == null) return new BoundLiteralExpr(i.Location, TypeFactory.Bool, false);
        return new BoundIsExpr(i.Location, op, v);
    }
}
