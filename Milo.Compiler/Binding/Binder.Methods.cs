using Milo.Compiler.Diagnostics;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;
using Milo.Runtime;

namespace Milo.Compiler.Binding;

internal sealed partial class Binder
{
    private BoundExpr BindMethodCall(MethodCallExprSyntax m, MiloType? hint)
    {
        var recv = BindExpr(m.Receiver, null);
        var name = m.Method.Text;
        var loc = m.Location;
        var t = recv.Type;
        if (t.IsError) { foreach (var a in m.Args) BindExpr(a, null); return Error(m); }
        if (m.TypeArgs.Count > 0 && t is not DotNetType)
        {
            _diagnostics.Report(m.Method.Location, Errors.MethodTypeArgumentsOutsideDotNet.With(name));
            foreach (var a in m.Args) BindExpr(a, null);
            return Error(m);
        }

        if (t is InterfaceType iface0) return BindInterfaceCall(m, recv, iface0);
        if (t is HeapType { Inner: InterfaceType iface1 } hi) return BindInterfaceCall(m, new BoundDerefExpr(recv.Location, recv, iface1), iface1);
        // Auto-deref through Heap for methods of the boxed type.
        if (t is HeapType h && h.Inner is StructType or EnumType)
        {
            recv = new BoundDerefExpr(recv.Location, recv, h.Inner);
            t = h.Inner;
        }

        // Methods of user impls on primitives and string (`impl Ord for i64`), also reached through a generic T.
        if (t.StripRange() is PrimitiveType or StringType && LookupMethod(t.StripRange(), name) is { HasSelf: true } userMethod)
            return BindUserMethodCall(m, recv, userMethod);

        switch (t)
        {
            case PrimitiveType p when p.Kind.IsInteger() || p.Kind is PrimitiveKind.F32 or PrimitiveKind.F64 or PrimitiveKind.Bool:
                return BindNumberMethod(m, recv, (PrimitiveType)p.StripRange());
            case StringType:
                return BindStringMethod(m, recv);
            case VecType vt:
                return BindVecMethod(m, recv, vt);
            case MapType mt:
                return BindMapMethod(m, recv, mt);
            case RuntimeClassType rc:
                return BindRuntimeClassMethod(m, recv, rc);
            case DotNetType dnt:
                return BindDotNetMethodCall(m, recv, dnt);
        }

        if (t is StructType or EnumType && TraitsProviding(t, name) is { Count: > 1 } traits)
        {
            _diagnostics.Report(m.Method.Location, Errors.AmbiguousTraitMethod.With(name, t.Name, string.Join(", ", traits)));
            foreach (var a in m.Args) BindExpr(a, null);
            return Error(m);
        }
        if (t is StructType or EnumType)
        {
            var method = LookupMethod(t, name);
            if (method != null)
            {
                if (!method.HasSelf)
                {
                    _diagnostics.Report(m.Method.Location, Errors.InstanceCallOfRuntimeStaticMethod.With(name, t.Name));
                    return Error(m);
                }
                return BindUserMethodCall(m, recv, method);
            }
            if (name == "eq" && t is StructType { HasStructuralEq: true } && m.Args.Count == 1)
            {
                var other = BindExpr(m.Args[0], t);
                other = Coerce(other, t, m.Args[0].Location, actualType => Errors.EqArgumentTypeMismatch.With(t.Name, actualType));
                return new BoundBinaryExpr(loc, BinaryOp.Eq, recv, other, TypeFactory.Bool, false);
            }
            if (t is StructType st && st.FindField(name) is { Type: FunctionType ft } field)
            {
                var callee = new BoundFieldExpr(m.Receiver.Location, recv, field);
                var args = BindArguments(m.Args, ft.Parameters, loc, Errors.ClosureArity.With(ft.Parameters.Count, m.Args.Count), "closure");
                return new BoundClosureCallExpr(loc, callee, args, ft.ReturnType);
            }
        }
        _diagnostics.Report(m.Method.Location, Errors.TypeHasNoMethod.With(t.Name, name), help: SuggestMethod(t, name));
        foreach (var a in m.Args) BindExpr(a, null);
        return Error(m);
    }

    private BoundExpr BindUserMethodCall(MethodCallExprSyntax m, BoundExpr recv, FunctionSymbol method)
    {
        var name = m.Method.Text;
        var ps = method.Parameters.Skip(1).Select(p => p.Type).ToList();
        if (method.Parameters[0].Type is not RefType) recv = Consume(recv); // `self: Self` takes ownership of the receiver
        var args = BindArguments(m.Args, ps, m.Location, Errors.MethodArity.With(name, ps.Count, m.Args.Count), $"'{name}'");
        args.Insert(0, recv);
        return new BoundCallExpr(m.Location, method, args);
    }

