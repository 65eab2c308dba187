using System.Runtime.CompilerServices;
using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Mono.Cecil;
using Mono.Cecil.Cil;
using MiloArrayType = Milo.Compiler.Symbols.ArrayType;
using PointerType = Milo.Compiler.Symbols.PointerType;

namespace Milo.Compiler.Emit;

/// <summary>
/// C externs (`extern fn` without a .NET implementation) as P/Invoke methods (docs/ffi.md). The native signature follows
/// the reference's argument passing (checklist §3.3): scalars by value; `*T` as a native int; `string` as a pointer to a
/// pinned NUL-terminated UTF-8 copy (borrowed); `[T; N]` and `&amp;[T; N]` as the array itself (the marshaller pins it and
/// passes the address of element 0, so C writes are visible); `&amp;T` / `&amp;mut T` as a pointer to the caller's storage
/// (structs with fixed-size array fields are marshalled with `ByValArray`, giving the C layout). Variadic externs get one
/// P/Invoke declaration per distinct list of extra argument types (C default argument promotions applied).
/// The library is `libc`, mapped at run time by <c>Milo.Runtime.Ffi</c> (libc.so.6 / libSystem / ucrtbase).
/// </summary>
internal static class FfiEmitter
{
    private sealed class State
    {
        public readonly Dictionary<string, MethodDefinition> Variadic = new();
        public bool ResolverInstalled;
    }

    private static readonly ConditionalWeakTable<EmitContext, State> States = new();

    private static State For(EmitContext ctx) => States.GetValue(ctx, _ => new State());

    public static bool IsCExtern(FunctionSymbol fn) => fn.Kind == FunctionKind.Extern && fn.ClrMethod == null;

    /// <summary>The P/Invoke method for <paramref name="fn"/>'s fixed parameters (registered as its method).</summary>
    public static MethodDefinition Declare(EmitContext ctx, FunctionSymbol fn)
    {
        var m = Native(ctx, fn, TypeMapper.Sanitize(fn.Name), Array.Empty<MiloType>());
        ctx.AddFunction(m);
        ctx.Methods[fn] = m;
        return m;
    }

    /// <summary>The P/Invoke method for a variadic call with extra arguments of (promoted) types <paramref name="extras"/>.</summary>
    public static MethodDefinition VariadicStub(EmitContext ctx, FunctionSymbol fn, IReadOnlyList<MiloType> extras)
    {
        var st = For(ctx);
        var key = fn.Name + "(" + string.Join(",", extras.Select(e => e.MangledName)) + ")";
        if (st.Variadic.TryGetValue(key, out var m)) return m;
        m = Native(ctx, fn, TypeMapper.Sanitize(fn.Name) + "__va" + st.Variadic.Count, extras);
        ctx.AddFunction(m);
        st.Variadic[key] = m;
        return m;
    }

    /// <summary>C default argument promotion of a variadic extra argument's type.</summary>
    public static MiloType Promote(MiloType t)
    {
        t = (t is RefType r ? r.Inner : t).StripRange();
        return t switch
        {
            PrimitiveType { Kind: PrimitiveKind.Bool or PrimitiveKind.I8 or PrimitiveKind.I16 or PrimitiveKind.U8 or PrimitiveKind.U16 } => TypeFactory.I32,
            PrimitiveType { Kind: PrimitiveKind.F32 } => TypeFactory.F64,
            PrimitiveType p => p,
            _ => new PointerType(TypeFactory.U8),
        };
    }

    private static MethodDefinition Native(EmitContext ctx, FunctionSymbol fn, string name, IReadOnlyList<MiloType> extras)
    {
        InstallResolver(ctx);
        var attrs = MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig | MethodAttributes.PInvokeImpl;
        var ret = fn.ReturnType.StripRange();
        var m = new MethodDefinition(name, attrs, ret.IsVoid ? ctx.TS.Void : NativeType(ctx, ret, out _));
        if (ret.IsBool) m.MethodReturnType.MarshalInfo = new MarshalInfo(NativeType_U1);
        int i = 0;
        foreach (var p in fn.Parameters.Select(p => p.Type).Concat(extras))
        {
            var t = NativeType(ctx, p, out var pa);
            var pd = new ParameterDefinition("a" + i++, pa, t);
            if (p.StripRange().IsBool) pd.MarshalInfo = new MarshalInfo(NativeType_U1);
            m.Parameters.Add(pd);
        }
        var entry = fn.Declaration?.Name.Text ?? fn.Name;
        var libName = LibraryOf(entry);
        var lib = ctx.Module.ModuleReferences.FirstOrDefault(r => r.Name == libName);
        if (lib == null) { lib = new ModuleReference(libName); ctx.Module.ModuleReferences.Add(lib); }
        m.PInvokeInfo = new PInvokeInfo(PInvokeAttributes.CallConvCdecl | PInvokeAttributes.NoMangle | PInvokeAttributes.SupportsLastError, entry, lib);
        m.ImplAttributes = MethodImplAttributes.PreserveSig;
        return m;
    }

