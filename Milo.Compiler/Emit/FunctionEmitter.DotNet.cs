using System.Reflection;
using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Runtime;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Compiler.Emit;

/// <summary>
/// Calls of imported .NET members (<see cref="BoundDotNetExpr"/>): `call`/`callvirt`/`newobj`/`ldfld` on references
/// imported from the CLR assemblies, with the boundary conversions of docs/dotnet-imports.md — Milo string ↔
/// System.String, Milo function values → the parameter's delegate type, boxing for `object` parameters, numeric
/// widening, defaults for omitted optional parameters, and nullable reference results → Option.
/// </summary>
internal sealed partial class FunctionEmitter
{
    private void EmitDotNet(BoundDotNetExpr e)
    {
        switch (e.Member)
        {
            case Type:   // `S.new()` on a struct without a parameterless constructor: default(S)
                EmitDefault(e.Type);
                return;
            case FieldInfo { IsLiteral: true } lit:
                EmitClrConstant(lit.FieldType, lit.GetRawConstantValue());
                EmitDotNetResult(e, lit.FieldType);
                return;
            case FieldInfo f:
                if (f.IsStatic) _il.Emit(OpCodes.Ldsfld, _ctx.Module.ImportReference(f));
                else
                {
                    EmitExpr(e.Receiver!);
                    _il.Emit(OpCodes.Ldfld, _ctx.Module.ImportReference(f));
                }
                EmitDotNetResult(e, f.FieldType);
                return;
            case ConstructorInfo c:
                EmitDotNetArguments(e, c.GetParameters());
                _il.Emit(OpCodes.Newobj, _ctx.Module.ImportReference(c));
                return;
            case MethodInfo m:
            {
                bool viaAddress = false;
                if (!m.IsStatic)
                {
                    var recvType = ValueTypeOf(e.Receiver!.Type);
                    if (recvType is DotNetType { IsValueType: true } vt)
                    {
                        if (m.DeclaringType!.IsValueType)
                        {
                            var tmp = NewTemp(recvType);
                            EmitExpr(e.Receiver);
                            _il.Emit(OpCodes.Stloc, tmp);
                            _il.Emit(OpCodes.Ldloca, tmp);
                            viaAddress = true;
                        }
                        else
                        {
                            EmitExpr(e.Receiver);
                            _il.Emit(OpCodes.Box, Types.Map(vt));
                        }
                    }
                    else EmitExpr(e.Receiver);
                }
                var outTemp = EmitDotNetArguments(e, m.GetParameters());
                var mref = _ctx.Module.ImportReference(m);
                _il.Emit(m.IsStatic || viaAddress ? OpCodes.Call : OpCodes.Callvirt, mref);
                if (outTemp != null) EmitOutResult(e, outTemp, m.GetParameters()[^1].ParameterType.GetElementType()!);
                else EmitDotNetResult(e, m.ReturnType);
                return;
            }
            default:
                throw new EmitException($"unsupported .NET member {e.Member}");
        }
    }

    /// <summary>`catching(f)`: DotNetInterop.Catch&lt;T&gt;(f, out value, out error) → Ok(value) / Err(error).</summary>
    private void EmitDotNetCatch(BoundDotNetCatchExpr c)
    {
        var res = (EnumType)ValueTypeOf(c.Type);
        var ft = (FunctionType)ValueTypeOf(c.Closure.Type);
        var ok = res.FindVariant("Ok")!;
        var err = res.FindVariant("Err")!;
        var error = NewTemp(TypeFactory.String);
        VariableDefinition? value = null;
        EmitExpr(c.Closure);
        if (ft.ReturnType.IsVoid)
        {
            _il.Emit(OpCodes.Ldloca, error);
            _il.Emit(OpCodes.Call, _ctx.Module.ImportReference(typeof(DotNetInterop).GetMethod(nameof(DotNetInterop.CatchVoid))!));
        }
        else
        {
            value = NewTemp(ft.ReturnType);
            _il.Emit(OpCodes.Ldloca, value);
            _il.Emit(OpCodes.Ldloca, error);
            var gm = new GenericInstanceMethod(_ctx.Module.ImportReference(typeof(DotNetInterop).GetMethod(nameof(DotNetInterop.Catch))!));
            gm.GenericArguments.Add(Types.Map(ft.ReturnType));
            _il.Emit(OpCodes.Call, gm);
        }
        var fail = _il.Create(OpCodes.Nop);
        var end = _il.Create(OpCodes.Nop);
        _il.Emit(OpCodes.Brfalse, fail);
        EmitEnumValue(res, ok, ok.Payload.Count == 0 ? [] : [value != null ? () => _il.Emit(OpCodes.Ldloc, value) : () => _il.Emit(OpCodes.Ldc_I4_0)]);
        _il.Emit(OpCodes.Br, end);
        _il.Append(fail);
        EmitEnumValue(res, err, [() => _il.Emit(OpCodes.Ldloc, error)]);
        _il.Append(end);
    }

