using Milo.Compiler.Diagnostics;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

internal sealed partial class Binder
{
    /// <summary>Per-function (or per-closure) binding state.</summary>
    private sealed class FunctionContext(FunctionSymbol symbol, MiloType returnType, TypeEnv env, FunctionContext? outer)
    {
        public FunctionSymbol Symbol { get; } = symbol;
        public MiloType ReturnType { get; set; } = returnType;
        public TypeEnv Env { get; } = env;
        public SourceText Source => Env.Source;
        public FunctionContext? Outer { get; } = outer;
        public Scope Scope { get; set; } = new(null);
        public int LoopDepth { get; set; }
        public int UnsafeDepth { get; set; }
        public bool IsMoveClosure { get; init; }
        /// <summary>For closures whose return type is inferred from `return` statements.</summary>
        public bool InferReturn { get; init; }
        public List<VariableSymbol> Captures { get; } = new();
        public HashSet<VariableSymbol> Owned { get; } = new();
    }

    private FunctionContext _ctx = null!;

    /// <summary>Instance of a (possibly generic) free function for the given type arguments.</summary>
    private FunctionSymbol GetFunction(FunctionDeclSyntax decl, SourceText src, List<MiloType> typeArgs)
    {
        typeArgs = BoundedTypeArgs(decl.Name, typeArgs);
        var name = typeArgs.Count == 0 ? decl.Name.Text : $"{decl.Name.Text}_{string.Join("_", typeArgs.Select(t => t.MangledName))}";
        var key = "fn:" + InstanceKey(decl.Name.Text, typeArgs) + ":" + System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(decl);
        if (_functionInstances.TryGetValue(key, out var sym)) return sym;
        var env = new TypeEnv(Subst(decl.TypeParams, typeArgs), null, src);
        sym = CreateFunctionSymbol(decl, env, UniqueName(name), decl.IsExtern ? FunctionKind.Extern : FunctionKind.Free, null);
        if (decl.IsExtern && Modules.StdModules.FindImplementation(src.FilePath, decl.Name.Text) is { } clr)
        {
            sym = new FunctionSymbol(sym.Name, FunctionKind.Extern, sym.Parameters, sym.ReturnType, decl) { ClrMethod = clr };
            _functionInstances[key] = sym;
            return sym;
        }
        _functionInstances[key] = sym;
        if (!decl.IsExtern && decl.Body != null)
            _pending.Enqueue(new PendingBody(sym, decl, env.Subst, src, null));
        else if (decl.IsExtern)
            _program.Functions.Add(new BoundFunction(sym, null, src));
        return sym;
    }

    private readonly HashSet<string> _usedNames = new();
    private string UniqueName(string name)
    {
        var n = name; int i = 1;
        while (!_usedNames.Add(n)) n = $"{name}_{++i}";
        return n;
    }

    private FunctionSymbol CreateFunctionSymbol(FunctionDeclSyntax decl, TypeEnv env, string name, FunctionKind kind, MiloType? declaringType)
    {
        var ps = new List<ParameterSymbol>();
        int i = 0;
        bool hasSelf = false;
        foreach (var p in decl.Parameters)
        {
            var t = ResolveType(p.Type, env);
            if (i == 0 && p.Name == "self" && declaringType != null) hasSelf = true;
            ps.Add(new ParameterSymbol(p.Name, t, i++) { DeclaredAt = p.Location with { Length = p.Name.Length } });
        }
        var ret = decl.ReturnType == null ? TypeFactory.Void : ResolveType(decl.ReturnType, env);
        if (ret is RefType)
            _diagnostics.Report(decl.ReturnType!.Location, Errors.CannotReturnReference.With(decl.Name.Text));
        return new FunctionSymbol(name, kind, ps, ret, decl) { DeclaringType = declaringType, HasSelf = hasSelf, IsVariadic = decl.IsVariadic };
    }

    // ───────────────────────────── methods ─────────────────────────────

    private readonly Dictionary<(MiloType, string), FunctionSymbol?> _methodCache = new();

