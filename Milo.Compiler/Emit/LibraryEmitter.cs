using System.Runtime.InteropServices;
using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Runtime;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Collections.Generic;

namespace Milo.Compiler.Emit;

/// <summary>
/// `milo compile --library`: turns the emitted module into a C#-consumable class library (docs/interop.md).
/// <list type="bullet">
/// <item>The static class holding free functions is named after the module (PascalCase of the file name).</item>
/// <item>Exported items — `pub` declarations of the main file, or all of its declarations when it uses no `pub` — get a
///   public PascalCase API: each exported function/method is a public wrapper (which flushes Milo's buffered stdout when it
///   returns or throws) around the internal Milo implementation; struct fields are PascalCased.</item>
/// <item>Everything else (helpers, imported/std code, monomorphised instances, closures) becomes internal, except types
///   reachable from the public API (Option/Result instantiations, Fn delegates, interfaces …).</item>
/// <item>Enums (incl. Option/Result) get `IsVariant` properties and static `Variant(...)` factories; Option-/Result-like
///   enums also `Value` / `Error`; every public struct/enum overrides ToString with the Milo display form.</item>
/// <item>References to System.Private.CoreLib are retargeted to the System.Runtime facade so C# compilers (which compile
///   against reference assemblies) accept the library.</item>
/// </list>
/// </summary>
internal static class LibraryEmitter
{
    public static string ModuleClassName(string mainFile, string ns) => ClrNames.ModuleClassName(mainFile, ns);

    public static string Pascal(string name) => ClrNames.Pascal(name);

    public static void Apply(EmitContext ctx, BoundProgram program)
    {
        var (exportedTypes, exports) = CollectExports(ctx, program);
        MakeEverythingInternal(ctx);
        AddWrappers(ctx, exports);
        var publicTypes = ReachablePublicTypes(ctx, exportedTypes);
        if (program.Debug) MarkDebuggable(ctx);
        ApplyVisibility(ctx, publicTypes);
        LibrarySurface.NullableContext.Apply(ctx, publicTypes);
    }

    /// <summary>
    /// The exported types and functions/methods (collected before adding wrappers). The rule: if the main file marks
    /// anything `pub`, only `pub` items are exported; otherwise all of them are.
    /// </summary>
    private static (HashSet<TypeDefinition> Types, List<(FunctionSymbol Fn, MethodDefinition Impl, TypeDefinition Owner)> Functions)
        CollectExports(EmitContext ctx, BoundProgram program)
    {
        var main = program.MainFile;
        bool anyPub = program.Functions.Any(f => f.Symbol.Declaration is { IsPublic: true } d && d.Location.Source.FilePath == main)
                      || program.Structs.Any(s => s.Declaration is { IsPublic: true } d && d.Location.Source.FilePath == main)
                      || program.Enums.Any(e => e.Declaration is { IsPublic: true } d && d.Location.Source.FilePath == main);
        bool Exported(Syntax.DeclSyntax? d) => d != null && d.Location.Source.FilePath == main && (d.IsPublic || !anyPub);

        var exportedTypes = new HashSet<TypeDefinition>();
        foreach (var s in program.Structs)
            if (Exported(s.Declaration)) exportedTypes.Add(ctx.Types.Define(s));
        foreach (var e in program.Enums)
            if (Exported(e.Declaration)) exportedTypes.Add(ctx.Types.Define(e));

        var exports = new List<(FunctionSymbol Fn, MethodDefinition Impl, TypeDefinition Owner)>();
        foreach (var f in program.Functions)
        {
            var sym = f.Symbol;
            if (sym.ClrMethod != null || sym.Kind == FunctionKind.Extern || f.Body == null) continue;
            if (sym.Declaration is not { } decl || decl.TypeParams.Count > 0 || !Exported(decl)) continue;
            if (!ctx.Methods.TryGetValue(sym, out var impl)) continue;
            if (sym.Kind == FunctionKind.Free) exports.Add((sym, impl, ctx.ProgramType));
            else if (sym.Kind == FunctionKind.Method && impl.DeclaringType is { } owner && exportedTypes.Contains(owner)
                     && sym.DeclaringType is StructType { TypeArgs.Count: 0 } or EnumType { TypeArgs.Count: 0 })
                exports.Add((sym, impl, owner));
        }
        return (exportedTypes, exports);
    }

