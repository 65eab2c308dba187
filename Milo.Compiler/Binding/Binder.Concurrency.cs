using Milo.Compiler.Diagnostics;
using System.Reflection;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;
using Milo.Runtime;

namespace Milo.Compiler.Binding;

/// <summary>
/// OS-thread concurrency (std/thread, std/sync) and, generally, runtime-provided handle types (`@runtime` structs, see
/// <see cref="RuntimeTypes"/>): type resolution, static and instance methods, `Thread.spawn` Send checking, element
/// type inference for `Channel.new(n)`, and `&amp;x` in unsafe blocks (raw pointers, so the Send check can see them).
/// </summary>
internal sealed partial class Binder
{
    // ───────────────────────────── method tables ─────────────────────────────

    /// <summary>How the CLR result becomes the Milo result.</summary>
    private enum RtWrap
    {
        /// <summary>The CLR result is the Milo result.</summary>
        None,
        /// <summary>Milo result is `Result&lt;Payload&gt;` = Ok(CLR result); failures panic in the runtime.</summary>
        Ok,
        /// <summary>CLR `bool M(args, out T)`; Milo result is `Option&lt;Payload&gt;`.</summary>
        TryOption,
    }

    /// <summary>One method of a runtime class. Params/Payload get the instantiated type (for `T` of Channel&lt;T&gt;).</summary>
    private sealed record RtMethod(string Name, bool IsStatic, string Clr, Func<RuntimeClassType, MiloType[]> Params, Func<RuntimeClassType, MiloType> Payload, RtWrap Wrap = RtWrap.None);

    private static MiloType[] RtNoArgs(RuntimeClassType _) => [];
    private static MiloType RtElem(RuntimeClassType t) => t.TypeArgs[0];
    private static MiloType RtSelf(RuntimeClassType t) => t;
    private static MiloType RtI32(RuntimeClassType _) => TypeFactory.I32;
    private static MiloType RtI64(RuntimeClassType _) => TypeFactory.I64;
    private static MiloType RtBool(RuntimeClassType _) => TypeFactory.Bool;
    private static MiloType RtVoid(RuntimeClassType _) => TypeFactory.Void;

    private FunctionType VoidThunk => _types.Function(new(), TypeFactory.Void);

