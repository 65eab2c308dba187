using Milo.Compiler.Diagnostics;
using System.Text;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

internal sealed partial class Binder
{
    private VariantSymbol? ResolveVariantPattern(VariantPatternSyntax vp, EnumType et)
    {
        if (vp.EnumName.Text != et.MiloName)
        {
            _diagnostics.Report(vp.EnumName.Location, Errors.PatternEnumMismatch.With(vp.EnumName.Text, et.Name));
            return null;
        }
        var v = et.FindVariant(vp.Variant.Text);
        if (v == null)
        {
            _diagnostics.Report(vp.Variant.Location, Errors.EnumHasNoVariant.With(et.MiloName, vp.Variant.Text), help: SuggestVariant(et, vp.Variant.Text));
            return null;
        }
        return v;
    }

    /// <param name="view">The subject stays its lender's (a borrowed box): the bindings view its payload and are copied when
    /// moved (<see cref="VariableSymbol.IsElementView"/>), like a for-loop element.</param>
    private BoundVariantPattern? BindVariantPattern(VariantPatternSyntax vp, EnumType et, bool view = false)
    {
        var v = ResolveVariantPattern(vp, et);
        if (v == null) return null;
        var names = vp.Bindings ?? new List<NameSyntax>();
        if (vp.Bindings != null && names.Count != v.Payload.Count)
        {
            _diagnostics.Report(vp.Location, Errors.PatternBindingCount.With(v.Name, v.Payload.Count, names.Count));
            // Still declare every name (extra ones as errors) and still cover the variant, so the arm's body and the
            // exhaustiveness check do not add "undefined variable" / "missing variant" echoes of this one mistake.
            for (int i = v.Payload.Count; i < names.Count; i++) DeclareLocal(names[i], TypeFactory.Error, false);
        }
        var locals = new List<LocalSymbol?>();
        for (int i = 0; i < v.Payload.Count; i++)
            locals.Add(i < names.Count ? DeclareLocal(names[i], v.Payload[i], false, elementView: view) : null);
        return new BoundVariantPattern(vp.Location, v, locals);
    }

    private BoundStmt BindMatch(MatchStmtSyntax m)
    {
        var subject = BindExpr(m.Subject, null);
        var st = subject.Type.StripRange();
        // The subject moves only into an arm that binds a non-Copy payload; a literal match only compares (docs/ownership.md).
        var subjectVar = subject is BoundVariableExpr sv ? sv.Variable : null;
        bool consumed = st is EnumType set && m.Arms.Any(a => BindsOwnedPayload(a.Pattern, set));
        bool view = consumed && IsBorrowedHeapContents(subject);
        if (consumed && !view) subject = Consume(subject);
        var before = SnapshotMoves();
        HashSet<VariableSymbol>? merged = null;
        var arms = new List<BoundMatchArm>();
        bool hasWildcard = false;
        var covered = new HashSet<string>();
        bool sawTrue = false, sawFalse = false;
        if (!(st is EnumType || st.IsNumeric || st.IsString || st.IsBool || st.IsError))
            _diagnostics.Report(m.Subject.Location, Errors.MatchSubjectType.With(st.Name));
        foreach (var arm in m.Arms)
        {
            var saved = _ctx.Scope;
            _ctx.Scope = new Scope(saved);
            BoundPattern? pat = null;
            switch (arm.Pattern)
            {
                case WildcardPatternSyntax w:
                    hasWildcard = true;
                    pat = new BoundWildcardPattern(w.Location);
                    break;
                case VariantPatternSyntax vp when st is EnumType et:
                    var bp = BindVariantPattern(vp, et, view);
                    if (bp != null && !covered.Add(bp.Variant.Name))
                        _diagnostics.Report(vp.Location, Errors.DuplicateMatchArm.With(bp.Variant.Name));
                    pat = bp;
                    break;
                case VariantPatternSyntax vp:
                    if (!st.IsError) _diagnostics.Report(vp.Location, Errors.PatternEnumMismatch.With(vp.EnumName.Text, st.Name));
                    break;
                case LiteralPatternSyntax lp:
                    pat = BindLiteralPattern(lp, st);
                    if (pat is BoundLiteralPattern { Value: bool bv }) { if (bv) sawTrue = true; else sawFalse = true; }
                    break;
            }
            var owned = OwnPatternBindings(pat, subject); // match moved the subject: bindings own its payload
            // Arms are alternatives: each starts from the state before the match; only an arm binding the payload has the subject moved.
            var armStart = new HashSet<VariableSymbol>(before);
            if (consumed && subjectVar != null && !(st is EnumType aet && BindsOwnedPayload(arm.Pattern, aet))) armStart.Remove(subjectVar);
            RestoreMoves(armStart);
            var body = BindBlock(arm.Body, newScope: false);
            if (!AlwaysLeaves(arm.Body.Statements)) (merged ??= new()).UnionWith(Moves.Moved);
            if (owned != null) body.Statements.Insert(0, owned);
            _ctx.Scope = saved;
            if (pat != null) arms.Add(new BoundMatchArm(pat, body));
        }
        if (merged != null && consumed && subjectVar != null && before.Contains(subjectVar)) merged.Add(subjectVar);
        RestoreMoves(merged ?? before);
        if (!hasWildcard && !st.IsError)
        {
            if (st is EnumType et)
            {
                foreach (var v in et.Variants)
                    if (!covered.Contains(v.Name))
                        _diagnostics.Report(m.Location, Errors.NonExhaustiveMatch.With(v.Name));
            }
            else if (st.IsBool)
            {
                if (!(sawTrue && sawFalse)) _diagnostics.Report(m.Location, Errors.NonExhaustiveMatchBool.With());
            }
            else
                _diagnostics.Report(m.Location, Errors.MatchRequiresWildcard.With(st.Name));
        }
        return new BoundMatch(m.Location, subject, arms);
    }

