using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace Milo.Compiler.Emit;

/// <summary>Shared state of one emission: the module under construction and the symbol → CLR maps.</summary>
internal sealed class EmitContext
{
    public EmitContext(BoundProgram program, ModuleDefinition module, string ns)
    {
        Program = program;
        Module = module;
        Namespace = ns;
        Types = new TypeMapper(this);
        RuntimeApi = new RuntimeApi(this);
        Display = new DisplayEmitter(this);
        Closures = new ClosureEmitter(this);
        Arith = new ArithHelpers(this);
        Copy = new CopyEmitter(this);
        Drop = new DropEmitter(this);
        Interfaces = new InterfaceEmitter(this);
    }

    public BoundProgram Program { get; }
    public ModuleDefinition Module { get; }
    public string Namespace { get; }
    public TypeMapper Types { get; }
    public RuntimeApi RuntimeApi { get; }
    public DisplayEmitter Display { get; }
    public ClosureEmitter Closures { get; }
    public ArithHelpers Arith { get; }
    public CopyEmitter Copy { get; }
    public DropEmitter Drop { get; }
    public InterfaceEmitter Interfaces { get; }
    private StringLiterals? _literals;
    /// <summary>Cached string-literal byte arrays (static fields).</summary>
    public StringLiterals Literals => _literals ??= new StringLiterals(this);
    private ByValueCallbacks? _callbacks;
    /// <summary>Function values with `&amp;T` parameters handed to runtime methods taking a Func/Action.</summary>
    public ByValueCallbacks Callbacks => _callbacks ??= new ByValueCallbacks(this);
    /// <summary>Green-thread state machines (null when the program has no suspending code).</summary>
    public StateMachineEmitter? Green { get; set; }
    public TypeSystem TS => Module.TypeSystem;

    /// <summary>The static class holding the entry point, `main`, a library's public API and the first free functions.</summary>
    public TypeDefinition ProgramType { get; set; } = null!;

    /// <summary>
    /// Free functions per class. The CLR loads at most 65,535 methods per type (issue #12), so free functions, P/Invoke
    /// stubs and thunks fill <see cref="ProgramType"/> up to this many, then overflow classes `MiloProgram$1`, `$2`, … The
    /// limit leaves <see cref="ProgramType"/> room for the entry point and a library's public wrappers.
    /// </summary>
    public const int FunctionsPerClass = 30_000;

    private readonly List<TypeDefinition> _overflowHosts = new();

    /// <summary>The class that receives the next free function (see <see cref="FunctionsPerClass"/>).</summary>
    public TypeDefinition FunctionHost()
    {
        var host = _overflowHosts.Count == 0 ? ProgramType : _overflowHosts[^1];
        if (host.Methods.Count < FunctionsPerClass) return host;
        host = new TypeDefinition(ProgramType.Namespace, ProgramType.Name + "$" + (_overflowHosts.Count + 1),
            ProgramType.Attributes, ProgramType.BaseType);
        Module.Types.Add(host);
        _overflowHosts.Add(host);
        return host;
    }

    /// <summary>Adds a static free function (or stub) to <see cref="FunctionHost"/>.</summary>
    public MethodDefinition AddFunction(MethodDefinition m)
    {
        FunctionHost().Methods.Add(m);
        return m;
    }

    public Dictionary<FunctionSymbol, MethodDefinition> Methods { get; } = new();

    private readonly Dictionary<Milo.Compiler.Text.SourceText, Document> _documents = new();

    /// <summary>
    /// The PDB document of a source file: its full path when it is on disk (else its module name, e.g. std/json.milo),
    /// a SHA-256 of its content and the content itself (embedded source), so a debugger shows std modules and moved files
    /// too. No language GUID: Cecil's portable PDB writer only writes the GUIDs of languages it knows (an unknown one
    /// comes out empty), so Milo documents have none.
    /// </summary>
    private readonly Dictionary<Milo.Compiler.Text.SourceText, string> _errorFiles = new();

    /// <summary>
    /// The name runtime errors print for <paramref name="src"/>: the main file as given to the compiler; an imported
    /// file relative to the main file's folder; std modules as their module path (`std/json.milo`).
    /// </summary>
    public string ErrorFileName(Milo.Compiler.Text.SourceText? src)
    {
        var main = Program.MainFile;
        if (src == null || src.FilePath == main) return main;
        if (_errorFiles.TryGetValue(src, out var n)) return n;
        n = src.FilePath;
        try
        {
            if (!n.StartsWith("std/", StringComparison.Ordinal) && File.Exists(n))
                n = File.Exists(main) ? Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(main)) ?? ".", n).Replace('\\', '/')
                                      : Path.GetFileName(n);
        }
        catch (Exception e) when (e is IOException or ArgumentException or NotSupportedException) { }
        return _errorFiles[src] = n;
    }

    public Document DocumentFor(Milo.Compiler.Text.SourceText src)
    {
        if (_documents.TryGetValue(src, out var d)) return d;
        string url = src.FilePath;
        byte[] content = System.Text.Encoding.UTF8.GetBytes(src.Text);
        try
        {
            if (File.Exists(src.FilePath))
            {
                url = Path.GetFullPath(src.FilePath);
                var onDisk = File.ReadAllBytes(src.FilePath);   // the exact bytes, so the hash matches the file
                if (System.Text.Encoding.UTF8.GetString(onDisk).TrimStart('\uFEFF') == src.Text) content = onDisk;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException) { }
        d = new Document(url)
        {
            HashAlgorithm = DocumentHashAlgorithm.SHA256,
            Hash = System.Security.Cryptography.SHA256.HashData(content),
        };
        d.CustomDebugInformations.Add(new EmbeddedSourceDebugInformation(content, compress: content.Length > 256));
        _documents[src] = d;
        return d;
    }

    private int _unique;
    public int NextId() => ++_unique;

    /// <summary>Imports a reflection type into the module.</summary>
    public TypeReference Import(Type t) => Module.ImportReference(t);

    /// <summary>Finalises a method body: short branches where possible.</summary>
    public static void Finish(MethodDefinition m)
    {
        if (!m.HasBody) return;
        MacroOptimizer.Optimize(m.Body);
    }

    public MethodDefinition MethodFor(FunctionSymbol f)
    {
        if (Methods.TryGetValue(f, out var m)) return m;
        if (f.ClrMethod != null)
        {
            // .NET-implemented extern used as a value (or not listed): a forwarding static method.
            Emitter.Declare(this, f);
            Emitter.EmitForwarder(this, f);
            return Methods[f];
        }
        throw new EmitException($"function '{f.Name}' was not declared (not in BoundProgram.Functions)");
    }
}

internal sealed class EmitException(string message) : Exception(message);
