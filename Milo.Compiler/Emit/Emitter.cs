using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Runtime;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Compiler.Emit;

/// <summary>
/// Bound program → .NET assembly (Mono.Cecil). Writes OUT.dll, OUT.runtimeconfig.json and copies Milo.Runtime.dll /
/// Milo.Stdlib.dll beside it so that `dotnet OUT.dll` runs the program (exit status = main's return value).
/// </summary>
internal static class Emitter
{
    public static void Emit(BoundProgram program, string outputDllPath, string assemblyName, bool library = false,
        Milo.Compiler.Diagnostics.StageTimings? timings = null)
    {
        var full = Path.GetFullPath(outputDllPath);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        using (var asm = Build(program, assemblyName, library))
        {
            timings?.Mark("emit");
            if (library)
            {
                LibraryEmitter.Write(asm, full);
                LibrarySurface.XmlDocs.Write(asm, Path.ChangeExtension(full, ".xml"));   // `///` comments: IntelliSense
            }
            else try
            {
                asm.Write(full, new WriterParameters { WriteSymbols = true, SymbolWriterProvider = new Mono.Cecil.Cil.PortablePdbWriterProvider() });
            }
            catch (Exception e) when (e is not EmitException)
            {
                // Symbols are optional: fall back to an assembly without a PDB.
                asm.Write(full);
            }
            timings?.Mark("write");
        }
        if (!library) WriteRuntimeConfig(full); // a library is loaded by its host's runtime
        CopyRuntime(dir, SqliteFiles.IsUsedBy(program));
        timings?.Mark("runtime files");
    }

    /// <summary>Builds the assembly in memory (callers write it or load it).</summary>
    internal static AssemblyDefinition Build(BoundProgram program, string assemblyName, bool library = false)
    {
        var ns = Namespace(assemblyName);
        var asm = AssemblyDefinition.CreateAssembly(new AssemblyNameDefinition(assemblyName, new Version(1, 0, 0, 0)), assemblyName,
            new ModuleParameters { Kind = program.Main != null && !library ? ModuleKind.Console : ModuleKind.Dll, Runtime = TargetRuntime.Net_4_0 });
        var module = asm.MainModule;
        // Import the core library first so Module.TypeSystem binds to the same reference as reflection imports.
        module.ImportReference(typeof(object));
        var ctx = new EmitContext(program, module, ns);
        ctx.ProgramType = new TypeDefinition(ns, library ? LibraryEmitter.ModuleClassName(program.MainFile, ns) : "MiloProgram",
            TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.BeforeFieldInit, module.TypeSystem.Object);
        module.Types.Add(ctx.ProgramType);

        foreach (var s in program.Structs) ctx.Types.Define(s);
        foreach (var e in program.Enums) ctx.Types.Define(e);

        foreach (var f in program.Functions) Declare(ctx, f);
        if (program.GreenThreads is { Any: true } green) ctx.Green = new StateMachineEmitter(ctx, green);
        foreach (var f in program.Functions)
        {
            if (f.Symbol.ClrMethod != null) { EmitForwarder(ctx, f.Symbol); continue; }
            if (f.Symbol.Kind == FunctionKind.Extern || f.Body == null) continue;
            try
            {
                new FunctionEmitter(ctx, ctx.Methods[f.Symbol], f.Symbol).EmitBody(f.Body);
            }
            catch (EmitException ex)
            {
                throw new EmitException($"in function '{f.Symbol.Name}': {ex.Message}");
            }
        }
        ctx.Green?.EmitPending(); // green-thread frames requested while emitting bodies
        if (library) LibraryEmitter.Apply(ctx, program); // no entry point; public API per docs/interop.md
        else if (program.Main != null) EntryPoint.Emit(ctx, program.Main);
        CheckRuntimeLimits(module);
        return asm;
    }

    /// <summary>
    /// The CLR refuses to load a type with more than 65,535 methods or fields. Free functions and literals are spread over
    /// several classes; what remains (e.g. a library exporting more functions than that) is reported, not written as a
    /// dll that cannot load.
    /// </summary>
    private static void CheckRuntimeLimits(ModuleDefinition module)
    {
        foreach (var t in module.Types)
        {
            if (t.Methods.Count > ushort.MaxValue)
                throw new EmitException($"class '{t.Name}' would have {t.Methods.Count} methods, more than the .NET runtime can load ({ushort.MaxValue})");
            if (t.Fields.Count > ushort.MaxValue)
                throw new EmitException($"class '{t.Name}' would have {t.Fields.Count} fields, more than the .NET runtime can load ({ushort.MaxValue})");
        }
    }

    internal static string Namespace(string assemblyName) => ClrNames.Namespace(assemblyName);

    internal static void Declare(EmitContext ctx, BoundFunction f) => Declare(ctx, f.Symbol);

    internal static void Declare(EmitContext ctx, FunctionSymbol fn)
    {
        if (FfiEmitter.IsCExtern(fn)) { FfiEmitter.Declare(ctx, fn); return; } // P/Invoke with the C-side signature
        var attrs = MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig;
        var m = new MethodDefinition(TypeMapper.Sanitize(fn.Name), attrs, ctx.Types.Map(fn.ReturnType));
        for (int i = 0; i < fn.Parameters.Count; i++)
            m.Parameters.Add(new ParameterDefinition(TypeMapper.Sanitize(fn.Parameters[i].Name), ParameterAttributes.None, ctx.Types.MapParam(fn, i)));
        // `main` stays in the program class beside the entry point; other free functions fill the function hosts.
        TypeDefinition owner = fn.Kind == FunctionKind.Method && fn.DeclaringType?.StripRange() is StructType or EnumType
            ? ctx.Types.Define(fn.DeclaringType!) : fn == ctx.Program.Main ? ctx.ProgramType : ctx.FunctionHost();
        owner.Methods.Add(m);
        ctx.Methods[fn] = m;
    }

