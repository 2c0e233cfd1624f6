using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Stratus.Sbpf.Verification;

namespace Stratus.Sbpf.Interpreter;

/// <summary>
/// An executable's text decoded once for one set of version rules: an instruction array with a
/// trailing <see cref="Op.Overrun"/> sentinel (so falling off the end needs no bounds test), jump
/// targets made absolute (targets outside the text point at the sentinel), and <c>call imm</c>
/// resolved against the registries.
/// </summary>
internal sealed class DecodedProgram
{
    public required DecodedInsn[] Code { get; init; }
    public required ISyscall[] Syscalls { get; init; }
    /// <summary>Number of real slots; Code has one more (the sentinel).</summary>
    public required int SlotCount { get; init; }
    public required ulong TextVaddr { get; init; }
    public required VersionRules Rules { get; init; }
    public required FunctionRegistry Functions { get; init; }

    public static DecodedProgram Decode(Executable exe, VersionRules rules)
    {
        var text = exe.Text;
        int n = text.Length / Opcodes.SlotSize;
        // pinned (POH) so the interpreter can hold a raw pointer without a fixed block
        var code = GC.AllocateArray<DecodedInsn>(n + 1, pinned: true);
        var syscalls = new List<ISyscall>();
        var syscallIndex = new Dictionary<uint, int>();

        int SyscallSlot(uint key, ISyscall s)
        {
            if (!syscallIndex.TryGetValue(key, out int i))
            {
                i = syscalls.Count;
                syscalls.Add(s);
                syscallIndex[key] = i;
            }
            return i;
        }

        for (int pc = 0; pc < n; pc++)
        {
            var raw = RawInsn.Read(text, (ulong)pc);
            ref var d = ref code[pc];
            d.Dst = raw.Dst;
            d.Src = raw.Src;
            d.Imm = raw.Imm;
            d.Aux = raw.Offset;
            d.Op = Classify(raw, rules);
            switch (d.Op)
            {
                case Op.Lddw:
                    if (pc + 1 >= n)
                    {
                        d.Op = Op.Unsupported;
                        break;
                    }
                    uint high = BinaryPrimitives.ReadUInt32LittleEndian(text.AsSpan((pc + 1) * Opcodes.SlotSize + 4));
                    d.Imm = (long)(((ulong)high << 32) | (uint)raw.Imm);
                    break;
                case >= Op.Ja and <= Op.Jsle32Reg:
                {
                    long target = pc + 1L + raw.Offset;
                    // byte distance from this slot, so the loop can move its instruction pointer directly
                    d.Aux = ((target < 0 || target > n ? n : (int)target) - pc) * Unsafe.SizeOf<DecodedInsn>();
                    break;
                }
                case Op.Div32Imm or Op.Mod32Imm or Op.Udiv32Imm or Op.Urem32Imm or Op.Udiv64Imm or Op.Urem64Imm:
                    d.Imm = (uint)raw.Imm;
                    if (d.Imm == 0) d.Op = Op.DivideByZeroImm;
                    break;
                case Op.Div64Imm or Op.Mod64Imm or Op.Sdiv32Imm or Op.Sdiv64Imm or Op.Srem32Imm or Op.Srem64Imm:
                    if (raw.Imm == 0) d.Op = Op.DivideByZeroImm;
                    break;
                case Op.Uhmul64Imm:
                    d.Imm = (uint)raw.Imm;
                    break;
                case Op.Callx or Op.CallxStatic:
                {
                    long reg = rules.CallxUsesSrcReg ? raw.Src : rules.CallxUsesDstReg ? raw.Dst : raw.Imm;
                    if (reg is < 0 or > 15) d.Op = Op.Unsupported;
                    else d.Src = (byte)reg;
                    break;
                }
                case Op.CallLocal:
                    d.Op = ResolveCall(exe, rules, raw, pc, n, ref d, SyscallSlot);
                    break;
                case Op.CallSyscall:
                    // sbpf 0.10 V3 `syscall`
                    if (exe.Syscalls.TryGet((uint)raw.Imm, out var sc)) d.Aux = SyscallSlot((uint)raw.Imm, sc);
                    else d.Op = Op.SyscallMissing;
                    break;
            }
        }
        code[n].Op = Op.Overrun;

        return new DecodedProgram
        {
            Code = code,
            Syscalls = syscalls.ToArray(),
            SlotCount = n,
            // sbpf subtracts the text section vaddr from callx targets (0 for V3 bytecode)
            TextVaddr = exe.TextVaddr,
            Rules = rules,
            Functions = exe.Functions,
        };
    }

