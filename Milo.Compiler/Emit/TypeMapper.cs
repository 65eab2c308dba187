using Milo.Compiler.Symbols;
using Milo.Runtime;
using Mono.Cecil;
using Mono.Cecil.Rocks;
using MiloArrayType = Milo.Compiler.Symbols.ArrayType;

using PointerType = Milo.Compiler.Symbols.PointerType;

namespace Milo.Compiler.Emit;

/// <summary>Milo type → CLR type reference; defines struct/enum value types and generated delegate types on demand.</summary>
internal sealed class TypeMapper(EmitContext ctx)
{
    private readonly Dictionary<MiloType, TypeDefinition> _defs = new();
    private readonly Dictionary<string, TypeDefinition> _delegates = new();
    private readonly Dictionary<TypeDefinition, MiloType> _defToMilo = new();

    private ModuleDefinition M => ctx.Module;

    /// <summary>How enum values are laid out (tag field or niche); every emitter goes through it.</summary>
    public EnumLayout Enums => _enums ??= new EnumLayout(this);
    private EnumLayout? _enums;

    /// <summary>Which `&amp;T` parameters of Milo functions are passed by value (docs/performance.md, binarytrees).</summary>
    public RefParamPassing RefParams { get; } = new();

    /// <summary>CLR type of parameter <paramref name="index"/> of a Milo function's method.</summary>
    public TypeReference MapParam(FunctionSymbol fn, int index)
        => RefParams.ByValue(fn, index) ? Map(((RefType)fn.Parameters[index].Type).Inner) : Map(fn.Parameters[index].Type);

    /// <summary>CLR type of a Milo value. RefType maps to a CLR byref of the inner type.</summary>
    public TypeReference Map(MiloType t)
    {
        t = t.StripRange();
        switch (t)
        {
            case PrimitiveType p:
                return p.Kind switch
                {
                    PrimitiveKind.I8 => M.TypeSystem.SByte,
                    PrimitiveKind.I16 => M.TypeSystem.Int16,
                    PrimitiveKind.I32 => M.TypeSystem.Int32,
                    PrimitiveKind.I64 => M.TypeSystem.Int64,
                    PrimitiveKind.U8 => M.TypeSystem.Byte,
                    PrimitiveKind.U16 => M.TypeSystem.UInt16,
                    PrimitiveKind.U32 => M.TypeSystem.UInt32,
                    PrimitiveKind.U64 => M.TypeSystem.UInt64,
                    PrimitiveKind.F32 => M.TypeSystem.Single,
                    PrimitiveKind.F64 => M.TypeSystem.Double,
                    PrimitiveKind.Bool => M.TypeSystem.Boolean,
                    _ => M.TypeSystem.Void,
                };
            case StringType: return ctx.Import(typeof(MiloString));
            case VecType v: return Generic(typeof(MiloVec<>), Map(v.Element));
            case MapType m: return Generic(typeof(MiloMap<,>), Map(m.Key), Map(m.Value));
            case HeapType h: return Generic(typeof(Box<>), Map(h.Inner));
            case MiloArrayType a: return new Mono.Cecil.ArrayType(Map(a.Element));
            case PointerType: return M.TypeSystem.IntPtr;
            case RefType r: return new ByReferenceType(Map(r.Inner));
            case FunctionType f: return Delegate(f);
            case RuntimeClassType rc:
                if (rc.TypeArgs.Count == 0) return ctx.Import(rc.ClrType);
                return Generic(rc.ClrType.IsGenericTypeDefinition ? rc.ClrType : rc.ClrType.GetGenericTypeDefinition(), rc.TypeArgs.Select(Map).ToArray());
            case DotNetType d: return ctx.Import(d.ClrType);
            case Binding.FrameClassType f: return (ctx.Green ?? throw new EmitException($"{f.Name} in a program without state machines")).TypeOf(f);
            case StructType or EnumType: return Define(t);
            case InterfaceType it: return ctx.Interfaces.InterfaceFor(it);
            case ErrorType: throw new EmitException("cannot emit a program with type errors");
            default: throw new EmitException($"unsupported type {t.Name}");
        }
    }

    /// <summary>
    /// Parameter <paramref name="i"/> of a function-value or interface-method signature <paramref name="ps"/> is a CLR
    /// byref: every `&amp;T` and `&amp;mut T`. Unlike a direct call (<see cref="RefParamPassing"/>), the callee is not
    /// known here: a closure may capture the argument's variable by reference and write it while the call runs
    /// (`let g = (a: &amp;S): i32 => { s.n = 4; return a.n }; g(s)` reads 4), so a copy would go stale whatever the
    /// other parameters are.
    /// </summary>
    public bool SigByRef(IReadOnlyList<MiloType> ps, int i) => ps[i] is RefType;