    private static readonly HashSet<string> LibmNames = new()
    {
        "sqrt", "cbrt", "pow", "exp", "exp2", "log", "log2", "log10", "sin", "cos", "tan", "asin", "acos", "atan", "atan2",
        "sinh", "cosh", "tanh", "floor", "ceil", "round", "trunc", "fmod", "hypot", "fabs", "sqrtf", "powf", "sinf", "cosf",
    };

    /// <summary>The library module a C symbol is imported from (mapped per platform by Milo.Runtime.Ffi).</summary>
    public static string LibraryOf(string entry)
    {
        if (entry.StartsWith("SSL_", StringComparison.Ordinal) || entry.StartsWith("TLS_", StringComparison.Ordinal)) return "libssl";
        if (entry.StartsWith("EVP_", StringComparison.Ordinal) || entry.StartsWith("ERR_", StringComparison.Ordinal)) return "libcrypto";
        if (entry.StartsWith("sqlite3_", StringComparison.Ordinal)) return "libsqlite3";
        if (LibmNames.Contains(entry)) return "libm";
        return "libc";
    }

    private static readonly HashSet<string> StdioNames = new() { "printf", "puts", "putchar", "fputs", "fprintf", "vprintf", "perror", "fwrite" };

    /// <summary>C functions writing to C's stdout buffer: flushed after the call to keep program order with Milo output.</summary>
    public static bool IsStdio(FunctionSymbol fn) => StdioNames.Contains(fn.Declaration?.Name.Text ?? fn.Name);

    private const Mono.Cecil.NativeType NativeType_U1 = Mono.Cecil.NativeType.U1;

    /// <summary>CLR type of a Milo parameter type in a P/Invoke signature.</summary>
    private static TypeReference NativeType(EmitContext ctx, MiloType t, out ParameterAttributes attrs)
    {
        attrs = ParameterAttributes.None;
        bool byRef = t is RefType, mutable = t is RefType { IsMutable: true };
        var inner = (t is RefType r ? r.Inner : t).StripRange();
        switch (inner)
        {
            case PointerType or StringType or FunctionType:
                return ctx.TS.IntPtr;
            case MiloArrayType a:
                attrs = ParameterAttributes.In | ParameterAttributes.Out;
                PrepareLayout(ctx, a.Element);
                return ctx.Types.Map(a);
            case StructType bsd when byRef && IsBsdSockaddr(bsd):
                PrepareLayout(ctx, inner);
                return ctx.TS.IntPtr; // marshalled through Milo.Runtime.FfiSockaddr
            case StructType or EnumType:
                PrepareLayout(ctx, inner);
                if (!byRef) return ctx.Types.Map(inner);
                attrs = mutable ? ParameterAttributes.In | ParameterAttributes.Out : ParameterAttributes.In;
                return new ByReferenceType(ctx.Types.Map(inner));
            case PrimitiveType:
                if (!byRef) return ctx.Types.Map(inner);
                attrs = mutable ? ParameterAttributes.In | ParameterAttributes.Out : ParameterAttributes.In;
                return new ByReferenceType(ctx.Types.Map(inner));
            default:
                throw new EmitException($"type {t.Name} cannot be passed to or returned from a C function");
        }
    }

    /// <summary>A BSD `sockaddr_*` shape: first fields `xLen: u8, xFamily: u8` (see Milo.Runtime.FfiSockaddr).</summary>
    public static bool IsBsdSockaddr(MiloType t)
        => t.StripRange() is StructType { Fields.Count: >= 2 } s
           && s.Fields[0].Type.StripRange() is PrimitiveType { Kind: PrimitiveKind.U8 }
           && s.Fields[1].Type.StripRange() is PrimitiveType { Kind: PrimitiveKind.U8 }
           && s.Fields[0].Name.EndsWith("len", StringComparison.OrdinalIgnoreCase)
           && s.Fields[1].Name.EndsWith("family", StringComparison.OrdinalIgnoreCase);

