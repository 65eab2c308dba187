using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Lsp;

/// <summary>
/// The symbol-at-position query: the identifier under the cursor (from the syntax walk) joined with the bound tree (by
/// span) and the declaration table (by name) to the symbol it names.
/// </summary>
internal sealed class SymbolResolver(DocumentAnalysis a)
{
    private static readonly HashSet<string> Builtins = new()
    {
        "print", "eprint", "format", "len", "exit", "flush", "assert", "max", "min", "jsonStringify", "sizeOf", "zeroed",
        "spawn", "panic", "Heap", "Some", "None", "Ok", "Err",
    };

    public NameOccurrence? OccurrenceAt(int offset)
    {
        NameOccurrence? best = null;
        foreach (var o in a.Occurrences)
        {
            if (o.Name.Start > offset) break;
            if (o.Contains(offset)) best = o;
        }
        return best;
    }

    public ResolvedSymbol? At(int offset) => OccurrenceAt(offset) is { } o ? Resolve(o) : null;

    public ResolvedSymbol? Resolve(NameOccurrence o)
    {
        var idx = a.Index;
        switch (o.Kind, o.Node)
        {
            case (OccurrenceKind.Name, NameExprSyntax n):
            {
                foreach (var b in idx.At(n.Location))
                {
                    if (b is BoundVariableExpr v) return Variable(v.Variable);
                    if (b is BoundFunctionRefExpr f && f.Function.Declaration != null) return Function(f.Function.Declaration);
                }
                if (VisibleVariable(n.Name, n.Location.Start) is { } local) return Variable(local);
                return TopLevel(n.Name) ?? (Builtins.Contains(n.Name) ? Builtin(n.Name, "builtin") : null);
            }
            case (OccurrenceKind.Method, MethodCallExprSyntax m):
            {
                foreach (var b in idx.At(m.Location))
                {
                    switch (b)
                    {
                        case BoundCallExpr c when c.Function.Declaration is { } d && d.Name.Text == m.Method.Text:
                            return Function(d, SymbolKindTag.Method);
                        case BoundInterfaceCallExpr ic when ic.Interface.Declaration.Methods.FirstOrDefault(x => x.Name.Text == m.Method.Text) is { } im:
                            return Function(im, SymbolKindTag.Method);
                        case BoundRuntimeCallExpr rc:
                            return Builtin(m.Method.Text, $"{Owner(rc.InstanceType ?? rc.Receiver?.Type)}{m.Method.Text}(…): {TypeDisplay.Show(rc.Type)}");
                        case BoundTryToOptionExpr t:
                            return Builtin(m.Method.Text, $"{Owner(t.Call.InstanceType ?? t.Call.Receiver?.Type)}{m.Method.Text}(…): {TypeDisplay.Show(t.Type)}");
                        case BoundIntrinsicExpr ie:
                            return Builtin(m.Method.Text, $"{m.Method.Text}(…): {TypeDisplay.Show(ie.Type)}");
                    }
                }
                var receiverType = idx.At(m.Receiver.Location).OfType<BoundExpr>().FirstOrDefault()?.Type;
                return MethodOf(receiverType, m.Method.Text) ?? AnyMethod(m.Method.Text);
            }
            case (OccurrenceKind.Field, FieldExprSyntax f):
            {
                if (idx.First<BoundFieldExpr>(f.Location) is { } bf) return Field(Unref(bf.Receiver.Type), bf.Field.Name, bf.Field.Type);
                var recv = idx.At(f.Receiver.Location).OfType<BoundExpr>().FirstOrDefault()?.Type;
                if (f.Field.Text == "len") return Builtin("len", $"{Owner(recv)}len: i64");
                return recv != null ? Field(Unref(recv), f.Field.Text, null) : null;
            }
            case (OccurrenceKind.Type, _):
                return TopLevel(o.Text) ?? Builtin(o.Text, "type " + o.Text);
            case (OccurrenceKind.TypeMember, TypeMemberExprSyntax tm):
                return Member(tm.Type.Name, tm.Member.Text);
            case (OccurrenceKind.PatternVariant, VariantPatternSyntax vp):
                return Member(vp.EnumName.Text, vp.Variant.Text);
            case (OccurrenceKind.FieldInit, StructLiteralExprSyntax s):
                return a.Declarations?.Structs.TryGetValue(s.Type.Name, out var sd) == true ? FieldOfDecl(sd.Decl, o.Text, null) : null;
            case (OccurrenceKind.LocalDecl, _):
            {
                var v = a.Index.Variables.FirstOrDefault(x => x.Variable.DeclaredAt?.Start == o.Name.Start)?.Variable;
                return v != null ? Variable(v) : new ResolvedSymbol(SymbolKindTag.Local, o.Text, "let " + o.Text, o.Name, null, ResolvedSymbol.KeyOf("var", o.Name));
            }
            case (OccurrenceKind.FunctionDecl, FunctionDeclSyntax fd):
                return Function(fd, a.Declarations?.Functions.TryGetValue(fd.Name.Text, out var top) == true && top.Decl == fd ? SymbolKindTag.Function : SymbolKindTag.Method);
            case (OccurrenceKind.TypeDecl, DeclSyntax d):
                return TypeDecl(d);
            case (OccurrenceKind.FieldDecl, StructDeclSyntax sd2):
                return FieldOfDecl(sd2, o.Text, null);
            case (OccurrenceKind.VariantDecl, EnumDeclSyntax ed):
                return Variant(ed, o.Text);
            case (OccurrenceKind.Import, _):
                return TopLevel(o.Text);
        }
        return null;
    }

