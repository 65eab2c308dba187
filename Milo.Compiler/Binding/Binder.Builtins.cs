using Milo.Compiler.Diagnostics;
using System.Reflection;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;
using Milo.Runtime;

namespace Milo.Compiler.Binding;

internal sealed partial class Binder
{
    /// <summary>Builtin free functions (only when no user/imported function of that name exists).</summary>
    private BoundExpr? BindBuiltinCall(CallExprSyntax c, string name, MiloType? hint)
    {
        var loc = c.Location;
        if (name == "catching" && _dotnetNames.Count > 0) return BindCatching(c);
        switch (name)
        {
            case "print":
            case "eprint":
                return new BoundPrintExpr(loc, c.Args.Select(BindDisplayable).ToList(), name == "eprint");
            case "format":
                return new BoundFormatExpr(loc, c.Args.Select(BindDisplayable).ToList());
            case "exit":
            {
                var args = BindArguments(c.Args, new[] { TypeFactory.I32 }, loc, Errors.ExitArity.With(c.Args.Count), "'exit'");
                return new BoundIntrinsicExpr(loc, IntrinsicKind.Exit, args, TypeFactory.Void);
            }
            case "flush":
                return new BoundIntrinsicExpr(loc, IntrinsicKind.Flush, new(), TypeFactory.Void);
            case "assert":
                return BindAssert(c);
            case "max":
            case "min":
                return BindMinMax(c, name, hint);
            case "Heap":
                return BindHeapCall(c, hint);
            case "jsonStringify":
            {
                if (c.Args.Count != 1) { _diagnostics.Report(loc, Errors.JsonStringifyArity.With(c.Args.Count)); return Error(c); }
                var v = BindExpr(c.Args[0], null);
                return new BoundIntrinsicExpr(loc, IntrinsicKind.JsonStringify, new() { v }, TypeFactory.String);
            }
            case "sizeOf" when c.TypeArgs.Count == 1:
            {
                var t = ResolveType(c.TypeArgs[0], _ctx.Env);
                return new BoundLiteralExpr(loc, TypeFactory.I64, SizeOf(t));
            }
            case "zeroed" when c.TypeArgs.Count == 1:
            {
                if (_ctx.UnsafeDepth == 0) _diagnostics.Report(loc, Errors.ZeroedRequiresUnsafe.With());
                var t = ResolveType(c.TypeArgs[0], _ctx.Env);
                return new BoundIntrinsicExpr(loc, IntrinsicKind.Zeroed, new(), t.StripRange());
            }
            case "embedFile":
                return BindEmbedFile(c);
            case "_miloArgCount":
                return RuntimeCall(loc, typeof(MiloProcess), "ArgCount", null, null, new(), TypeFactory.I64);
            case "_miloArgAt":
            {
                var args = BindArguments(c.Args, new[] { TypeFactory.I64 }, loc, Errors.ArgAtArity.With(c.Args.Count), "'_miloArgAt'");
                return RuntimeCall(loc, typeof(MiloProcess), "ArgAt", null, null, args, TypeFactory.String);
            }
        }
        return null;
    }

    /// <summary>`assert(cond[, msg])`: a bool condition and an optional string message.</summary>
    private BoundExpr BindAssert(CallExprSyntax c)
    {
        var loc = c.Location;
        if (c.Args.Count is < 1 or > 2)
        {
            _diagnostics.Report(loc, Errors.AssertArity.With(c.Args.Count));
            return Error(c);
        }
        var cond = BindExpr(c.Args[0], TypeFactory.Bool);
        if (!cond.Type.IsBool && !cond.Type.IsError) _diagnostics.Report(c.Args[0].Location, Errors.AssertConditionMustBool.With(cond.Type.Name));
        var list = new List<BoundExpr> { cond };
        if (c.Args.Count == 2)
        {
            var msg = BindExpr(c.Args[1], TypeFactory.String);
            if (!msg.Type.IsString && !msg.Type.IsError) _diagnostics.Report(c.Args[1].Location, Errors.AssertMessageNotString.With(msg.Type.Name));
            list.Add(msg);
        }
        return new BoundIntrinsicExpr(loc, IntrinsicKind.Assert, list, TypeFactory.Void);
    }