    /// <summary>Pushes the arguments (defaults for omitted optional ones); returns the temp of a trailing `out` parameter.</summary>
    private VariableDefinition? EmitDotNetArguments(BoundDotNetExpr e, ParameterInfo[] ps)
    {
        VariableDefinition? outTemp = null;
        for (int i = 0; i < ps.Length; i++)
        {
            if (i == ps.Length - 1 && e.OutMode != DotNetOutMode.None)
            {
                outTemp = NewTemp(_ctx.Module.ImportReference(ps[i].ParameterType.GetElementType()!));
                _il.Emit(OpCodes.Ldloca, outTemp);
            }
            else if (i < e.Arguments.Count)
            {
                EmitExpr(e.Arguments[i]);
                EmitToClr(ValueTypeOf(e.Arguments[i].Type), ps[i].ParameterType);
            }
            else EmitClrConstant(ps[i].ParameterType, ps[i].RawDefaultValue);
        }
        return outTemp;
    }

    /// <summary>After a call with a trailing `out`: `bool` on the stack → Option of the out value; `void` → the out value.</summary>
    private void EmitOutResult(BoundDotNetExpr e, VariableDefinition outTemp, Type outClr)
    {
        void LoadValue()
        {
            _il.Emit(OpCodes.Ldloc, outTemp);
            if (outClr == typeof(string)) _il.Emit(OpCodes.Call, _ctx.Module.ImportReference(typeof(DotNetInterop).GetMethod(nameof(DotNetInterop.FromClr))!));
        }
        if (e.OutMode == DotNetOutMode.Value) { LoadValue(); return; }
        var opt = (EnumType)ValueTypeOf(e.Type);
        var value = NewTemp(opt.SuccessType!);
        var ok = NewTemp(TypeFactory.Bool);
        _il.Emit(OpCodes.Stloc, ok);
        LoadValue();
        _il.Emit(OpCodes.Stloc, value);
        _il.Emit(OpCodes.Ldloc, ok);
        EmitBoolToOption(opt, value);
    }