    /// <summary>An extern fn implemented in .NET: a static method forwarding to <see cref="FunctionSymbol.ClrMethod"/>.</summary>
    internal static void EmitForwarder(EmitContext ctx, FunctionSymbol fn)
    {
        var m = ctx.Methods[fn];
        var il = m.Body.GetILProcessor();
        foreach (var p in m.Parameters) il.Emit(OpCodes.Ldarg, p);
        il.Emit(OpCodes.Call, ctx.Module.ImportReference(fn.ClrMethod!));
        if (fn.ReturnType.IsVoid && fn.ClrMethod!.ReturnType != typeof(void)) il.Emit(OpCodes.Pop);
        il.Emit(OpCodes.Ret);
        EmitContext.Finish(m);
    }

    /// <summary>
    /// OUT.runtimeconfig.json. Settings chosen by measurement (README: Native executables and start-up): non-concurrent
    /// GC (no background GC thread to create; json −30 % CPU) and no tiered PGO (no instrumented tier for short-lived
    /// programs; start-up and json faster, fib/sort unchanged). Tiered compilation and quick JIT for loops stay on
    /// (turning either off made start-up slower).
    /// </summary>
    private static void WriteRuntimeConfig(string dllPath)
    {
        var cfg = Path.ChangeExtension(dllPath, null) + ".runtimeconfig.json";
        File.WriteAllText(cfg, """
        {
          "runtimeOptions": {
            "tfm": "net10.0",
            "framework": {
              "name": "Microsoft.NETCore.App",
              "version": "10.0.0"
            },
            "configProperties": {
              "System.GC.Concurrent": false,
              "System.Runtime.TieredPGO": false
            }
          }
        }
        """);
    }

    private static void CopyRuntime(string dir, bool sqlite)
    {
        var rt = typeof(MiloString).Assembly.Location;
        var rtDir = Path.GetDirectoryName(rt)!;
        var files = new[] { "Milo.Runtime.dll", "Milo.Stdlib.dll" }.Select(n => Path.Combine(rtDir, n));
        if (sqlite) files = files.Concat(SqliteFiles.Sources(rtDir));
        foreach (var src in files)
        {
            if (!File.Exists(src)) continue;
            var dst = Path.Combine(dir, Path.GetFileName(src));
            if (string.Equals(Path.GetFullPath(src), Path.GetFullPath(dst), StringComparison.Ordinal)) continue;
            // Skip identical copies, and replace atomically (write a temp file, then rename): programs compiled into the same
            // folder may be running and mapping the current copy.
            if (File.Exists(dst) && new FileInfo(dst).Length == new FileInfo(src).Length
                && File.GetLastWriteTimeUtc(dst) >= File.GetLastWriteTimeUtc(src)) continue;
            var tmp = dst + "." + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                File.Copy(src, tmp, overwrite: true);
                File.SetLastWriteTimeUtc(tmp, File.GetLastWriteTimeUtc(src));
                File.Move(tmp, dst, overwrite: true);
            }
            catch (IOException) when (File.Exists(dst)) { /* keep the existing copy */ }
            finally { if (File.Exists(tmp)) File.Delete(tmp); }
        }
    }
}

/// <summary>`static int Main(string[] args) => MiloProcess.RunMain(__main, args)` with `__main` calling the Milo main.</summary>
internal static class EntryPoint
{
    public static void Emit(EmitContext ctx, FunctionSymbol main)
    {
        var ts = ctx.TS;
        var target = ctx.MethodFor(main);

        var wrapper = new MethodDefinition("__main", MethodAttributes.Private | MethodAttributes.Static | MethodAttributes.HideBySig, ts.Int32);
        ctx.ProgramType.Methods.Add(wrapper);
        var il = wrapper.Body.GetILProcessor();
        if (main.Parameters.Count > 0) throw new EmitException("main must not take parameters");
        il.Emit(OpCodes.Call, target);
        var rt = main.ReturnType.StripRange();
        if (rt.IsVoid) il.Emit(OpCodes.Ldc_I4_0);
        else if (rt is PrimitiveType { Kind: PrimitiveKind.I64 or PrimitiveKind.U64 }) il.Emit(OpCodes.Conv_I4);
        else if (!rt.IsInteger) { il.Emit(OpCodes.Pop); il.Emit(OpCodes.Ldc_I4_0); }
        il.Emit(OpCodes.Ret);

        var entry = new MethodDefinition("Main", MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig, ts.Int32);
        entry.Parameters.Add(new ParameterDefinition("args", ParameterAttributes.None, new Mono.Cecil.ArrayType(ts.String)));
        ctx.ProgramType.Methods.Add(entry);
        il = entry.Body.GetILProcessor();
        il.Emit(OpCodes.Ldnull);
        il.Emit(OpCodes.Ldftn, wrapper);
        il.Emit(OpCodes.Newobj, ctx.Types.DelegateCtor(ctx.Import(typeof(Func<int>))));
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, ctx.RuntimeApi.RunMain);
        il.Emit(OpCodes.Ret);
        ctx.Module.EntryPoint = entry;
    }
}