    /// <summary>std/thread and std/sync, exactly the reference's public surface (§6.3 of the checklist) plus `AtomicI64.swap`.</summary>
    private Dictionary<Type, RtMethod[]> RuntimeMethodTable => _rtTable ??= new()
    {
        [typeof(MiloThread)] =
        [
            new("spawn", true, nameof(MiloThread.Spawn), _ => [VoidThunk], RtSelf, RtWrap.Ok),
            new("sleep", true, nameof(MiloThread.Sleep), _ => [TypeFactory.I64], RtVoid),
            new("join", false, nameof(MiloThread.JoinOk), RtNoArgs, RtI32, RtWrap.Ok),
        ],
        [typeof(MiloChannel<>)] =
        [
            new("new", true, "New", _ => [TypeFactory.I64], RtSelf, RtWrap.Ok),
            new("send", false, "SendOk", t => [RtElem(t)], RtI32, RtWrap.Ok),
            new("recv", false, "RecvOk", RtNoArgs, RtElem, RtWrap.Ok),
            new("trySend", false, "TrySend", t => [RtElem(t)], RtBool),
            new("tryRecv", false, "TryRecv", RtNoArgs, RtElem, RtWrap.TryOption),
            new("len", false, "get_Len", RtNoArgs, RtI64),
            new("destroy", false, "Destroy", RtNoArgs, RtVoid),
        ],
        [typeof(MiloMutex)] =
        [
            new("new", true, nameof(MiloMutex.New), RtNoArgs, RtSelf, RtWrap.Ok),
            new("lock", false, nameof(MiloMutex.LockOk), RtNoArgs, RtI32, RtWrap.Ok),
            new("unlock", false, nameof(MiloMutex.UnlockOk), RtNoArgs, RtI32, RtWrap.Ok),
            new("withLock", false, nameof(MiloMutex.WithLockOk), _ => [VoidThunk], RtI32, RtWrap.Ok),
            new("destroy", false, nameof(MiloMutex.Destroy), RtNoArgs, RtVoid),
        ],
        [typeof(MiloRwLock)] =
        [
            new("new", true, nameof(MiloRwLock.New), RtNoArgs, RtSelf, RtWrap.Ok),
            new("read", false, nameof(MiloRwLock.ReadOk), RtNoArgs, RtI32, RtWrap.Ok),
            new("write", false, nameof(MiloRwLock.WriteOk), RtNoArgs, RtI32, RtWrap.Ok),
            new("unlock", false, nameof(MiloRwLock.UnlockOk), RtNoArgs, RtI32, RtWrap.Ok),
            new("withReadLock", false, nameof(MiloRwLock.WithReadLockOk), _ => [VoidThunk], RtI32, RtWrap.Ok),
            new("withWriteLock", false, nameof(MiloRwLock.WithWriteLockOk), _ => [VoidThunk], RtI32, RtWrap.Ok),
            new("destroy", false, nameof(MiloRwLock.Destroy), RtNoArgs, RtVoid),
        ],
        [typeof(AtomicI64)] =
        [
            new("new", true, nameof(AtomicI64.New), _ => [TypeFactory.I64], RtSelf),
            new("load", false, nameof(AtomicI64.Load), RtNoArgs, RtI64),
            new("store", false, nameof(AtomicI64.Store), _ => [TypeFactory.I64], RtVoid),
            new("add", false, nameof(AtomicI64.Add), _ => [TypeFactory.I64], RtI64),
            new("sub", false, nameof(AtomicI64.Sub), _ => [TypeFactory.I64], RtI64),
            new("cas", false, nameof(AtomicI64.Cas), _ => [TypeFactory.I64, TypeFactory.I64], RtI64),
            new("swap", false, nameof(AtomicI64.Swap), _ => [TypeFactory.I64], RtI64),
            new("destroy", false, nameof(AtomicI64.Destroy), RtNoArgs, RtVoid),
        ],
        [typeof(AtomicBool)] =
        [
            new("new", true, nameof(AtomicBool.New), _ => [TypeFactory.Bool], RtSelf),
            new("load", false, nameof(AtomicBool.Load), RtNoArgs, RtBool),
            new("store", false, nameof(AtomicBool.Store), _ => [TypeFactory.Bool], RtVoid),
            new("swap", false, nameof(AtomicBool.Swap), _ => [TypeFactory.Bool], RtBool),
            new("cas", false, nameof(AtomicBool.Cas), _ => [TypeFactory.Bool, TypeFactory.Bool], RtBool),
            new("destroy", false, nameof(AtomicBool.Destroy), RtNoArgs, RtVoid),
        ],
    };
    private Dictionary<Type, RtMethod[]>? _rtTable;

    private static Type OpenClr(RuntimeClassType rc) => rc.ClrType.IsGenericType && !rc.ClrType.IsGenericTypeDefinition ? rc.ClrType.GetGenericTypeDefinition() : rc.ClrType;

    /// <summary>The method `name` of a runtime class: from the table, else by reflection (public method named `Name` in
    /// PascalCase whose signature uses only i64/i32/f64/bool/string/void/the class itself).</summary>
    private RtMethod? FindRuntimeClassMethod(RuntimeClassType rc, string name, bool isStatic)
    {
        var open = OpenClr(rc);
        if (RuntimeMethodTable.TryGetValue(open, out var table))
            return table.FirstOrDefault(m => m.Name == name && m.IsStatic == isStatic);
        if (open.IsGenericTypeDefinition) return null;
        var clrName = char.ToUpperInvariant(name[0]) + name[1..];
        foreach (var mi in open.GetMethods(BindingFlags.Public | (isStatic ? BindingFlags.Static : BindingFlags.Instance) | BindingFlags.DeclaredOnly))
        {
            if (mi.Name != clrName || mi.IsGenericMethodDefinition) continue;
            var ps = mi.GetParameters().Select(p => ClrToMilo(p.ParameterType, rc)).ToList();
            var ret = ClrToMilo(mi.ReturnType, rc);
            if (ret == null || ps.Any(p => p == null || p.IsVoid)) continue;
            var psArr = ps.Select(p => p!).ToArray();
            return new RtMethod(name, isStatic, mi.Name, _ => psArr, _ => ret);
        }
        return null;
    }

