using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Modules;

/// <summary>
/// All top-level declarations of every reachable file, merged into one flat namespace (later declarations replace
/// earlier ones of the same name, as in the reference). Impl blocks accumulate per target type name.
/// </summary>
internal sealed class DeclarationTable
{
    public Dictionary<string, (StructDeclSyntax Decl, SourceText Source)> Structs { get; } = new();
    public Dictionary<string, (EnumDeclSyntax Decl, SourceText Source)> Enums { get; } = new();
    public Dictionary<string, (FunctionDeclSyntax Decl, SourceText Source)> Functions { get; } = new();
    public Dictionary<string, (TraitDeclSyntax Decl, SourceText Source)> Traits { get; } = new();
    public Dictionary<string, (InterfaceDeclSyntax Decl, SourceText Source)> Interfaces { get; } = new();
    public Dictionary<string, (TypeAliasDeclSyntax Decl, SourceText Source)> Aliases { get; } = new();
    /// <summary>Top-level `let NAME[: T] = literal` constants; a use binds the literal in place.</summary>
    public Dictionary<string, (ConstDeclSyntax Decl, SourceText Source)> Constants { get; } = new();
    /// <summary>`@runtime(ClrClass) struct Name&lt;T&gt; {}` in std modules: opaque handle types implemented in .NET (see RuntimeTypes).</summary>
    public Dictionary<string, (StructDeclSyntax Decl, SourceText Source)> RuntimeStructs { get; } = new();
    /// <summary>`from "dotnet:Namespace" import { Types }` declarations of every file (resolved by the binder, Binding/DotNet).</summary>
    public List<ImportDeclSyntax> DotNetImports { get; } = new();
    /// <summary>Impl blocks by target type name, in merge order.</summary>
    public Dictionary<string, List<(ImplDeclSyntax Decl, SourceText Source)>> Impls { get; } = new();

    public void Add(CompilationUnitSyntax unit)
    {
        var src = unit.Source;
        foreach (var d in unit.Decls)
        {
            switch (d)
            {
                case StructDeclSyntax s when s.HasAnnotation("runtime"):
                    RuntimeStructs[s.Name.Text] = (s, src); Structs.Remove(s.Name.Text); Enums.Remove(s.Name.Text); break;
                case StructDeclSyntax s:
                    Structs[s.Name.Text] = (s, src); Enums.Remove(s.Name.Text); RuntimeStructs.Remove(s.Name.Text); break;
                case EnumDeclSyntax e:
                    Enums[e.Name.Text] = (e, src); Structs.Remove(e.Name.Text); break;
                case FunctionDeclSyntax f:
                    Functions[f.Name.Text] = (f, src); break;
                case TraitDeclSyntax t:
                    Traits[t.Name.Text] = (t, src); break;
                case InterfaceDeclSyntax i:
                    Interfaces[i.Name.Text] = (i, src); break;
                case ConstDeclSyntax c:
                    Constants[c.Name.Text] = (c, src); break;
                case TypeAliasDeclSyntax a:
                    Aliases[a.Name.Text] = (a, src); break;
                case ImportDeclSyntax imp when imp.Path.StartsWith(DotNetImportPaths.Prefix, StringComparison.Ordinal):
                    DotNetImports.Add(imp); break;
                case ImplDeclSyntax impl:
                    if (!Impls.TryGetValue(impl.Target.Name, out var list)) Impls[impl.Target.Name] = list = new();
                    list.Add((impl, src));
                    break;
            }
        }
    }

    /// <summary>Names a file declares (for validating `import { names }`).</summary>
    public static HashSet<string> DeclaredNames(CompilationUnitSyntax unit)
    {
        var set = new HashSet<string>();
        foreach (var d in unit.Decls)
        {
            switch (d)
            {
                case StructDeclSyntax s: set.Add(s.Name.Text); break;
                case EnumDeclSyntax e: set.Add(e.Name.Text); break;
                case FunctionDeclSyntax f: set.Add(f.Name.Text); break;
                case TraitDeclSyntax t: set.Add(t.Name.Text); break;
                case InterfaceDeclSyntax i: set.Add(i.Name.Text); break;
                case ConstDeclSyntax c: set.Add(c.Name.Text); break;
            }
        }
        return set;
    }
}
