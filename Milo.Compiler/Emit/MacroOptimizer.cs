using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Milo.Compiler.Emit;

/// <summary>
/// Short instruction forms for a finished method body: `ldarg.0`/`ldarg.s`, `ldloc.1`/`stloc.s`, `ldc.i4.5`/`ldc.i4.s`,
/// and `br.s`-style branches wherever the target is within a signed byte. Same result as Cecil's
/// <c>MethodBodyRocks.OptimizeMacros</c>, but that recomputes every offset after each shortened branch (quadratic in
/// the body size, which dominated emitting large functions); here all branches that fit are shortened per pass —
/// shortening only moves code closer together, so a branch that fits keeps fitting — and passes repeat until nothing
/// changes (usually two).
/// </summary>
internal static class MacroOptimizer
{
    public static void Optimize(MethodBody body)
    {
        var instructions = body.Instructions;
        if (instructions.Count == 0) return;
        bool hasThis = body.Method.HasThis;
        int branches = 0;
        for (int i = 0; i < instructions.Count; i++)
        {
            var ins = instructions[i];
            switch (ins.OpCode.Code)
            {
                case Code.Ldarg:
                    Shorten(ins, ArgIndex(body, (ParameterDefinition)ins.Operand, hasThis), LdargForms, OpCodes.Ldarg_S);
                    break;
                case Code.Ldloc:
                    Shorten(ins, ((VariableDefinition)ins.Operand).Index, LdlocForms, OpCodes.Ldloc_S);
                    break;
                case Code.Stloc:
                    Shorten(ins, ((VariableDefinition)ins.Operand).Index, StlocForms, OpCodes.Stloc_S);
                    break;
                case Code.Ldarga:
                    if (ArgIndex(body, (ParameterDefinition)ins.Operand, hasThis) < 256) ins.OpCode = OpCodes.Ldarga_S;
                    break;
                case Code.Starg:
                    if (ArgIndex(body, (ParameterDefinition)ins.Operand, hasThis) < 256) ins.OpCode = OpCodes.Starg_S;
                    break;
                case Code.Ldloca:
                    if (((VariableDefinition)ins.Operand).Index < 256) ins.OpCode = OpCodes.Ldloca_S;
                    break;
                case Code.Ldc_I4:
                {
                    int v = (int)ins.Operand;
                    switch (v)
                    {
                        case -1: Set(ins, OpCodes.Ldc_I4_M1); break;
                        case 0: Set(ins, OpCodes.Ldc_I4_0); break;
                        case 1: Set(ins, OpCodes.Ldc_I4_1); break;
                        case 2: Set(ins, OpCodes.Ldc_I4_2); break;
                        case 3: Set(ins, OpCodes.Ldc_I4_3); break;
                        case 4: Set(ins, OpCodes.Ldc_I4_4); break;
                        case 5: Set(ins, OpCodes.Ldc_I4_5); break;
                        case 6: Set(ins, OpCodes.Ldc_I4_6); break;
                        case 7: Set(ins, OpCodes.Ldc_I4_7); break;
                        case 8: Set(ins, OpCodes.Ldc_I4_8); break;
                        default:
                            if (v is >= -128 and < 128) { ins.OpCode = OpCodes.Ldc_I4_S; ins.Operand = (sbyte)v; }
                            break;
                    }
                    break;
                }
                default:
                    if (ins.OpCode.OperandType == OperandType.InlineBrTarget) branches++;
                    break;
            }
        }
        if (branches > 0) ShortenBranches(instructions);
    }

    private static int ArgIndex(MethodBody body, ParameterDefinition p, bool hasThis)
    {
        int index = p.Index;
        if (index == -1 && p == body.ThisParameter) return 0;
        return hasThis ? index + 1 : index;
    }

    private static readonly OpCode[] LdargForms = [OpCodes.Ldarg_0, OpCodes.Ldarg_1, OpCodes.Ldarg_2, OpCodes.Ldarg_3];
    private static readonly OpCode[] LdlocForms = [OpCodes.Ldloc_0, OpCodes.Ldloc_1, OpCodes.Ldloc_2, OpCodes.Ldloc_3];
    private static readonly OpCode[] StlocForms = [OpCodes.Stloc_0, OpCodes.Stloc_1, OpCodes.Stloc_2, OpCodes.Stloc_3];

    /// <summary>Index 0–3: the operand-less form; below 256: the one-byte-operand form; else left as is.</summary>
    private static void Shorten(Instruction ins, int index, OpCode[] fixedForms, OpCode shortForm)
    {
        if (index < fixedForms.Length) Set(ins, fixedForms[index]);
        else if (index < 256) ins.OpCode = shortForm;
    }

    private static void Set(Instruction ins, OpCode op)
    {
        ins.OpCode = op;
        ins.Operand = null;
    }

    private static void ShortenBranches(Mono.Collections.Generic.Collection<Instruction> instructions)
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            int offset = 0;
            foreach (var ins in instructions)
            {
                ins.Offset = offset;
                offset += ins.GetSize();
            }
            foreach (var ins in instructions)
            {
                if (ins.OpCode.OperandType != OperandType.InlineBrTarget) continue;
                // Displacement measured as for the long form (as Cecil does): for a backward branch the short form's
                // is 3 bytes closer still, for a forward one it is the same.
                int displacement = ((Instruction)ins.Operand).Offset - (ins.Offset + ins.OpCode.Size + 4);
                if (displacement is < -128 or > 127) continue;
                ins.OpCode = ShortForm(ins.OpCode);
                changed = true;
            }
        }
    }

    private static OpCode ShortForm(OpCode op) => op.Code switch
    {
        Code.Br => OpCodes.Br_S,
        Code.Brfalse => OpCodes.Brfalse_S,
        Code.Brtrue => OpCodes.Brtrue_S,
        Code.Beq => OpCodes.Beq_S,
        Code.Bge => OpCodes.Bge_S,
        Code.Bgt => OpCodes.Bgt_S,
        Code.Ble => OpCodes.Ble_S,
        Code.Blt => OpCodes.Blt_S,
        Code.Bne_Un => OpCodes.Bne_Un_S,
        Code.Bge_Un => OpCodes.Bge_Un_S,
        Code.Bgt_Un => OpCodes.Bgt_Un_S,
        Code.Ble_Un => OpCodes.Ble_Un_S,
        Code.Blt_Un => OpCodes.Blt_Un_S,
        Code.Leave => OpCodes.Leave_S,
        _ => throw new InvalidOperationException($"no short form of {op}"),
    };
}
