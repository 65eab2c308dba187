using Milo.Compiler.Modules;
using Milo.Compiler.Diagnostics;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

/// <summary>
/// Type checker and binder: turns the merged declarations into a <see cref="BoundProgram"/>. User generics are
/// monomorphised on demand: every used instantiation of a generic struct/enum/function/method becomes its own
/// concrete symbol, and function bodies are bound once per instantiation (from a work queue).
/// </summary>
internal sealed partial class Binder
{
    private readonly DiagnosticBag _diagnostics;
    private readonly DeclarationTable _decls;
    private readonly TypeFactory _types = new();
    private readonly BoundProgram _program = new();
    private readonly bool _debug;

    private readonly Dictionary<string, StructType> _structInstances = new();
    private readonly Dictionary<string, EnumType> _enumInstances = new();
    private readonly Dictionary<string, FunctionSymbol> _functionInstances = new();
    private readonly Queue<PendingBody> _pending = new();
    private readonly Dictionary<string, InterfaceType> _interfaces = new();
    private int _closureCounter;

    private sealed record PendingBody(FunctionSymbol Symbol, FunctionDeclSyntax Decl, Dictionary<string, MiloType> Subst, SourceText Source, MiloType? SelfType);

    private Binder(DeclarationTable decls, DiagnosticBag diagnostics, bool debug)
    {
        _decls = decls; _diagnostics = diagnostics; _debug = debug;
    }

    public static BoundProgram Bind(DeclarationTable decls, SourceText mainSource, DiagnosticBag diagnostics, bool debug, bool library, IReadOnlyList<string>? dotnetReferences = null)
    {
        var b = new Binder(decls, diagnostics, debug);
        b._dotnetReferencePaths = dotnetReferences ?? Array.Empty<string>();
        b._program.MainFile = mainSource.FilePath;
        b._program.Debug = debug;
        b.BindAll(mainSource, library);
        return b._program;
    }

    private void BindAll(SourceText mainSource, bool library)
    {
        ResolveDotNetImports();
        // Validate every non-generic type declaration (so errors in unused types are still reported).
        foreach (var (name, (decl, src)) in _decls.Structs)
            if (decl.TypeParams.Count == 0) GetStruct(decl, new(), src);
        foreach (var (name, (decl, src)) in _decls.Enums)
            if (decl.TypeParams.Count == 0) GetEnum(decl, new(), src);
        ValidateTraitDecls();
        ValidateInterfaceDecls();
        ValidateTraitImpls();

        // Bind every non-generic function (the reference type-checks all of them) and every method of non-generic types.
        foreach (var (name, (decl, src)) in _decls.Functions)
        {
            if (decl.TypeParams.Count > 0) continue;
            var sym = GetFunction(decl, src, new List<MiloType>());
            if (name == "main" && !decl.IsExtern) _program.Main = sym;
        }
        foreach (var (typeName, impls) in _decls.Impls)
        {
            MiloType? target = null;
            if (_decls.Structs.TryGetValue(typeName, out var sd) && sd.Decl.TypeParams.Count == 0) target = GetStruct(sd.Decl, new(), sd.Source);
            else if (_decls.Enums.TryGetValue(typeName, out var ed) && ed.Decl.TypeParams.Count == 0) target = GetEnum(ed.Decl, new(), ed.Source);
            if (target == null) continue;
            foreach (var (impl, _) in impls)
                foreach (var m in impl.Methods)
                    LookupMethod(target, m.Name.Text);
            if (_decls.Traits.Count > 0)
                foreach (var (impl, _) in impls)
                    if (impl.TraitName is { } tn && _decls.Traits.TryGetValue(tn.Text, out var trait))
                        foreach (var tm in trait.Decl.Methods)
                            if (tm.Body != null) LookupMethod(target, tm.Name.Text);
        }

        if (!library && _program.Main == null)
            _diagnostics.Report(new Location(mainSource, 0, 0), Errors.NoMainFunction.With());

        while (_pending.Count > 0)
        {
            var p = _pending.Dequeue();
            BindFunctionBody(p);
        }
        ReportInfiniteSizeCycles();
    }

    // ───────────────────────────── type resolution ─────────────────────────────

    private static readonly Dictionary<string, PrimitiveType> PrimitiveNames = new()
    {
        ["i8"] = TypeFactory.I8, ["i16"] = TypeFactory.I16, ["i32"] = TypeFactory.I32, ["i64"] = TypeFactory.I64,
        ["u8"] = TypeFactory.U8, ["u16"] = TypeFactory.U16, ["u32"] = TypeFactory.U32, ["u64"] = TypeFactory.U64,
        ["f32"] = TypeFactory.F32, ["f64"] = TypeFactory.F64, ["bool"] = TypeFactory.Bool, ["void"] = TypeFactory.Void,
        ["int"] = TypeFactory.I64, ["float"] = TypeFactory.F64, ["byte"] = TypeFactory.U8,
    };

