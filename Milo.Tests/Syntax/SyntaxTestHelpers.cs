using System.Text;
using Milo.Compiler.Diagnostics;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Tests.Syntax;

/// <summary>Parsing helpers and a compact S-expression printer for asserting tree shapes.</summary>
internal static class SyntaxTestHelpers
{
    public static (List<Token> Tokens, DiagnosticBag Diagnostics) Lex(string text)
    {
        var bag = new DiagnosticBag();
        var tokens = new Lexer(new SourceText("test.milo", text), bag).Tokenize();
        return (tokens, bag);
    }

    public static (CompilationUnitSyntax Unit, DiagnosticBag Diagnostics) Parse(string text)
    {
        var bag = new DiagnosticBag();
        var unit = SyntaxParser.Parse(new SourceText("test.milo", text), bag);
        return (unit, bag);
    }

    public static CompilationUnitSyntax ParseClean(string text)
    {
        var (unit, bag) = Parse(text);
        Assert.True(bag.Count == 0, "unexpected diagnostics:\n" + string.Join("\n", bag.Select(d => d.ToString())));
        return unit;
    }

    /// <summary>The statements of `fn main() { … }` wrapped around <paramref name="body"/>.</summary>
    public static List<StmtSyntax> ParseBody(string body)
    {
        var unit = ParseClean("fn main() {\n" + body + "\n}\n");
        var fn = Assert.IsType<FunctionDeclSyntax>(Assert.Single(unit.Decls));
        return fn.Body!.Statements;
    }

    /// <summary>Parses `let x = EXPR` and prints the initializer.</summary>
    public static string Expr(string expr)
    {
        var stmt = Assert.Single(ParseBody("let x = " + expr));
        return Show(Assert.IsType<LetStmtSyntax>(stmt).Initializer);
    }