    /// <summary>Converts the Milo value on the stack (of type <paramref name="from"/>) to CLR type <paramref name="to"/>.</summary>
    private void EmitToClr(MiloType from, Type to)
    {
        if (from is StringType)
        {
            _il.Emit(OpCodes.Call, _ctx.Module.ImportReference(typeof(DotNetInterop).GetMethod(nameof(DotNetInterop.ToClr))!));
            return;
        }
        if (Nullable.GetUnderlyingType(to) is { } under)
        {
            if (from is EnumType opt) EmitOptionToNullable(opt, to);
            else
            {
                EmitToClr(from, under);   // a plain value for a `T?` parameter: new T?(v)
                _il.Emit(OpCodes.Newobj, _ctx.Module.ImportReference(to.GetConstructor(new[] { under })!));
            }
            return;
        }
        if (from is PrimitiveType && ClrPrimitiveMilo(to) is { } target)
        {
            EmitConvertIfNumeric(from, target);
            return;
        }
        if (!to.IsValueType && (from is PrimitiveType || from is DotNetType { IsValueType: true } || from is StructType or EnumType))
        {
            _il.Emit(OpCodes.Box, Types.Map(from));
            return;
        }
        if (from is FunctionType ft && typeof(Delegate).IsAssignableFrom(to))
        {
            var miloDelegate = Types.Delegate(ft);
            var target2 = _ctx.Module.ImportReference(to);
            if (miloDelegate.FullName == target2.FullName && !HasStrings(ft)) return;
            if (HasStrings(ft))
            {
                // Strings cross in both directions on each call: DotNetDelegates.Adapt wraps the Milo function.
                _il.Emit(OpCodes.Ldtoken, target2);
                _il.Emit(OpCodes.Call, _ctx.Module.ImportReference(typeof(Type).GetMethod(nameof(Type.GetTypeFromHandle))!));
                _il.Emit(OpCodes.Call, _ctx.Module.ImportReference(typeof(DotNetDelegates).GetMethod(nameof(DotNetDelegates.Adapt))!));
                _il.Emit(OpCodes.Castclass, target2);
                return;
            }
            // Rebind the Milo delegate's Invoke to the API's delegate type: new D(f, &f.Invoke).
            _il.Emit(OpCodes.Dup);
            _il.Emit(OpCodes.Ldvirtftn, Types.DelegateInvoke(miloDelegate, ft));
            _il.Emit(OpCodes.Newobj, _ctx.Module.ImportReference(to.GetConstructor(new[] { typeof(object), typeof(IntPtr) })!));
        }
    }

    private static bool HasStrings(FunctionType f) => f.ReturnType is StringType || f.Parameters.Any(p => p is StringType);

    /// <summary>Stack: a Milo `Option&lt;T&gt;` → `Nullable&lt;T&gt;` (Some(v) → new T?(v), None → null).</summary>
    private void EmitOptionToNullable(EnumType opt, Type to)
    {
        var access = new LibrarySurface.VariantAccess(_ctx, opt);
        var src = NewTemp(opt);
        var dst = NewTemp(_ctx.Module.ImportReference(to));
        _il.Emit(OpCodes.Stloc, src);
        var none = _il.Create(OpCodes.Nop);
        var end = _il.Create(OpCodes.Nop);
        access.EmitBranchIfNot(_il, () => _il.Emit(OpCodes.Ldloca, src), opt.FindVariant("Some")!, none);
        _il.Emit(OpCodes.Ldloca, dst);
        access.EmitPayload(_il, () => _il.Emit(OpCodes.Ldloca, src), opt.FindVariant("Some")!, 0);
        _il.Emit(OpCodes.Call, _ctx.Module.ImportReference(to.GetConstructor(new[] { Nullable.GetUnderlyingType(to)! })!));
        _il.Emit(OpCodes.Br, end);
        _il.Append(none);
        _il.Emit(OpCodes.Ldloca, dst);
        _il.Emit(OpCodes.Initobj, _ctx.Module.ImportReference(to));
        _il.Append(end);
        _il.Emit(OpCodes.Ldloc, dst);
    }

    /// <summary>Stack: a `Nullable&lt;T&gt;` → Milo `Option&lt;T&gt;`.</summary>
    private void EmitNullableToOption(EnumType opt, Type from)
    {
        var raw = NewTemp(_ctx.Module.ImportReference(from));
        var value = NewTemp(opt.SuccessType!);
        _il.Emit(OpCodes.Stloc, raw);
        _il.Emit(OpCodes.Ldloca, raw);
        _il.Emit(OpCodes.Call, _ctx.Module.ImportReference(from.GetMethod(nameof(Nullable<int>.GetValueOrDefault), Type.EmptyTypes)!));
        _il.Emit(OpCodes.Stloc, value);
        _il.Emit(OpCodes.Ldloca, raw);
        _il.Emit(OpCodes.Call, _ctx.Module.ImportReference(from.GetProperty(nameof(Nullable<int>.HasValue))!.GetMethod!));
        EmitBoolToOption(opt, value);
    }

