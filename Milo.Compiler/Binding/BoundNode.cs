using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

public abstract class BoundNode(Location location)
{
    /// <summary>Source position (used for sequence points and runtime error messages).</summary>
    public Location Location { get; } = location;
}

/// <summary>An expression without operands that a later stage creates (e.g. the emitter's frame-field reads): a leaf to every tree walk.</summary>
public interface IBoundLeaf;
