using Milo.Compiler.Syntax;

namespace Milo.Compiler.Symbols;

internal abstract class VariableSymbol(string name, MiloType type, bool isMutable)
{
    public string Name { get; } = name;
    /// <summary>Declared type. For a `&amp;T` parameter this is the RefType; reads through it yield T.</summary>
    public MiloType Type { get; } = type;
    public bool IsMutable { get; } = isMutable;
    /// <summary>
    /// Set by the binder when a non-move closure captures this variable: the emitter then stores it in a heap cell
    /// (Milo.Runtime.Box&lt;T&gt;) so the function and its closures share it.
    /// </summary>
    public bool IsCapturedByReference { get; set; }
    /// <summary>Where the name was declared (let/var, parameter, loop or pattern binding); null for compiler temporaries. Used by `milo lsp`.</summary>
    public Text.Location? DeclaredAt { get; init; }
    /// <summary>
    /// A view of storage another owner keeps, so moving it copies (the owner keeps its own): a for-loop element, a
    /// `match *t` binding of a borrowed box, or a parameter of a closure literal passed to a Vec callback method (each,
    /// map, filter…), which the runtime hands the Vec's own element.
    /// </summary>
    public bool IsElementView { get; init; }
    public override string ToString() => Name;
}

internal sealed class LocalSymbol(string name, MiloType type, bool isMutable) : VariableSymbol(name, type, isMutable)
{
    /// <summary>Compiler-generated temporaries have no source name.</summary>
    public bool IsTemporary { get; init; }
}

internal sealed class ParameterSymbol(string name, MiloType type, int ordinal) : VariableSymbol(name, type, type is RefType { IsMutable: true })
{
    public int Ordinal { get; } = ordinal;
}

internal enum FunctionKind
{
    /// <summary>Top-level function or monomorphised instance of a generic one.</summary>
    Free,
    /// <summary>Method of a struct/enum (from `impl T` or `impl Trait for T`); the self parameter is Parameters[0] when present.</summary>
    Method,
    /// <summary>Body of a closure (emitted as an instance method of its closure class).</summary>
    Closure,
    /// <summary>`extern fn` (P/Invoke).</summary>
    Extern,
}

internal sealed class FunctionSymbol(string name, FunctionKind kind, List<ParameterSymbol> parameters, MiloType returnType, FunctionDeclSyntax? declaration)
{
    /// <summary>Unique CLR-safe name (`add`, `identity_i32`, `Point_getX`, `closure_3`).</summary>
    public string Name { get; } = name;
    public FunctionKind Kind { get; } = kind;
    public List<ParameterSymbol> Parameters { get; } = parameters;
    public MiloType ReturnType { get; internal set; } = returnType;
    public FunctionDeclSyntax? Declaration { get; } = declaration;
    /// <summary>For methods: the struct/enum type that declares it (the emitter places the method on that CLR type).</summary>
    public MiloType? DeclaringType { get; init; }
    public bool HasSelf { get; init; }
    public bool IsVariadic { get; init; }
    /// <summary>
    /// For `extern fn` declared in a std module and implemented in .NET (Milo.Stdlib / Milo.Runtime): the static method
    /// that implements it. Calls bind to a direct call of that method.
    /// </summary>
    public System.Reflection.MethodInfo? ClrMethod { get; init; }
    public override string ToString() => Name;
}
