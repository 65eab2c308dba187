using Milo.Compiler.Binding;
using Milo.Compiler.Symbols;
using Milo.Runtime;
using Mono.Cecil;
using Mono.Cecil.Cil;

using PointerType = Milo.Compiler.Symbols.PointerType;

namespace Milo.Compiler.Emit;

/// <summary>Where a Milo variable lives in the CLR method.</summary>
internal abstract class Storage
{
    /// <summary>The Milo value type stored (RefType stripped).</summary>
    public required MiloType ValueType { get; init; }
}
internal sealed class LocalStorage : Storage { public required VariableDefinition Var { get; init; } }
internal sealed class ArgStorage : Storage { public required ParameterDefinition Param { get; init; } public bool ByRef { get; init; } }
/// <summary>A local holding a Milo.Runtime.Box&lt;T&gt; heap cell (variables captured by reference).</summary>
internal sealed class CellStorage : Storage { public required VariableDefinition Cell { get; init; } public required GenericInstanceType BoxType { get; init; } }
/// <summary>A field of the closure object (`this`); BoxType != null when the field holds a shared cell.</summary>
internal sealed class EnvStorage : Storage
{
    public required FieldReference Field { get; init; }
    public GenericInstanceType? BoxType { get; init; }
    /// <summary>Green-thread frames: the frame field holding the closure object that owns <see cref="Field"/>.</summary>
    public FieldReference? Via { get; init; }
}

/// <summary>Emits the IL body of one function, method or closure. Statements here; expressions in the partial files.</summary>
internal sealed partial class FunctionEmitter
{
    private readonly EmitContext _ctx;
    private readonly MethodDefinition _method;
    private readonly FunctionSymbol _fn;
    private readonly ILProcessor _il;
    private readonly bool _isClosure;
    private readonly Dictionary<VariableSymbol, Storage> _vars = new();
    private readonly Stack<(Instruction Break, Instruction Continue)> _loops = new();
    private readonly Dictionary<LabelSymbol, Instruction> _labels = new();

    public FunctionEmitter(EmitContext ctx, MethodDefinition method, FunctionSymbol fn, Dictionary<VariableSymbol, Storage>? captures = null)
    {
        _ctx = ctx;
        _method = method;
        _fn = fn;
        _isClosure = fn.Kind == FunctionKind.Closure;
        method.Body.InitLocals = true;
        _il = method.Body.GetILProcessor();
        if (captures != null) foreach (var (k, v) in captures) _vars[k] = v;
    }

    public EmitContext Ctx => _ctx;
    public ILProcessor IL => _il;
    private TypeMapper Types => _ctx.Types;
    private RuntimeApi RuntimeApi => _ctx.RuntimeApi;
    private TypeSystem TS => _ctx.TS;

    public Storage? StorageOf(VariableSymbol v) => _vars.GetValueOrDefault(v);

    // ------------------------------------------------------------------ driver

    public void EmitBody(BoundBlock body)
    {
        Milo.Compiler.Diagnostics.CompilerProgress.Emitting(body.Location);
        // Parameters: bind to CLR parameters; those captured by reference move into a heap cell.
        for (int pi = 0; pi < _fn.Parameters.Count; pi++)
        {
            var p = _fn.Parameters[pi];
            var pd = _method.Parameters[pi];
            bool byRef = pd.ParameterType is ByReferenceType;
            var valueType = p.Type is RefType r ? r.Inner : p.Type;
            var arg = new ArgStorage { Param = pd, ByRef = byRef, ValueType = valueType };
            if (p.IsCapturedByReference)
            {
                var cell = NewCell(valueType, () => LoadStorage(arg));
                _vars[p] = cell;
                if (byRef) _writeBacks.Add((arg, cell));
            }
            else _vars[p] = arg;
        }
        EmitBlock(body);
        // Falling off the end.
        var ret = _fn.ReturnType;
        if (!ret.IsVoid) EmitDefault(ret);
        EmitRet();
        HoistReadOnlyRefParams();
        EmitContext.Finish(_method);
        FlushSequencePoints();
        AddLocalNames();
    }

