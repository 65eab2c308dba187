using Milo.Compiler.Diagnostics;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;

namespace Milo.Compiler.Binding;

internal sealed partial class Binder
{
    private static readonly HashSet<string> BuiltinTraits = new() { "Eq", "Hash", "Clone", "Display", "Add", "Sub", "Mul", "Div", "Drop", "Ord" };

    /// <summary>Decides how `==` works on a struct: user `impl Eq`, `@derive(Eq)`, or automatic field-wise equality.</summary>
    private void ConfigureStructEq(StructType st, StructDeclSyntax decl)
    {
        var derive = decl.Annotations.Where(a => a.Name == "derive").SelectMany(a => a.Args).ToList();
        foreach (var d in derive)
            if (d != "Eq") _diagnostics.Report(decl.Location, Errors.CannotDeriveTrait.With(d));
        if (HasTraitImpl(st, "Eq")) return; // EqMethod resolved lazily at the first `==`
        bool fieldsEq = st.Fields.All(f => FieldHasEq(f.Type));
        if (derive.Contains("Eq"))
        {
            // Enum fields compare by value here (as automatic Eq does); the reference's checker rejects them for
            // @derive although its docs call derive "field-wise equality" — docs/checklist-coverage.md.
            foreach (var f in st.Fields)
                if (!FieldHasEq(f.Type))
                    _diagnostics.Report(decl.Location, Errors.CannotDeriveEqField.With(st.Name, f.Name, f.Type.Name));
            st.HasStructuralEq = true;
        }
        else if (fieldsEq && decl.TypeParams.Count == 0)
            st.HasStructuralEq = true;
    }

    private bool FieldHasEq(MiloType t) => t.StripRange() switch
    {
        PrimitiveType or StringType => true,
        EnumType => true,
        StructType s => s.HasStructuralEq || HasTraitImpl(s, "Eq"),
        _ => false,
    };

    /// <summary>Trait declarations: every supertrait named in a header must exist, whether or not the trait is implemented.</summary>
    private void ValidateTraitDecls()
    {
        foreach (var (_, (decl, _)) in _decls.Traits)
            foreach (var sup in decl.Supertraits)
                if (!_decls.Traits.ContainsKey(sup.Text) && !BuiltinTraits.Contains(sup.Text))
                    _diagnostics.Report(sup.Location, Errors.SupertraitNotFound.With(sup.Text), help: SuggestTrait(sup.Text));
    }

    /// <summary>Interface declarations (checklist §3.8), checked whether or not the interface is used: no default bodies, and
    /// the first parameter is `self: &amp;Self` or `self: &amp;mut Self`.</summary>
    private void ValidateInterfaceDecls()
    {
        foreach (var (_, (decl, _)) in _decls.Interfaces)
            foreach (var m in decl.Methods)
            {
                if (m.Body != null) _diagnostics.Report(m.Location, Errors.InterfaceMethodWithBody.With());
                var self = m.Parameters.Count > 0 ? m.Parameters[0] : null;
                if (self == null || self.Name != "self" || self.Type is not RefTypeSyntax { Inner: NamedTypeSyntax { Name: "Self" } })
                    _diagnostics.Report(self?.Location ?? m.Location, Errors.InterfaceSelfNotRef.With(m.Name.Text));
            }
    }

    /// <summary>impl-Trait checks: unknown trait, missing required methods, extra methods, supertraits, Drop.</summary>
    private void ValidateTraitImpls()
    {
        var registered = new HashSet<(string, string)>();
        foreach (var (typeName, impls) in _decls.Impls)
        {
            foreach (var (impl, src) in impls)
            {
                if (impl.TraitName is not { } tn) continue;
                var trait = tn.Text;
                if (!registered.Add((trait, typeName)))
                    _diagnostics.Report(impl.Location, Errors.DuplicateImpl.With(trait, typeName));
                if (_decls.Traits.TryGetValue(trait, out var td))
                {
                    foreach (var req in td.Decl.Methods.Where(m => m.Body == null))
                        if (!impl.Methods.Any(m => m.Name.Text == req.Name.Text))
                            _diagnostics.Report(impl.Location, Errors.ImplMissingMethod.With(trait, typeName, req.Name.Text));
                    foreach (var m in impl.Methods)
                        if (!td.Decl.Methods.Any(x => x.Name.Text == m.Name.Text))
                            _diagnostics.Report(m.Location, Errors.MethodNotInTrait.With(m.Name.Text, trait));
                    foreach (var sup in td.Decl.Supertraits)
                    {
                        if (!_decls.Traits.ContainsKey(sup.Text) && !BuiltinTraits.Contains(sup.Text))
                            continue; // reported once on the trait declaration (ValidateTraitDecls)
                        if (!registered.Contains((sup.Text, typeName)))
                            _diagnostics.Report(impl.Location, Errors.ImplRequiresSupertraitImpl.With(trait, typeName, sup.Text));
                    }
                }
                else if (!BuiltinTraits.Contains(trait))
                    _diagnostics.Report(tn.Location, Errors.UnknownTrait.With(trait), help: SuggestTrait(trait));
                else if (trait == "Eq" && !impl.Methods.Any(m => m.Name.Text == "eq"))
                    _diagnostics.Report(impl.Location, Errors.ImplEqMissingEq.With(typeName));

                if (trait == "Drop")
                {
                    if (_decls.Structs.TryGetValue(typeName, out var sd) && sd.Decl.TypeParams.Count == 0)
                    {
                        var st = GetStruct(sd.Decl, new(), sd.Source);
                        st.DropMethod = LookupMethod(st, "drop");
                    }
                    else if (_decls.Enums.TryGetValue(typeName, out var ed) && ed.Decl.TypeParams.Count == 0)
                    {
                        var et = GetEnum(ed.Decl, new(), ed.Source);
                        et.DropMethod = LookupMethod(et, "drop");
                    }
                    else if (typeName is "string" or "Vec" or "HashMap" or "Heap" || PrimitiveNames.ContainsKey(typeName))
                        _diagnostics.Report(impl.Location, Errors.CannotImplDropForBuiltin.With(typeName));
                }
            }
        }
    }
}