    /// <summary>Gives fixed-size array fields of a struct passed to C a `ByValArray` marshalling (the C layout).</summary>
    private static void PrepareLayout(EmitContext ctx, MiloType t)
    {
        if (t.StripRange() is not StructType s) return;
        var def = ctx.Types.Define(s);
        foreach (var f in s.Fields)
        {
            var ft = f.Type.StripRange();
            if (ft is MiloArrayType a)
            {
                var fd = ctx.Types.Field(s, f);
                if (fd.MarshalInfo == null)
                    fd.MarshalInfo = new FixedArrayMarshalInfo { Size = a.Size, ElementType = ElementNative(a.Element) };
                PrepareLayout(ctx, a.Element);
            }
            else if (ft is StructType && !ReferenceEquals(ft, s)) PrepareLayout(ctx, ft);
            else if (ft is StringType or VecType or MapType or HeapType or FunctionType)
                throw new EmitException($"struct '{s.Name}' passed to a C function has field '{f.Name}' of type {ft.Name}, which has no C layout");
        }
        _ = def;
    }

    private static Mono.Cecil.NativeType ElementNative(MiloType t) => t.StripRange() switch
    {
        PrimitiveType { Kind: PrimitiveKind.I8 } => Mono.Cecil.NativeType.I1,
        PrimitiveType { Kind: PrimitiveKind.U8 } => Mono.Cecil.NativeType.U1,
        PrimitiveType { Kind: PrimitiveKind.Bool } => Mono.Cecil.NativeType.U1,
        PrimitiveType { Kind: PrimitiveKind.I16 } => Mono.Cecil.NativeType.I2,
        PrimitiveType { Kind: PrimitiveKind.U16 } => Mono.Cecil.NativeType.U2,
        PrimitiveType { Kind: PrimitiveKind.I32 } => Mono.Cecil.NativeType.I4,
        PrimitiveType { Kind: PrimitiveKind.U32 } => Mono.Cecil.NativeType.U4,
        PrimitiveType { Kind: PrimitiveKind.I64 } => Mono.Cecil.NativeType.I8,
        PrimitiveType { Kind: PrimitiveKind.U64 } => Mono.Cecil.NativeType.U8,
        PrimitiveType { Kind: PrimitiveKind.F32 } => Mono.Cecil.NativeType.R4,
        PrimitiveType { Kind: PrimitiveKind.F64 } => Mono.Cecil.NativeType.R8,
        PointerType => Mono.Cecil.NativeType.Int,
        StructType => Mono.Cecil.NativeType.Struct,
        var x => throw new EmitException($"array of {x.Name} cannot be passed to a C function"),
    };

    /// <summary>
    /// A module initializer registering the `libc` → platform C library mapping
    /// (<c>Milo.Runtime.Ffi.Register(typeof(Program).Assembly)</c>) before any P/Invoke in this assembly binds.
    /// </summary>
    private static void InstallResolver(EmitContext ctx)
    {
        var st = For(ctx);
        if (st.ResolverInstalled) return;
        st.ResolverInstalled = true;
        var moduleType = ctx.Module.Types.First(t => t.Name == "<Module>");
        var cctor = moduleType.Methods.FirstOrDefault(m => m.Name == ".cctor");
        ILProcessor il;
        if (cctor == null)
        {
            cctor = new MethodDefinition(".cctor", MethodAttributes.Private | MethodAttributes.Static | MethodAttributes.HideBySig
                | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName, ctx.TS.Void);
            moduleType.Methods.Add(cctor);
            il = cctor.Body.GetILProcessor();
            il.Emit(OpCodes.Ret);
        }
        il = cctor.Body.GetILProcessor();
        var first = cctor.Body.Instructions[0];
        il.InsertBefore(first, il.Create(OpCodes.Ldtoken, ctx.ProgramType));
        il.InsertBefore(first, il.Create(OpCodes.Call, ctx.Module.ImportReference(typeof(Type).GetMethod(nameof(Type.GetTypeFromHandle))!)));
        il.InsertBefore(first, il.Create(OpCodes.Call, ctx.Module.ImportReference(typeof(Milo.Runtime.Ffi).GetMethod(nameof(Milo.Runtime.Ffi.Register))!)));
    }
}