    /// <summary>
    /// Pushes parameter <paramref name="p"/> of a forwarding method (thunk, interface adapter, green function-value
    /// object) as argument <paramref name="index"/> of <paramref name="fn"/>'s method: its address when the target takes
    /// a byref and <paramref name="p"/> is a value, the value when the target takes a `&amp;T` by value
    /// (<see cref="RefParamPassing.ByValue"/>) and <paramref name="p"/> is a byref.
    /// </summary>
    public void EmitForwardedArg(Mono.Cecil.Cil.ILProcessor il, FunctionSymbol fn, int index, ParameterDefinition p)
    {
        bool byRefParam = p.ParameterType.IsByReference;
        if (RefParams.ByRef(fn, index) && !byRefParam) il.Emit(Mono.Cecil.Cil.OpCodes.Ldarga, p);
        else if (RefParams.ByValue(fn, index) && byRefParam)
        {
            il.Emit(Mono.Cecil.Cil.OpCodes.Ldarg, p);
            il.Emit(Mono.Cecil.Cil.OpCodes.Ldobj, ((ByReferenceType)p.ParameterType).ElementType);
        }
        else il.Emit(Mono.Cecil.Cil.OpCodes.Ldarg, p);
    }

    /// <summary>CLR type of parameter <paramref name="i"/> of a function-value or interface-method signature: its own
    /// mapping, since every reference there is a byref (<see cref="SigByRef"/>).</summary>
    public TypeReference MapSigParam(IReadOnlyList<MiloType> ps, int i) => Map(ps[i]);

    /// <summary>The same for a function symbol's parameters (closures, thunks, green function-value objects).</summary>
    public TypeReference MapSigParam(FunctionSymbol fn, int i) => Map(fn.Parameters[i].Type);

    public GenericInstanceType Generic(Type open, params TypeReference[] args)
    {
        var gi = new GenericInstanceType(ctx.Import(open));
        foreach (var a in args) gi.GenericArguments.Add(a);
        return gi;
    }

    public static bool IsValueType(MiloType t) => t.StripRange() is PrimitiveType or StructType or EnumType or PointerType or DotNetType { IsValueType: true };

    // ------------------------------------------------------------------ structs & enums

    public IEnumerable<TypeDefinition> DefinedTypes => _defs.Values;

    public MiloType? MiloTypeOf(TypeDefinition d) => _defToMilo.GetValueOrDefault(d);

    /// <summary>The CLR value type of a struct/enum (defined on first use).</summary>
    public TypeDefinition Define(MiloType t)
    {
        t = t.StripRange();
        if (_defs.TryGetValue(t, out var d)) return d;
        var name = Sanitize(t.Name);
        d = new TypeDefinition(ctx.Namespace, name,
            TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.SequentialLayout | TypeAttributes.BeforeFieldInit,
            ctx.Import(typeof(ValueType)));
        _defs[t] = d;
        _defToMilo[d] = t;
        M.Types.Add(d);
        if (t is StructType s)
        {
            foreach (var f in s.Fields)
                d.Fields.Add(new FieldDefinition(Sanitize(f.Name), FieldAttributes.Public, Map(f.Type)));
        }
        else if (t is EnumType e) Enums.DefineFields(d, e);
        return d;
    }

    public FieldDefinition Field(StructType s, FieldSymbol f) => Define(s).Fields[s.Fields.IndexOf(f) is var i and >= 0 ? i : f.Index];

    public FieldDefinition PayloadField(EnumType e, VariantSymbol v, int slot)
    {
        int vi = e.Variants.IndexOf(v);
        if (vi < 0) vi = e.Variants.FindIndex(x => x.Name == v.Name);
        var name = $"V{vi}_{slot}";
        return Define(e).Fields.First(f => f.Name == name);
    }

    public static string Sanitize(string name) => ClrNames.Sanitize(name);

    // ------------------------------------------------------------------ delegates

    private TypeReference[] SigParams(FunctionType f) => f.Parameters.Select((_, i) => MapSigParam(f.Parameters, i)).ToArray();

