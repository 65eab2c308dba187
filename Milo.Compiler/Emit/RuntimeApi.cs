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

    // ---- string builder (format strings, print, Display glue)
    public TypeReference BuilderType => ctx.Import(typeof(MiloStringBuilder));
    /// <summary><see cref="MiloStringBuilder.Rent"/>: the thread's pooled builder.</summary>
    public MethodReference BuilderRent => Get(typeof(MiloStringBuilder), nameof(MiloStringBuilder.Rent));
    /// <summary>The <see cref="MiloStringBuilder"/> method <paramref name="name"/> (taking <paramref name="param"/> when given).</summary>
    public MethodReference Builder(string name, Type? param = null) => param == null ? Get(typeof(MiloStringBuilder), name) : Get(typeof(MiloStringBuilder), name, param);

    // ---- process: entry, exit, flush (MiloProcess)
    /// <summary>The <see cref="MiloProcess"/> method <paramref name="name"/> with parameter types <paramref name="ps"/>.</summary>
    public MethodReference Process(string name, params Type[] ps) => Get(typeof(MiloProcess), name, ps);
    public MethodReference RunMain => Process(nameof(MiloProcess.RunMain), typeof(Func<int>), typeof(string[]));
    public MethodReference Flush => Process(nameof(MiloProcess.Flush));

    // ---- panics and assertions
    public MethodReference Overflow => Get(typeof(Panics), nameof(Panics.Overflow), typeof(string), typeof(int));
    public MethodReference DivideByZero => Get(typeof(Panics), nameof(Panics.DivideByZero), typeof(string), typeof(int));
    public MethodReference IndexOutOfBounds => Get(typeof(Panics), nameof(Panics.IndexOutOfBounds), typeof(long), typeof(long));
    public MethodReference OutOfRange => Get(typeof(Panics), nameof(Panics.OutOfRange), typeof(string), typeof(int));
    public MethodReference Assert => Get(typeof(Assertions), nameof(Assertions.Assert), typeof(bool), typeof(string), typeof(int), typeof(int), typeof(MiloString));

    // ---- parallel blocks
    public MethodReference ParallelRun => Get(typeof(ParallelBlock), nameof(ParallelBlock.Run), typeof(Action[]));
}
