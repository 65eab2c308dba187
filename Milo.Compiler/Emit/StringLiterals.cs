using System.Text;
using Milo.Runtime;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Compiler.Emit;

/// <summary>
/// String literals: the UTF-8 bytes of each distinct literal live in a lazily initialised static byte[] field of the
/// internal class <c>&lt;MiloLiterals&gt;</c>, so a literal evaluated in a loop costs one field load plus
/// <see cref="MiloString.FromFrozen"/> (a small wrapper allocation — strings are mutable, copy-on-write) instead of a
/// dictionary lookup in <see cref="MiloString.Literal"/>. The lazy initialisation race is benign (both arrays hold the
/// same frozen bytes).
/// </summary>
internal sealed class StringLiterals(EmitContext ctx)
{
    private readonly Dictionary<byte[], FieldDefinition> _fields = new(BytesComparer.Instance);
    private TypeDefinition? _holder;
    private const int FieldsPerHolder = 30_000;
    private MethodReference? _fromFrozen, _utf8, _getBytes;

    /// <summary>Stack: → a fresh MiloString with the literal's bytes.</summary>
    public void Emit(ILProcessor il, byte[] utf8)
    {
        var field = Field(utf8);
        _fromFrozen ??= ctx.RuntimeApi.Get(typeof(MiloString), nameof(MiloString.FromFrozen), typeof(byte[]));
        var done = il.Create(OpCodes.Call, _fromFrozen);
        il.Emit(OpCodes.Ldsfld, field);
        il.Emit(OpCodes.Dup);
        il.Emit(OpCodes.Brtrue, done);
        il.Emit(OpCodes.Pop);
        EmitBytes(il, utf8);
        il.Emit(OpCodes.Dup);
        il.Emit(OpCodes.Stsfld, field);
        il.Append(done);
    }

    private FieldDefinition Field(byte[] utf8)
    {
        if (_fields.TryGetValue(utf8, out var f)) return f;
        // A CLR type holds at most 65,535 fields: a new holder class every FieldsPerHolder literals.
        if (_holder == null || _holder.Fields.Count >= FieldsPerHolder)
        {
            _holder = new TypeDefinition(ctx.Namespace, _fields.Count == 0 ? "<MiloLiterals>" : $"<MiloLiterals>${_fields.Count / FieldsPerHolder}",
                TypeAttributes.NotPublic | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.BeforeFieldInit,
                ctx.Module.TypeSystem.Object);
            ctx.Module.Types.Add(_holder);
        }
        f = new FieldDefinition("s" + _fields.Count, FieldAttributes.Assembly | FieldAttributes.Static,
            new Mono.Cecil.ArrayType(ctx.Module.TypeSystem.Byte));
        _holder.Fields.Add(f);
        _fields[utf8] = f;
        return f;
    }

    /// <summary>Stack: → a new byte[] holding <paramref name="utf8"/> (via a .NET string when it is valid UTF-8).</summary>
    private void EmitBytes(ILProcessor il, byte[] utf8)
    {
        string? s = null;
        try { s = new UTF8Encoding(false, true).GetString(utf8); } catch (DecoderFallbackException) { }
        if (s != null)
        {
            _utf8 ??= ctx.Module.ImportReference(typeof(Encoding).GetProperty(nameof(Encoding.UTF8))!.GetMethod!);
            _getBytes ??= ctx.Module.ImportReference(typeof(Encoding).GetMethod(nameof(Encoding.GetBytes), [typeof(string)])!);
            il.Emit(OpCodes.Call, _utf8);
            il.Emit(OpCodes.Ldstr, s);
            il.Emit(OpCodes.Callvirt, _getBytes);
            return;
        }
        il.Emit(OpCodes.Ldc_I4, utf8.Length);
        il.Emit(OpCodes.Newarr, ctx.Module.TypeSystem.Byte);
        for (int i = 0; i < utf8.Length; i++)
        {
            il.Emit(OpCodes.Dup);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldc_I4, (int)utf8[i]);
            il.Emit(OpCodes.Stelem_I1);
        }
    }

    /// <summary>Literal bytes compared by content.</summary>
    private sealed class BytesComparer : IEqualityComparer<byte[]>
    {
        public static readonly BytesComparer Instance = new();
        public bool Equals(byte[]? a, byte[]? b) => a.AsSpan().SequenceEqual(b);
        public int GetHashCode(byte[] bytes)
        {
            var h = new HashCode();
            h.AddBytes(bytes);
            return h.ToHashCode();
        }
    }
}
