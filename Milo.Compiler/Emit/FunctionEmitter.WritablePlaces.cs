using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Compiler.Emit;

/// <summary>
/// Copy-on-write Vecs (Milo.Runtime/MiloVec.Share.cs): an array shared by two Vecs, and every object in it, must never be
/// written. Reads address elements in place (GetReadRef, Get); anything that writes into a place — an element or field
/// store, a <c>&amp;mut</c> borrow, or a runtime call that mutates its receiver object (<c>v[i].push(x)</c>,
/// <c>rows[i].cells[j] = s</c>, <c>t[i].name.push('!')</c>) — reaches that place through writable steps: each Vec
/// element on the way is taken with GetRef, which first gives a shared Vec its own array of element copies.
/// </summary>
internal sealed partial class FunctionEmitter
{
    /// <summary>Runtime instance methods that change the Vec / string object they are called on.</summary>
    private static readonly HashSet<string> MutatingRuntimeMethods = new(StringComparer.Ordinal)
    {
        "Push", "Pop", "Set", "GetRef", "Reverse", "Sort", "SortBy", "SortByKey", "PushStr", "PushBytes",
    };

    private static bool MutatesReceiver(System.Reflection.MethodInfo mi)
    {
        var dt = mi.DeclaringType!;
        bool storage = dt == typeof(Milo.Runtime.MiloString) || dt.IsGenericType && dt.GetGenericTypeDefinition() == typeof(Milo.Runtime.MiloVec<>);
        return storage && MutatingRuntimeMethods.Contains(mi.Name);
    }

    /// <summary>True when a Vec of this type can share its array (CopyEmitter.SharesStorage); for other Vecs a read
    /// address is a write address (GetRef, one cached address for both).</summary>
    private static bool MayShare(VecType vt) => CopyEmitter.SharesStorage(vt);

    /// <summary>True for values that are references to storage a place owns (what a shared array could hold).</summary>
    private static bool IsOwnedStorageObject(MiloType t) => ValueTypeOf(t) is VecType or StringType or Symbols.ArrayType or HeapType;

    /// <summary>
    /// Pushes the value of <paramref name="e"/> (a Vec, string, array or Heap object) for writing into it: when e is an
    /// element or field of a Vec element, the path to it is taken with writable addresses, so the object pushed is owned
    /// by e alone (never one that a copy-on-write array shares).
    /// </summary>
    private void EmitWritablePlaceValue(BoundExpr e)
    {
        if (IsOwnedStorageObject(e.Type))
        {
            switch (e)
            {
                case BoundFieldExpr f when ValueTypeOf(f.Receiver.Type) is StructType s && IsAddressable(f.Receiver):
                    EmitAddress(f.Receiver, readOnly: false);
                    _il.Emit(OpCodes.Ldfld, Types.Field(s, f.Field));
                    return;
                case BoundIndexExpr i when ValueTypeOf(i.Receiver.Type) is VecType or Symbols.ArrayType:
                    EmitAddress(i, readOnly: false);
                    _il.Emit(OpCodes.Ldobj, Types.Map(ValueTypeOf(e.Type)));
                    return;
                case BoundDerefExpr d when ValueTypeOf(d.Operand.Type) is HeapType ht:
                    EmitWritablePlaceValue(d.Operand);
                    _il.Emit(OpCodes.Ldfld, Types.BoxValue(Types.BoxOf(ht.Inner)));
                    return;
            }
        }
        EmitExpr(e);
    }

    /// <summary>The receiver of a runtime instance call on a reference type: writable when the method mutates it.</summary>
    private Action RuntimeReceiverLoader(System.Reflection.MethodInfo mi, BoundExpr rcv)
        => MutatesReceiver(mi) ? () => EmitWritablePlaceValue(rcv) : () => EmitExpr(rcv);
}