    /// <summary>Delegate type of a function value.</summary>
    public TypeReference Delegate(FunctionType f)
    {
        var ps = SigParams(f);
        var ret = Map(f.ReturnType);
        if (!ps.Any(p => p.IsByReference) && ps.Length <= 16)
        {
            if (f.ReturnType.IsVoid)
            {
                if (ps.Length == 0) return ctx.Import(typeof(Action));
                return Generic(ActionOpen(ps.Length), ps);
            }
            return Generic(FuncOpen(ps.Length), ps.Append(ret).ToArray());
        }
        var key = f.MangledName;
        if (_delegates.TryGetValue(key, out var d)) return d;
        d = new TypeDefinition(ctx.Namespace, "Fn" + _delegates.Count + "_" + Sanitize(key),
            TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.AutoClass, ctx.Import(typeof(MulticastDelegate)));
        var ctor = new MethodDefinition(".ctor", MethodAttributes.Public | MethodAttributes.HideBySig | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName, M.TypeSystem.Void)
        { ImplAttributes = MethodImplAttributes.Runtime | MethodImplAttributes.Managed };
        ctor.Parameters.Add(new ParameterDefinition("object", ParameterAttributes.None, M.TypeSystem.Object));
        ctor.Parameters.Add(new ParameterDefinition("method", ParameterAttributes.None, M.TypeSystem.IntPtr));
        d.Methods.Add(ctor);
        var invoke = new MethodDefinition("Invoke", MethodAttributes.Public | MethodAttributes.HideBySig | MethodAttributes.NewSlot | MethodAttributes.Virtual, ret)
        { ImplAttributes = MethodImplAttributes.Runtime | MethodImplAttributes.Managed };
        for (int i = 0; i < ps.Length; i++) invoke.Parameters.Add(new ParameterDefinition("a" + i, ParameterAttributes.None, ps[i]));
        d.Methods.Add(invoke);
        _delegates[key] = d;
        M.Types.Add(d);
        return d;
    }

    private Type FuncOpen(int n) => Type.GetType($"System.Func`{n + 1}")!;
    private Type ActionOpen(int n) => Type.GetType($"System.Action`{n}")!;

    /// <summary>Delegate constructor (object, native int).</summary>
    public MethodReference DelegateCtor(TypeReference delegateType)
    {
        if (delegateType is TypeDefinition td) return td.Methods.First(m => m.Name == ".ctor");
        var r = new MethodReference(".ctor", M.TypeSystem.Void, delegateType) { HasThis = true };
        r.Parameters.Add(new ParameterDefinition(M.TypeSystem.Object));
        r.Parameters.Add(new ParameterDefinition(M.TypeSystem.IntPtr));
        return r;
    }

    /// <summary>The delegate's Invoke method.</summary>
    public MethodReference DelegateInvoke(TypeReference delegateType, FunctionType f)
    {
        if (delegateType is TypeDefinition td) return td.Methods.First(m => m.Name == "Invoke");
        if (delegateType is not GenericInstanceType gi)
            return new MethodReference("Invoke", M.TypeSystem.Void, delegateType) { HasThis = true }; // System.Action
        int n = f.Parameters.Count;
        var open = f.ReturnType.IsVoid ? ActionOpen(n) : FuncOpen(n);
        return OnInstance(M.ImportReference(open.GetMethod("Invoke")!), gi);
    }

    /// <summary>Retargets a method imported from an open generic type definition onto an instantiation of it.</summary>
    public static MethodReference OnInstance(MethodReference open, TypeReference declaring)
    {
        var r = new MethodReference(open.Name, open.ReturnType, declaring)
        {
            HasThis = open.HasThis, ExplicitThis = open.ExplicitThis, CallingConvention = open.CallingConvention,
        };
        foreach (var p in open.Parameters) r.Parameters.Add(new ParameterDefinition(p.ParameterType));
        foreach (var gp in open.GenericParameters) r.GenericParameters.Add(new GenericParameter(gp.Name, r));
        return r;
    }

    /// <summary>A field of a generic runtime type (Box&lt;T&gt;.Value, MiloVec&lt;T&gt;.Items …) on an instantiation.</summary>
    public FieldReference FieldOn(Type open, string name, GenericInstanceType declaring)
    {
        var fi = open.GetField(name) ?? throw new EmitException($"{open.Name}.{name} not found in the runtime");
        var imported = M.ImportReference(fi);
        return new FieldReference(imported.Name, imported.FieldType, declaring);
    }

    public MethodReference CtorOn(Type open, GenericInstanceType declaring, params Type[] paramTypes)
    {
        var ci = open.GetConstructor(paramTypes) ?? throw new EmitException($"{open.Name} constructor not found");
        return OnInstance(M.ImportReference(ci), declaring);
    }

    public MethodReference MethodOn(Type open, string name, GenericInstanceType declaring, int paramCount = -1)
    {
        var mi = open.GetMethods().FirstOrDefault(m => m.Name == name && (paramCount < 0 || m.GetParameters().Length == paramCount))
                 ?? throw new EmitException($"{open.Name}.{name} not found in the runtime");
        return OnInstance(M.ImportReference(mi), declaring);
    }

    // Box<T> helpers
    public GenericInstanceType BoxOf(MiloType inner) => Generic(typeof(Box<>), Map(inner));
    public FieldReference BoxValue(GenericInstanceType box) => FieldOn(typeof(Box<>), "Value", box);
    public MethodReference BoxCtor(GenericInstanceType box) => CtorOn(typeof(Box<>), box, typeof(Box<>).GetGenericArguments()[0]);
}
