using Milo.Compiler.Symbols;

namespace Milo.Compiler.Binding;

/// <summary>A lexical scope of local variables (function body, block, loop body, match arm, closure body).</summary>
internal sealed class Scope(Scope? parent)
{
    private readonly Dictionary<string, VariableSymbol> _variables = new();
    public Scope? Parent { get; } = parent;

    public bool TryDeclare(VariableSymbol v)
    {
        if (_variables.ContainsKey(v.Name)) return false;
        _variables[v.Name] = v;
        return true;
    }

    /// <summary>Replaces a variable of this scope by a new one of the same name (the `_` discard); false if there was none.</summary>
    public bool Redeclare(VariableSymbol v)
    {
        if (!_variables.ContainsKey(v.Name)) return false;
        _variables[v.Name] = v;
        return true;
    }

    /// <summary>The names of every variable visible here (for "did you mean" suggestions).</summary>
    public IEnumerable<string> VisibleNames()
    {
        for (var s = this; s != null; s = s.Parent)
            foreach (var name in s._variables.Keys) yield return name;
    }

    public VariableSymbol? Lookup(string name)
    {
        for (var s = this; s != null; s = s.Parent)
            if (s._variables.TryGetValue(name, out var v)) return v;
        return null;
    }
}