    /// <summary>`max(a, b)` / `min(a, b)`: two numeric operands of the same type (a literal takes the other's type).</summary>
    private BoundExpr BindMinMax(CallExprSyntax c, string name, MiloType? hint)
    {
        var loc = c.Location;
        if (c.Args.Count != 2) { _diagnostics.Report(loc, Errors.MinMaxArity.With(name, c.Args.Count)); return Error(c); }
        BoundExpr a, b;
        if (IsLiteralSyntax(c.Args[0]) && !IsLiteralSyntax(c.Args[1])) { b = BindExpr(c.Args[1], hint); a = BindExpr(c.Args[0], b.Type); }
        else { a = BindExpr(c.Args[0], hint); b = BindExpr(c.Args[1], a.Type); }
        if (!a.Type.SameAs(b.Type) || !a.Type.IsNumeric)
        {
            if (!a.Type.IsError && !b.Type.IsError) _diagnostics.Report(loc, Errors.MinMaxArgumentTypes.With(name, a.Type.Name, b.Type.Name));
            return Error(c);
        }
        return new BoundIntrinsicExpr(loc, name == "max" ? IntrinsicKind.Max : IntrinsicKind.Min, new() { a, b }, a.Type.StripRange());
    }

    /// <summary>`Heap(v)`: boxes its argument (into an interface box when the expected type is `Heap&lt;Interface&gt;`).</summary>
    private BoundExpr BindHeapCall(CallExprSyntax c, MiloType? hint)
    {
        var loc = c.Location;
        if (c.Args.Count != 1) { _diagnostics.Report(loc, Errors.HeapArity.With(c.Args.Count)); return Error(c); }
        var inner = hint is HeapType h ? h.Inner : null;
        var v = BindExpr(c.Args[0], inner is InterfaceType ? null : inner);
        if (inner is InterfaceType iface) return new BoundHeapExpr(loc, _types.Heap(iface), BoxToInterface(v, iface, c.Args[0].Location));
        if (inner != null) v = Coerce(v, inner, c.Args[0].Location, actualType => Errors.HeapArgumentTypeMismatch.With(inner.Name, actualType));
        return new BoundHeapExpr(loc, _types.Heap(v.Type), Consume(v)); // the box owns its value
    }

    /// <summary>`embedFile("path")`: the file's bytes (relative to the source file) as a string literal.</summary>
    private BoundExpr BindEmbedFile(CallExprSyntax c)
    {
        var loc = c.Location;
        if (c.Args.Count != 1 || c.Args[0] is not StringLiteralExprSyntax s)
        {
            _diagnostics.Report(loc, Errors.EmbedFileNeedsLiteral.With());
            return Error(c);
        }
        var rel = System.Text.Encoding.UTF8.GetString(s.Utf8);
        var dir = Path.GetDirectoryName(Path.GetFullPath(_ctx.Source.FilePath)) ?? ".";
        var full = Path.Combine(dir, rel);
        try { return new BoundStringLiteralExpr(loc, File.ReadAllBytes(full)); }
        catch (Exception) { _diagnostics.Report(loc, Errors.EmbedCannotOpen.With(rel)); return Error(c); }
    }

    private static long SizeOf(MiloType t) => t.StripRange() switch
    {
        PrimitiveType p when p.Kind is PrimitiveKind.U8 or PrimitiveKind.I8 or PrimitiveKind.Bool => 1,
        PrimitiveType p when p.Kind is PrimitiveKind.I16 or PrimitiveKind.U16 => 2,
        PrimitiveType p when p.Kind is PrimitiveKind.I32 or PrimitiveKind.U32 or PrimitiveKind.F32 => 4,
        PrimitiveType => 8,
        PointerType or HeapType => 8,
        FunctionType => 16,
        StringType or VecType => 24,
        MapType => 32,
        ArrayType a => a.Size * SizeOf(a.Element),
        StructType s => StructSize(s),
        EnumType e => e.HasPayloads ? 8 + 8 * ((e.Variants.Max(v => PayloadSize(v.Payload)) + 7) / 8) : 4,
        _ => 8,
    };

    /// <summary>A variant's payload laid out like a C struct (align = min(size, 8)); the enum holds ceil(max / 8) i64 slots.</summary>
    private static long PayloadSize(IReadOnlyList<MiloType> fields)
    {
        long off = 0, maxAlign = 1;
        foreach (var f in fields)
        {
            var size = SizeOf(f);
            var align = Math.Max(1, Math.Min(size, 8));
            off = (off + align - 1) / align * align + size;
            maxAlign = Math.Max(maxAlign, align);
        }
        return (off + maxAlign - 1) / maxAlign * maxAlign;
    }

