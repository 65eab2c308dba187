using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;

namespace Milo.Compiler.Lowering;

internal sealed partial class LocalRewriter
{
    /// <summary>
    /// <c>for v in start..end { body }</c> (bounds evaluated once, end exclusive) →
    /// <code>
    /// { let $c: T = start; let $e: T = end
    ///   while $c &lt; $e step { $c = $c + 1 } { let v = $c; body } }
    /// </code>
    /// T is the loop variable's type without its range; the increment wraps like the emitter's unchecked `+`.
    /// </summary>
    protected override BoundStmt RewriteForRange(BoundForRange node)
    {
        var loc = node.Location;
        var t = node.Variable.Type.StripRange();
        var counter = NewTemp("c", t);
        var end = NewTemp("e", t);
        var start = ConvertTo(RewriteExpr(node.Start), t);
        var limit = ConvertTo(RewriteExpr(node.End), t);
        var body = new List<BoundStmt> { new BoundLocalDecl(loc, node.Variable, Read(counter, loc)) };
        body.AddRange(RewriteBlockOf(node.Body).Statements);
        var step = new BoundAssign(loc, Read(counter, loc), Binary(loc, BinaryOp.Add, Read(counter, loc), IntConst(loc, t, 1), t));
        var loop = new BoundWhile(loc, Binary(loc, BinaryOp.Lt, Read(counter, loc), Read(end, loc), TypeFactory.Bool),
            new BoundBlock(node.Body.Location, body), step);
        return new BoundBlock(loc, [new BoundLocalDecl(loc, counter, start), new BoundLocalDecl(loc, end, limit), loop]);
    }
}
