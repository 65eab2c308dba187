using Milo.Compiler.Text;

namespace Milo.Compiler.Binding;

public abstract class BoundNode(Location location)
{
    /// <summary>Source position (used for sequence points and runtime error messages).</summary>
    public Location Location { get; } = location;
}