    private BoundExpr BindNumberMethod(MethodCallExprSyntax m, BoundExpr recv, PrimitiveType t)
    {
        var name = m.Method.Text;
        var loc = m.Location;
        if (name == "toString" && m.Args.Count == 0)
            return new BoundIntrinsicExpr(loc, IntrinsicKind.ToString, new() { recv }, TypeFactory.String);
        IntrinsicKind? kind = name switch
        {
            "wrappingAdd" => IntrinsicKind.WrappingAdd, "wrappingSub" => IntrinsicKind.WrappingSub, "wrappingMul" => IntrinsicKind.WrappingMul,
            "saturatingAdd" => IntrinsicKind.SaturatingAdd, "saturatingSub" => IntrinsicKind.SaturatingSub, "saturatingMul" => IntrinsicKind.SaturatingMul,
            "checkedAdd" => IntrinsicKind.CheckedAdd, "checkedSub" => IntrinsicKind.CheckedSub, "checkedMul" => IntrinsicKind.CheckedMul,
            _ => null,
        };
        if (kind is { } k && t.Kind.IsInteger())
        {
            var args = BindArguments(m.Args, new[] { (MiloType)t }, loc, Errors.MethodArityOne.With(name, m.Args.Count), $"'{name}'");
            if (args.Count != 1) return Error(m);
            var type = k is IntrinsicKind.CheckedAdd or IntrinsicKind.CheckedSub or IntrinsicKind.CheckedMul ? OptionTypeOf(t, loc) : t;
            return new BoundIntrinsicExpr(loc, k, new() { recv, args[0] }, type);
        }
        _diagnostics.Report(m.Method.Location, Errors.TypeHasNoMethod.With(t.Name, name));
        return Error(m);
    }

    /// <summary>String methods: name → (runtime method, parameter types, result type).</summary>
    private static readonly Dictionary<string, (string Clr, MiloType[] Params, MiloType Result)> StringMethods = new()
    {
        ["len"] = ("get_Len", [], TypeFactory.I64),
        ["clone"] = ("Clone", [], TypeFactory.String),
        ["substr"] = ("Substr", [TypeFactory.I64, TypeFactory.I64], TypeFactory.String),
        ["slice"] = ("Slice", [TypeFactory.I64, TypeFactory.I64], TypeFactory.String),
        ["parseF64"] = ("ParseF64", [], TypeFactory.F64),
        ["parseInt"] = ("ParseInt", [], TypeFactory.I64),
        ["contains"] = ("Contains", [TypeFactory.String], TypeFactory.Bool),
        ["startsWith"] = ("StartsWith", [TypeFactory.String], TypeFactory.Bool),
        ["endsWith"] = ("EndsWith", [TypeFactory.String], TypeFactory.Bool),
        ["indexOf"] = ("IndexOf", [TypeFactory.String], TypeFactory.I64),
        ["lastIndexOf"] = ("LastIndexOf", [TypeFactory.String], TypeFactory.I64),
        ["trim"] = ("Trim", [], TypeFactory.String),
        ["trimStart"] = ("TrimStart", [], TypeFactory.String),
        ["trimEnd"] = ("TrimEnd", [], TypeFactory.String),
        ["toLower"] = ("ToLower", [], TypeFactory.String),
        ["toUpper"] = ("ToUpper", [], TypeFactory.String),
        ["reverse"] = ("Reverse", [], TypeFactory.String),
        ["replace"] = ("Replace", [TypeFactory.String, TypeFactory.String], TypeFactory.String),
        ["replaceFirst"] = ("ReplaceFirst", [TypeFactory.String, TypeFactory.String], TypeFactory.String),
        ["repeat"] = ("Repeat", [TypeFactory.I64], TypeFactory.String),
        ["padStart"] = ("PadStart", [TypeFactory.I64, TypeFactory.String], TypeFactory.String),
        ["padEnd"] = ("PadEnd", [TypeFactory.I64, TypeFactory.String], TypeFactory.String),
        ["isEmpty"] = ("IsEmpty", [], TypeFactory.Bool),
        ["charAt"] = ("CharAt", [TypeFactory.I64], TypeFactory.String),
    };