    /// <summary>Everything already defined becomes internal; the public surface is added/reopened afterwards.</summary>
    private static void MakeEverythingInternal(EmitContext ctx)
    {
        foreach (var t in ctx.Module.Types)
        {
            if (t.Name == "<Module>") continue;
            foreach (var m in t.Methods)
                if (m.IsPublic && !m.IsVirtual && !(t.IsInterface || IsDelegate(t))) m.Attributes = (m.Attributes & ~MethodAttributes.MemberAccessMask) | MethodAttributes.Assembly;
        }
    }

    /// <summary>A public PascalCase wrapper (flushing Milo's stdout) around each exported function's implementation.</summary>
    private static void AddWrappers(EmitContext ctx, List<(FunctionSymbol Fn, MethodDefinition Impl, TypeDefinition Owner)> exports)
    {
        var flush = ctx.Module.ImportReference(typeof(MiloProcess).GetMethod(nameof(MiloProcess.Flush))!);
        var members = new MemberNames();   // indexed: libraries may export tens of thousands of functions
        foreach (var (fn, impl, owner) in exports)
        {
            var miloName = TypeMapper.Sanitize(fn.Declaration!.Name.Text);
            var name = Pascal(miloName);
            if (name == owner.Name || members.Taken(owner, name, except: impl)) name = miloName;
            if (name == owner.Name || members.Taken(owner, name, except: impl)) name = miloName + "_";
            if (impl.Name == name) members.Rename(impl, "__milo_" + impl.Name);
            members.Added(owner, name);
            // Keep the Milo frame (and its `file.milo:line`) in stack traces instead of letting the JIT inline it into the wrapper.
            impl.ImplAttributes |= MethodImplAttributes.NoInlining;
            // Methods with a self parameter become instance methods (`this` is the managed pointer `&Self` expects).
            bool instance = fn.Kind == FunctionKind.Method && fn.HasSelf && impl.Parameters.Count > 0;
            var wrapper = LibrarySurface.WrapperEmitter.Emit(ctx, fn, impl, owner, name, flush, instance);
            LibrarySurface.XmlDocs.Add(ctx.Module.Assembly, wrapper, fn.Declaration.Location);
        }
    }

    /// <summary>
    /// Public types: exported declarations, the module class, and whatever the public API reaches — each given its C#
    /// surface (<see cref="AddTypeSurface"/>) as it is reached.
    /// </summary>
    private static HashSet<TypeDefinition> ReachablePublicTypes(EmitContext ctx, HashSet<TypeDefinition> exportedTypes)
    {
        var publicTypes = new HashSet<TypeDefinition>();
        var queue = new Queue<TypeDefinition>();
        void Reach(TypeReference? tr)
        {
            switch (tr)
            {
                case null: return;
                case GenericInstanceType gi:
                    Reach(gi.ElementType);
                    foreach (var a in gi.GenericArguments) Reach(a);
                    return;
                case TypeSpecification spec: Reach(spec.ElementType); return;
                case TypeDefinition td when td.Module == ctx.Module:
                    if (publicTypes.Add(td)) queue.Enqueue(td);
                    return;
            }
        }
        Reach(ctx.ProgramType);
        foreach (var t in exportedTypes) Reach(t);
        while (queue.Count > 0)
        {
            var td = queue.Dequeue();
            AddTypeSurface(ctx, td, exported: exportedTypes.Contains(td));
            foreach (var f in td.Fields) if (f.IsPublic) Reach(f.FieldType);
            foreach (var m in td.Methods)
            {
                if (!m.IsPublic) continue;
                Reach(m.ReturnType);
                foreach (var p in m.Parameters) Reach(p.ParameterType);
            }
            foreach (var i in td.Interfaces) Reach(i.InterfaceType);
            Reach(td.BaseType);
        }
        return publicTypes;
    }