    private static MiloType? ClrToMilo(Type t, RuntimeClassType self)
    {
        if (t == typeof(long)) return TypeFactory.I64;
        if (t == typeof(int)) return TypeFactory.I32;
        if (t == typeof(double)) return TypeFactory.F64;
        if (t == typeof(bool)) return TypeFactory.Bool;
        if (t == typeof(void)) return TypeFactory.Void;
        if (t == typeof(MiloString)) return TypeFactory.String;
        if (t == self.ClrType) return self;
        return null;
    }

    // ───────────────────────────── type resolution ─────────────────────────────

    /// <summary>`Name&lt;args&gt;` for an `@runtime` struct (called from ResolveNamedType).</summary>
    private MiloType ResolveRuntimeType(string name, List<MiloType> args, Location loc)
    {
        var (decl, _) = _decls.RuntimeStructs[name];
        if (!CheckArity(name, decl.TypeParams.Count, args.Count, loc)) return TypeFactory.Error;
        if (RuntimeTypes.TryResolve(decl, args, _types) is { } rt) return rt;
        _diagnostics.Report(loc, Errors.RuntimeTypeMissing.With(name));
        return TypeFactory.Error;
    }

    private EnumType? ResultOf(MiloType payload, Location loc)
    {
        if (!_decls.Enums.TryGetValue("Result", out var rd)) { _diagnostics.Report(loc, Errors.ResultNotDefined.With()); return null; }
        var args = rd.Decl.TypeParams.Count == 2 ? new List<MiloType> { payload, TypeFactory.String } : new List<MiloType> { payload };
        return GetEnum(rd.Decl, args, rd.Source);
    }

    // ───────────────────────────── calls ─────────────────────────────

    /// <summary>`Type.member(args)` where Type is an `@runtime` struct (`Thread.spawn(f)`, `Channel.new(8)`, `Channel&lt;i64&gt;.new(8)`, `AtomicI64.new(0)`).</summary>
    private BoundExpr BindRuntimeTypeMember(TypeMemberExprSyntax tm, MiloType? hint, CallExprSyntax? call)
    {
        var name = tm.Type.Name;
        var member = tm.Member.Text;
        var args = call?.Args ?? new List<ExprSyntax>();
        var loc = call?.Location ?? tm.Location;
        var (decl, _) = _decls.RuntimeStructs[name];
        MiloType type;
        if (tm.Type.TypeArgs.Count > 0 || decl.TypeParams.Count == 0) type = ResolveType(tm.Type, _ctx.Env);
        else type = InferRuntimeTypeArguments(decl, call, hint);
        if (type is not RuntimeClassType rc)
        {
            foreach (var a in args) BindExpr(a, null);
            return Error(tm);
        }
        var m = FindRuntimeClassMethod(rc, member, isStatic: true);
        if (m == null)
        {
            if (FindRuntimeClassMethod(rc, member, isStatic: false) != null)
                _diagnostics.Report(tm.Member.Location, Errors.InstanceMethodCalledStatically.With(member, rc.Name));
            else
                _diagnostics.Report(tm.Member.Location, Errors.TypeHasNoMethod.With(rc.Name, member), help: SuggestRuntimeMethod(rc, member, isStatic: true));
            foreach (var a in args) BindExpr(a, null);
            return Error(tm);
        }
        if (call == null)
        {
            _diagnostics.Report(tm.Location, Errors.StaticCallOfMethod.With(rc.Name, member, name));
            return Error(tm);
        }
        return BindRuntimeMethodCall(rc, m, null, args, loc, call.Location);
    }

