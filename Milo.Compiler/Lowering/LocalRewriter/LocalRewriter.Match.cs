using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Lowering;

internal sealed partial class LocalRewriter
{
    /// <summary>
    /// <c>match s { V(a, _) => A, 3 => B, _ => C }</c> → a decision chain:
    /// <code>
    /// { let $s = s
    ///   if $s is V { let a = payload($s, V, 0); A } else if $s == 3 { B } else { C } }
    /// </code>
    /// Arms are tried in order, the first match wins, and no arm runs when none matches; a wildcard ends the chain. An
    /// enum subject that is a place without side effects (a variable, a struct field of one, `*heap`) is tested and
    /// read where it lives instead of being copied to $s: every test and binding of an arm happens before its body runs,
    /// so the place cannot change under them. When the arms cover every value of the subject (every variant of an enum,
    /// both bools) the last arm is the final `else`, untested: once every earlier test failed it is the only possibility.
    /// </summary>
    protected override BoundStmt RewriteMatch(BoundMatch node)
    {
        var loc = node.Location;
        var subjectType = ValueType(node.Subject.Type);
        var subject = RewriteExpr(node.Subject);
        var prefix = new List<BoundStmt>();
        Func<BoundExpr> read;
        if (subjectType is EnumType && node.Subject.Type is not RefType && IsPurePlace(subject)) read = () => subject;
        else
        {
            var temp = NewTemp("s", subjectType);
            prefix.Add(new BoundLocalDecl(loc, temp, subject));
            read = () => Read(temp, loc);
        }
        BoundStmt? chain = null;
        var arms = ArmsUpToWildcard(node.Arms);
        var untested = CoversEveryValue(arms, subjectType) ? arms[^1] : null;
        foreach (var arm in Enumerable.Reverse(arms))
        {
            var body = RewriteBlockOf(arm.Body);
            chain = arm.Pattern switch
            {
                BoundWildcardPattern => body,
                BoundVariantPattern vp when arm == untested => WithBindings(vp, read, body),
                BoundLiteralPattern when arm == untested => body,
                BoundVariantPattern vp => new BoundIf(arm.Pattern.Location, new BoundIsExpr(loc, read(), vp.Variant), WithBindings(vp, read, body), chain),
                BoundLiteralPattern lp => new BoundIf(arm.Pattern.Location, LiteralTest(loc, read(), subjectType, lp.Value), body, chain),
                _ => throw BoundTreeShape.UnknownKind(arm.Pattern),
            };
        }
        if (chain != null) prefix.Add(chain);
        return new BoundBlock(loc, prefix);
    }

    /// <summary>The arms up to and including the first wildcard (later ones are unreachable).</summary>
    private static List<BoundMatchArm> ArmsUpToWildcard(List<BoundMatchArm> arms)
    {
        int wildcard = arms.FindIndex(a => a.Pattern is BoundWildcardPattern);
        return wildcard < 0 ? arms : arms.Take(wildcard + 1).ToList();
    }

    /// <summary>
    /// True when no value of the subject gets past every arm: the variant patterns name every variant of the enum, or the
    /// literal patterns of a bool match include both true and false. (Variant patterns bind payload slots and do not test
    /// them, so a variant pattern matches every value of its variant.)
    /// </summary>
    private static bool CoversEveryValue(List<BoundMatchArm> arms, MiloType subjectType)
    {
        if (arms.Count == 0) return false;
        if (subjectType is EnumType e)
        {
            var named = arms.Select(a => a.Pattern).OfType<BoundVariantPattern>().Select(vp => vp.Variant).ToHashSet();
            return e.Variants.All(named.Contains);
        }
        if (subjectType is not PrimitiveType { Kind: PrimitiveKind.Bool }) return false;
        var values = arms.Select(a => a.Pattern).OfType<BoundLiteralPattern>().Select(lp => lp.Value).OfType<bool>().ToHashSet();
        return values.Contains(true) && values.Contains(false);
    }

    /// <summary>The arm body preceded by its payload bindings (slot order).</summary>
    private static BoundBlock WithBindings(BoundVariantPattern vp, Func<BoundExpr> read, BoundBlock body)
    {
        var statements = new List<BoundStmt>();
        for (int slot = 0; slot < vp.Bindings.Count; slot++)
        {
            if (vp.Bindings[slot] is not { } b) continue;
            statements.Add(new BoundLocalDecl(vp.Location, b, new BoundPayloadExpr(vp.Location, read(), vp.Variant, slot, vp.Variant.Payload[slot])));
        }
        if (statements.Count == 0) return body;
        statements.AddRange(body.Statements);
        return new BoundBlock(body.Location, statements);
    }

    /// <summary>`subject == literal` at the subject's type (strings bytewise).</summary>
    private static BoundExpr LiteralTest(Location loc, BoundExpr subject, MiloType type, object value)
    {
        BoundExpr literal = value is byte[] utf8 ? new BoundStringLiteralExpr(loc, utf8) : new BoundLiteralExpr(loc, type, value);
        return Binary(loc, BinaryOp.Eq, subject, literal, TypeFactory.Bool);
    }

    /// <summary>A place that can be re-read without side effects: a variable, a struct field of one, `*heap` of one.</summary>
    private static bool IsPurePlace(BoundExpr e) => e switch
    {
        BoundVariableExpr => true,
        BoundFieldExpr f => ValueType(f.Receiver.Type) is StructType && IsPurePlace(f.Receiver),
        BoundDerefExpr d => ValueType(d.Operand.Type) is HeapType && d.Operand is BoundVariableExpr or BoundFieldExpr && IsPurePlace(d.Operand),
        _ => false,
    };
}