    // ───────────── symbols ─────────────

    public static ResolvedSymbol Variable(VariableSymbol v)
    {
        var type = TypeDisplay.Show(v.Type);
        bool param = v is ParameterSymbol;
        var sig = param ? $"(parameter) {v.Name}: {type}" : $"{(v.IsMutable ? "var" : "let")} {v.Name}: {type}";
        return new ResolvedSymbol(param ? SymbolKindTag.Parameter : SymbolKindTag.Local, v.Name, sig, v.DeclaredAt, null,
            v.DeclaredAt is { } at ? ResolvedSymbol.KeyOf("var", at) : null);
    }

    public static ResolvedSymbol Function(FunctionDeclSyntax d, SymbolKindTag kind = SymbolKindTag.Function)
        => new(kind, d.Name.Text, DocComments.Header(d, d.Body?.Location.Start), d.Name.Location, DocComments.For(d),
            ResolvedSymbol.KeyOf("fn", d.Name.Location));

    private static ResolvedSymbol Builtin(string name, string signature) => new(SymbolKindTag.Builtin, name, signature, null, null, null);

    private static string Owner(MiloType? t) => t == null ? "" : TypeDisplay.Show(Unref(t)) + ".";

    private static MiloType Unref(MiloType t) => t is RefType r ? r.Inner : t;

    private VariableSymbol? VisibleVariable(string name, int offset)
        => a.Index.Variables.LastOrDefault(v => v.Variable.Name == name && v.VisibleFrom <= offset && offset <= v.VisibleTo)?.Variable;

    /// <summary>A top-level item by name (functions, types, constants; later declarations win, as in the merged table).</summary>
    public ResolvedSymbol? TopLevel(string name)
    {
        var t = a.Declarations;
        if (t == null) return null;
        if (t.Functions.TryGetValue(name, out var f)) return Function(f.Decl);
        if (t.Structs.TryGetValue(name, out var s)) return TypeDecl(s.Decl);
        if (t.Enums.TryGetValue(name, out var e)) return TypeDecl(e.Decl);
        if (t.Traits.TryGetValue(name, out var tr)) return TypeDecl(tr.Decl);
        if (t.Interfaces.TryGetValue(name, out var i)) return TypeDecl(i.Decl);
        if (t.Aliases.TryGetValue(name, out var al)) return TypeDecl(al.Decl);
        if (t.Constants.TryGetValue(name, out var c)) return TypeDecl(c.Decl);
        if (t.RuntimeStructs.TryGetValue(name, out var rs)) return TypeDecl(rs.Decl);
        return null;
    }