    /// <summary>`recv.m(args)` on a runtime class value (hook from BindMethodCall).</summary>
    private BoundExpr BindRuntimeClassMethod(MethodCallExprSyntax m, BoundExpr recv, RuntimeClassType rc)
    {
        var name = m.Method.Text;
        var spec = FindRuntimeClassMethod(rc, name, isStatic: false);
        if (spec == null)
        {
            if (FindRuntimeClassMethod(rc, name, isStatic: true) != null)
                _diagnostics.Report(m.Method.Location, Errors.InstanceCallOfStaticMethod.With(name, rc.Name, rc.MiloName));
            else
                _diagnostics.Report(m.Method.Location, Errors.TypeHasNoMethod.With(rc.Name, name), help: SuggestRuntimeMethod(rc, name, isStatic: false));
            foreach (var a in m.Args) BindExpr(a, null);
            return Error(m);
        }
        return BindRuntimeMethodCall(rc, spec, recv, m.Args, m.Location, m.Location);
    }

    private BoundExpr BindRuntimeMethodCall(RuntimeClassType rc, RtMethod spec, BoundExpr? recv, List<ExprSyntax> args, Location loc, Location callLoc)
    {
        var ps = spec.Params(rc);
        if (args.Count != ps.Length)
        {
            _diagnostics.Report(loc, Errors.MethodArity.With(spec.Name, ps.Length, args.Count));
            foreach (var a in args) BindExpr(a, null);
            return new BoundLiteralExpr(loc, TypeFactory.Error, 0L);
        }
        var bargs = BindArguments(args, ps, loc, Errors.MethodArity.With(spec.Name, ps.Length, args.Count), $"'{spec.Name}'");
        if (spec.IsStatic && spec.Name == "spawn" && OpenClr(rc) == typeof(MiloThread))
            CheckSpawnCaptures(bargs, callLoc);
        var payload = spec.Payload(rc);
        var open = OpenClr(rc);
        switch (spec.Wrap)
        {
            case RtWrap.Ok:
            {
                var call = RuntimeCall(loc, open, spec.Clr, rc, recv, bargs, payload);
                if (call.Type.IsError || ResultOf(payload, loc) is not { } res) return call;
                return new BoundEnumExpr(loc, res, res.FindVariant("Ok")!, new List<BoundExpr> { call });
            }
            case RtWrap.TryOption:
            {
                var call = RuntimeCall(loc, open, spec.Clr, rc, recv, bargs, TypeFactory.Bool, paramCount: bargs.Count + 1);
                if (call is not BoundRuntimeCallExpr rcall || OptionOf(payload, loc) is not { } opt) return call;
                return new BoundTryToOptionExpr(loc, rcall, opt);
            }
            default:
                return RuntimeCall(loc, open, spec.Clr, rc, recv, bargs, payload);
        }
    }

    // ───────────────────────────── Send checking ─────────────────────────────

    /// <summary>`Thread.spawn(&lt;closure literal&gt;)`: every captured variable must be Send (checklist §7.2).</summary>
    private void CheckSpawnCaptures(List<BoundExpr> args, Location loc)
    {
        if (args.Count != 1 || ClosureLiteral(args[0]) is not { } closure) return;
        foreach (var cap in closure.Captures)
        {
            var t = cap.Type.StripRange();
            if (IsSend(t)) continue;
            _diagnostics.Report(loc, Errors.CannotSendArgument.With(cap.Name, t.Name), WhyNotSend(t));
        }
    }

    /// <summary>The hint explaining why <paramref name="t"/> is not Send.</summary>
    private string? WhyNotSend(MiloType t, HashSet<MiloType>? seen = null)
    {
        t = t.StripRange();
        seen ??= new();
        if (!seen.Add(t)) return null;
        switch (t)
        {
            case PointerType: return $"raw pointer '{t.Name}' is not Send";
            case InterfaceType: return $"interface value '{t.Name}' is not Send";
            case RuntimeClassType: return $"'{t.Name}' is not Send";
            case DotNetType: return $".NET type '{t.Name}' is not known to be thread-safe (see docs/dotnet-imports.md)";
            case RefType r: return WhyNotSend(r.Inner, seen);
            case VecType v: return WhyNotSend(v.Element, seen);
            case HeapType h: return WhyNotSend(h.Inner, seen);
            case ArrayType a: return WhyNotSend(a.Element, seen);
            case MapType m: return !IsSend(m.Key) ? WhyNotSend(m.Key, seen) : WhyNotSend(m.Value, seen);
            case StructType s:
                foreach (var f in s.Fields)
                    if (!IsSend(f.Type))
                        return $"field '{f.Name}' of type '{f.Type.Name}' is not Send — add @send to '{s.MiloName}' if thread safety is guaranteed";
                return null;
            case EnumType e:
                foreach (var v in e.Variants)
                    foreach (var p in v.Payload)
                        if (!IsSend(p)) return $"variant '{v.Name}' holds '{p.Name}', which is not Send";
                return null;
            default: return null;
        }
    }

