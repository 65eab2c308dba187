using Milo.Compiler.Symbols;
using Mono.Cecil.Cil;

namespace Milo.Compiler.Emit;

/// <summary>Debug information of an emitted body: sequence points per statement and the names of Milo locals (PDB).</summary>
internal sealed partial class FunctionEmitter
{
    /// <summary>Adds the statements' sequence points to the method's debug information in IL order.</summary>
    private void FlushSequencePoints()
    {
        if (_sequencePoints.Count == 0) return;
        // Positions in the Offset field rather than a Dictionary<Instruction, int> (hashing every instruction was a
        // third of the emit time of large programs); the writer computes the real offsets later.
        var instructions = _il.Body.Instructions;
        for (int k = 0; k < instructions.Count; k++) instructions[k].Offset = k;
        // Stable order by offset (the outermost statement starting at an instruction wins): sort (offset, index) pairs
        // packed in a long, then walk them — no LINQ over a struct element (see SequenceMark).
        var order = new long[_sequencePoints.Count];
        int n = 0;
        for (int k = 0; k < _sequencePoints.Count; k++)
        {
            var first = _sequencePoints[k].First;
            if (first.Offset < instructions.Count && instructions[first.Offset] == first)   // still in the body
                order[n++] = ((long)first.Offset << 32) | (uint)k;
        }
        Array.Sort(order, 0, n);
        Instruction? previous = null;
        for (int k = 0; k < n; k++)
        {
            var mark = _sequencePoints[(int)(order[k] & 0xFFFFFFFF)];
            var (ins, loc) = (mark.First, mark.Loc);
            if (ins == previous) continue;
            previous = ins;
            int line = loc.Line, col = loc.Column;
            _method.DebugInformation.SequencePoints.Add(new SequencePoint(ins, _ctx.DocumentFor(loc.Source))
            {
                StartLine = line, StartColumn = col, EndLine = line, EndColumn = col + Math.Max(1, Math.Min(loc.Length, 200)),
            });
        }
    }

    /// <summary>PDB: one method-wide scope naming the Milo locals (captured ones show as their Box cell).</summary>
    private void AddLocalNames()
    {
        if (_method.Body.Instructions.Count == 0) return;
        var scope = new ScopeDebugInformation(_method.Body.Instructions[0], null);
        foreach (var (sym, st) in _vars)
        {
            if (sym is not LocalSymbol { IsTemporary: false } l || l.Name.Length == 0 || !(char.IsLetter(l.Name[0]) || l.Name[0] == '_')) continue;
            var v = st switch { LocalStorage ls => ls.Var, CellStorage cs => cs.Cell, _ => null };
            if (v != null && v.Index < _method.Body.Variables.Count && _method.Body.Variables[v.Index] == v) scope.Variables.Add(new VariableDebugInformation(v, l.Name));
        }
        if (scope.Variables.Count > 0) _method.DebugInformation.Scope = scope;
    }
}
