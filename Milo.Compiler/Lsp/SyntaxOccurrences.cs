using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Lsp;

/// <summary>Every identifier of one parsed file (<see cref="NameOccurrence"/>), in source order: a plain syntax walk.</summary>
internal static class SyntaxOccurrences
{
    public static List<NameOccurrence> Collect(CompilationUnitSyntax unit)
    {
        var w = new Walker();
        foreach (var d in unit.Decls) w.Decl(d);
        w.Result.Sort((a, b) => a.Name.Start.CompareTo(b.Name.Start));
        return w.Result;
    }

    /// <summary>The span of a name written at the start of <paramref name="at"/>.</summary>
    public static Location NameAt(Location at, string name) => at with { Length = name.Length };

    private sealed class Walker
    {
        public readonly List<NameOccurrence> Result = new();

        private void Add(Location name, OccurrenceKind kind, SyntaxNode node)
        {
            if (name.Length > 0) Result.Add(new NameOccurrence(name, kind, node));
        }

        public void Decl(DeclSyntax d)
        {
            switch (d)
            {
                case ImportDeclSyntax i:
                    foreach (var n in i.Names) Add(n.Location, OccurrenceKind.Import, i);
                    break;
                case FunctionDeclSyntax f: Function(f); break;
                case StructDeclSyntax s:
                    Add(s.Name.Location, OccurrenceKind.TypeDecl, s);
                    foreach (var f in s.Fields) { Add(NameAt(f.Location, f.Name), OccurrenceKind.FieldDecl, s); Type(f.Type); }
                    break;
                case EnumDeclSyntax e:
                    Add(e.Name.Location, OccurrenceKind.TypeDecl, e);
                    foreach (var v in e.Variants) { Add(NameAt(v.Location, v.Name), OccurrenceKind.VariantDecl, e); foreach (var p in v.Payload) Type(p); }
                    break;
                case ImplDeclSyntax impl:
                    if (impl.TraitName is { } tn) Add(tn.Location, OccurrenceKind.Type, impl);
                    Type(impl.Target);
                    foreach (var m in impl.Methods) Function(m);
                    break;
                case TraitDeclSyntax t:
                    Add(t.Name.Location, OccurrenceKind.TypeDecl, t);
                    foreach (var m in t.Methods) Function(m);
                    break;
                case InterfaceDeclSyntax i:
                    Add(i.Name.Location, OccurrenceKind.TypeDecl, i);
                    foreach (var m in i.Methods) Function(m);
                    break;
                case ConstDeclSyntax c:
                    Add(c.Name.Location, OccurrenceKind.TypeDecl, c);
                    if (c.Type != null) Type(c.Type);
                    Expr(c.Init);
                    break;
                case TypeAliasDeclSyntax a:
                    Add(a.Name.Location, OccurrenceKind.TypeDecl, a);
                    Type(a.Type);
                    break;
            }
        }

        private void Function(FunctionDeclSyntax f)
        {
            Add(f.Name.Location, OccurrenceKind.FunctionDecl, f);
            foreach (var p in f.Parameters) Param(p);
            if (f.ReturnType != null) Type(f.ReturnType);
            if (f.Body != null) Stmt(f.Body);
        }

        private void Param(ParamSyntax p)
        {
            Add(NameAt(p.Location, p.Name), OccurrenceKind.LocalDecl, p);
            Type(p.Type);
        }

        private void Type(TypeSyntax t)
        {
            switch (t)
            {
                case NamedTypeSyntax n:
                    Add(NameAt(n.Location, n.Name), OccurrenceKind.Type, n);
                    foreach (var a in n.TypeArgs) Type(a);
                    break;
                case RangedTypeSyntax r: Type(r.BaseType); break;
                case OptionTypeSyntax o: Type(o.Inner); break;
                case RefTypeSyntax r: Type(r.Inner); break;
                case PointerTypeSyntax p: Type(p.Inner); break;
                case ArrayTypeSyntax a: Type(a.Element); break;
                case FunctionTypeSyntax f:
                    foreach (var p in f.Parameters) Type(p);
                    Type(f.ReturnType);
                    break;
            }
        }

