using Milo.Compiler.Diagnostics;
using Milo.Compiler.Symbols;

namespace Milo.Compiler.Binding;

/// <summary>
/// Candidates for the `help: did you mean '…'?` line of unknown-name errors (<see cref="Spelling"/> picks the closest).
/// Each returns the help text or null.
/// </summary>
internal sealed partial class Binder
{
    private static readonly string[] BuiltinTypeNames = ["string", "Vec", "HashMap", "Heap", "Self"];

    private string? SuggestVariable(string name)
        => Spelling.DidYouMean(name, _ctx.Scope.VisibleNames().Concat(_decls.Constants.Keys).Concat(_decls.Functions.Keys));

    private string? SuggestFunction(string name)
        => Spelling.DidYouMean(name, _decls.Functions.Keys.Concat(_ctx.Scope.VisibleNames()));

    private string? SuggestType(string name, TypeEnv env)
        => Spelling.DidYouMean(name, _decls.Structs.Keys.Concat(_decls.Enums.Keys).Concat(_decls.Interfaces.Keys).Concat(_decls.Aliases.Keys)
            .Concat(_decls.RuntimeStructs.Keys).Concat(PrimitiveNames.Keys).Concat(BuiltinTypeNames).Concat(env.Subst.Keys));

    private string? SuggestStruct(string name) => Spelling.DidYouMean(name, _decls.Structs.Keys);

    private string? SuggestEnum(string name) => Spelling.DidYouMean(name, _decls.Enums.Keys);

    private string? SuggestTrait(string name) => Spelling.DidYouMean(name, _decls.Traits.Keys);

    private static string? SuggestVariant(EnumType et, string name) => Spelling.DidYouMean(name, et.Variants.Select(v => v.Name));

    private static string? SuggestField(StructType st, string name) => Spelling.DidYouMean(name, st.Fields.Select(f => f.Name));

    private static string? SuggestStringMethod(string name) => Spelling.DidYouMean(name, StringMethods.Keys);

    /// <summary>Methods of a user struct/enum: its inherent and trait impls, trait default methods and function-typed fields.</summary>
    private string? SuggestMethod(MiloType type, string name)
    {
        var names = new List<string>();
        if (ImplTargetName(type) is { } baseName && _decls.Impls.TryGetValue(baseName, out var impls))
            foreach (var (impl, _) in impls)
            {
                names.AddRange(impl.Methods.Select(m => m.Name.Text));
                if (impl.TraitName is { } tn && _decls.Traits.TryGetValue(tn.Text, out var trait))
                    names.AddRange(trait.Decl.Methods.Where(m => m.Body != null).Select(m => m.Name.Text));
            }
        if (type is StructType st) names.AddRange(st.Fields.Where(f => f.Type is FunctionType).Select(f => f.Name));
        return Spelling.DidYouMean(name, names);
    }

    private string? SuggestRuntimeMethod(RuntimeClassType rc, string name, bool isStatic)
    {
        var names = RuntimeMethodTable.TryGetValue(OpenClr(rc), out var table)
            ? table.Where(m => m.IsStatic == isStatic).Select(m => m.Name)
            : OpenClr(rc).GetMethods().Where(m => m.IsStatic == isStatic && m.DeclaringType == OpenClr(rc))
                .Select(m => char.ToLowerInvariant(m.Name[0]) + m.Name[1..]);
        return Spelling.DidYouMean(name, names);
    }
}
