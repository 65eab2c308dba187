using Milo.Compiler.Binding;
using Milo.Compiler.Diagnostics;
using Milo.Compiler.Modules;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;

namespace Milo.Compiler.Analysis;

/// <summary>
/// The warnings pass: runs over the bound program after binding (before lowering), decides each warning as the
/// reference compiler's checker does, and reports it as a warning or — when denied — as an error:
/// <list type="bullet">
/// <item>unused-variable (W0001): a parameter, or a `let`/`var`/`parallel` binding of the function's own body (not of an
/// inner block, loop or match arm — the reference checks only the function scope), that is never read.</item>
/// <item>unused-result (W0002): an expression statement whose value is an Option or a Result (anywhere, closures too).</item>
/// <item>unused-move (W0003): a by-value parameter of a non-Copy type that is never moved (only when denied by name).</item>
/// </list>
/// Names starting with `_` are never reported. Code of std modules (and the compiler's prelude) is not analysed; a generic
/// function or method is analysed once per instance but each warning is reported once (by location and code).
/// </summary>
internal static class WarningAnalysis
{
    public static void Run(BoundProgram program, DiagnosticBag diagnostics, WarningOptions options)
    {
        var reported = new HashSet<(string File, int Start, string Code)>();
        var all = new List<Diagnostic>();
        var std = new Dictionary<SourceText, bool>();
        foreach (var fn in program.Functions)
        {
            if (fn.Body == null || fn.Symbol.Declaration is not { Body: { } bodySyntax } decl) continue;
            if (!std.TryGetValue(fn.Source, out var isStd)) std[fn.Source] = isStd = IsStdSource(fn.Source);
            if (isStd) continue;
            var use = VariableUse.Of(fn.Body);
            var found = new List<(Location, WarningKind, string, string)>();
            UnusedVariables(fn, decl, bodySyntax, use, found);
            UnusedMoves(fn, decl, use, found);
            foreach (var s in use.DiscardedResults)
            {
                var baseName = ((EnumType)s.Expression.Type).MiloName;
                found.Add((s.Location, WarningKind.UnusedResult,
                    $"unused {baseName} value — this may contain an error that should be handled",
                    "use 'let _ = ...' to discard explicitly"));
            }
            foreach (var (loc, kind, message, hint) in found)
            {
                if (options.SeverityOf(kind) is not { } severity) continue;
                if (!reported.Add((loc.Source.FilePath, loc.Start, kind.Code))) continue;
                all.Add(new Diagnostic(loc, message, severity, hint, kind.Code));
            }
        }
        // In source order (binding order follows calls and instantiations).
        foreach (var d in all.OrderBy(d => d.Location.Source.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.Start))
            diagnostics.Add(d);
    }

    private static void UnusedVariables(BoundFunction fn, FunctionDeclSyntax decl, BlockStmtSyntax body, VariableUse use,
        List<(Location, WarningKind, string, string)> found)
    {
        void Check(VariableSymbol v, Location at)
        {
            if (use.Read.Contains(v) || v.Name.StartsWith('_')) return;
            found.Add((at, WarningKind.UnusedVariable, $"unused variable '{v.Name}'", $"prefix with underscore to silence: '_{v.Name}'"));
        }

        for (int i = 0; i < fn.Symbol.Parameters.Count && i < decl.Parameters.Count; i++)
            Check(fn.Symbol.Parameters[i], decl.Parameters[i].Location);

        // The function's own scope: `let`/`var` statements directly in its body, and the bindings of `parallel` there.
        var lets = new Dictionary<(int, string), Location>();
        foreach (var s in body.Statements)
        {
            if (s is LetStmtSyntax l) lets[(l.Location.Start, l.Name.Text)] = l.Location;
            else if (s is ParallelStmtSyntax p)
                foreach (var b in p.Bindings) lets[(p.Location.Start, b.Name.Text)] = b.Location;
        }
        var done = new HashSet<LocalSymbol>();
        foreach (var (local, at) in use.Declarations)
            if (lets.TryGetValue((at.Location.Start, local.Name), out var loc) && done.Add(local))
                Check(local, loc);
    }

    private static void UnusedMoves(BoundFunction fn, FunctionDeclSyntax decl, VariableUse use, List<(Location, WarningKind, string, string)> found)
    {
        for (int i = 0; i < fn.Symbol.Parameters.Count && i < decl.Parameters.Count; i++)
        {
            var p = fn.Symbol.Parameters[i];
            if (p.Type is RefType || p.Type.IsCopy || p.Type.IsError || use.Moved.Contains(p)) continue;
            found.Add((decl.Parameters[i].Location, WarningKind.UnusedMove,
                $"parameter '{p.Name}' is never moved — consider taking '&{p.Type.Name}' instead",
                "passing by reference avoids requiring callers to give up ownership"));
        }
    }

    /// <summary>The compiler's built-in prelude and the embedded std modules (a user file of the same path shadows them).</summary>
    private static bool IsStdSource(SourceText src)
    {
        if (src.FilePath.StartsWith('<')) return true;
        var path = src.FilePath.Replace('\\', '/');
        return path.StartsWith("std/", StringComparison.Ordinal) && StdModules.TryGet(path) == src.Text;
    }
}