    /// <summary>Finds (instantiating if needed) method `name` of a struct/enum type: inherent impls first, then trait impls (incl. defaults).</summary>
    private FunctionSymbol? LookupMethod(MiloType type, string name)
    {
        if (_methodCache.TryGetValue((type, name), out var cached)) return cached;
        FunctionSymbol? result = null;
        string? baseName = ImplTargetName(type);
        List<MiloType> typeArgs = type switch { StructType s => s.TypeArgs, EnumType e => e.TypeArgs, _ => new() };
        if (baseName != null && _decls.Impls.TryGetValue(baseName, out var impls))
        {
            (FunctionDeclSyntax Decl, ImplDeclSyntax Impl, SourceText Src)? found = null;
            foreach (var (impl, src) in impls.Where(x => x.Decl.TraitName == null).Concat(impls.Where(x => x.Decl.TraitName != null)))
            {
                var m = impl.Methods.FirstOrDefault(m => m.Name.Text == name);
                if (m != null) { found = (m, impl, src); break; }
            }
            if (found == null)
            {
                foreach (var (impl, src) in impls)
                {
                    if (impl.TraitName is not { } tn || !_decls.Traits.TryGetValue(tn.Text, out var trait)) continue;
                    var m = trait.Decl.Methods.FirstOrDefault(m => m.Name.Text == name && m.Body != null);
                    if (m != null) { found = (m, impl, trait.Source); break; }
                }
            }
            if (found is { } f)
            {
                var subst = new Dictionary<string, MiloType>();
                var implParams = f.Impl.Target.TypeArgs.OfType<NamedTypeSyntax>().Select(t => t.Name).ToList();
                for (int i = 0; i < implParams.Count && i < typeArgs.Count; i++) subst[implParams[i]] = typeArgs[i];
                var env = new TypeEnv(subst, type, f.Src);
                result = CreateFunctionSymbol(f.Decl, env, UniqueName($"{type.Name}_{name}"), FunctionKind.Method, type);
                _methodCache[(type, name)] = result;
                _pending.Enqueue(new PendingBody(result, f.Decl, subst, f.Src, type));
                return result;
            }
        }
        _methodCache[(type, name)] = null;
        return null;
    }

    /// <summary>The name an `impl … for X` names the type by: structs and enums, and the primitives and string (`impl Ord for i64`).</summary>
    private static string? ImplTargetName(MiloType type) => type.StripRange() switch
    {
        StructType s => s.MiloName,
        EnumType e => e.MiloName,
        PrimitiveType p => p.Name,
        StringType => "string",
        _ => null,
    };

    /// <summary>Traits implemented for <paramref name="type"/> that provide method <paramref name="name"/> (empty when an inherent impl has it).</summary>
    private List<string> TraitsProviding(MiloType type, string name)
    {
        var result = new List<string>();
        string? baseName = ImplTargetName(type);
        if (baseName == null || !_decls.Impls.TryGetValue(baseName, out var impls)) return result;
        if (impls.Any(i => i.Decl.TraitName == null && i.Decl.Methods.Any(m => m.Name.Text == name))) return result;
        foreach (var (impl, _) in impls)
        {
            if (impl.TraitName is not { } tn) continue;
            bool provides = impl.Methods.Any(m => m.Name.Text == name)
                || (_decls.Traits.TryGetValue(tn.Text, out var td) && td.Decl.Methods.Any(m => m.Name.Text == name && m.Body != null));
            if (provides && !result.Contains(tn.Text)) result.Add(tn.Text);
        }
        return result;
    }

    private bool HasTraitImpl(MiloType type, string trait)
    {
        string? baseName = ImplTargetName(type);
        return baseName != null && _decls.Impls.TryGetValue(baseName, out var impls) && impls.Any(i => i.Decl.TraitName?.Text == trait);
    }

    // ───────────────────────────── bodies ─────────────────────────────

    private void BindFunctionBody(PendingBody p)
    {
        Milo.Compiler.Diagnostics.CompilerProgress.Binding(p.Decl.Location);
        var env = new TypeEnv(p.Subst, p.SelfType, p.Source);
        var ctx = new FunctionContext(p.Symbol, p.Symbol.ReturnType, env, null);
        var saved = _ctx;
        _ctx = ctx;
        try
        {
            BeginDrops();
            foreach (var param in p.Symbol.Parameters)
            {
                if (!ctx.Scope.TryDeclare(param))
                    _diagnostics.Report(p.Decl.Location, Errors.DuplicateParameter.With(param.Name));
                ctx.Owned.Add(param);
                NoteDroppable(param);
            }
            var body = BindBlock(p.Decl.Body!, newScope: false);
            if (!(p.SelfType == null && p.Decl.Name.Text == "main")) // main falling off its end exits with 0, as in C
                CheckMissingReturn(p.Decl.Body!, p.Symbol.ReturnType, $"function '{p.Decl.Name.Text}'", p.Decl.Body!.CloseBrace);
            var end = FinishDrops(p.Decl.Body!.CloseBrace);
            _program.Functions.Add(new BoundFunction(p.Symbol, body, p.Source) { EndExit = end });
        }
        finally { _ctx = saved; }
    }
}
