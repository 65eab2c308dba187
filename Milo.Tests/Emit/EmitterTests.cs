using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Compiler.Syntax;
using Milo.Runtime;
using static Milo.Tests.Emit.B;

namespace Milo.Tests.Emit;

public class EmitterTests
{
    [Fact]
    public void PrintsSumAndReturnsExitCode()
    {
        var p = Program(I32, Print(Bin(BinaryOp.Add, Lit(1), Lit(2))), Ret(Lit(7)));
        var (o, code) = Run(p);
        Assert.Equal("3\n", o);
        Assert.Equal(7, code);
    }

    [Fact]
    public void VoidMainExitsZeroAndPrintsManyParts()
    {
        var p = Program(VoidT, Print(S("a="), Lit(-5), S(" b="), True, S(" c="), Lit(42, I64), S(" d="), Lit(200, U8)), Print());
        var (o, code) = Run(p);
        Assert.Equal("a=-5 b=true c=42 d=200\n\n", o);
        Assert.Equal(0, code);
    }

    [Fact]
    public void WhileAndForRangeLoops()
    {
        var i = Local("i", I32);
        var sum = Local("sum", I32);
        var j = Local("j", I32, false);
        var p = Program(I32,
            Let(i, Lit(0)), Let(sum, Lit(0)),
            new BoundWhile(L(), Bin(BinaryOp.Lt, V(i), Lit(10)), Block(
                Set(V(sum), Bin(BinaryOp.Add, V(sum), V(i))),
                Set(V(i), Bin(BinaryOp.Add, V(i), Lit(1))),
                new BoundIf(L(), Bin(BinaryOp.Gt, V(sum), Lit(100)), new BoundBreak(L()), null))),
            Print(V(sum)),
            new BoundForRange(L(), j, Lit(0), Lit(5), Block(
                new BoundIf(L(), Bin(BinaryOp.Eq, V(j), Lit(2)), new BoundContinue(L()), null),
                Print(S("j"), V(j)))),
            Ret(Lit(0)));
        var (o, _) = Run(p);
        Assert.Equal("45\nj0\nj1\nj3\nj4\n", o);
    }

    [Fact]
    public void WrappingU8AndI32Arithmetic()
    {
        var u = Local("u", U8, false);
        var x = Local("x", I32, false);
        var p = Program(I32,
            Let(u, Lit(250, U8)),
            Print(Bin(BinaryOp.Add, V(u), Lit(10, U8))),
            Let(x, Lit(int.MaxValue)),
            Print(Bin(BinaryOp.Add, V(x), Lit(1))),
            Print(Bin(BinaryOp.Div, Lit(-7), Lit(2)), S(" "), Bin(BinaryOp.Rem, Lit(-7), Lit(2))),
            Print(new BoundCastExpr(L(), Lit(-1), TypeFactory.U32), S(" "), new BoundCastExpr(L(), Lit(300), U8), S(" "),
                new BoundCastExpr(L(), F(-3.7), I32), S(" "), new BoundCastExpr(L(), Lit(-1), TypeFactory.U64)),
            Ret(Lit(0)));
        var (o, _) = Run(p);
        Assert.Equal("4\n-2147483648\n-3 -1\n4294967295 44 -3 18446744073709551615\n", o);
    }

    [Fact]
    public void FloatsPrintLikePercentG()
    {
        var p = Program(I32,
            Print(Bin(BinaryOp.Div, F(1.0), F(3.0))),
            Print(F(100000000.0)),
            Print(F(2.5), S(" "), F(3.0), S(" "), new BoundLiteralExpr(L(), F64, 78.53975)),
            Ret(Lit(0)));
        var (o, _) = Run(p);
        Assert.Equal("0.333333\n1e+08\n2.5 3 78.5397\n", o);
    }

    [Fact]
    public void DebugOverflowPanics()
    {
        var x = Local("x", I32, false);
        var p = Program(I32,
            Print(S("before")),
            Let(x, Lit(int.MaxValue)),
            Print(Bin(BinaryOp.Add, new BoundVariableExpr(L(4), x, I32), Lit(1), @checked: true)),
            Ret(Lit(0)));
        p.Debug = true;
        var (o, code) = Run(p);
        Assert.Equal("before\nruntime error: integer overflow at test.milo:4\n", o);
        Assert.Equal(1, code);
    }

