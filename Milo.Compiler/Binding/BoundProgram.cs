using Milo.Compiler.Symbols;
using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

/// <summary>A function (or closure body, or method) with its bound body.</summary>
internal sealed class BoundFunction(FunctionSymbol symbol, BoundBlock? body, SourceText source)
{
    public FunctionSymbol Symbol { get; } = symbol;
    /// <summary>Null for extern functions.</summary>
    public BoundBlock? Body { get; set; } = body;
    public SourceText Source { get; } = source;
    /// <summary>Set by the binder when falling off the end of the body may need drops (Lowering/DropInsertion).</summary>
    public ExitOwnership? EndExit { get; set; }
}

/// <summary>How a concrete struct/enum implements an interface: Methods[i] implements Interface.Methods[i].</summary>
internal sealed record InterfaceImplementation(MiloType Type, InterfaceType Interface, List<FunctionSymbol> Methods);

/// <summary>Everything the emitter needs: concrete types and function bodies, after binding (and lowering).</summary>
internal sealed class BoundProgram
{
    public List<StructType> Structs { get; } = new();
    public List<EnumType> Enums { get; } = new();
    public List<InterfaceType> Interfaces { get; } = new();
    /// <summary>Every (concrete type, interface) pair a value is converted at, with the implementing methods in interface order.</summary>
    public List<InterfaceImplementation> InterfaceImpls { get; } = new();
    /// <summary>Free functions, methods and monomorphised instances. Closure bodies live in their BoundClosureExpr.</summary>
    public List<BoundFunction> Functions { get; } = new();
    /// <summary>`main`, null for libraries.</summary>
    public FunctionSymbol? Main { get; set; }
    /// <summary>The main source file's path (as given): used in runtime error messages.</summary>
    public string MainFile { get; set; } = "";
    public bool Debug { get; set; }
    /// <summary>Green threads: what suspends (set by Lowering/SuspensionAnalysis; empty before lowering).</summary>
    public GreenThreadFacts GreenThreads { get; set; } = new();
}