    public static ResolvedSymbol? TypeDecl(DeclSyntax d)
    {
        var (kind, name) = d switch
        {
            StructDeclSyntax s => (SymbolKindTag.Struct, s.Name),
            EnumDeclSyntax e => (SymbolKindTag.Enum, e.Name),
            TraitDeclSyntax t => (SymbolKindTag.Trait, t.Name),
            InterfaceDeclSyntax i => (SymbolKindTag.Interface, i.Name),
            TypeAliasDeclSyntax al => (SymbolKindTag.Alias, al.Name),
            ConstDeclSyntax c => (SymbolKindTag.Constant, c.Name),
            FunctionDeclSyntax f => (SymbolKindTag.Function, f.Name),
            _ => (SymbolKindTag.Builtin, default(NameSyntax)),
        };
        if (kind == SymbolKindTag.Builtin) return null;
        if (d is FunctionDeclSyntax fd) return Function(fd);
        return new ResolvedSymbol(kind, name.Text, DocComments.Header(d), name.Location, DocComments.For(d), ResolvedSymbol.KeyOf("type", name.Location));
    }

    private ResolvedSymbol? Member(string typeName, string member)
    {
        var t = a.Declarations;
        if (t == null) return null;
        if (t.Enums.TryGetValue(typeName, out var e) && e.Decl.Variants.Any(v => v.Name == member)) return Variant(e.Decl, member);
        if (t.Impls.TryGetValue(typeName, out var impls))
            foreach (var (impl, _) in impls)
                if (impl.Methods.FirstOrDefault(m => m.Name.Text == member) is { } md) return Function(md, SymbolKindTag.Method);
        return Builtin(member, $"{typeName}.{member}");
    }

    private static ResolvedSymbol? Variant(EnumDeclSyntax e, string name)
    {
        var v = e.Variants.FirstOrDefault(x => x.Name == name);
        if (v == null) return null;
        var loc = SyntaxOccurrences.NameAt(v.Location, v.Name);
        var text = v.Location.Source.Text.Substring(v.Location.Start, v.Location.Length).Trim().TrimEnd(',');
        return new ResolvedSymbol(SymbolKindTag.Variant, name, $"{e.Name.Text}.{text}", loc, DocComments.For(v), ResolvedSymbol.KeyOf("variant", loc));
    }

    private ResolvedSymbol? Field(MiloType owner, string name, MiloType? type)
    {
        if (owner is StructType { Declaration: { } sd }) return FieldOfDecl(sd, name, type);
        return type == null ? null : Builtin(name, $"{TypeDisplay.Show(owner)}.{name}: {TypeDisplay.Show(type)}");
    }

    private static ResolvedSymbol? FieldOfDecl(StructDeclSyntax sd, string name, MiloType? type)
    {
        var f = sd.Fields.FirstOrDefault(x => x.Name == name);
        if (f == null) return null;
        var loc = SyntaxOccurrences.NameAt(f.Location, f.Name);
        var shown = type != null ? TypeDisplay.Show(type) : f.Location.Source.Text.Substring(f.Type.Location.Start, f.Type.Location.Length);
        return new ResolvedSymbol(SymbolKindTag.Field, name, $"{sd.Name.Text}.{name}: {shown}", loc, DocComments.For(f), ResolvedSymbol.KeyOf("field", loc));
    }

    /// <summary>The method <paramref name="name"/> of a struct/enum type (impl blocks, then trait defaults).</summary>
    public ResolvedSymbol? MethodOf(MiloType? type, string name)
    {
        var t = a.Declarations;
        var typeName = type == null ? null : Unref(type) switch { StructType s => s.MiloName, EnumType e => e.MiloName, _ => null };
        if (t == null || typeName == null || !t.Impls.TryGetValue(typeName, out var impls)) return null;
        foreach (var (impl, _) in impls)
            if (impl.Methods.FirstOrDefault(m => m.Name.Text == name) is { } md) return Function(md, SymbolKindTag.Method);
        foreach (var (impl, _) in impls)
            if (impl.TraitName is { } tn && t.Traits.TryGetValue(tn.Text, out var trait) && trait.Decl.Methods.FirstOrDefault(m => m.Name.Text == name) is { } tm)
                return Function(tm, SymbolKindTag.Method);
        return null;
    }

    private ResolvedSymbol? AnyMethod(string name)
    {
        var t = a.Declarations;
        if (t == null) return null;
        foreach (var impls in t.Impls.Values)
            foreach (var (impl, _) in impls)
                if (impl.Methods.FirstOrDefault(m => m.Name.Text == name) is { } md) return Function(md, SymbolKindTag.Method);
        return null;
    }
}