    [Fact]
    public void DebugOverflowI64AndU8()
    {
        var a = Local("a", I64, false);
        var b = Local("b", U8, false);
        var p = Program(I32,
            Let(a, Lit(long.MaxValue - 1, I64)),
            Print(Bin(BinaryOp.Add, V(a), Lit(1, I64), @checked: true)),
            Let(b, Lit(3, U8)),
            Print(Bin(BinaryOp.Sub, V(b), Lit(3, U8), @checked: true)),
            Print(Bin(BinaryOp.Sub, new BoundVariableExpr(L(9), b, U8), Lit(4, U8), @checked: true)),
            Ret(Lit(0)));
        var (o, code) = Run(p);
        Assert.Equal("9223372036854775807\n0\nruntime error: integer overflow at test.milo:9\n", o);
        Assert.Equal(1, code);
    }

    [Fact]
    public void DivisionByZeroPanics()
    {
        var z = Local("z", I32, false);
        var p = Program(I32, Let(z, Lit(0)), Print(Bin(BinaryOp.Div, Lit(1), V(z), line: 3)), Ret(Lit(0)));
        var (o, code) = Run(p);
        Assert.Contains("division by zero", o);
        Assert.Equal(1, code);
    }

    [Fact]
    public void StringsConcatCompareIndex()
    {
        var s = Local("s", Str, false);
        var p = Program(I32,
            Let(s, Bin(BinaryOp.Add, S("héllo"), S(" world"))),
            Print(V(s)),
            Print(Bin(BinaryOp.Eq, V(s), S("héllo world")), S(" "), Bin(BinaryOp.Lt, S("abc"), S("abd")), S(" "), Bin(BinaryOp.Ge, S("b"), S("abc"))),
            Print(new BoundIndexExpr(L(), V(s), Lit(0), U8)),
            Print(new BoundFormatExpr(L(), [S("x="), Lit(3), S("!")])),
            Ret(Lit(0)));
        var (o, _) = Run(p);
        Assert.Equal("héllo world\ntrue true true\n104\nx=3!\n", o);
    }

    [Fact]
    public void StructWithMethodAndDisplay()
    {
        var point = new StructType("Point", null, []);
        point.Fields.Add(new FieldSymbol("x", I32, 0));
        point.Fields.Add(new FieldSymbol("y", I32, 1));
        var named = new StructType("Named", null, []);
        named.Fields.Add(new FieldSymbol("name", Str, 0));
        named.Fields.Add(new FieldSymbol("at", point, 1));
        var self = new ParameterSymbol("self", Factory.Ref(point, false), 0);
        var getX = new BoundFunction(new FunctionSymbol("Point_getX", FunctionKind.Method, [self], I32, null) { DeclaringType = point, HasSelf = true },
            Block(Ret(Bin(BinaryOp.Add, new BoundFieldExpr(L(), V(self), point.Fields[0]), Lit(100)))), Src);
            var mself = new ParameterSymbol("self", Factory.Ref(point, true), 0);
        var bump = new BoundFunction(new FunctionSymbol("Point_bump", FunctionKind.Method, [mself], VoidT, null) { DeclaringType = point, HasSelf = true },
            Block(Set(new BoundFieldExpr(L(), V(mself), point.Fields[1]), Bin(BinaryOp.Add, new BoundFieldExpr(L(), V(mself), point.Fields[1]), Lit(1)))), Src);
        var pt = Local("p", point);
        var n = Local("n", named, false);
        point.HasStructuralEq = true;
        var prog = Program(I32,
            Let(pt, new BoundStructLiteralExpr(L(), point, [(point.Fields[0], Lit(1)), (point.Fields[1], Lit(2))])),
            Print(new BoundCallExpr(L(), getX.Symbol, [V(pt)])),
            Do(new BoundCallExpr(L(), bump.Symbol, [V(pt)])),
            Print(V(pt)),
            Let(n, new BoundStructLiteralExpr(L(), named, [(named.Fields[0], S("home")), (named.Fields[1], V(pt))])),
            Print(V(n)),
            Print(Bin(BinaryOp.Eq, V(pt), new BoundStructLiteralExpr(L(), point, [(point.Fields[0], Lit(1)), (point.Fields[1], Lit(3))]))),
            Ret(Lit(0)));
        prog.Structs.Add(point);
        prog.Structs.Add(named);
        prog.Functions.Add(getX);
        prog.Functions.Add(bump);
        var (o, _) = Run(prog);
        Assert.Equal("101\nPoint { x: 1, y: 3 }\nNamed { name: \"home\", at: Point { x: 1, y: 3 } }\ntrue\n", o);
    }

