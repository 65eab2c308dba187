using Milo.Compiler.Symbols;

namespace Milo.Compiler.Binding;

/// <summary>
/// Opaque types provided by Milo.Runtime / Milo.Stdlib (std/sync, std/thread, std/runtime, …), by Milo name.
/// This is the seam through which std modules bind to .NET implementations.
/// </summary>
public static class RuntimeTypes
{
    public static RuntimeClassType? TryResolve(string name, List<MiloType> args, TypeFactory types) => null;
}