    private BoundExpr BindStringMethod(MethodCallExprSyntax m, BoundExpr recv)
    {
        var name = m.Method.Text;
        var loc = m.Location;
        switch (name)
        {
            case "push":
            {
                RequireMutableRoot(recv, m.Receiver, Errors.CannotPushToImmutableString.With());
                var a = BindArguments(m.Args, new[] { TypeFactory.U8 }, loc, Errors.PushArity.With(m.Args.Count), "'push'");
                return RuntimeCall(loc, typeof(MiloString), "Push", null, recv, a, TypeFactory.Void);
            }
            case "split":
            {
                var a = BindArguments(m.Args, new[] { TypeFactory.String }, loc, Errors.SplitArity.With(m.Args.Count), "'split'", borrowOnly: true);
                return RuntimeCall(loc, typeof(MiloString), "Split", null, recv, a, _types.Vec(TypeFactory.String));
            }
            case "splitWords":
                return RuntimeCall(loc, typeof(MiloString), "SplitWords", null, recv, new(), _types.Vec(TypeFactory.String));
            case "splitWhitespace":
                return RuntimeCall(loc, typeof(MiloString), "SplitWhitespace", null, recv, new(), _types.Vec(TypeFactory.String));
        }
        if (StringMethods.TryGetValue(name, out var sm))
        {
            var a = BindArguments(m.Args, sm.Params, loc, Errors.MethodArity.With(name, sm.Params.Length, m.Args.Count), $"'{name}'", borrowOnly: true);
            a = a.Select(x => x.Type.IsInteger && !x.Type.SameAs(TypeFactory.I64) ? ToI64(x) : x).ToList();
            return RuntimeCall(loc, typeof(MiloString), sm.Clr, null, recv, a, sm.Result);
        }
        _diagnostics.Report(m.Method.Location, Errors.TypeStringHasNoMethod.With(name), help: SuggestStringMethod(name));
        return Error(m);
    }

    /// <summary>Values handed out of a container (get/find/filter) are independent deep copies when their type is not Copy (§5.11).</summary>
    private static BoundExpr OwnedCopy(BoundExpr e)
    {
        bool needs = e.Type switch
        {
            EnumType { SuccessType: { } s } => !s.IsCopy,
            VecType v => !v.Element.IsCopy,
            _ => !e.Type.IsCopy,
        };
        return needs ? new BoundIntrinsicExpr(e.Location, IntrinsicKind.DeepCopy, new() { e }, e.Type) : e;
    }

    private void RequireMutableRoot(BoundExpr recv, ExprSyntax syntax, DiagnosticMessage message)
    {
        var root = RootVariable(recv);
        if (root != null && !root.IsMutable)
            _diagnostics.Report(syntax.Location, message, "declare with 'var' to make it mutable");
    }

    /// <summary>Binds a callback argument `(x: &amp;T) => …` / `(x: T) => …` / a function value as a FunctionType taking the element by value.</summary>
    private BoundExpr BindCallback(ExprSyntax e, List<MiloType> paramTypes, MiloType? ret, string what)
    {
        // The runtime passes the Vec's own elements to the callback: a closure literal's parameters are element views,
        // so moving one (`out.push(x)`, `return x`) copies it instead of sharing the element's storage; a function value
        // is handed copies instead (Binder.CallbackCopies.cs).
        _nextClosureTakesElements = e is ClosureExprSyntax;
        BoundExpr b;
        try { b = BindExpr(e, _types.Function(paramTypes, ret ?? TypeFactory.Void)); }
        finally { _nextClosureTakesElements = false; }
        if (b.Type is not FunctionType ft)
        {
            if (!b.Type.IsError) _diagnostics.Report(e.Location, Errors.ExpectedClosure.With(what, b.Type.Name));
            return b;
        }
        if (ft.Parameters.Count != paramTypes.Count)
        {
            _diagnostics.Report(e.Location, Errors.CallbackClosureArity.With(what, ft.Parameters.Count, paramTypes.Count));
            return b;
        }
        return CopyingCallback(e, b, ft, what); // a function value owns its parameters: it gets copies of the elements
    }

