using System.Reflection;
using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Compiler.Text;
using Milo.Runtime;

namespace Milo.Compiler.Lowering;

internal sealed partial class LocalRewriter
{
    private static readonly MethodInfo StringLength = typeof(MiloString).GetProperty(nameof(MiloString.Length))!.GetMethod!;
    private static readonly MethodInfo StringByteAt = typeof(MiloString).GetMethod(nameof(MiloString.ByteAt), [typeof(long)])!;
    private static readonly MethodInfo MapSlotCount = typeof(MiloMap<,>).GetProperty("SlotCount")!.GetMethod!;
    private static readonly MethodInfo MapIsLive = typeof(MiloMap<,>).GetMethod("IsLive")!;
    private static readonly MethodInfo MapKeyAt = typeof(MiloMap<,>).GetMethod("KeyAt")!;
    private static readonly MethodInfo MapValueAt = typeof(MiloMap<,>).GetMethod("ValueAt")!;

    /// <summary>
    /// <c>for [i,] x in collection { body }</c> →
    /// <code>
    /// { let $coll = collection; var $i: i32 = 0
    ///   while $i &lt; len($coll) step { $i = $i + 1 } {
    ///     [maps: if !$coll.IsLive($i) { continue }]
    ///     let x = $coll[$i]; [let i = $i as I]; body } }
    /// </code>
    /// The length is re-read every iteration; element reads are plain copies (arrays and Vecs without the Milo bounds
    /// check: $i is below the length just read). Maps iterate their slots, skipping the free ones; for MapEntries the
    /// index local is the key and the element the value.
    /// </summary>
    protected override BoundStmt RewriteForEach(BoundForEach node)
    {
        var loc = node.Location;
        var collType = ValueType(node.Collection.Type);
        var coll = NewTemp("coll", collType);
        var i = NewTemp("i", TypeFactory.I32);
        BoundExpr C() => Read(coll, loc);
        BoundExpr I() => Read(i, loc);

        var body = new List<BoundStmt>();
        switch (node.Kind)
        {
            case ForEachKind.Array or ForEachKind.Vec or ForEachKind.String:
                body.Add(new BoundLocalDecl(loc, node.Element, ElementAt(loc, node.Kind, collType, C(), I())));
                if (node.Index != null) body.Add(new BoundLocalDecl(loc, node.Index, ConvertTo(I(), node.Index.Type)));
                break;
            case ForEachKind.MapKeys or ForEachKind.MapEntries:
            {
                var map = (MapType)collType;
                var live = MapCall(loc, MapIsLive, map, C(), I(), TypeFactory.Bool);
                body.Add(new BoundIf(loc, new BoundUnaryExpr(loc, UnaryOp.Not, live, TypeFactory.Bool, false), new BoundContinue(loc), null));
                if (node.Kind == ForEachKind.MapKeys)
                    body.Add(new BoundLocalDecl(loc, node.Element, MapCall(loc, MapKeyAt, map, C(), I(), map.Key)));
                else
                {
                    if (node.Index != null) body.Add(new BoundLocalDecl(loc, node.Index, MapCall(loc, MapKeyAt, map, C(), I(), map.Key)));
                    body.Add(new BoundLocalDecl(loc, node.Element, MapCall(loc, MapValueAt, map, C(), I(), map.Value)));
                }
                break;
            }
            default: throw new InvalidOperationException($"for-each over {node.Kind}");
        }
        body.AddRange(RewriteBlockOf(node.Body).Statements);

        var step = new BoundAssign(loc, I(), Binary(loc, BinaryOp.Add, I(), IntConst(loc, TypeFactory.I32, 1), TypeFactory.I32));
        var cond = Binary(loc, BinaryOp.Lt, I(), Length(loc, node.Kind, collType, C()), TypeFactory.Bool);
        return new BoundBlock(loc,
        [
            new BoundLocalDecl(loc, coll, RewriteExpr(node.Collection)),
            new BoundLocalDecl(loc, i, IntConst(loc, TypeFactory.I32, 0)),
            new BoundWhile(loc, cond, new BoundBlock(node.Body.Location, body), step),
        ]);
    }

    private static BoundExpr Length(Location loc, ForEachKind kind, MiloType collType, BoundExpr coll) => kind switch
    {
        ForEachKind.Array or ForEachKind.Vec => new BoundCollectionLengthExpr(loc, coll),
        ForEachKind.String => new BoundRuntimeCallExpr(loc, StringLength, null, coll, [], TypeFactory.I32),
        _ => new BoundRuntimeCallExpr(loc, MapSlotCount, collType, coll, [], TypeFactory.I32),
    };

    private static BoundExpr ElementAt(Location loc, ForEachKind kind, MiloType collType, BoundExpr coll, BoundExpr i) => collType switch
    {
        Symbols.ArrayType a => new BoundElementAtExpr(loc, coll, i, a.Element),
        VecType v => new BoundElementAtExpr(loc, coll, i, v.Element),
        StringType => new BoundRuntimeCallExpr(loc, StringByteAt, null, coll, [new BoundCastExpr(loc, i, TypeFactory.I64)], TypeFactory.U8),
        _ => throw new InvalidOperationException($"for-each {kind} over {collType.Name}"),
    };

    private static BoundExpr MapCall(Location loc, MethodInfo m, MapType map, BoundExpr coll, BoundExpr i, MiloType type)
        => new BoundRuntimeCallExpr(loc, m, map, coll, [i], type);
}