    /// <summary>Context for resolving type names: type-parameter substitution and the meaning of `Self`.</summary>
    private readonly record struct TypeEnv(Dictionary<string, MiloType> Subst, MiloType? Self, SourceText Source)
    {
        public static TypeEnv Empty(SourceText src) => new(new(), null, src);
    }

    private MiloType ResolveType(TypeSyntax syntax, TypeEnv env)
    {
        switch (syntax)
        {
            case NamedTypeSyntax n:
                return ResolveNamedType(n, env);
            case RangedTypeSyntax r:
            {
                var bt = ResolveNamedType(r.BaseType, env);
                if (bt is PrimitiveType p && p.Kind.IsInteger()) return p.WithRange(r.Low, r.High);
                _diagnostics.Report(r.Location, Errors.RangedTypeBase.With(bt.Name));
                return bt;
            }
            case OptionTypeSyntax o:
                return OptionTypeOf(ResolveType(o.Inner, env), o.Location);
            case RefTypeSyntax rf:
                return _types.Ref(ResolveType(rf.Inner, env), rf.IsMutable);
            case PointerTypeSyntax pt:
                return _types.Pointer(ResolveType(pt.Inner, env));
            case ArrayTypeSyntax at:
            {
                var el = ResolveType(at.Element, env);
                if (at.Size is not { } size) { _diagnostics.Report(at.Location, Errors.UnsizedArray.With()); return TypeFactory.Error; }
                return _types.Array(el, (int)size);
            }
            case FunctionTypeSyntax ft:
                return _types.Function(ft.Parameters.Select(p => ResolveType(p, env)).ToList(), ResolveType(ft.ReturnType, env));
            default:
                return TypeFactory.Error;
        }
    }

    private MiloType ResolveNamedType(NamedTypeSyntax n, TypeEnv env)
    {
        var name = n.Name;
        var args = n.TypeArgs.Select(a => ResolveType(a, env)).ToList();
        if (args.Count == 0)
        {
            if (env.Subst.TryGetValue(name, out var sub)) return sub;
            if (PrimitiveNames.TryGetValue(name, out var prim)) return prim;
            if (name == "string") return TypeFactory.String;
            if (name == "Self")
            {
                if (env.Self != null) return env.Self;
                _diagnostics.Report(n.Location, Errors.SelfOutsideImpl.With());
                return TypeFactory.Error;
            }
        }
        if (name is "Vec" or "HashMap" or "Heap" && args.Any(a => a is RefType))
            _diagnostics.Report(n.Location, Errors.ReferenceInCollection.With(name, string.Join(", ", args.Select(a => a.Name))), "references are second-class — use an owned type instead");
        switch (name)
        {
            case "Vec" when args.Count == 1: return _types.Vec(args[0]);
            case "HashMap" when args.Count == 2:
                CheckHashable(args[0], n.Location);
                return _types.Map(args[0], args[1]);
            case "Heap" when args.Count == 1 && !_decls.Structs.ContainsKey("Heap"): return _types.Heap(args[0]);
        }
        if (_decls.Aliases.TryGetValue(name, out var alias) && args.Count == 0)
            return ResolveType(alias.Decl.Type, TypeEnv.Empty(alias.Source));
        if (_decls.Structs.TryGetValue(name, out var sd))
        {
            if (!CheckArity(name, sd.Decl.TypeParams.Count, args.Count, n.Location)) return TypeFactory.Error;
            return GetStruct(sd.Decl, args, sd.Source);
        }
        if (_decls.Enums.TryGetValue(name, out var ed))
        {
            if (name == "Result" && args.Count == 1 && ed.Decl.TypeParams.Count == 2) args.Add(TypeFactory.String);
            if (!CheckArity(name, ed.Decl.TypeParams.Count, args.Count, n.Location)) return TypeFactory.Error;
            return GetEnum(ed.Decl, args, ed.Source);
        }
        if (_decls.Interfaces.TryGetValue(name, out var id) && args.Count == 0)
            return GetInterface(id.Decl, id.Source);
        if (_decls.RuntimeStructs.ContainsKey(name)) return ResolveRuntimeType(name, args, n.Location);
        if (ResolveDotNetNamedType(name, args, n.Location) is { } dotnet) return dotnet;
        _diagnostics.Report(n.Location, Errors.UnknownType.With(name), help: SuggestType(name, env));
        return TypeFactory.Error;
    }

    private bool CheckArity(string name, int expected, int got, Location loc)
    {
        if (expected == got) return true;
        _diagnostics.Report(loc, Errors.TypeArgumentArity.With(name, expected, got));
        return false;
    }