    /// <summary>A public Milo struct/enum's C# surface: enum variant members, ToString, PascalCase fields, XML docs.</summary>
    private static void AddTypeSurface(EmitContext ctx, TypeDefinition td, bool exported)
    {
        if (td.IsValueType && ctx.Types.MiloTypeOf(td) is EnumType et) { LibrarySurface.EnumSurface.Add(ctx, td, et); LibrarySurface.VariantAccess.HideStorage(td); }
        if (td.IsValueType && ctx.Types.MiloTypeOf(td) is StructType or EnumType) AddToString(ctx, td);
        if (td.IsValueType && ctx.Types.MiloTypeOf(td) is StructType st)
        {
            foreach (var fd in td.Fields) // public struct fields: PascalCase
            {
                var n = Pascal(fd.Name);
                if (n != fd.Name && n != td.Name && !MemberNameTaken(td, n)) fd.Name = n;
            }
            if (st.Declaration is { } sd && sd.Fields.Count == td.Fields.Count)
                for (int i = 0; i < sd.Fields.Count; i++) LibrarySurface.XmlDocs.Add(ctx.Module.Assembly, td.Fields[i], sd.Fields[i].Location);
        }
        if (exported && ctx.Types.MiloTypeOf(td) is StructType { Declaration: { } sdecl }) LibrarySurface.XmlDocs.Add(ctx.Module.Assembly, td, sdecl.Location);
        if (exported && ctx.Types.MiloTypeOf(td) is EnumType { Declaration: { } edecl }) LibrarySurface.XmlDocs.Add(ctx.Module.Assembly, td, edecl.Location);
    }

    /// <summary>--debug libraries: ask the JIT not to optimise, so a debugger steps line by line through the .milo source.</summary>
    private static void MarkDebuggable(EmitContext ctx)
    {
        var modes = System.Diagnostics.DebuggableAttribute.DebuggingModes.Default
                    | System.Diagnostics.DebuggableAttribute.DebuggingModes.DisableOptimizations
                    | System.Diagnostics.DebuggableAttribute.DebuggingModes.IgnoreSymbolStoreSequencePoints;
        var ctor = ctx.Module.ImportReference(typeof(System.Diagnostics.DebuggableAttribute).GetConstructor([typeof(System.Diagnostics.DebuggableAttribute.DebuggingModes)])!);
        var attr = new CustomAttribute(ctor);
        attr.ConstructorArguments.Add(new CustomAttributeArgument(ctx.Module.ImportReference(typeof(System.Diagnostics.DebuggableAttribute.DebuggingModes)), modes));
        ctx.Module.Assembly.CustomAttributes.Add(attr);
    }

    /// <summary>Public exactly the reached types; compiler helpers created on demand after the sweep (`__display`, `__json` …) are implementation.</summary>
    private static void ApplyVisibility(EmitContext ctx, HashSet<TypeDefinition> publicTypes)
    {
        foreach (var t in ctx.Module.Types)
        {
            if (t.Name == "<Module>") continue;
            t.Attributes = (t.Attributes & ~TypeAttributes.VisibilityMask) | (publicTypes.Contains(t) ? TypeAttributes.Public : TypeAttributes.NotPublic);
            foreach (var m in t.Methods)
                if (m.IsPublic && m.Name.StartsWith("__", StringComparison.Ordinal)) m.Attributes = (m.Attributes & ~MethodAttributes.MemberAccessMask) | MethodAttributes.Assembly;
        }
    }

    private static bool IsDelegate(TypeDefinition t) => t.BaseType?.FullName == "System.MulticastDelegate";

    /// <summary>How many fields, properties and methods of a type bear each name (built on first use per type).</summary>
    private sealed class MemberNames
    {
        private readonly Dictionary<TypeDefinition, Dictionary<string, int>> _byType = new();

        private Dictionary<string, int> Of(TypeDefinition t)
        {
            if (_byType.TryGetValue(t, out var d)) return d;
            d = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var n in t.Fields.Select(f => f.Name).Concat(t.Properties.Select(p => p.Name)).Concat(t.Methods.Select(m => m.Name)))
                d[n] = d.GetValueOrDefault(n) + 1;
            return _byType[t] = d;
        }

        /// <summary>Another member than <paramref name="except"/> of <paramref name="t"/> is named <paramref name="name"/>.</summary>
        public bool Taken(TypeDefinition t, string name, MethodDefinition except)
            => Of(t).GetValueOrDefault(name) - (except.DeclaringType == t && except.Name == name ? 1 : 0) > 0;

        public void Added(TypeDefinition t, string name) { var d = Of(t); d[name] = d.GetValueOrDefault(name) + 1; }

