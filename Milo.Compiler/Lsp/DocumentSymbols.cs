using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Lsp;

/// <summary>`textDocument/documentSymbol`: the outline — functions, types with their fields/variants/methods, constants.</summary>
internal static class DocumentSymbols
{
    // LSP SymbolKind numbers.
    private const int Method = 6, Field = 8, Enum = 10, Interface = 11, Function = 12, Constant = 14, Struct = 23, EnumMember = 22, TypeParameter = 26;

    public static List<object> For(OpenDocument doc)
    {
        var unit = doc.Current.Unit ?? doc.LastBound?.Unit;
        var list = new List<object>();
        if (unit == null) return list;
        foreach (var d in unit.Decls)
        {
            switch (d)
            {
                case FunctionDeclSyntax f: list.Add(Symbol(f.Name.Text, Function, f, f.Name.Location, Detail(f))); break;
                case StructDeclSyntax s:
                    list.Add(Symbol(s.Name.Text, Struct, s, s.Name.Location, null,
                        s.Fields.Select(x => Symbol(x.Name, Field, x, SyntaxOccurrences.NameAt(x.Location, x.Name), Text(x.Type.Location))).ToList()));
                    break;
                case EnumDeclSyntax e:
                    list.Add(Symbol(e.Name.Text, Enum, e, e.Name.Location, null,
                        e.Variants.Select(v => Symbol(v.Name, EnumMember, v, SyntaxOccurrences.NameAt(v.Location, v.Name), null)).ToList()));
                    break;
                case ImplDeclSyntax i:
                {
                    var name = i.TraitName is { } tn ? $"impl {tn.Text} for {Text(i.Target.Location)}" : $"impl {Text(i.Target.Location)}";
                    list.Add(Symbol(name, Struct, i, i.Target.Location, null,
                        i.Methods.Select(m => Symbol(m.Name.Text, Method, m, m.Name.Location, Detail(m))).ToList()));
                    break;
                }
                case TraitDeclSyntax t:
                    list.Add(Symbol(t.Name.Text, Interface, t, t.Name.Location, null,
                        t.Methods.Select(m => Symbol(m.Name.Text, Method, m, m.Name.Location, Detail(m))).ToList()));
                    break;
                case InterfaceDeclSyntax i:
                    list.Add(Symbol(i.Name.Text, Interface, i, i.Name.Location, null,
                        i.Methods.Select(m => Symbol(m.Name.Text, Method, m, m.Name.Location, Detail(m))).ToList()));
                    break;
                case ConstDeclSyntax c: list.Add(Symbol(c.Name.Text, Constant, c, c.Name.Location, null)); break;
                case TypeAliasDeclSyntax al: list.Add(Symbol(al.Name.Text, TypeParameter, al, al.Name.Location, Text(al.Type.Location))); break;
            }
        }
        return list;
    }

    private static string Text(Location l) => l.Source.Text.Substring(l.Start, l.Length);

    private static string Detail(FunctionDeclSyntax f)
    {
        var header = DocComments.Header(f, f.Body?.Location.Start);
        int paren = header.IndexOf('(');
        return paren >= 0 ? header[paren..] : header;
    }

    private static object Symbol(string name, int kind, SyntaxNode node, Location selection, string? detail, List<object>? children = null)
    {
        var range = node.Location;
        // The selection range must lie inside the full range.
        int start = Math.Min(range.Start, selection.Start), end = Math.Max(range.End, selection.End);
        return new
        {
            name,
            detail,
            kind,
            range = LspText.Range(range.Source, start, end),
            selectionRange = LspText.Range(selection),
            children,
        };
    }
}