    private static MiloType? ClrPrimitiveMilo(Type t)
    {
        if (t.IsEnum) t = Enum.GetUnderlyingType(t);
        if (t == typeof(int)) return TypeFactory.I32;
        if (t == typeof(long)) return TypeFactory.I64;
        if (t == typeof(short)) return TypeFactory.I16;
        if (t == typeof(sbyte)) return TypeFactory.I8;
        if (t == typeof(uint)) return TypeFactory.U32;
        if (t == typeof(ulong)) return TypeFactory.U64;
        if (t == typeof(ushort) || t == typeof(char)) return TypeFactory.U16;
        if (t == typeof(byte)) return TypeFactory.U8;
        if (t == typeof(double)) return TypeFactory.F64;
        if (t == typeof(float)) return TypeFactory.F32;
        if (t == typeof(bool)) return TypeFactory.Bool;
        return null;
    }

    /// <summary>The CLR result on the stack → the Milo result (string conversion, null → None).</summary>
    private void EmitDotNetResult(BoundDotNetExpr e, Type clr)
    {
        if (clr == typeof(void)) { if (!e.Type.IsVoid) EmitDefault(e.Type); return; }
        if (e.Type.IsVoid) { _il.Emit(OpCodes.Pop); return; }
        if (Nullable.GetUnderlyingType(clr) != null && ValueTypeOf(e.Type) is EnumType nullableOpt)
        {
            EmitNullableToOption(nullableOpt, clr);
            return;
        }
        var fromClr = _ctx.Module.ImportReference(typeof(DotNetInterop).GetMethod(nameof(DotNetInterop.FromClr))!);
        if (e.NullToOption && ValueTypeOf(e.Type) is EnumType opt && opt.SuccessType is { } payload)
        {
            var raw = NewTemp(_ctx.Module.ImportReference(clr));
            _il.Emit(OpCodes.Stloc, raw);
            var value = NewTemp(payload);
            _il.Emit(OpCodes.Ldloc, raw);
            if (clr == typeof(string)) _il.Emit(OpCodes.Call, fromClr);
            _il.Emit(OpCodes.Stloc, value);
            _il.Emit(OpCodes.Ldloc, raw);
            _il.Emit(OpCodes.Ldnull);
            _il.Emit(OpCodes.Cgt_Un);
            EmitBoolToOption(opt, value);
            return;
        }
        if (clr == typeof(string)) _il.Emit(OpCodes.Call, fromClr);
    }

    private void EmitClrConstant(Type t, object? v)
    {
        if (t.IsEnum) t = Enum.GetUnderlyingType(t);
        switch (v)
        {
            case null or DBNull or Missing:
                if (t.IsValueType)
                {
                    var tmp = NewTemp(_ctx.Module.ImportReference(t));
                    _il.Emit(OpCodes.Ldloca, tmp);
                    _il.Emit(OpCodes.Initobj, _ctx.Module.ImportReference(t));
                    _il.Emit(OpCodes.Ldloc, tmp);
                }
                else _il.Emit(OpCodes.Ldnull);
                return;
            case string s: _il.Emit(OpCodes.Ldstr, s); return;
            case bool b: _il.Emit(b ? OpCodes.Ldc_I4_1 : OpCodes.Ldc_I4_0); return;
            case long or ulong: _il.Emit(OpCodes.Ldc_I8, Convert.ToInt64(v is ulong u ? unchecked((long)u) : v)); return;
            case double d: _il.Emit(OpCodes.Ldc_R8, d); return;
            case float f: _il.Emit(OpCodes.Ldc_R4, f); return;
            case uint ui: _il.Emit(OpCodes.Ldc_I4, unchecked((int)ui)); return;
            case char c: _il.Emit(OpCodes.Ldc_I4, (int)c); return;
            default: _il.Emit(OpCodes.Ldc_I4, Convert.ToInt32(v)); return;
        }
    }
}