    [Fact]
    public void ClosureCapturesVariableByReference()
    {
        var count = Local("count", I32);
        count.IsCapturedByReference = true;
        var closureSym = new FunctionSymbol("closure_1", FunctionKind.Closure, [], VoidT, null);
        var body = Block(Set(V(count), Bin(BinaryOp.Add, V(count), Lit(1))));
        var ft = Factory.Function([], VoidT);
        var inc = Local("inc", ft, false);
        var addSym = new FunctionSymbol("closure_2", FunctionKind.Closure, [new ParameterSymbol("k", I32, 0)], I32, null);
        var k = addSym.Parameters[0];
        var addFt = Factory.Function([I32], I32);
        var add = Local("add", addFt, false);
        var snapshot = Local("snap", addFt, false);
        var snapSym = new FunctionSymbol("closure_3", FunctionKind.Closure, [new ParameterSymbol("k", I32, 0)], I32, null);
        var p = Program(I32,
            Let(count, Lit(0)),
            Let(inc, new BoundClosureExpr(L(), new BoundFunction(closureSym, body, Src), ft, [count], false)),
            Let(add, new BoundClosureExpr(L(), new BoundFunction(addSym, Block(Ret(Bin(BinaryOp.Add, V(k), V(count)))), Src), addFt, [count], false)),
            Let(snapshot, new BoundClosureExpr(L(), new BoundFunction(snapSym, Block(Ret(Bin(BinaryOp.Add, V(snapSym.Parameters[0]), V(count)))), Src), addFt, [count], true)),
            Do(new BoundClosureCallExpr(L(), V(inc), [], VoidT)),
            Do(new BoundClosureCallExpr(L(), V(inc), [], VoidT)),
            Print(V(count)),
            Set(V(count), Lit(10)),
            Print(new BoundClosureCallExpr(L(), V(add), [Lit(5)], I32), S(" "), new BoundClosureCallExpr(L(), V(snapshot), [Lit(5)], I32)),
            Ret(Lit(0)));
        var (o, _) = Run(p);
        Assert.Equal("2\n15 5\n", o); // the move closure snapshotted count = 0 at creation
    }

    [Fact]
    public void FunctionValueAndRefParamThunk()
    {
        var a = new ParameterSymbol("a", Factory.Ref(I32, false), 0);
        var twice = Fn("twice", I32, [a], Ret(Bin(BinaryOp.Mul, V(a), Lit(2))));
        var ft = Factory.Function([Factory.Ref(I32, false)], I32);
        var f = Local("f", ft, false);
        var p = Program(I32,
            Let(f, new BoundFunctionRefExpr(L(), twice.Symbol, ft)),
            Print(new BoundClosureCallExpr(L(), V(f), [Lit(21)], I32), S(" "), new BoundCallExpr(L(), twice.Symbol, [Lit(4)])),
            Ret(Lit(0)));
        p.Functions.Add(twice);
        var (o, _) = Run(p);
        Assert.Equal("42 8\n", o);
    }