    /// <summary>Resolves <c>call imm</c> the way the version's interpreter does at run time.</summary>
    private static Op ResolveCall(Executable exe, VersionRules rules, RawInsn raw, int pc, int n, ref DecodedInsn d, Func<uint, ISyscall, int> syscallSlot)
    {
        uint key = (uint)raw.Imm;
        if (rules.Dialect == SbpfDialect.Simd0377 && rules.StaticSyscalls)
        {
            // src 0: external syscall by hash; src 1: pc-relative internal call.
            if (raw.Src == 0)
            {
                if (!exe.Syscalls.TryGet(key, out var s)) return Op.Unsupported;
                d.Aux = syscallSlot(key, s);
                return Op.CallSyscall;
            }
            if (raw.Src == 1)
            {
                long target = pc + 1L + raw.Imm;
                if (target < 0 || target >= n) return Op.Unsupported;
                d.Aux = (int)target;
                return Op.CallLocal;
            }
            return Op.Unsupported;
        }
        if (!rules.StaticSyscalls && exe.Syscalls.TryGet(key, out var syscall))
        {
            d.Aux = syscallSlot(key, syscall);
            return Op.CallSyscall;
        }
        uint functionKey = rules.StaticSyscalls ? RequisiteVerifier.CallTargetKey((ulong)pc, raw.Imm) : key;
        if (!exe.Functions.TryGetPc(functionKey, out ulong targetPc)) return Op.Unsupported;
        if (targetPc >= (ulong)n) return Op.CallLocalOutside;
        d.Aux = (int)targetPc;
        return Op.CallLocal;
    }