        public void Rename(MethodDefinition m, string name)
        {
            if (m.DeclaringType is { } t && _byType.TryGetValue(t, out var d)) { d[m.Name]--; d[name] = d.GetValueOrDefault(name) + 1; }
            m.Name = name;
        }
    }

    private static bool MemberNameTaken(TypeDefinition t, string name, MethodDefinition? except = null)
        => t.Fields.Any(f => f.Name == name) || t.Properties.Any(p => p.Name == name)
           || t.Methods.Any(m => m != except && m.Name == name);

    /// <summary>`public override string ToString()` → the Milo display form (`Point { x: 1, y: 2 }`, `Some(3)`).</summary>
    private static void AddToString(EmitContext ctx, TypeDefinition td)
    {
        if (td.Methods.Any(m => m.Name == "ToString" && m.Parameters.Count == 0)) return;
        var milo = ctx.Types.MiloTypeOf(td)!;
        var helper = ctx.Display.DisplayHelper(milo, full: true);
        var m = new MethodDefinition("ToString", MethodAttributes.Public | MethodAttributes.Virtual | MethodAttributes.HideBySig, ctx.TS.String);
        td.Methods.Add(m);
        var il = m.Body.GetILProcessor();
        il.Emit(OpCodes.Newobj, ctx.Module.ImportReference(typeof(MiloStringBuilder).GetConstructor(Type.EmptyTypes)!));
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldobj, td);
        il.Emit(OpCodes.Call, helper);
        il.Emit(OpCodes.Callvirt, ctx.Module.ImportReference(typeof(MiloStringBuilder).GetMethod(nameof(MiloStringBuilder.ToString), Type.EmptyTypes)!));
        il.Emit(OpCodes.Ret);
        EmitContext.Finish(m);
    }

    // ------------------------------------------------------------------ writing

    /// <summary>
    /// Writes <paramref name="asm"/> to <paramref name="path"/> (+ portable PDB when possible) with references to
    /// System.Private.CoreLib retargeted to the System.Runtime facade wherever the facade forwards the type.
    /// </summary>
    public static void Write(AssemblyDefinition asm, string path)
    {
        using var dll = new MemoryStream();
        using var pdb = new MemoryStream();
        bool symbols = true;
        try { asm.Write(dll, new WriterParameters { WriteSymbols = true, SymbolStream = pdb, SymbolWriterProvider = new PortablePdbWriterProvider() }); }
        catch (Exception e) when (e is not EmitException)
        {
            symbols = false;
            dll.SetLength(0);
            asm.Write(dll);
        }
        dll.Position = 0; pdb.Position = 0;
        var rp = new ReaderParameters { ReadSymbols = symbols, ReadingMode = ReadingMode.Immediate, InMemory = true };
        if (symbols) { rp.SymbolStream = pdb; rp.SymbolReaderProvider = new PortablePdbReaderProvider(); }
        using var module = ModuleDefinition.ReadModule(dll, rp);
        RetargetCoreLibrary(module);
        if (symbols) module.Write(path, new WriterParameters { WriteSymbols = true, SymbolWriterProvider = new PortablePdbWriterProvider() });
        else module.Write(path);
    }

    private static void RetargetCoreLibrary(ModuleDefinition module)
    {
        var corelib = module.AssemblyReferences.FirstOrDefault(r => r.Name == "System.Private.CoreLib");
        if (corelib == null) return;
        var facadePath = Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "System.Runtime.dll");
        if (!File.Exists(facadePath)) return;
        using var facade = ModuleDefinition.ReadModule(facadePath);
        var forwarded = facade.ExportedTypes.Where(t => t.IsForwarder).Select(t => t.FullName).ToHashSet();
        var sysRuntime = new AssemblyNameReference("System.Runtime", facade.Assembly.Name.Version)
        { PublicKeyToken = facade.Assembly.Name.PublicKeyToken };
        bool used = false, corelibStillUsed = false;
        foreach (var tr in module.GetTypeReferences())
        {
            var outer = tr;
            while (outer.DeclaringType != null) outer = outer.DeclaringType;
            if (outer.Scope != corelib) continue;
            if (forwarded.Contains(outer.FullName)) { tr.Scope = sysRuntime; used = true; }
            else corelibStillUsed = true;
        }
        if (used) module.AssemblyReferences.Add(sysRuntime);
        if (!corelibStillUsed && module.GetTypeReferences().All(t => t.Scope != corelib)) module.AssemblyReferences.Remove(corelib);
    }
}