    /// <summary>`&amp;mut` parameters shared with closures through a cell: copied back to the caller's variable on return.</summary>
    private readonly List<(ArgStorage Arg, CellStorage Cell)> _writeBacks = new();
    private VariableDefinition? _retTemp;

    /// <summary>`ret` (the return value, if any, is on the stack), after writing captured `&amp;mut` parameters back.</summary>
    public void EmitRet()
    {
        if (_writeBacks.Count > 0)
        {
            bool hasValue = !_fn.ReturnType.IsVoid;
            if (hasValue) { _retTemp ??= NewTemp(_fn.ReturnType); _il.Emit(OpCodes.Stloc, _retTemp); }
            foreach (var (arg, cell) in _writeBacks) StoreStorage(arg, () => LoadStorage(cell));
            if (hasValue) _il.Emit(OpCodes.Ldloc, _retTemp!);
        }
        _il.Emit(OpCodes.Ret);
    }

    // ------------------------------------------------------------------ storage

    public VariableDefinition NewTemp(TypeReference t)
    {
        var v = new VariableDefinition(t);
        _method.Body.Variables.Add(v);
        return v;
    }

    public VariableDefinition NewTemp(MiloType t) => NewTemp(Types.Map(t));

    private CellStorage NewCell(MiloType valueType, Action emitInit)
    {
        var box = Types.BoxOf(valueType);
        var v = NewTemp(box);
        emitInit();
        _il.Emit(OpCodes.Newobj, Types.BoxCtor(box));
        _il.Emit(OpCodes.Stloc, v);
        return new CellStorage { Cell = v, BoxType = box, ValueType = valueType };
    }

    /// <summary>Declares (or re-initialises) a local; the value is produced by <paramref name="emitInit"/>.</summary>
    public void DeclareLocal(LocalSymbol local, Action emitInit)
    {
        var valueType = local.Type is RefType r ? r.Inner : local.Type;
        if (local.IsCapturedByReference)
        {
            // A fresh cell on every execution (each loop iteration gets its own variable).
            if (_vars.TryGetValue(local, out var s) && s is CellStorage cs)
            {
                emitInit();
                _il.Emit(OpCodes.Newobj, Types.BoxCtor(cs.BoxType));
                _il.Emit(OpCodes.Stloc, cs.Cell);
            }
            else if (s is EnvStorage { BoxType: { } box } es)
            {
                // A hoisted local of a state machine: the frame field holds the cell.
                LoadEnvObject(es);
                emitInit();
                _il.Emit(OpCodes.Newobj, Types.BoxCtor(box));
                _il.Emit(OpCodes.Stfld, es.Field);
            }
            else _vars[local] = NewCell(valueType, emitInit);
            return;
        }
        if (!_vars.TryGetValue(local, out var st))
        {
            var v = NewTemp(valueType);
            st = new LocalStorage { Var = v, ValueType = valueType };
            _vars[local] = st;
        }
        StoreStorage(st, emitInit);
    }

    private Storage Lookup(VariableSymbol v)
        => _vars.TryGetValue(v, out var s) ? s : throw new EmitException($"variable '{v.Name}' used before its declaration in {_fn.Name}");

    public void LoadStorage(Storage s)
    {
        switch (s)
        {
            case LocalStorage l: _il.Emit(OpCodes.Ldloc, l.Var); break;
            case ArgStorage a:
                _il.Emit(OpCodes.Ldarg, a.Param);
                if (a.ByRef) _il.Emit(OpCodes.Ldobj, Types.Map(a.ValueType));
                break;
            case CellStorage c:
                _il.Emit(OpCodes.Ldloc, c.Cell);
                _il.Emit(OpCodes.Ldfld, Types.BoxValue(c.BoxType));
                break;
            case EnvStorage e:
                LoadEnvObject(e);
                _il.Emit(OpCodes.Ldfld, e.Field);
                if (e.BoxType != null) _il.Emit(OpCodes.Ldfld, Types.BoxValue(e.BoxType));
                break;
        }
    }