    private static Op Classify(RawInsn raw, in VersionRules r)
    {
        bool mem = r.MoveMemoryInstructionClasses;
        bool pqr = r.EnablePqr;
        bool z = r.ExplicitSignExtension;
        bool jmp32 = r.EnableJmp32;
        switch (raw.Opcode)
        {
            case Opcodes.Lddw: return r.DisableLddw ? Op.Unsupported : Op.Lddw;

            case Opcodes.Ldxb: return mem ? Op.Unsupported : Op.Ld8;
            case Opcodes.Ldxh: return mem ? Op.Unsupported : Op.Ld16;
            case Opcodes.Ldxw: return mem ? Op.Unsupported : Op.Ld32;
            case Opcodes.Ldxdw: return mem ? Op.Unsupported : Op.Ld64;
            case Opcodes.Stb: return mem ? Op.Unsupported : Op.St8Imm;
            case Opcodes.Sth: return mem ? Op.Unsupported : Op.St16Imm;
            case Opcodes.Stw: return mem ? Op.Unsupported : Op.St32Imm;
            case Opcodes.Stdw: return mem ? Op.Unsupported : Op.St64Imm;
            case Opcodes.Stxb: return mem ? Op.Unsupported : Op.St8Reg;
            case Opcodes.Stxh: return mem ? Op.Unsupported : Op.St16Reg;
            case Opcodes.Stxw: return mem ? Op.Unsupported : Op.St32Reg;
            case Opcodes.Stxdw: return mem ? Op.Unsupported : Op.St64Reg;

            case Opcodes.Add32Imm: return z ? Op.Add32ImmZ : Op.Add32ImmS;
            case Opcodes.Add32Reg: return z ? Op.Add32RegZ : Op.Add32RegS;
            case Opcodes.Sub32Imm: return r.SwapSubRegImmOperands ? Op.Sub32ImmRevZ : z ? Op.Sub32ImmZ : Op.Sub32ImmS;
            case Opcodes.Sub32Reg: return z ? Op.Sub32RegZ : Op.Sub32RegS;
            case Opcodes.Mul32Imm: return pqr ? Op.Unsupported : Op.Mul32Imm;
            case Opcodes.Mul32Reg: return !pqr ? Op.Mul32Reg : mem ? Op.Ld8 : Op.Unsupported;
            case Opcodes.Div32Imm: return pqr ? Op.Unsupported : Op.Div32Imm;
            case Opcodes.Div32Reg: return !pqr ? Op.Div32Reg : mem ? Op.Ld16 : Op.Unsupported;
            case Opcodes.Or32Imm: return Op.Or32Imm;
            case Opcodes.Or32Reg: return Op.Or32Reg;
            case Opcodes.And32Imm: return Op.And32Imm;
            case Opcodes.And32Reg: return Op.And32Reg;
            case Opcodes.Lsh32Imm: return Op.Lsh32Imm;
            case Opcodes.Lsh32Reg: return Op.Lsh32Reg;
            case Opcodes.Rsh32Imm: return Op.Rsh32Imm;
            case Opcodes.Rsh32Reg: return Op.Rsh32Reg;
            case Opcodes.Neg32: return r.DisableNeg ? Op.Unsupported : Op.Neg32;
            case Opcodes.Ld4b: return mem ? Op.Ld32 : Op.Unsupported;
            case Opcodes.Mod32Imm: return pqr ? Op.Unsupported : Op.Mod32Imm;
            case Opcodes.Mod32Reg: return !pqr ? Op.Mod32Reg : mem ? Op.Ld64 : Op.Unsupported;
            case Opcodes.Xor32Imm: return Op.Xor32Imm;
            case Opcodes.Xor32Reg: return Op.Xor32Reg;
            case Opcodes.Mov32Imm: return Op.Mov32Imm;
            case Opcodes.Mov32Reg: return z ? Op.Mov32RegS : Op.Mov32RegZ;
            case Opcodes.Arsh32Imm: return Op.Arsh32Imm;
            case Opcodes.Arsh32Reg: return Op.Arsh32Reg;
            case Opcodes.Le:
                if (r.DisableLe) return Op.Unsupported;
                return raw.Imm switch { 16 => Op.Le16, 32 => Op.Le32, 64 => Op.Le64, _ => Op.InvalidInstruction };
            case Opcodes.Be:
                return raw.Imm switch { 16 => Op.Be16, 32 => Op.Be32, 64 => Op.Be64, _ => Op.InvalidInstruction };

            case Opcodes.Add64Imm: return Op.Add64Imm;
            case Opcodes.Add64Reg: return Op.Add64Reg;
            case Opcodes.Sub64Imm: return r.SwapSubRegImmOperands ? Op.Sub64ImmRev : Op.Sub64Imm;
            case Opcodes.Sub64Reg: return Op.Sub64Reg;
            case Opcodes.Mul64Imm: return !pqr ? Op.Mul64Imm : mem ? Op.St8Imm : Op.Unsupported;
            case Opcodes.Mul64Reg: return !pqr ? Op.Mul64Reg : mem ? Op.St8Reg : Op.Unsupported;
            case Opcodes.Div64Imm: return !pqr ? Op.Div64Imm : mem ? Op.St16Imm : Op.Unsupported;
            case Opcodes.Div64Reg: return !pqr ? Op.Div64Reg : mem ? Op.St16Reg : Op.Unsupported;
            case Opcodes.Or64Imm: return Op.Or64Imm;
            case Opcodes.Or64Reg: return Op.Or64Reg;
            case Opcodes.And64Imm: return Op.And64Imm;
            case Opcodes.And64Reg: return Op.And64Reg;
            case Opcodes.Lsh64Imm: return Op.Lsh64Imm;
            case Opcodes.Lsh64Reg: return Op.Lsh64Reg;
            case Opcodes.Rsh64Imm: return Op.Rsh64Imm;
            case Opcodes.Rsh64Reg: return Op.Rsh64Reg;
            case Opcodes.Neg64: return mem ? Op.St32Imm : r.DisableNeg ? Op.Unsupported : Op.Neg64;
            case Opcodes.St4bReg: return mem ? Op.St32Reg : Op.Unsupported;
            case Opcodes.Mod64Imm: return !pqr ? Op.Mod64Imm : mem ? Op.St64Imm : Op.Unsupported;
            case Opcodes.Mod64Reg: return !pqr ? Op.Mod64Reg : mem ? Op.St64Reg : Op.Unsupported;
            case Opcodes.Xor64Imm: return Op.Xor64Imm;
            case Opcodes.Xor64Reg: return Op.Xor64Reg;
            case Opcodes.Mov64Imm: return Op.Mov64Imm;
            case Opcodes.Mov64Reg: return Op.Mov64Reg;
            case Opcodes.Arsh64Imm: return Op.Arsh64Imm;
            case Opcodes.Arsh64Reg: return Op.Arsh64Reg;
            case Opcodes.Hor64Imm: return r.DisableLddw ? Op.Hor64 : Op.Unsupported;

            case Opcodes.Lmul32Imm: return pqr ? Op.Lmul32Imm : Op.Unsupported;
            case Opcodes.Lmul32Reg: return pqr ? Op.Lmul32Reg : Op.Unsupported;
            case Opcodes.Lmul64Imm: return pqr ? Op.Lmul64Imm : Op.Unsupported;
            case Opcodes.Lmul64Reg: return pqr ? Op.Lmul64Reg : Op.Unsupported;
            case Opcodes.Uhmul64Imm: return pqr ? Op.Uhmul64Imm : jmp32 ? Op.Jge32Imm : Op.Unsupported;
            case Opcodes.Uhmul64Reg: return pqr ? Op.Uhmul64Reg : jmp32 ? Op.Jge32Reg : Op.Unsupported;
            case Opcodes.Shmul64Imm: return pqr ? Op.Shmul64Imm : jmp32 ? Op.Jle32Imm : Op.Unsupported;
            case Opcodes.Shmul64Reg: return pqr ? Op.Shmul64Reg : jmp32 ? Op.Jle32Reg : Op.Unsupported;
            case Opcodes.Udiv32Imm: return pqr ? Op.Udiv32Imm : jmp32 ? Op.Jset32Imm : Op.Unsupported;
            case Opcodes.Udiv32Reg: return pqr ? Op.Udiv32Reg : jmp32 ? Op.Jset32Reg : Op.Unsupported;
            case Opcodes.Udiv64Imm: return pqr ? Op.Udiv64Imm : jmp32 ? Op.Jne32Imm : Op.Unsupported;
            case Opcodes.Udiv64Reg: return pqr ? Op.Udiv64Reg : jmp32 ? Op.Jne32Reg : Op.Unsupported;
            case Opcodes.Urem32Imm: return pqr ? Op.Urem32Imm : jmp32 ? Op.Jsgt32Imm : Op.Unsupported;
            case Opcodes.Urem32Reg: return pqr ? Op.Urem32Reg : jmp32 ? Op.Jsgt32Reg : Op.Unsupported;
            case Opcodes.Urem64Imm: return pqr ? Op.Urem64Imm : jmp32 ? Op.Jsge32Imm : Op.Unsupported;
            case Opcodes.Urem64Reg: return pqr ? Op.Urem64Reg : jmp32 ? Op.Jsge32Reg : Op.Unsupported;
            case Opcodes.Sdiv32Imm: return pqr ? Op.Sdiv32Imm : jmp32 ? Op.Jslt32Imm : Op.Unsupported;
            case Opcodes.Sdiv32Reg: return pqr ? Op.Sdiv32Reg : jmp32 ? Op.Jslt32Reg : Op.Unsupported;
            case Opcodes.Sdiv64Imm: return pqr ? Op.Sdiv64Imm : jmp32 ? Op.Jsle32Imm : Op.Unsupported;
            case Opcodes.Sdiv64Reg: return pqr ? Op.Sdiv64Reg : jmp32 ? Op.Jsle32Reg : Op.Unsupported;
            case Opcodes.Srem32Imm: return pqr ? Op.Srem32Imm : Op.Unsupported;
            case Opcodes.Srem32Reg: return pqr ? Op.Srem32Reg : Op.Unsupported;
            case Opcodes.Srem64Imm: return pqr ? Op.Srem64Imm : Op.Unsupported;
            case Opcodes.Srem64Reg: return pqr ? Op.Srem64Reg : Op.Unsupported;
            case 0x16: return jmp32 ? Op.Jeq32Imm : Op.Unsupported;
            case 0x1E: return jmp32 ? Op.Jeq32Reg : Op.Unsupported;
            case 0x26: return jmp32 ? Op.Jgt32Imm : Op.Unsupported;
            case 0x2E: return jmp32 ? Op.Jgt32Reg : Op.Unsupported;
            case 0xA6: return jmp32 ? Op.Jlt32Imm : Op.Unsupported;
            case 0xAE: return jmp32 ? Op.Jlt32Reg : Op.Unsupported;

            case Opcodes.Ja: return Op.Ja;
            case Opcodes.JeqImm: return Op.JeqImm;
            case Opcodes.JeqReg: return Op.JeqReg;
            case Opcodes.JgtImm: return Op.JgtImm;
            case Opcodes.JgtReg: return Op.JgtReg;
            case Opcodes.JgeImm: return Op.JgeImm;
            case Opcodes.JgeReg: return Op.JgeReg;
            case Opcodes.JltImm: return Op.JltImm;
            case Opcodes.JltReg: return Op.JltReg;
            case Opcodes.JleImm: return Op.JleImm;
            case Opcodes.JleReg: return Op.JleReg;
            case Opcodes.JsetImm: return Op.JsetImm;
            case Opcodes.JsetReg: return Op.JsetReg;
            case Opcodes.JneImm: return Op.JneImm;
            case Opcodes.JneReg: return Op.JneReg;
            case Opcodes.JsgtImm: return Op.JsgtImm;
            case Opcodes.JsgtReg: return Op.JsgtReg;
            case Opcodes.JsgeImm: return Op.JsgeImm;
            case Opcodes.JsgeReg: return Op.JsgeReg;
            case Opcodes.JsltImm: return Op.JsltImm;
            case Opcodes.JsltReg: return Op.JsltReg;
            case Opcodes.JsleImm: return Op.JsleImm;
            case Opcodes.JsleReg: return Op.JsleReg;

            case Opcodes.CallImm: return Op.CallLocal; // resolved further by ResolveCall
            case Opcodes.CallReg: return r.SyscallAndReturnOpcodes ? Op.CallxStatic : Op.Callx;
            case Opcodes.Exit: return r.SyscallAndReturnOpcodes ? Op.CallSyscall : Op.Exit;
            case Opcodes.Return: return r.SyscallAndReturnOpcodes ? Op.Exit : Op.Unsupported;
        }
        return Op.Unsupported;
    }
}