    private static long StructSize(StructType s)
    {
        long off = 0, maxAlign = 1;
        foreach (var f in s.Fields)
        {
            var size = SizeOf(f.Type);
            var align = Math.Min(8, f.Type is ArrayType at ? Math.Max(1, SizeOf(at.Element)) : f.Type is StructType ? 8 : Math.Max(1, size));
            if (align > 8) align = 8;
            off = (off + align - 1) / align * align + size;
            maxAlign = Math.Max(maxAlign, align);
        }
        return (off + maxAlign - 1) / maxAlign * maxAlign;
    }

    /// <summary>Static members of builtin types: Vec.new(), HashMap.new(), String.withCapacity(n).</summary>
    private BoundExpr? BindBuiltinStatic(TypeMemberExprSyntax tm, string typeName, string member, List<ExprSyntax> args, MiloType? hint, Location loc)
    {
        if (_decls.Structs.ContainsKey(typeName) || _decls.Enums.ContainsKey(typeName)) return null;
        switch (typeName, member)
        {
            case ("Vec", "new"):
            {
                var t = tm.Type.TypeArgs.Count == 1 ? _types.Vec(ResolveType(tm.Type.TypeArgs[0], _ctx.Env)) : hint as VecType;
                if (t == null) { _diagnostics.Report(loc, Errors.CannotInferVecElementType.With()); return Error(tm); }
                return new BoundArrayLiteralExpr(loc, t, new());
            }
            case ("HashMap", "new"):
            {
                MapType? t = tm.Type.TypeArgs.Count == 2 ? (MapType)ResolveType(tm.Type, _ctx.Env) : hint as MapType;
                if (t == null) { _diagnostics.Report(loc, Errors.CannotInferHashMapTypes.With()); return Error(tm); }
                return RuntimeNew(loc, t);
            }
            case ("String", "withCapacity"):
            {
                var a = BindArguments(args, new[] { TypeFactory.I64 }, loc, Errors.WithCapacityArity.With(args.Count), "'withCapacity'");
                return RuntimeCall(loc, typeof(MiloString), "WithCapacity", null, null, a, TypeFactory.String);
            }
        }
        return null;
    }

    // ───────────────────────────── runtime call helpers ─────────────────────────────

    private static MethodInfo? FindRuntimeMethod(Type t, string name, int? paramCount = null)
        => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance)
            .FirstOrDefault(m => m.Name == name && (paramCount == null || m.GetParameters().Length == paramCount));

    private BoundExpr RuntimeCall(Location loc, Type t, string name, MiloType? instance, BoundExpr? receiver, List<BoundExpr> args, MiloType type, List<MiloType>? methodTypeArgs = null, int? paramCount = null)
    {
        var m = FindRuntimeMethod(t, name, paramCount ?? args.Count);
        if (m == null)
        {
            _diagnostics.Report(loc, Errors.RuntimeMethodMissing.With(t.Name, name));
            return new BoundLiteralExpr(loc, TypeFactory.Error, 0L);
        }
        return new BoundRuntimeCallExpr(loc, m, instance, receiver, args, type, methodTypeArgs);
    }

    private BoundExpr RuntimeLen(Location loc, BoundExpr recv) => recv.Type switch
    {
        StringType => RuntimeCall(loc, typeof(MiloString), "get_Len", null, recv, new(), TypeFactory.I64),
        VecType => RuntimeCall(loc, typeof(MiloVec<>), "get_Len", recv.Type, recv, new(), TypeFactory.I64),
        MapType => RuntimeCall(loc, typeof(MiloMap<,>), "get_Len", recv.Type, recv, new(), TypeFactory.I64),
        _ => Error0(loc),
    };

    private static BoundExpr Error0(Location loc) => new BoundLiteralExpr(loc, TypeFactory.Error, 0L);

    /// <summary>`new MiloMap&lt;K,V&gt;()` — represented as a call of the runtime's static factory.</summary>
    private BoundExpr RuntimeNew(Location loc, MapType t) => RuntimeCall(loc, typeof(MiloMap<,>), "New", t, null, new(), t);
}
