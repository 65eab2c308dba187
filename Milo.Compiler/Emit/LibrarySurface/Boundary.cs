using Milo.Compiler.Symbols;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Compiler.Emit.LibrarySurface;

/// <summary>
/// Conversion of std `Option&lt;T&gt;` / `Result&lt;T, E&gt;` between the library's own enum type (`Option_i64`, used by all
/// Milo code) and the shared <c>Milo.Runtime.Option&lt;T&gt;</c> / <c>Result&lt;T, E&gt;</c> that exported signatures use.
/// Only top-level parameters and results convert; an Option inside a struct field or a Vec keeps the library's type.
/// </summary>
internal sealed class Boundary
{
    private readonly EmitContext _ctx;
    private readonly VariantAccess _va;
    private readonly GenericInstanceType _pub;
    private readonly VariantSymbol _first, _second;   // Some/None or Ok/Err
    private readonly bool _isOption;

    private Boundary(EmitContext ctx, EnumType e, bool isOption)
    {
        _ctx = ctx;
        _va = new VariantAccess(ctx, e);
        _isOption = isOption;
        _first = e.FindVariant(isOption ? "Some" : "Ok")!;
        _second = e.FindVariant(isOption ? "None" : "Err")!;
        _pub = new GenericInstanceType(ctx.Module.ImportReference(isOption ? typeof(Milo.Runtime.Option<>) : typeof(Milo.Runtime.Result<,>)));
        _pub.GenericArguments.Add(_va.PayloadType(_first, 0));
        if (!isOption) _pub.GenericArguments.Add(_va.PayloadType(_second, 0));
    }

    /// <summary>The public type of the boundary.</summary>
    public TypeReference Public => _pub;

    /// <summary>A conversion for <paramref name="t"/> when it is std Option/Result with value payloads, else null.</summary>
    public static Boundary? For(EmitContext ctx, MiloType t)
    {
        if (t is not EnumType e) return null;
        if (e.MiloName == "Option" && e.IsOptionLike && !e.FindVariant("Some")!.Payload[0].IsVoid) return new Boundary(ctx, e, true);
        if (e.MiloName == "Result" && e.IsResultLike && !e.FindVariant("Ok")!.Payload[0].IsVoid && !e.FindVariant("Err")!.Payload[0].IsVoid)
            return new Boundary(ctx, e, false);
        return null;
    }

    /// <summary>A method of the generic instance (the open method's signature is in terms of !0, !1).</summary>
    private MethodReference On(string name, bool isStatic = false)
    {
        var open = _isOption ? typeof(Milo.Runtime.Option<>) : typeof(Milo.Runtime.Result<,>);
        var mi = (System.Reflection.MethodBase?)open!.GetMethod(name) ?? throw new EmitException("runtime member missing: " + name);
        var def = _ctx.Module.ImportReference(mi);
        var r = new MethodReference(def.Name, def.ReturnType, _pub) { HasThis = def.HasThis, ExplicitThis = def.ExplicitThis, CallingConvention = def.CallingConvention };
        foreach (var p in def.Parameters) r.Parameters.Add(new ParameterDefinition(p.ParameterType));
        return r;
    }

    /// <summary>Stack: → public value, reading the internal value at the address <paramref name="loadAddress"/> pushes.</summary>
    public void EmitToPublic(ILProcessor il, Action loadAddress)
    {
        var second = Instruction.Create(OpCodes.Nop);
        var done = Instruction.Create(OpCodes.Nop);
        _va.EmitBranchIfNot(il, loadAddress, _first, second);
        _va.EmitPayload(il, loadAddress, _first, 0);
        il.Emit(OpCodes.Call, On(_isOption ? "Some" : "Ok"));
        il.Emit(OpCodes.Br, done);
        il.Append(second);
        if (_isOption) il.Emit(OpCodes.Call, On("get_None"));
        else
        {
            _va.EmitPayload(il, loadAddress, _second, 0);
            il.Emit(OpCodes.Call, On("Err"));
        }
        il.Append(done);
    }

    /// <summary>Stack: → internal value, reading the public value at the address <paramref name="loadAddress"/> pushes.</summary>
    public void EmitToInternal(ILProcessor il, Action loadAddress)
    {
        var second = Instruction.Create(OpCodes.Nop);
        var done = Instruction.Create(OpCodes.Nop);
        loadAddress();
        il.Emit(OpCodes.Call, On(_isOption ? "get_IsSome" : "get_IsOk"));
        il.Emit(OpCodes.Brfalse, second);
        _va.EmitNew(il, _first, _ => { loadAddress(); il.Emit(OpCodes.Call, On("get_Value")); });
        il.Emit(OpCodes.Br, done);
        il.Append(second);
        _va.EmitNew(il, _second, _ => { loadAddress(); il.Emit(OpCodes.Call, On("get_Error")); });
        il.Append(done);
    }
}
