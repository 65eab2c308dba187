using System.Reflection;
using Milo.Runtime;
using Mono.Cecil;

namespace Milo.Compiler.Emit;

/// <summary>Imported references to Milo.Runtime helpers the emitter calls directly.</summary>
internal sealed class RuntimeApi(EmitContext ctx)
{
    private readonly Dictionary<string, MethodReference> _cache = new();
    private readonly Dictionary<MethodBase, MethodReference> _imported = new();

    /// <summary>
    /// <paramref name="mi"/> imported once per module: a BoundRuntimeCallExpr's method (lowered format/print/concat/loops
    /// make thousands of calls to the same few), instead of a fresh MethodReference per call site.
    /// </summary>
    public MethodReference Import(MethodBase mi)
    {
        if (!_imported.TryGetValue(mi, out var r)) _imported[mi] = r = ctx.Module.ImportReference(mi);
        return r;
    }

    /// <summary>Static or instance method of a non-generic runtime type, by name and (optionally) parameter types.</summary>
    public MethodReference Get(Type type, string name, params Type[]? paramTypes)
    {
        var key = type.FullName + "::" + name + "(" + string.Join(",", paramTypes?.Select(p => p.Name) ?? []) + ")";
        if (_cache.TryGetValue(key, out var r)) return r;
        MethodBase? mi = paramTypes is { Length: > 0 }
            ? type.GetMethod(name, BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance, paramTypes)
            : type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance).FirstOrDefault(m => m.Name == name);
        if (mi == null) throw new EmitException($"runtime method {type.Name}.{name} not found");
        r = ctx.Module.ImportReference(mi);
        _cache[key] = r;
        return r;
    }

    // ---- strings
    public MethodReference StrLiteral => Get(typeof(MiloString), nameof(MiloString.Literal), typeof(string));
    public MethodReference StrConcat => Get(typeof(MiloString), nameof(MiloString.Concat), typeof(MiloString), typeof(MiloString));
    public MethodReference StrEq => Get(typeof(MiloString), nameof(MiloString.Eq), typeof(MiloString), typeof(MiloString));
    public MethodReference StrCompare => Get(typeof(MiloString), nameof(MiloString.Compare), typeof(MiloString), typeof(MiloString));
    public MethodReference StrByteAt => Get(typeof(MiloString), nameof(MiloString.ByteAt), typeof(long));
    public MethodReference StrLen => Get(typeof(MiloString), "get_Length");
    public MethodReference StrClone => Get(typeof(MiloString), nameof(MiloString.Clone));

    // ---- builder
    public TypeReference BuilderType => ctx.Import(typeof(MiloStringBuilder));
    public MethodReference BRent => Get(typeof(MiloStringBuilder), nameof(MiloStringBuilder.Rent));
    public MethodReference B(string name, Type? param = null) => param == null ? Get(typeof(MiloStringBuilder), name) : Get(typeof(MiloStringBuilder), name, param);

    // ---- Rt
    public MethodReference Rt(string name, params Type[] ps) => Get(typeof(Milo.Runtime.Rt), name, ps);
    public MethodReference Overflow => Rt(nameof(Milo.Runtime.Rt.Overflow), typeof(string), typeof(int));
    public MethodReference DivideByZero => Rt(nameof(Milo.Runtime.Rt.DivideByZero), typeof(string), typeof(int));
    public MethodReference IndexOutOfBounds => Rt(nameof(Milo.Runtime.Rt.IndexOutOfBounds), typeof(long), typeof(long));
    public MethodReference UnwrapNone => Rt(nameof(Milo.Runtime.Rt.UnwrapNone), typeof(int), typeof(int));
    public MethodReference UnwrapErr => Rt(nameof(Milo.Runtime.Rt.UnwrapErr), typeof(int), typeof(int), typeof(MiloString));
    public MethodReference UnwrapErrOther => Rt(nameof(Milo.Runtime.Rt.UnwrapErrOther), typeof(int), typeof(int));
    public MethodReference OutOfRange => Rt(nameof(Milo.Runtime.Rt.OutOfRange), typeof(string), typeof(int));
    public MethodReference Exit => Rt(nameof(Milo.Runtime.Rt.Exit), typeof(int));
    public MethodReference Flush => Rt(nameof(Milo.Runtime.Rt.Flush));
    public MethodReference Assert => Rt(nameof(Milo.Runtime.Rt.Assert), typeof(bool), typeof(string), typeof(int), typeof(int), typeof(MiloString));
    public MethodReference RunMain => Rt(nameof(Milo.Runtime.Rt.RunMain), typeof(Func<int>), typeof(string[]));
}