    private BoundExpr BindVecMethod(MethodCallExprSyntax m, BoundExpr recv, VecType vt)
    {
        var name = m.Method.Text;
        var loc = m.Location;
        var el = vt.Element;
        var vecT = typeof(MiloVec<>);
        List<BoundExpr> Args(params MiloType[] ps) => BindArguments(m.Args, ps, loc, Errors.MethodArity.With(name, ps.Length, m.Args.Count), $"'{name}'");
        List<BoundExpr> Lookup(params MiloType[] ps) => BindArguments(m.Args, ps, loc, Errors.MethodArity.With(name, ps.Length, m.Args.Count), $"'{name}'", borrowOnly: true);
        switch (name)
        {
            case "len": Args(); return RuntimeLen(loc, recv);
            case "push":
            {
                RequireMutableRoot(recv, m.Receiver, Errors.CannotPushToImmutableVec.With());
                if (m.Args.Count != 1) { _diagnostics.Report(loc, Errors.PushArity.With(m.Args.Count)); return Error(m); }
                var a = BindExpr(m.Args[0], el);
                a = Coerce(a, el, m.Args[0].Location, actualType => Errors.PushArgumentTypeMismatch.With(el.Name, actualType));
                a = Consume(a);
                return RuntimeCall(loc, vecT, "Push", vt, recv, new() { a }, TypeFactory.Void);
            }
            case "pop":
            {
                RequireMutableRoot(recv, m.Receiver, Errors.CannotPopFromImmutableVec.With());
                Args();
                var l = new BoundLiteralExpr(loc, TypeFactory.I32, (long)m.Receiver.Location.Line);
                var c = new BoundLiteralExpr(loc, TypeFactory.I32, (long)m.Receiver.Location.Column);
                return RuntimeCall(loc, vecT, "Pop", vt, recv, new() { l, c }, el);
            }
            case "isEmpty": Args(); return RuntimeCall(loc, vecT, "IsEmpty", vt, recv, new(), TypeFactory.Bool);
            case "contains": return RuntimeCall(loc, vecT, "Contains", vt, recv, Lookup(el), TypeFactory.Bool);
            case "reverse":
                RequireMutableRoot(recv, m.Receiver, Errors.CannotReverseImmutableVec.With());
                Args(); return RuntimeCall(loc, vecT, "Reverse", vt, recv, new(), TypeFactory.Void);
            case "join":
                if (!el.IsString) { _diagnostics.Report(loc, Errors.JoinNeedsStrings.With()); return Error(m); }
                var sep = Args(TypeFactory.String);
                return RuntimeCall(loc, typeof(MiloVecOps), "Join", null, null, new() { recv, sep.FirstOrDefault() ?? Error(m) }, TypeFactory.String);
            case "sort":
                RequireMutableRoot(recv, m.Receiver, Errors.CannotSortImmutableVec.With());
                if (!(el.IsNumeric || el.IsString || el.IsBool)) { _diagnostics.Report(loc, Errors.SortNeedsComparable.With()); return Error(m); }
                Args(); return RuntimeCall(loc, vecT, "Sort", vt, recv, new(), TypeFactory.Void);
        }
        return BindVecCallbackMethod(m, recv, vt);
    }

    /// <summary>The Vec methods taking one callback: map, filter, find, any, all, each, enumerate, sortBy, sortByKey.</summary>
    private BoundExpr BindVecCallbackMethod(MethodCallExprSyntax m, BoundExpr recv, VecType vt)
    {
        var name = m.Method.Text;
        var loc = m.Location;
        var el = vt.Element;
        var vecT = typeof(MiloVec<>);
        if (m.Args.Count != (name == "sortBy" || name == "enumerate" ? 1 : 1) || !(name is "map" or "filter" or "find" or "any" or "all" or "each" or "enumerate" or "sortBy" or "sortByKey"))
        {
            _diagnostics.Report(m.Method.Location, Errors.VecHasNoMethod.With(name));
            return Error(m);
        }
        switch (name)
        {
            case "map":
            {
                var f = BindCallback(m.Args[0], new() { el }, null, "map");
                var r = f.Type is FunctionType ft ? ft.ReturnType : TypeFactory.Error;
                return RuntimeCall(loc, vecT, "Map", vt, recv, new() { f }, _types.Vec(r), new() { r });
            }
            case "filter":
                return OwnedCopy(RuntimeCall(loc, vecT, "Filter", vt, recv, new() { BindCallback(m.Args[0], new() { el }, TypeFactory.Bool, "filter") }, vt));
            case "any":
            case "all":
                return RuntimeCall(loc, vecT, name == "any" ? "Any" : "All", vt, recv, new() { BindCallback(m.Args[0], new() { el }, TypeFactory.Bool, name) }, TypeFactory.Bool);
            case "each":
                return RuntimeCall(loc, vecT, "Each", vt, recv, new() { BindCallback(m.Args[0], new() { el }, TypeFactory.Void, "each") }, TypeFactory.Void);
            case "enumerate":
                return RuntimeCall(loc, vecT, "Enumerate", vt, recv, new() { BindCallback(m.Args[0], new() { TypeFactory.I64, el }, TypeFactory.Void, "enumerate") }, TypeFactory.Void);
            case "find":
            {
                var f = BindCallback(m.Args[0], new() { el }, TypeFactory.Bool, "find");
                var call = (BoundRuntimeCallExpr)RuntimeCall(loc, vecT, "Find", vt, recv, new() { f }, TypeFactory.Bool, paramCount: 2);
                return OwnedCopy(new BoundTryToOptionExpr(loc, call, (EnumType)OptionTypeOf(el, loc)));
            }
            case "sortBy":
                RequireMutableRoot(recv, m.Receiver, Errors.CannotSortImmutableVec.With());
                return RuntimeCall(loc, vecT, "SortBy", vt, recv, new() { BindCallback(m.Args[0], new() { el, el }, TypeFactory.I32, "sortBy") }, TypeFactory.Void);
            default: // sortByKey
            {
                RequireMutableRoot(recv, m.Receiver, Errors.CannotSortImmutableVec.With());
                var f = BindCallback(m.Args[0], new() { el }, null, "sortByKey");
                var k = f.Type is FunctionType ft ? ft.ReturnType : TypeFactory.Error;
                return RuntimeCall(loc, vecT, "SortByKey", vt, recv, new() { f }, TypeFactory.Void, new() { k });
            }
        }
    }