    public void AddressOfStorage(Storage s)
    {
        switch (s)
        {
            case LocalStorage l: _il.Emit(OpCodes.Ldloca, l.Var); break;
            case ArgStorage a: _il.Emit(a.ByRef ? OpCodes.Ldarg : OpCodes.Ldarga, a.Param); break;
            case CellStorage c:
                _il.Emit(OpCodes.Ldloc, c.Cell);
                _il.Emit(OpCodes.Ldflda, Types.BoxValue(c.BoxType));
                break;
            case EnvStorage e:
                LoadEnvObject(e);
                if (e.BoxType != null)
                {
                    _il.Emit(OpCodes.Ldfld, e.Field);
                    _il.Emit(OpCodes.Ldflda, Types.BoxValue(e.BoxType));
                }
                else _il.Emit(OpCodes.Ldflda, e.Field);
                break;
        }
    }

    public void StoreStorage(Storage s, Action emitValue)
    {
        switch (s)
        {
            case LocalStorage l: emitValue(); _il.Emit(OpCodes.Stloc, l.Var); break;
            case ArgStorage { ByRef: true } a:
                _il.Emit(OpCodes.Ldarg, a.Param);
                emitValue();
                _il.Emit(OpCodes.Stobj, Types.Map(a.ValueType));
                break;
            case ArgStorage a: emitValue(); _il.Emit(OpCodes.Starg, a.Param); break;
            case CellStorage c:
                _il.Emit(OpCodes.Ldloc, c.Cell);
                emitValue();
                _il.Emit(OpCodes.Stfld, Types.BoxValue(c.BoxType));
                break;
            case EnvStorage e:
                LoadEnvObject(e);
                if (e.BoxType != null)
                {
                    _il.Emit(OpCodes.Ldfld, e.Field);
                    emitValue();
                    _il.Emit(OpCodes.Stfld, Types.BoxValue(e.BoxType));
                }
                else { emitValue(); _il.Emit(OpCodes.Stfld, e.Field); }
                break;
        }
    }

    /// <summary>Pushes the default value of a type (empty string / empty containers for the runtime reference types).</summary>
    public void EmitDefault(MiloType t)
    {
        t = t.StripRange();
        switch (t)
        {
            case PrimitiveType { Kind: PrimitiveKind.Void }: return;
            case PrimitiveType { Kind: PrimitiveKind.I64 or PrimitiveKind.U64 }: _il.Emit(OpCodes.Ldc_I8, 0L); return;
            case PrimitiveType { Kind: PrimitiveKind.F32 }: _il.Emit(OpCodes.Ldc_R4, 0f); return;
            case PrimitiveType { Kind: PrimitiveKind.F64 }: _il.Emit(OpCodes.Ldc_R8, 0d); return;
            case PrimitiveType: _il.Emit(OpCodes.Ldc_I4_0); return;
            case PointerType: _il.Emit(OpCodes.Ldc_I4_0); _il.Emit(OpCodes.Conv_I); return;
            case StringType: _il.Emit(OpCodes.Newobj, _ctx.Module.ImportReference(typeof(MiloString).GetConstructor(Type.EmptyTypes))); return;
            case VecType or MapType:
            {
                var gi = (GenericInstanceType)Types.Map(t);
                var open = t is VecType ? typeof(MiloVec<>) : typeof(MiloMap<,>);
                _il.Emit(OpCodes.Newobj, Types.CtorOn(open, gi));
                return;
            }
            case StructType or EnumType or DotNetType { IsValueType: true }:
            {
                var tmp = NewTemp(t);
                _il.Emit(OpCodes.Ldloca, tmp);
                _il.Emit(OpCodes.Initobj, Types.Map(t));
                _il.Emit(OpCodes.Ldloc, tmp);
                return;
            }
            case Symbols.ArrayType at:
                _il.Emit(OpCodes.Ldc_I4, at.Size);
                _il.Emit(OpCodes.Newarr, Types.Map(at.Element));
                return;
            default: _il.Emit(OpCodes.Ldnull); return;
        }
    }