    // ───────────────────────────── raw pointers ─────────────────────────────

    /// <summary>`&amp;place` inside `unsafe`: a raw pointer `*T` to a local, parameter, or field.</summary>
    private BoundExpr BindAddressOf(UnaryExprSyntax u)
    {
        var op = BindExpr(u.Operand, null);
        if (op.Type.IsError) return op;
        if (op is not (BoundVariableExpr or BoundFieldExpr or BoundIndexExpr))
        {
            _diagnostics.Report(u.Location, Errors.AddressOfRequiresPlace.With());
            return Error(u);
        }
        return new BoundUnaryExpr(u.Location, UnaryOp.AddressOf, op, _types.Pointer(op.Type), false);
    }

    /// <summary>`f as *u8` (unsafe) for a function value: an opaque pointer to it (used by std/thread's `threadSpawn`).</summary>
    private BoundExpr BindFunctionToPointer(CastExprSyntax c, BoundExpr fn, MiloType target)
        => RuntimeCall(c.Location, typeof(ThreadModule), nameof(ThreadModule.FunctionToPointer), null, null, new() { fn }, target);

    // ───────────────────────────── Channel.new(n) element type inference ─────────────────────────────

    /// <summary>
    /// Type arguments of `Name.new(…)` for a generic runtime type written without them (`Channel.new(8)`), in order:
    /// the expected type (`Channel&lt;X&gt;` or `Result&lt;Channel&lt;X&gt;&gt;`); the annotation of the `let` it
    /// initialises; the first use of that variable later in the same function (`ch.send(e)` / `ch.trySend(e)` → type
    /// of e, `let v: X = ch.recv()!`, `let v: Option&lt;X&gt; = ch.tryRecv()`, passing it to a parameter of type
    /// `Channel&lt;X&gt;`, initialising a struct field of type `Channel&lt;X&gt;`, pushing it onto a `Vec&lt;Channel&lt;X&gt;&gt;`
    /// variable declared with that type); else i64 (the element type of the reference docs' non-generic Channel).
    /// </summary>
    private MiloType InferRuntimeTypeArguments(StructDeclSyntax decl, CallExprSyntax? call, MiloType? hint)
    {
        var name = decl.Name.Text;
        bool Matches(MiloType? t) => t is RuntimeClassType r && r.MiloName == name;
        if (Matches(hint)) return hint!;
        if (hint is EnumType { IsResultLike: true } or EnumType { IsOptionLike: true } && Matches(((EnumType)hint).SuccessType))
            return ((EnumType)hint).SuccessType!;
        MiloType elem = TypeFactory.I64;
        if (decl.TypeParams.Count == 1 && call != null && EnclosingBody() is { } body && InferElementFromUses(name, call, body) is { } found)
            elem = found;
        var args = new List<MiloType>();
        for (int i = 0; i < decl.TypeParams.Count; i++) args.Add(elem);
        return ResolveRuntimeType(name, args, call?.Location ?? decl.Location);
    }

    private BlockStmtSyntax? EnclosingBody()
    {
        for (var c = _ctx; c != null; c = c.Outer)
            if (c.Symbol.Declaration?.Body is { } b) return b;
        return null;
    }

    private static ExprSyntax StripUnwrap(ExprSyntax e) => e switch
    {
        UnwrapExprSyntax u => StripUnwrap(u.Operand),
        PropagateExprSyntax p => StripUnwrap(p.Operand),
        _ => e,
    };

