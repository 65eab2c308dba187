using System.Reflection;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;

namespace Milo.Compiler.Binding;

/// <summary>
/// Opaque types provided by Milo.Runtime / Milo.Stdlib (std/sync Channel, Mutex, RwLock, AtomicI64, AtomicBool,
/// std/thread Thread, …). This is the seam through which std modules declare .NET-implemented handle types:
///
///   @runtime(MiloChannel)      // the .NET class: Milo.Runtime.MiloChannel`1 (or Milo.Stdlib.…)
///   @send @sync                // Send / Sync, as for ordinary structs
///   struct Channel&lt;T&gt; {}    // Milo name + type parameters; the body must be empty
///
/// Such a declaration is not a user struct: the DeclarationTable keeps it in RuntimeStructs (so `import { Channel }`
/// validates), and the binder maps `Channel&lt;T&gt;` to an interned <see cref="RuntimeClassType"/> whose CLR type is
/// the class (instantiated with T). Values are references (Copy handles: copying shares the object; no drop glue).
/// Methods are described in Binder.Concurrency.cs (a table per CLR class, with a reflection fallback).
/// </summary>
internal static class RuntimeTypes
{
    private static readonly Assembly[] Assemblies =
    {
        typeof(Milo.Runtime.MiloString).Assembly,
        typeof(Milo.Stdlib.StdInfo).Assembly,
    };

    /// <summary>The CLR class named by `@runtime(Name)` (default: the Milo name) with the declaration's generic arity.</summary>
    public static Type? FindClrType(StructDeclSyntax decl)
    {
        var ann = decl.Annotations.FirstOrDefault(a => a.Name == "runtime");
        var name = ann is { Args.Count: > 0 } ? ann.Args[0] : decl.Name.Text;
        var clrName = decl.TypeParams.Count == 0 ? name : $"{name}`{decl.TypeParams.Count}";
        foreach (var asm in Assemblies)
        {
            var t = asm.GetType("Milo.Runtime." + clrName) ?? asm.GetType("Milo.Stdlib." + clrName) ?? asm.GetType(clrName);
            if (t != null && t.IsPublic && !t.IsValueType) return t;
        }
        return null;
    }

    /// <summary>The runtime class type `decl&lt;args&gt;` (args must match the declaration's arity), or null if the CLR class is missing.</summary>
    public static RuntimeClassType? TryResolve(StructDeclSyntax decl, List<MiloType> args, TypeFactory types)
    {
        var clr = FindClrType(decl);
        if (clr == null || args.Count != decl.TypeParams.Count) return null;
        return types.RuntimeClass(decl.Name.Text, clr, args, decl.HasAnnotation("send"), decl.HasAnnotation("sync"));
    }
}
