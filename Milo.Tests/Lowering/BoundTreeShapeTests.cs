using System.Runtime.CompilerServices;
using Milo.Compiler.Binding;
using Milo.Compiler.Lowering;

namespace Milo.Tests.Lowering;

/// <summary>
/// Every pass that inspects the bound tree generically (the emitter's `?` detection, suspension analysis) goes through
/// BoundTreeShape, so it must know every expression and statement kind: an unknown kind throws instead of being taken
/// for a leaf. A kind added without updating BoundTreeShape fails here.
/// </summary>
public class BoundTreeShapeTests
{
    private static IEnumerable<Type> Concrete<TBase>() =>
        typeof(BoundExpr).Assembly.GetTypes().Where(t => typeof(TBase).IsAssignableFrom(t) && !t.IsAbstract);

    private static bool KnowsKind(Action visit)
    {
        try { visit(); return true; }
        catch (InvalidOperationException e) when (e.Message.Contains("unhandled bound node kind")) { return false; }
        catch (Exception) { return true; } // an uninitialised node's null operands: the kind itself was recognised
    }

    [Fact]
    public void ChildrenAndWithKnowEveryExpressionKind()
    {
        var kinds = Concrete<BoundExpr>().ToList();
        Assert.Contains(typeof(BoundInterfaceCallExpr), kinds);
        foreach (var t in kinds)
        {
            var e = (BoundExpr)RuntimeHelpers.GetUninitializedObject(t);
            Assert.True(KnowsKind(() => BoundTreeShape.Children(e)), $"Children does not handle {t.Name}");
            Assert.True(KnowsKind(() => BoundTreeShape.With(e, new())), $"With does not handle {t.Name}");
        }
    }

    [Fact]
    public void WalkKnowsEveryStatementKind()
    {
        foreach (var t in Concrete<BoundStmt>())
        {
            var s = (BoundStmt)RuntimeHelpers.GetUninitializedObject(t);
            Assert.True(KnowsKind(() => BoundTreeShape.Walk(s, _ => true)), $"Walk does not handle {t.Name}");
        }
    }
}