    /// <summary>Whether a pattern binds a payload value that is not Copy (the arm then owns it: the subject moves).</summary>
    private static bool BindsOwnedPayload(PatternSyntax p, EnumType et)
    {
        if (p is not VariantPatternSyntax { Bindings: { Count: > 0 } names } vp || et.FindVariant(vp.Variant.Text) is not { } v) return false;
        for (int i = 0; i < names.Count && i < v.Payload.Count; i++)
            if (names[i].Text != "_" && !v.Payload[i].IsCopy) return true;
        return false;
    }

    private BoundPattern? BindLiteralPattern(LiteralPatternSyntax lp, MiloType st)
    {
        var e = lp.Literal;
        if (st.IsInteger)
        {
            if (e is CharLiteralExprSyntax) { _diagnostics.Report(e.Location, Errors.ExpectedIntegerLiteralInMatchArm.With()); return null; }
            var b = BindExpr(e, st);
            if (b is BoundLiteralExpr l && l.Type.IsInteger) return new BoundLiteralPattern(lp.Location, l.Value);
        }
        else if (st.IsFloat)
        {
            var b = BindExpr(e, st);
            if (b is BoundLiteralExpr { Value: double d }) return new BoundLiteralPattern(lp.Location, d);
            if (b is BoundLiteralExpr l && l.Type.IsInteger) return new BoundLiteralPattern(lp.Location, (double)(long)LiteralValue(l));
        }
        else if (st.IsString && e is StringLiteralExprSyntax s) return new BoundLiteralPattern(lp.Location, s.Utf8);
        else if (st.IsBool && e is BoolLiteralExprSyntax bl) return new BoundLiteralPattern(lp.Location, bl.Value);
        else if (st.IsError) return null;
        _diagnostics.Report(e.Location, Errors.LiteralPatternMismatch.With(st.Name));
        return null;
    }

    /// <summary>
    /// `match *t` where the box is reached through a reference, field, element or capture (not an owned Heap variable):
    /// the arms look at the lender's payload in place. Their bindings are views (never dropped here) and are
    /// deep-copied only when moved somewhere (<see cref="Consume"/>), so a recursive walk such as `check(t: &amp;Heap&lt;Tree&gt;)`
    /// does not copy the whole subtree at every level (it did since `*h` started moving/copying the payload).
    /// </summary>
    private bool IsBorrowedHeapContents(BoundExpr e) =>
        e is BoundDerefExpr { Operand: var box } && box.Type.StripRange() is HeapType
        && !(box is BoundVariableExpr { Variable: var v } && v.Type is not RefType && _ctx.Owned.Contains(v)
             && !v.IsElementView);

    private BoundStmt BindIfLet(IfLetStmtSyntax il)
    {
        var subject = BindExpr(il.Subject, null);
        if (subject.Type is not EnumType et)
        {
            if (!subject.Type.IsError) _diagnostics.Report(il.Subject.Location, Errors.IfLetSubjectNotEnum.With(subject.Type.Name));
            BindBlock(il.Then);
            if (il.Else != null) BindBlock(il.Else);
            return new BoundBlock(il.Location, new());
        }
        var arms = new List<BoundMatchArm>();
        var saved = _ctx.Scope;
        _ctx.Scope = new Scope(saved);
        BoundPattern? pat = il.Pattern is VariantPatternSyntax vp ? BindVariantPattern(vp, et) : null;
        if (il.Pattern is not VariantPatternSyntax) _diagnostics.Report(il.Pattern.Location, Errors.IfLetNeedsVariantPattern.With());
        var before = SnapshotMoves();
        var then = BindBlock(il.Then, newScope: false);
        _ctx.Scope = saved;
        var afterThen = AlwaysLeaves(il.Then.Statements) ? before : SnapshotMoves();
        RestoreMoves(before);
        if (pat != null) arms.Add(new BoundMatchArm(pat, then));
        if (il.Else != null) arms.Add(new BoundMatchArm(new BoundWildcardPattern(il.Else.Location), BindBlock(il.Else)));
        var afterElse = il.Else != null && AlwaysLeaves(il.Else.Statements) ? before : SnapshotMoves();
        afterThen.UnionWith(afterElse);
        RestoreMoves(afterThen);
        return new BoundMatch(il.Location, subject, arms);
    }
}
