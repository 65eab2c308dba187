using Milo.Compiler.Binding;

namespace Milo.Compiler.Lowering;

/// <summary>
/// A <see cref="BoundTreeRewriter"/> run over every function and method body of a program, rewriting the body of each
/// closure literal in place where it is met (a closure's function is not in <see cref="BoundProgram.Functions"/>).
/// The release-build rewrites (BranchlessCounters, VecFillLoops) derive from it and override only the nodes they change.
/// </summary>
internal abstract class FunctionBodyRewriter : BoundTreeRewriter
{
    public void RewriteBodies(BoundProgram program)
    {
        foreach (var f in program.Functions)
            if (f.Body != null) f.Body = (BoundBlock)RewriteStmt(f.Body);
    }

    protected override BoundExpr RewriteClosure(BoundClosureExpr node)
    {
        if (node.Function.Body != null) node.Function.Body = (BoundBlock)RewriteStmt(node.Function.Body);
        return node;
    }
}