    // ------------------------------------------------------------------ statements

    public void EmitBlock(BoundBlock block)
    {
        EmitStatementsWithElementRefs(block.Statements);
    }

    /// <summary>A statement's first instruction and its location. A class, not a tuple: generic framework code over a
    /// struct holding <see cref="Text.Location"/> is not in any ReadyToRun image, so a tuple list (and the LINQ that sorted
    /// it) cost ~45 JIT-compiled methods in every compiler process.</summary>
    private sealed class SequenceMark(Instruction first, Text.Location loc)
    {
        public readonly Instruction First = first;
        public readonly Text.Location Loc = loc;
    }

    private readonly List<SequenceMark> _sequencePoints = new();

    /// <summary>Source of the statement being emitted: runtime errors name its file (<see cref="ErrorFile"/>).</summary>
    private Text.SourceText? _currentSource;

    /// <summary>
    /// The file name runtime errors print for code of the current statement (`at FILE:LINE`): the main file as given to
    /// the compiler, an imported module relative to the main file's folder, a std module by its module path.
    /// </summary>
    private string ErrorFile => _ctx.ErrorFileName(_currentSource);

    public void EmitStmt(BoundStmt s)
    {
        Milo.Compiler.Diagnostics.CompilerProgress.Emitting(s.Location);
        if (s.Location.Source != null) _currentSource = s.Location.Source;
        if (s is BoundBlock) { EmitStmtCore(s); return; }
        var before = _il.Body.Instructions.Count;
        EmitStmtCore(s);
        if (_il.Body.Instructions.Count > before && s.Location.Source != null)
            _sequencePoints.Add(new SequenceMark(_il.Body.Instructions[before], s.Location));
    }

    private void EmitStmtCore(BoundStmt s)
    {
        switch (s)
        {
            case BoundBlock b: EmitBlock(b); break;
            case BoundLocalDecl d:
                // A local in a field (a state machine's hoisted local) pushes its object first: no initializer returns
                // early any more (Lowering/Spilling hoisted the `?`s), so it is emitted in place.
                if (d.Initializer != null) DeclareLocal(d.Local, () => EmitExpr(d.Initializer));
                else DeclareLocal(d.Local, () => EmitDefault(d.Local.Type is RefType r ? r.Inner : d.Local.Type));
                break;
            case BoundAssign a: EmitAssign(a.Target, a.Value); break;
            case BoundExprStmt e:
                EmitExpr(e.Expression);
                if (!e.Expression.Type.IsVoid) _il.Emit(OpCodes.Pop);
                break;
            case BoundIf i: EmitIf(i); break;
            case BoundWhile w: EmitWhile(w); break;
            case BoundForRange or BoundForEach: throw NotLowered(s);
            case BoundBreak:
                if (_loops.Count == 0) throw new EmitException("'break' outside of loop");
                _il.Emit(OpCodes.Br, _loops.Peek().Break);
                break;
            case BoundContinue:
                if (_loops.Count == 0) throw new EmitException("'continue' outside of loop");
                _il.Emit(OpCodes.Br, _loops.Peek().Continue);
                break;
            case BoundReturn r:
                if (r.Value != null)
                {
                    EmitExpr(r.Value);
                    if (_fn.ReturnType.IsVoid && !r.Value.Type.IsVoid) _il.Emit(OpCodes.Pop);
                }
                else if (!_fn.ReturnType.IsVoid) EmitDefault(_fn.ReturnType);
                EmitRet();
                break;
            case BoundMatch: throw NotLowered(s);
            case BoundRangeCheck rc: EmitRangeCheck(rc); break;
            case BoundDropLocal dl: EmitDrop(dl); break;
            case BoundParallel p: _ctx.Closures.EmitParallel(this, p); break;
            case BoundLabelStmt l: _il.Append(LabelFor(l.Label)); break;
            case BoundStateDispatch d:
                EmitExpr(d.Value);
                _il.Emit(OpCodes.Switch, d.Targets.Select(LabelFor).ToArray());
                break;
            default: throw new EmitException($"unsupported statement {s.GetType().Name}");
        }
    }