    public static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    public static string Show(SyntaxNode? node) => node switch
    {
        null => "null",
        IntLiteralExprSyntax i => i.Value.ToString(),
        FloatLiteralExprSyntax f => f.Text,
        CharLiteralExprSyntax c => $"'{c.Value}",
        StringLiteralExprSyntax s => "\"" + Utf8(s.Utf8) + "\"",
        BoolLiteralExprSyntax b => b.Value ? "true" : "false",
        NullLiteralExprSyntax => "null",
        InterpolatedStringExprSyntax fs => "(fstr " + string.Join(" ", fs.Parts.Select(Show)) + ")",
        NameExprSyntax n => n.Name,
        TypeMemberExprSyntax tm => Show(tm.Type) + "." + tm.Member.Text,
        CallExprSyntax c => "(call " + Show(c.Callee) + (c.TypeArgs.Count > 0 ? "<" + string.Join(",", c.TypeArgs.Select(Show)) + ">" : "")
                            + string.Concat(c.Args.Select(a => " " + Show(a))) + ")",
        MethodCallExprSyntax m => "(." + m.Method.Text + " " + Show(m.Receiver) + string.Concat(m.Args.Select(a => " " + Show(a))) + ")",
        FieldExprSyntax f => "(. " + Show(f.Receiver) + " " + f.Field.Text + ")",
        IndexExprSyntax ix => "(index " + Show(ix.Receiver) + " " + Show(ix.Index) + ")",
        SliceExprSyntax sl => "(slice " + Show(sl.Receiver) + " " + Show(sl.Start) + " " + Show(sl.End) + ")",
        UnaryExprSyntax u => "(" + u.Op switch
        {
            UnaryOp.Negate => "neg", UnaryOp.Not => "not", UnaryOp.BitNot => "bitnot", UnaryOp.Deref => "deref", _ => "addr",
        } + " " + Show(u.Operand) + ")",
        BinaryExprSyntax b => "(" + OpText(b.Op) + " " + Show(b.Left) + " " + Show(b.Right) + ")",
        IsExprSyntax i => "(is " + Show(i.Operand) + " " + Show(i.Pattern) + ")",
        CastExprSyntax c => "(as " + Show(c.Operand) + " " + Show(c.Type) + ")",
        UnwrapExprSyntax u => "(unwrap " + Show(u.Operand) + ")",
        PropagateExprSyntax p => "(try " + Show(p.Operand) + ")",
        StructLiteralExprSyntax s => "(struct " + Show(s.Type) + string.Concat(s.Fields.Select(f => " " + f.Name + ":" + Show(f.Value))) + ")",
        ArrayLiteralExprSyntax a => "[" + string.Join(" ", a.Elements.Select(Show)) + "]",
        ArrayRepeatExprSyntax r => "[" + Show(r.Value) + "; " + Show(r.Count) + "]",
        ClosureExprSyntax c => "(" + (c.IsMove ? "move " : "") + "closure (" + string.Join(" ", c.Parameters.Select(p => p.Name + ":" + Show(p.Type))) + ")"
                               + (c.ReturnType != null ? ":" + Show(c.ReturnType) : "") + " "
                               + (c.ExprBody != null ? Show(c.ExprBody) : Show(c.BlockBody)) + ")",
        NamedTypeSyntax t => t.Name + (t.TypeArgs.Count > 0 ? "<" + string.Join(",", t.TypeArgs.Select(Show)) + ">" : ""),
        RangedTypeSyntax r => Show(r.BaseType) + "(" + r.Low + ".." + r.High + ")",
        OptionTypeSyntax o => Show(o.Inner) + "?",
        RefTypeSyntax r => (r.IsMutable ? "&mut " : "&") + Show(r.Inner),
        PointerTypeSyntax p => "*" + Show(p.Inner),
        ArrayTypeSyntax a => "[" + Show(a.Element) + (a.Size is { } n ? "; " + n : "") + "]",
        FunctionTypeSyntax f => "(" + string.Join(", ", f.Parameters.Select(Show)) + ") => " + Show(f.ReturnType),
        WildcardPatternSyntax => "_",
        LiteralPatternSyntax l => Show(l.Literal),
        VariantPatternSyntax v => v.EnumName.Text + "." + v.Variant.Text
                                  + (v.Bindings != null ? "(" + string.Join(" ", v.Bindings.Select(b => b.Text)) + ")" : ""),
        BlockStmtSyntax b => "{" + string.Join(" ", b.Statements.Select(Show)) + "}",
        LetStmtSyntax l => "(" + (l.IsMutable ? "var " : "let ") + l.Name.Text + (l.Type != null ? ":" + Show(l.Type) : "") + " " + Show(l.Initializer) + ")",
        AssignStmtSyntax a => "(= " + Show(a.Target) + " " + Show(a.Value) + ")",
        ReturnStmtSyntax r => r.Value == null ? "(return)" : "(return " + Show(r.Value) + ")",
        ExprStmtSyntax e => Show(e.Expression),
        IfStmtSyntax i => "(if " + Show(i.Condition) + " " + Show(i.Then) + (i.Else != null ? " else " + Show(i.Else) : "") + ")",
        IfLetStmtSyntax i => "(iflet " + Show(i.Pattern) + " " + Show(i.Subject) + " " + Show(i.Then) + (i.Else != null ? " else " + Show(i.Else) : "") + ")",
        WhileStmtSyntax w => "(while " + Show(w.Condition) + " " + Show(w.Body) + ")",
        ForRangeStmtSyntax f => "(for " + f.Variable.Text + " " + Show(f.Start) + ".." + Show(f.End) + " " + Show(f.Body) + ")",
        ForEachStmtSyntax f => "(foreach " + (f.IndexVariable is { } iv ? iv.Text + "," : "") + f.Variable.Text + " " + Show(f.Collection) + " " + Show(f.Body) + ")",
        BreakStmtSyntax => "break",
        ContinueStmtSyntax => "continue",
        MatchStmtSyntax m => "(match " + Show(m.Subject) + string.Concat(m.Arms.Select(a => " " + Show(a.Pattern) + " => " + Show(a.Body))) + ")",
        UnsafeStmtSyntax u => "(unsafe " + Show(u.Body) + ")",
        ParallelStmtSyntax p => "(parallel " + string.Join(" ", p.Bindings.Select(Show)) + ")",
        _ => node.GetType().Name,
    };

    private static string OpText(BinaryOp op) => op switch
    {
        BinaryOp.Add => "+", BinaryOp.Sub => "-", BinaryOp.Mul => "*", BinaryOp.Div => "/", BinaryOp.Rem => "%",
        BinaryOp.Eq => "==", BinaryOp.Ne => "!=", BinaryOp.Lt => "<", BinaryOp.Le => "<=", BinaryOp.Gt => ">", BinaryOp.Ge => ">=",
        BinaryOp.And => "&&", BinaryOp.Or => "||", BinaryOp.BitAnd => "&", BinaryOp.BitOr => "|", BinaryOp.BitXor => "^",
        BinaryOp.Shl => "<<", BinaryOp.Shr => ">>", BinaryOp.Coalesce => "??", _ => op.ToString(),
    };
}