    private void CheckHashable(MiloType key, Location loc)
    {
        var k = key.StripRange();
        if (k.IsInteger || k.IsBool || k.IsString || k.IsError) return;
        _diagnostics.Report(loc, Errors.TypeNotHashable.With(k.Name));
    }

    private EnumType? OptionOf(MiloType inner, Location loc)
    {
        if (!_decls.Enums.TryGetValue("Option", out var od)) { _diagnostics.Report(loc, Errors.OptionNotDefined.With()); return null; }
        if (od.Decl.TypeParams.Count != 1) return GetEnum(od.Decl, new(), od.Source);
        return GetEnum(od.Decl, new() { inner }, od.Source);
    }

    private MiloType OptionTypeOf(MiloType inner, Location loc) => (MiloType?)OptionOf(inner, loc) ?? TypeFactory.Error;

    // ───────────────────────────── struct / enum instantiation ─────────────────────────────

    private static string InstanceKey(string name, List<MiloType> args)
        => args.Count == 0 ? name : name + "<" + string.Join(",", args.Select(a => a.StripRange().GetHashCode())) + ">";

    private StructType GetStruct(StructDeclSyntax decl, List<MiloType> args, SourceText src)
    {
        args = BoundedTypeArgs(decl.Name, args);
        var key = InstanceKey(decl.Name.Text, args);
        if (_structInstances.TryGetValue(key, out var st)) return st;
        st = new StructType(decl.Name.Text, decl, args.Select(a => a.StripRange()).ToList());
        _structInstances[key] = st;
        var env = new TypeEnv(Subst(decl.TypeParams, args), st, src);
        int i = 0;
        foreach (var f in decl.Fields)
        {
            var ft = ResolveType(f.Type, env);
            if (ft is RefType)
                _diagnostics.Report(f.Location, Errors.ReferenceInStruct.With(decl.Name.Text, f.Name), "references are second-class — use an owned type instead");
            if (ft.SameAs(st))
                _diagnostics.Report(f.Location, Errors.StructInfiniteSize.With(decl.Name.Text, f.Name), $"wrap the recursive field in Heap<{decl.Name.Text}> for heap allocation");
            st.Fields.Add(new FieldSymbol(f.Name, ft, i++));
        }
        st.IsSendAnnotated = decl.HasAnnotation("send");
        st.IsSyncAnnotated = decl.HasAnnotation("sync");
        _program.Structs.Add(st);
        ConfigureStructEq(st, decl);
        return st;
    }

    private EnumType GetEnum(EnumDeclSyntax decl, List<MiloType> args, SourceText src)
    {
        args = BoundedTypeArgs(decl.Name, args);
        var key = InstanceKey(decl.Name.Text, args);
        if (_enumInstances.TryGetValue(key, out var et)) return et;
        et = new EnumType(decl.Name.Text, decl, args.Select(a => a.StripRange()).ToList());
        _enumInstances[key] = et;
        var env = new TypeEnv(Subst(decl.TypeParams, args), et, src);
        int tag = 0;
        foreach (var v in decl.Variants)
        {
            var payload = new List<MiloType>();
            foreach (var p in v.Payload)
            {
                var pt = ResolveType(p, env);
                if (pt is RefType)
                    _diagnostics.Report(v.Location, Errors.ReferenceInEnum.With(decl.Name.Text, v.Name), "references are second-class — use an owned type instead");
                if (pt.SameAs(et))
                    _diagnostics.Report(v.Location, Errors.EnumInfiniteSize.With(decl.Name.Text), $"wrap the recursive field in Heap<{decl.Name.Text}> for heap allocation");
                payload.Add(pt);
            }
            et.Variants.Add(new VariantSymbol(v.Name, tag++, payload));
        }
        _program.Enums.Add(et);
        return et;
    }

    private static Dictionary<string, MiloType> Subst(List<TypeParamSyntax> ps, List<MiloType> args)
    {
        var d = new Dictionary<string, MiloType>();
        for (int i = 0; i < ps.Count && i < args.Count; i++) d[ps[i].Name] = args[i];
        return d;
    }

    private InterfaceType GetInterface(InterfaceDeclSyntax decl, SourceText src)
    {
        if (_interfaces.TryGetValue(decl.Name.Text, out var it)) return it;
        it = new InterfaceType(decl.Name.Text, decl);
        _interfaces[decl.Name.Text] = it;
        var env = new TypeEnv(new(), it, src);
        foreach (var m in decl.Methods)
        {
            var ps = m.Parameters.Skip(1).Select(p => ResolveType(p.Type, env)).ToList();
            var ret = m.ReturnType == null ? TypeFactory.Void : ResolveType(m.ReturnType, env);
            it.Methods.Add(new InterfaceMethod(m.Name.Text, ps, ret));
        }
        _program.Interfaces.Add(it);
        return it;
    }
}