        private void Stmt(StmtSyntax s)
        {
            switch (s)
            {
                case BlockStmtSyntax b: foreach (var x in b.Statements) Stmt(x); break;
                case LetStmtSyntax l:
                    Add(l.Name.Location, OccurrenceKind.LocalDecl, l);
                    if (l.Type != null) Type(l.Type);
                    Expr(l.Initializer);
                    break;
                case AssignStmtSyntax a: Expr(a.Target); Expr(a.Value); break;
                case ReturnStmtSyntax r: if (r.Value != null) Expr(r.Value); break;
                case IfStmtSyntax i: Expr(i.Condition); Stmt(i.Then); if (i.Else != null) Stmt(i.Else); break;
                case IfLetStmtSyntax il:
                    Pattern(il.Pattern); Expr(il.Subject); Stmt(il.Then);
                    if (il.Else != null) Stmt(il.Else);
                    break;
                case WhileStmtSyntax w: Expr(w.Condition); Stmt(w.Body); break;
                case ForRangeStmtSyntax fr:
                    Add(fr.Variable.Location, OccurrenceKind.LocalDecl, fr);
                    Expr(fr.Start); Expr(fr.End); Stmt(fr.Body);
                    break;
                case ForEachStmtSyntax fe:
                    if (fe.IndexVariable is { } iv) Add(iv.Location, OccurrenceKind.LocalDecl, fe);
                    Add(fe.Variable.Location, OccurrenceKind.LocalDecl, fe);
                    Expr(fe.Collection); Stmt(fe.Body);
                    break;
                case MatchStmtSyntax m:
                    Expr(m.Subject);
                    foreach (var arm in m.Arms) { Pattern(arm.Pattern); Stmt(arm.Body); }
                    break;
                case UnsafeStmtSyntax u: Stmt(u.Body); break;
                case ParallelStmtSyntax p: foreach (var b in p.Bindings) Stmt(b); break;
                case ExprStmtSyntax e: Expr(e.Expression); break;
            }
        }

        private void Pattern(PatternSyntax p)
        {
            switch (p)
            {
                case VariantPatternSyntax v:
                    Add(v.EnumName.Location, OccurrenceKind.Type, v);
                    Add(v.Variant.Location, OccurrenceKind.PatternVariant, v);
                    if (v.Bindings != null)
                        foreach (var b in v.Bindings) if (b.Text != "_") Add(b.Location, OccurrenceKind.LocalDecl, v);
                    break;
                case LiteralPatternSyntax l: Expr(l.Literal); break;
            }
        }

        private void Expr(ExprSyntax e)
        {
            switch (e)
            {
                case NameExprSyntax n: if (n.Name != "<error>") Add(n.Location, OccurrenceKind.Name, n); break;
                case InterpolatedStringExprSyntax s: foreach (var p in s.Parts) Expr(p); break;
                case TypeMemberExprSyntax tm: Type(tm.Type); Add(tm.Member.Location, OccurrenceKind.TypeMember, tm); break;
                case CallExprSyntax c:
                    Expr(c.Callee);
                    foreach (var t in c.TypeArgs) Type(t);
                    foreach (var a in c.Args) Expr(a);
                    break;
                case MethodCallExprSyntax m:
                    Expr(m.Receiver); Add(m.Method.Location, OccurrenceKind.Method, m);
                    foreach (var a in m.Args) Expr(a);
                    break;
                case FieldExprSyntax f: Expr(f.Receiver); Add(f.Field.Location, OccurrenceKind.Field, f); break;
                case IndexExprSyntax i: Expr(i.Receiver); Expr(i.Index); break;
                case SliceExprSyntax s: Expr(s.Receiver); Expr(s.Start); Expr(s.End); break;
                case UnaryExprSyntax u: Expr(u.Operand); break;
                case BinaryExprSyntax b: Expr(b.Left); Expr(b.Right); break;
                case IsExprSyntax i: Expr(i.Operand); Pattern(i.Pattern); break;
                case CastExprSyntax c: Expr(c.Operand); Type(c.Type); break;
                case UnwrapExprSyntax u: Expr(u.Operand); break;
                case PropagateExprSyntax p: Expr(p.Operand); break;
                case StructLiteralExprSyntax s:
                    Type(s.Type);
                    foreach (var f in s.Fields) { Add(NameAt(f.Location, f.Name), OccurrenceKind.FieldInit, s); Expr(f.Value); }
                    break;
                case ArrayLiteralExprSyntax a: foreach (var x in a.Elements) Expr(x); break;
                case ArrayRepeatExprSyntax a: Expr(a.Value); Expr(a.Count); break;
                case ClosureExprSyntax c:
                    foreach (var p in c.Parameters) Param(p);
                    if (c.ReturnType != null) Type(c.ReturnType);
                    if (c.ExprBody != null) Expr(c.ExprBody);
                    if (c.BlockBody != null) Stmt(c.BlockBody);
                    break;
            }
        }
    }
}