    private MiloType? InferElementFromUses(string typeName, CallExprSyntax call, BlockStmtSyntax body)
    {
        var nodes = Descendants(body).ToList();
        var let = nodes.OfType<LetStmtSyntax>().FirstOrDefault(l => ReferenceEquals(StripUnwrap(l.Initializer), call));
        if (let == null) return ElementFromContext(typeName, call, nodes);
        if (let.Type != null)
        {
            var declared = ResolveType(let.Type, _ctx.Env);
            if (declared is EnumType { IsResultLike: true } de) declared = de.SuccessType!;
            if (declared is RuntimeClassType r && r.MiloName == typeName && r.TypeArgs.Count == 1) return r.TypeArgs[0];
            return null;
        }
        var v = let.Name.Text;
        var after = let.Location.End;
        bool IsVar(ExprSyntax e) => e is NameExprSyntax n && n.Name == v;
        foreach (var node in nodes.Where(n => n.Location.Start >= after).OrderBy(n => n.Location.Start))
        {
            switch (node)
            {
                case MethodCallExprSyntax mc when IsVar(mc.Receiver) && mc.Method.Text is "send" or "trySend" && mc.Args.Count == 1:
                    if (SyntacticType(mc.Args[0], nodes, mc.Location.Start, 0) is { } t) return t;
                    break;
                case LetStmtSyntax { Type: { } lt } l when StripUnwrap(l.Initializer) is MethodCallExprSyntax { Method.Text: "recv" or "tryRecv" } rc && IsVar(rc.Receiver):
                {
                    var x = ResolveType(lt, _ctx.Env);
                    if (rc.Method.Text == "tryRecv") x = x is EnumType { IsOptionLike: true } o ? o.SuccessType! : TypeFactory.Error;
                    if (!x.IsError) return x;
                    break;
                }
                case StructLiteralExprSyntax sl when sl.Fields.FirstOrDefault(f => IsVar(f.Value)) is { } fv:
                    if (FieldElement(typeName, sl, fv) is { } fe) return fe;
                    break;
                case MethodCallExprSyntax { Method.Text: "push", Args.Count: 1 } mc when IsVar(mc.Args[0])
                        && SyntacticType(mc.Receiver, nodes, mc.Location.Start, 0) is VecType { Element: RuntimeClassType r } && r.MiloName == typeName && r.TypeArgs.Count == 1:
                    return r.TypeArgs[0];
                case CallExprSyntax { Callee: NameExprSyntax fn } c when _decls.Functions.TryGetValue(fn.Name, out var fd) && fd.Decl.TypeParams.Count == 0:
                    for (int i = 0; i < c.Args.Count && i < fd.Decl.Parameters.Count; i++)
                    {
                        if (!IsVar(c.Args[i])) continue;
                        var pt = ResolveType(fd.Decl.Parameters[i].Type, TypeEnv.Empty(fd.Source));
                        if (pt is RefType pr) pt = pr.Inner;
                        if (pt is RuntimeClassType r && r.MiloName == typeName && r.TypeArgs.Count == 1) return r.TypeArgs[0];
                    }
                    break;
            }
        }
        return null;
    }

    /// <summary>`f(Channel.new(n)!)` / `S { ch: Channel.new(n)! }`: the parameter or field type, when it is `Name&lt;X&gt;`.</summary>
    private MiloType? ElementFromContext(string typeName, CallExprSyntax call, List<SyntaxNode> nodes)
    {
        MiloType? Elem(MiloType t)
        {
            if (t is RefType r) t = r.Inner;
            return t is RuntimeClassType rc && rc.MiloName == typeName && rc.TypeArgs.Count == 1 ? rc.TypeArgs[0] : null;
        }
        foreach (var n in nodes)
        {
            switch (n)
            {
                case CallExprSyntax { Callee: NameExprSyntax fn } c when _ctx.Scope.Lookup(fn.Name) == null && _decls.Functions.TryGetValue(fn.Name, out var fd) && fd.Decl.TypeParams.Count == 0:
                    for (int i = 0; i < c.Args.Count && i < fd.Decl.Parameters.Count; i++)
                        if (ReferenceEquals(StripUnwrap(c.Args[i]), call))
                            return Elem(ResolveType(fd.Decl.Parameters[i].Type, TypeEnv.Empty(fd.Source)));
                    break;
                case StructLiteralExprSyntax sl when sl.Fields.FirstOrDefault(fi => ReferenceEquals(StripUnwrap(fi.Value), call)) is { } fi:
                    return FieldElement(typeName, sl, fi);
            }
        }
        return null;
    }