    /// <summary>The instruction a label names (placed where its BoundLabelStmt, or its suspension point's resume, is emitted).</summary>
    private Instruction LabelFor(LabelSymbol l)
    {
        if (!_labels.TryGetValue(l, out var ins)) _labels[l] = ins = _il.Create(OpCodes.Nop);
        return ins;
    }

    private void EmitIf(BoundIf i)
    {
        var elseL = _il.Create(OpCodes.Nop);
        var endL = _il.Create(OpCodes.Nop);
        EmitExpr(i.Condition);
        _il.Emit(OpCodes.Brfalse, elseL);
        EmitStmt(i.Then);
        if (i.Else != null) _il.Emit(OpCodes.Br, endL);
        _il.Append(elseL);
        if (i.Else != null)
        {
            EmitStmt(i.Else);
            _il.Append(endL);
        }
    }

    /// <summary>`while`; a lowered `for` loop's Step runs after the body and on `continue`.</summary>
    private void EmitWhile(BoundWhile w)
    {
        var top = _il.Create(OpCodes.Nop);
        var end = _il.Create(OpCodes.Nop);
        var cont = w.Step == null ? top : _il.Create(OpCodes.Nop);
        _il.Append(top);
        EmitExpr(w.Condition);
        _il.Emit(OpCodes.Brfalse, end);
        _loops.Push((end, cont));
        EmitBlock(w.Body);
        _loops.Pop();
        if (w.Step != null)
        {
            _il.Append(cont);
            EmitStmt(w.Step);
        }
        _il.Emit(OpCodes.Br, top);
        _il.Append(end);
    }

    private void EmitRangeCheck(BoundRangeCheck rc)
    {
        var st = Lookup(rc.Local);
        var t = st.ValueType.StripRange();
        var ok = _il.Create(OpCodes.Nop);
        var fail = _il.Create(OpCodes.Nop);
        bool unsigned = IsUnsigned(t);
        LoadStorage(st);
        if (unsigned) { _il.Emit(OpCodes.Conv_U8); _il.Emit(OpCodes.Ldc_I8, rc.Low); _il.Emit(OpCodes.Blt_Un, fail); }
        else { _il.Emit(OpCodes.Conv_I8); _il.Emit(OpCodes.Ldc_I8, rc.Low); _il.Emit(OpCodes.Blt, fail); }
        LoadStorage(st);
        if (unsigned) { _il.Emit(OpCodes.Conv_U8); _il.Emit(OpCodes.Ldc_I8, rc.High); _il.Emit(OpCodes.Ble_Un, ok); }
        else { _il.Emit(OpCodes.Conv_I8); _il.Emit(OpCodes.Ldc_I8, rc.High); _il.Emit(OpCodes.Ble, ok); }
        _il.Append(fail);
        _il.Emit(OpCodes.Ldstr, ErrorFile);
        _il.Emit(OpCodes.Ldc_I4, rc.Location.Line);
        _il.Emit(OpCodes.Call, RuntimeApi.OutOfRange);
        _il.Emit(OpCodes.Throw);
        _il.Append(ok);
    }

    private void EmitDrop(BoundDropLocal dl)
    {
        var st = Lookup(dl.Local);
        if (!_ctx.Drop.NeedsDrop(st.ValueType)) return;
        AddressOfStorage(st);
        _ctx.Drop.EmitDrop(_il, st.ValueType);
    }
}