    [Fact]
    public void MatchOnEnumAndLiterals()
    {
        var color = new EnumType("Color", null, []);
        color.Variants.Add(new VariantSymbol("Red", 0, []));
        color.Variants.Add(new VariantSymbol("Rgb", 1, [U8, U8, U8]));
        color.Variants.Add(new VariantSymbol("Named", 2, [Str]));
        var c = Local("c", color);
        var r = Local("r", U8, false);
        var g = Local("g", U8, false);
        var n = Local("n", I32, false);
        var p = Program(I32,
            Let(c, new BoundEnumExpr(L(), color, color.Variants[1], [Lit(255, U8), Lit(128, U8), Lit(0, U8)])),
            new BoundMatch(L(), V(c), [
                new BoundMatchArm(new BoundVariantPattern(L(), color.Variants[0], []), Block(Print(S("red")))),
                new BoundMatchArm(new BoundVariantPattern(L(), color.Variants[1], [r, g, null]), Block(Print(S("rgb "), V(r), S(","), V(g)))),
                new BoundMatchArm(new BoundWildcardPattern(L()), Block(Print(S("other")))),
            ]),
            Print(V(c)),
            Set(V(c), new BoundEnumExpr(L(), color, color.Variants[2], [S("teal")])),
            Print(V(c), S(" "), new BoundIsExpr(L(), V(c), color.Variants[2]), S(" "), new BoundEnumExpr(L(), color, color.Variants[0], [])),
            Let(n, Lit(3)),
            new BoundMatch(L(), V(n), [
                new BoundMatchArm(new BoundLiteralPattern(L(), 1L), Block(Print(S("one")))),
                new BoundMatchArm(new BoundLiteralPattern(L(), 3L), Block(Print(S("three")))),
                new BoundMatchArm(new BoundWildcardPattern(L()), Block(Print(S("many")))),
            ]),
            new BoundMatch(L(), S("b"), [
                new BoundMatchArm(new BoundLiteralPattern(L(), "a"u8.ToArray()), Block(Print(S("A")))),
                new BoundMatchArm(new BoundLiteralPattern(L(), "b"u8.ToArray()), Block(Print(S("B")))),
                new BoundMatchArm(new BoundWildcardPattern(L()), Block(Print(S("?")))),
            ]),
            Ret(Lit(0)));
        p.Enums.Add(color);
        var (o, _) = Run(p);
        Assert.Equal("rgb 255,128\nRgb(255, 128, 0)\nNamed(\"teal\") true Red\nthree\nB\n", o);
    }

    [Fact]
    public void OptionUnwrapCoalesceAndPanic()
    {
        var opt = OptionOf(I32);
        var a = Local("a", opt, false);
        var b = Local("b", opt, false);
        var p = Program(I32,
            Let(a, new BoundEnumExpr(L(), opt, opt.Variants[0], [Lit(42)])),
            Let(b, new BoundEnumExpr(L(), opt, opt.Variants[1], [])),
            Print(V(a), S(" "), V(b), S(" "), new BoundUnwrapExpr(L(), V(a), I32), S(" "), new BoundCoalesceExpr(L(), V(b), Lit(7), I32)),
            Print(new BoundUnwrapExpr(L(), new BoundVariableExpr(L(5, 3), b, opt), I32)),
            Ret(Lit(0)));
        p.Enums.Add(opt);
        var (o, code) = Run(p);
        Assert.Equal("Some(42) None 42 7\nerror at 5:3: unwrap called on None\n", o);
        Assert.Equal(1, code);
    }

    [Fact]
    public void PropagateReturnsNoneEarly()
    {
        var opt = OptionOf(I32);
        var x = new ParameterSymbol("x", opt, 0);
        // fn addOne(x: Option<i32>): Option<i32> { return Some(x? + 1) }
        var addOne = Fn("addOne", opt, [x],
            Ret(new BoundEnumExpr(L(), opt, opt.Variants[0], [Bin(BinaryOp.Add, new BoundPropagateExpr(L(), V(x), I32, opt, null, null), Lit(1))])));
        var p = Program(I32,
            Print(new BoundCallExpr(L(), addOne.Symbol, [new BoundEnumExpr(L(), opt, opt.Variants[0], [Lit(1)])]), S(" "),
                new BoundCallExpr(L(), addOne.Symbol, [new BoundEnumExpr(L(), opt, opt.Variants[1], [])])),
            Ret(Lit(0)));
        p.Functions.Add(addOne);
        p.Enums.Add(opt);
        var (o, _) = Run(p);
        Assert.Equal("Some(2) None\n", o);
    }