    private BoundExpr BindMapMethod(MethodCallExprSyntax m, BoundExpr recv, MapType mt)
    {
        var name = m.Method.Text;
        var loc = m.Location;
        var mapT = typeof(MiloMap<,>);
        List<BoundExpr> Args(params MiloType[] ps) => BindArguments(m.Args, ps, loc, Errors.MethodArity.With(name, ps.Length, m.Args.Count), $"'{name}'");
        // Lookups borrow their key (and getOrDefault its default); only insert moves key and value (docs/ownership.md).
        List<BoundExpr> Lookup(params MiloType[] ps) => BindArguments(m.Args, ps, loc, Errors.MethodArity.With(name, ps.Length, m.Args.Count), $"'{name}'", borrowOnly: true);
        switch (name)
        {
            case "len": Args(); return RuntimeLen(loc, recv);
            case "insert":
                RequireMutableRoot(recv, m.Receiver, Errors.CannotInsertIntoImmutableMap.With());
                if (NeedsDrop(mt.Value)) // the replaced value is dropped (like a reassignment)
                    return DropReplaced(loc, RuntimeCall(loc, mapT, "Replace", mt, recv, Args(mt.Key, mt.Value), TypeFactory.Bool, paramCount: 3), mt.Value);
                return RuntimeCall(loc, mapT, "Insert", mt, recv, Args(mt.Key, mt.Value), TypeFactory.Void);
            case "get":
            {
                var call = (BoundRuntimeCallExpr)RuntimeCall(loc, mapT, "TryGet", mt, recv, Lookup(mt.Key), TypeFactory.Bool, paramCount: 2);
                return OwnedCopy(new BoundTryToOptionExpr(loc, call, (EnumType)OptionTypeOf(mt.Value, loc)));
            }
            case "getOrDefault": return OwnedCopy(RuntimeCall(loc, mapT, "GetOrDefault", mt, recv, Lookup(mt.Key, mt.Value), mt.Value));
            case "contains": return RuntimeCall(loc, mapT, "Contains", mt, recv, Lookup(mt.Key), TypeFactory.Bool);
            case "remove":
                RequireMutableRoot(recv, m.Receiver, Errors.CannotRemoveFromImmutableMap.With());
                if (NeedsDrop(mt.Value)) // the removed value is dropped
                    return DropReplaced(loc, RuntimeCall(loc, mapT, "TryRemove", mt, recv, Lookup(mt.Key), TypeFactory.Bool, paramCount: 2), mt.Value);
                return RuntimeCall(loc, mapT, "Remove", mt, recv, Lookup(mt.Key), TypeFactory.Void);
            // The runtime builds the Vec out of the map's own keys / values: copies, so changing one never changes the map.
            case "keys": Args(); return OwnedCopy(RuntimeCall(loc, mapT, "Keys", mt, recv, new(), _types.Vec(mt.Key)));
            case "values": Args(); return OwnedCopy(RuntimeCall(loc, mapT, "Values", mt, recv, new(), _types.Vec(mt.Value)));
        }
        _diagnostics.Report(m.Method.Location, Errors.HashMapHasNoMethod.With(name));
        return Error(m);
    }
}