    /// <summary>`S { f: … }`: X when field f of S is `Name&lt;X&gt;` (null for a generic S written without type arguments).</summary>
    private MiloType? FieldElement(string typeName, StructLiteralExprSyntax sl, FieldInitSyntax fi)
    {
        if (!_decls.Structs.TryGetValue(sl.Type.Name, out var sd) || sd.Decl.Fields.FirstOrDefault(f => f.Name == fi.Name) is not { } fdecl) return null;
        if (sd.Decl.TypeParams.Count > 0 && sl.Type.TypeArgs.Count == 0) return null;
        var env = new TypeEnv(Subst(sd.Decl.TypeParams, sl.Type.TypeArgs.Select(a => ResolveType(a, _ctx.Env)).ToList()), null, sd.Source);
        var t = ResolveType(fdecl.Type, env);
        if (t is RefType r) t = r.Inner;
        return t is RuntimeClassType rc && rc.MiloName == typeName && rc.TypeArgs.Count == 1 ? rc.TypeArgs[0] : null;
    }

    /// <summary>The type of <paramref name="e"/> judged from syntax alone (literals, casts, struct literals, calls of
    /// non-generic functions, variables in scope or declared earlier in the function), or null.</summary>
    private MiloType? SyntacticType(ExprSyntax e, List<SyntaxNode> fnNodes, int position, int depth)
    {
        if (depth > 8) return null;
        switch (e)
        {
            case IntLiteralExprSyntax: return TypeFactory.I64;
            case UnaryExprSyntax { Op: UnaryOp.Negate, Operand: IntLiteralExprSyntax }: return TypeFactory.I64;
            case CharLiteralExprSyntax: return TypeFactory.U8;
            case FloatLiteralExprSyntax or UnaryExprSyntax { Op: UnaryOp.Negate, Operand: FloatLiteralExprSyntax }: return TypeFactory.F64;
            case StringLiteralExprSyntax or InterpolatedStringExprSyntax: return TypeFactory.String;
            case BoolLiteralExprSyntax: return TypeFactory.Bool;
            case CastExprSyntax c: return Quiet(ResolveType(c.Type, _ctx.Env));
            case UnaryExprSyntax { Op: UnaryOp.Not }: return TypeFactory.Bool;
            case UnaryExprSyntax { Op: UnaryOp.Negate or UnaryOp.BitNot } u: return SyntacticType(u.Operand, fnNodes, position, depth + 1);
            case StructLiteralExprSyntax s when _decls.Structs.TryGetValue(s.Type.Name, out var sd) && (sd.Decl.TypeParams.Count == 0 || s.Type.TypeArgs.Count > 0):
                return Quiet(ResolveType(s.Type, _ctx.Env));
            case CallExprSyntax { Callee: NameExprSyntax fn } when _ctx.Scope.Lookup(fn.Name) == null && _decls.Functions.TryGetValue(fn.Name, out var fd) && fd.Decl.TypeParams.Count == 0:
                return fd.Decl.ReturnType == null ? null : Quiet(ResolveType(fd.Decl.ReturnType, TypeEnv.Empty(fd.Source)));
            case CallExprSyntax { Callee: TypeMemberExprSyntax tm } when tm.Type.TypeArgs.Count == 0 && _decls.Enums.TryGetValue(tm.Type.Name, out var ed) && ed.Decl.TypeParams.Count == 0:
                return Quiet(ResolveType(tm.Type, _ctx.Env));
            case TypeMemberExprSyntax tm when tm.Type.TypeArgs.Count == 0 && _decls.Enums.TryGetValue(tm.Type.Name, out var ed2) && ed2.Decl.TypeParams.Count == 0:
                return Quiet(ResolveType(tm.Type, _ctx.Env));
            case BinaryExprSyntax b:
                if (IsComparison(b.Op) || b.Op is BinaryOp.And or BinaryOp.Or) return TypeFactory.Bool;
                if (b.Op == BinaryOp.Coalesce) return null;
                // A bare literal adapts to the other operand.
                if (!IsLiteralSyntax(b.Left)) return SyntacticType(b.Left, fnNodes, position, depth + 1) ?? SyntacticType(b.Right, fnNodes, position, depth + 1);
                return SyntacticType(b.Right, fnNodes, position, depth + 1) ?? SyntacticType(b.Left, fnNodes, position, depth + 1);
            case NameExprSyntax n:
            {
                if (_ctx.Scope.Lookup(n.Name) is { } sym) return sym.Type is RefType r ? r.Inner : sym.Type;
                // A variable declared (before the use) in the same function but not yet bound.
                var decl = fnNodes.OfType<LetStmtSyntax>().Where(l => l.Name.Text == n.Name && l.Location.Start < position)
                    .OrderByDescending(l => l.Location.Start).FirstOrDefault();
                if (decl == null) return null;
                if (decl.Type != null) return Quiet(ResolveType(decl.Type, _ctx.Env));
                return SyntacticType(decl.Initializer, fnNodes, decl.Location.Start, depth + 1);
            }
            default: return null;
        }
    }