internal sealed partial class FunctionEmitter
{
    /// <summary>A call of a C extern: arguments marshalled per <see cref="FfiEmitter"/>.</summary>
    private void EmitExternCall(BoundCallExpr c)
    {
        var fn = c.Function;
        var ps = fn.Parameters;
        var extras = c.Arguments.Skip(ps.Count).Select(a => FfiEmitter.Promote(a.Type)).ToList();
        var m = extras.Count == 0 ? _ctx.MethodFor(fn) : FfiEmitter.VariadicStub(_ctx, fn, extras);
        _il.Emit(OpCodes.Call, RuntimeApi.Get(typeof(Milo.Runtime.Ffi), nameof(Milo.Runtime.Ffi.BeforeCall)));
        for (int k = 0; k < c.Arguments.Count; k++)
        {
            var a = c.Arguments[k];
            var pt = k < ps.Count ? ps[k].Type : extras[k - ps.Count];
            EmitExternArgument(a, pt);
        }
        _il.Emit(OpCodes.Call, m);
        for (int k = 0; k < ps.Count; k++)
            if (ps[k].Type is RefType { IsMutable: true, Inner: var bi } && FfiEmitter.IsBsdSockaddr(bi))
            {
                EmitAddress(c.Arguments[k]); // copy the (host-layout) result back into the caller's struct
                _il.Emit(OpCodes.Call, SockaddrHelper("Out", bi));
            }
        if (FfiEmitter.IsStdio(fn)) _il.Emit(OpCodes.Call, RuntimeApi.Get(typeof(Milo.Runtime.Ffi), nameof(Milo.Runtime.Ffi.AfterStdio)));
    }

    private void EmitExternArgument(BoundExpr a, MiloType pt)
    {
        var inner = (pt is RefType r ? r.Inner : pt).StripRange();
        switch (inner)
        {
            case Symbols.ArrayType:
                EmitExpr(a);
                return;
            case StringType:
                EmitExpr(a);
                EmitPinnedCString();
                return;
            case PointerType:
                EmitExpr(a);
                if (ValueTypeOf(a.Type) is not PointerType) EmitConvert(a.Type, inner);
                return;
            case FunctionType:
                EmitExpr(a);
                _il.Emit(OpCodes.Call, RuntimeApi.Get(typeof(Milo.Runtime.ThreadModule), nameof(Milo.Runtime.ThreadModule.FunctionToPointer), typeof(Delegate)));
                return;
        }
        if (pt is RefType && FfiEmitter.IsBsdSockaddr(inner))
        {
            EmitAddress(a);
            _il.Emit(OpCodes.Call, SockaddrHelper("In", inner));
            return;
        }
        if (pt is RefType) { EmitAddress(a); return; }
        EmitExpr(a);
        EmitConvertIfNumeric(a.Type, inner);
    }

    private MethodReference SockaddrHelper(string name, MiloType s)
    {
        var open = _ctx.Module.ImportReference(typeof(Milo.Runtime.FfiSockaddr).GetMethod(name)!);
        var gm = new GenericInstanceMethod(open);
        gm.GenericArguments.Add(Types.Map(s));
        return gm;
    }

    /// <summary>Stack: MiloString → native pointer to a NUL-terminated UTF-8 copy, pinned until the function returns.</summary>
    private void EmitPinnedCString()
    {
        _il.Emit(OpCodes.Call, RuntimeApi.Get(typeof(Milo.Runtime.Ffi), nameof(Milo.Runtime.Ffi.CString), typeof(Milo.Runtime.MiloString)));
        EmitPinnedArrayAddress(TS.Byte);
    }

    /// <summary>Stack: T[] → native address of element 0; the array stays pinned (pinned local) until the function returns.</summary>
    private void EmitPinnedArrayAddress(TypeReference element)
    {
        var pin = new VariableDefinition(new PinnedType(new Mono.Cecil.ArrayType(element)));
        _method.Body.Variables.Add(pin);
        var empty = _il.Create(OpCodes.Ldc_I4_0);
        var done = _il.Create(OpCodes.Nop);
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Stloc, pin);
        _il.Emit(OpCodes.Ldlen);
        _il.Emit(OpCodes.Brfalse, empty);
        _il.Emit(OpCodes.Ldloc, pin);
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Ldelema, element);
        _il.Emit(OpCodes.Conv_U);
        _il.Emit(OpCodes.Br, done);
        _il.Append(empty);
        _il.Emit(OpCodes.Conv_U);
        _il.Append(done);
    }

    /// <summary>Stack: managed pointer → native address; the target stays pinned (pinned byref local) until the function returns.</summary>
    private void EmitPinnedAddress(TypeReference target)
    {
        var pin = new VariableDefinition(new PinnedType(new ByReferenceType(target)));
        _method.Body.Variables.Add(pin);
        _il.Emit(OpCodes.Stloc, pin);
        _il.Emit(OpCodes.Ldloc, pin);
        _il.Emit(OpCodes.Conv_U);
    }
}