    [Fact]
    public void IntrinsicsWrappingSaturatingChecked()
    {
        var opt = OptionOf(U8);
        var p = Program(I32,
            Print(new BoundIntrinsicExpr(L(), IntrinsicKind.WrappingAdd, [Lit(250, U8), Lit(10, U8)], U8), S(" "),
                new BoundIntrinsicExpr(L(), IntrinsicKind.SaturatingAdd, [Lit(250, U8), Lit(10, U8)], U8), S(" "),
                new BoundIntrinsicExpr(L(), IntrinsicKind.SaturatingSub, [Lit(long.MinValue + 1, I64), Lit(10, I64)], I64), S(" "),
                new BoundIntrinsicExpr(L(), IntrinsicKind.CheckedAdd, [Lit(250, U8), Lit(10, U8)], opt), S(" "),
                new BoundIntrinsicExpr(L(), IntrinsicKind.CheckedMul, [Lit(25, U8), Lit(10, U8)], opt), S(" "),
                new BoundIntrinsicExpr(L(), IntrinsicKind.Max, [Lit(3), Lit(9)], I32), S(" "),
                new BoundIntrinsicExpr(L(), IntrinsicKind.Min, [F(1.5), F(-2.0)], F64)),
            Print(new BoundIntrinsicExpr(L(), IntrinsicKind.ToString, [F(0.1)], Str)),
            Ret(Lit(0)));
        p.Enums.Add(opt);
        var (o, _) = Run(p);
        Assert.Equal("4 255 -9223372036854775808 None Some(250) 9 -2\n0.1\n", o);
    }

    [Fact]
    public void VecAndArrayOperations()
    {
        var vecT = Factory.Vec(I64);
        var arrT = Factory.Array(I32, 3);
        var v = Local("v", vecT);
        var arr = Local("arr", arrT);
        var x = Local("x", I64, false);
        var ix = Local("i", I64, false);
        var y = Local("y", I32, false);
        var push = typeof(MiloVec<>).GetMethod("Push")!;
        var len = typeof(MiloVec<>).GetProperty("Len")!.GetMethod!;
        var p = Program(I32,
            Let(v, new BoundArrayLiteralExpr(L(), vecT, [Lit(1, I64), Lit(2, I64)])),
            Do(new BoundRuntimeCallExpr(L(), push, vecT, V(v), [Lit(30, I64)], VoidT)),
            Set(new BoundIndexExpr(L(), V(v), Lit(0), I64), Lit(10, I64)),
            Print(new BoundRuntimeCallExpr(L(), len, vecT, V(v), [], I64), S(" "), new BoundIndexExpr(L(), V(v), Lit(2), I64), S(" "), V(v)),
            new BoundForEach(L(), ForEachKind.Vec, ix, x, V(v), Block(Print(V(ix), S(":"), V(x)))),
            Let(arr, new BoundArrayRepeatExpr(L(), arrT, Lit(7), 3)),
            Set(new BoundIndexExpr(L(), V(arr), Lit(1), I32), Lit(8)),
            new BoundForEach(L(), ForEachKind.Array, null, y, V(arr), Block(Print(V(y)))),
            Print(new BoundIntrinsicExpr(L(), IntrinsicKind.ArrayLength, [V(arr)], I32)),
            Print(new BoundIndexExpr(L(), V(arr), Lit(3), I32)),
            Ret(Lit(0)));
        var (o, code) = Run(p);
        Assert.Equal("3 30 <unprintable>\n0:10\n1:2\n2:30\n7\n8\n7\n3\nmilo: array index out of bounds: 3/3\n", o);
        Assert.Equal(1, code);
    }