    private static MiloType? Quiet(MiloType t) => t.IsError ? null : t;

    /// <summary>Every statement and expression under <paramref name="root"/> (pre-order).</summary>
    private static IEnumerable<SyntaxNode> Descendants(SyntaxNode root)
    {
        var stack = new Stack<SyntaxNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            yield return n;
            var kids = Children(n);
            for (int i = kids.Count - 1; i >= 0; i--) stack.Push(kids[i]);
        }
    }

    private static List<SyntaxNode> Children(SyntaxNode n)
    {
        var l = new List<SyntaxNode>();
        void Add(SyntaxNode? x) { if (x != null) l.Add(x); }
        switch (n)
        {
            case BlockStmtSyntax b: l.AddRange(b.Statements); break;
            case LetStmtSyntax s: Add(s.Initializer); break;
            case AssignStmtSyntax a: Add(a.Target); Add(a.Value); break;
            case ReturnStmtSyntax r: Add(r.Value); break;
            case IfStmtSyntax i: Add(i.Condition); Add(i.Then); Add(i.Else); break;
            case IfLetStmtSyntax il: Add(il.Subject); Add(il.Then); Add(il.Else); break;
            case WhileStmtSyntax w: Add(w.Condition); Add(w.Body); break;
            case ForRangeStmtSyntax f: Add(f.Start); Add(f.End); Add(f.Body); break;
            case ForEachStmtSyntax fe: Add(fe.Collection); Add(fe.Body); break;
            case MatchStmtSyntax m: Add(m.Subject); foreach (var arm in m.Arms) Add(arm.Body); break;
            case UnsafeStmtSyntax u: Add(u.Body); break;
            case ParallelStmtSyntax p: l.AddRange(p.Bindings); break;
            case ExprStmtSyntax e: Add(e.Expression); break;
            case InterpolatedStringExprSyntax s: l.AddRange(s.Parts); break;
            case CallExprSyntax c: Add(c.Callee); l.AddRange(c.Args); break;
            case MethodCallExprSyntax mc: Add(mc.Receiver); l.AddRange(mc.Args); break;
            case FieldExprSyntax f: Add(f.Receiver); break;
            case IndexExprSyntax ix: Add(ix.Receiver); Add(ix.Index); break;
            case SliceExprSyntax sl: Add(sl.Receiver); Add(sl.Start); Add(sl.End); break;
            case UnaryExprSyntax u: Add(u.Operand); break;
            case BinaryExprSyntax b: Add(b.Left); Add(b.Right); break;
            case IsExprSyntax i: Add(i.Operand); break;
            case CastExprSyntax c: Add(c.Operand); break;
            case UnwrapExprSyntax u: Add(u.Operand); break;
            case PropagateExprSyntax p: Add(p.Operand); break;
            case StructLiteralExprSyntax s: foreach (var f in s.Fields) Add(f.Value); break;
            case ArrayLiteralExprSyntax a: l.AddRange(a.Elements); break;
            case ArrayRepeatExprSyntax a: Add(a.Value); Add(a.Count); break;
            case ClosureExprSyntax c: Add(c.ExprBody); Add(c.BlockBody); break;
        }
        return l;
    }
}