    [Fact]
    public void HashMapGetViaTryToOption()
    {
        var mapT = Factory.Map(Str, I32);
        var opt = OptionOf(I32);
        var m = Local("m", mapT);
        var k = Local("k", Str, false);
        var val = Local("val", I32, false);
        var insert = typeof(MiloMap<,>).GetMethod("Insert")!;
        var tryGet = typeof(MiloMap<,>).GetMethod("TryGet")!;
        var p = Program(I32,
            new BoundLocalDecl(L(), m, null),
            Do(new BoundRuntimeCallExpr(L(), insert, mapT, V(m), [S("a"), Lit(1)], VoidT)),
            Do(new BoundRuntimeCallExpr(L(), insert, mapT, V(m), [S("b"), Lit(2)], VoidT)),
            Print(new BoundTryToOptionExpr(L(), new BoundRuntimeCallExpr(L(), tryGet, mapT, V(m), [S("b")], Bool), opt), S(" "),
                new BoundTryToOptionExpr(L(), new BoundRuntimeCallExpr(L(), tryGet, mapT, V(m), [S("zz")], Bool), opt)),
            Let(Local("sum", I32), Lit(0)),
            new BoundForEach(L(), ForEachKind.MapEntries, k, val, V(m), Block(Print(V(k), S("="), V(val)))),
            Ret(Lit(0)));
        p.Enums.Add(opt);
        var (o, _) = Run(p);
        Assert.StartsWith("Some(2) None\n", o);
        Assert.Contains("a=1\n", o);
        Assert.Contains("b=2\n", o);
    }

    [Fact]
    public void HeapBoxDerefAndAssign()
    {
        var heapT = Factory.Heap(I32);
        var h = Local("h", heapT, false);
        var p = Program(I32,
            Let(h, new BoundHeapExpr(L(), heapT, Lit(5))),
            Set(new BoundDerefExpr(L(), V(h), I32), Bin(BinaryOp.Add, new BoundDerefExpr(L(), V(h), I32), Lit(1))),
            Print(new BoundDerefExpr(L(), V(h), I32), S(" "), V(h)),
            Ret(Lit(0)));
        var (o, _) = Run(p);
        Assert.Equal("6 <unprintable>\n", o);
    }

    [Fact]
    public void JsonStringifyStruct()
    {
        var person = new StructType("Person", null, []);
        person.Fields.Add(new FieldSymbol("name", Str, 0));
        person.Fields.Add(new FieldSymbol("age", I32, 1));
        var p = Program(I32,
            Print(new BoundIntrinsicExpr(L(), IntrinsicKind.JsonStringify,
                [new BoundStructLiteralExpr(L(), person, [(person.Fields[0], S("x")), (person.Fields[1], Lit(30))])], Str)),
            Ret(Lit(0)));
        p.Structs.Add(person);
        var (o, _) = Run(p);
        Assert.Equal("{\"name\":\"x\",\"age\":30}\n", o);
    }

    [Fact]
    public void ExitAndAssert()
    {
        var p = Program(I32, Print(S("hi")), Do(new BoundIntrinsicExpr(L(), IntrinsicKind.Exit, [Lit(3)], VoidT)), Print(S("unreachable")), Ret(Lit(0)));
        var (o, code) = Run(p);
        Assert.Equal("hi\n", o);
        Assert.Equal(3, code);
    }
}

public class EmitterCopyTests
{
    [Fact]
    public void DeepCopyOfVecOfStringsIsIndependent()
    {
        var vecT = Factory.Vec(Str);
        var a = Local("a", vecT);
        var b = Local("b", vecT);
        var s0 = Local("s0", Str);
        var push = typeof(MiloString).GetMethod("Push")!;
        var p = Program(I32,
            Let(a, new BoundArrayLiteralExpr(L(), vecT, [S("x"), S("y")])),
            Let(b, new BoundIntrinsicExpr(L(), IntrinsicKind.DeepCopy, [V(a)], vecT)),
            Let(s0, new BoundIntrinsicExpr(L(), IntrinsicKind.DeepCopy, [new BoundIndexExpr(L(), V(b), Lit(0), Str)], Str)),
            Do(new BoundRuntimeCallExpr(L(), push, null, V(s0), [Lit(33, U8)], VoidT)),
            Set(new BoundIndexExpr(L(), V(b), Lit(1), Str), S("z")),
            Print(new BoundIndexExpr(L(), V(a), Lit(0), Str), new BoundIndexExpr(L(), V(a), Lit(1), Str), S(" "),
                new BoundIndexExpr(L(), V(b), Lit(0), Str), new BoundIndexExpr(L(), V(b), Lit(1), Str), S(" "), V(s0)),
            Ret(Lit(0)));
        var (o, _) = Run(p);
        Assert.Equal("xy xz x!\n", o);
    }
}
