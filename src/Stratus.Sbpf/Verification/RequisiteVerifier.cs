using System.Buffers.Binary;

namespace Stratus.Sbpf.Verification;

/// <summary>
/// The mandatory bytecode verifier (sbpf <c>RequisiteVerifier</c>): opcode validity per version,
/// immediate and register checks, jump targets, and the sbpf 0.10 V3 function/syscall rules.
/// Errors carry the instruction index sbpf reports them at.
/// </summary>
public static class RequisiteVerifier
{
    private enum Check : byte
    {
        Unknown,
        None,
        Store,
        Lddw,
        NonZeroImm,
        Shift32,
        Shift64,
        Endian,
        StackBump,
        Jump,
        StaticCall,
        Callx,
        StaticSyscall,
    }

    /// <summary>Verifies an executable's text; null when it passes.</summary>
    public static VerifierError? Verify(Executable executable, SbpfDialect dialect = SbpfDialect.Sbpf0_10) =>
        Verify(executable.Text, VersionRules.For(executable.Version, dialect), executable.Functions, executable.Syscalls);

    /// <summary>Verifies raw text under the given rules; null when it passes.</summary>
    public static VerifierError? Verify(ReadOnlySpan<byte> prog, VersionRules rules, FunctionRegistry functions, SyscallRegistry syscalls)
    {
        if (prog.Length % Opcodes.SlotSize != 0)
            return new VerifierError(VerifierErrorKind.ProgramLengthNotMultiple);
        if (prog.IsEmpty)
            return new VerifierError(VerifierErrorKind.NoProgram);

        ulong slots = (ulong)(prog.Length / Opcodes.SlotSize);
        // sbpf 0.10 V3 bounds jumps by the function they are in; function starts are the registry keys (pcs).
        bool functionRanges = rules.SyscallAndReturnOpcodes;
        ulong[] starts = functionRanges ? SortedKeys(functions) : [];
        int nextStart = 0;
        ulong rangeStart = 0, rangeEnd = slots;

        ulong pc = 0;
        while ((pc + 1) * Opcodes.SlotSize <= (ulong)prog.Length)
        {
            var insn = RawInsn.Read(prog, pc);

            if (functionRanges && nextStart < starts.Length && starts[nextStart] == pc)
            {
                rangeStart = starts[nextStart++];
                rangeEnd = nextStart < starts.Length ? starts[nextStart] : slots;
                ulong last = rangeEnd == 0 ? 0 : rangeEnd - 1;
                if (last >= slots)
                    return new VerifierError(VerifierErrorKind.InvalidFunction, last);
                byte lastOp = prog[(int)(last * Opcodes.SlotSize)];
                if (lastOp != Opcodes.Ja && lastOp != Opcodes.Return)
                    return new VerifierError(VerifierErrorKind.InvalidFunction, last);
            }

            bool store = false;
            var check = Classify(insn.Opcode, insn.Dst, rules);
            switch (check)
            {
                case Check.Unknown:
                    return new VerifierError(VerifierErrorKind.UnknownOpCode, pc, Opcode: insn.Opcode);
                case Check.None:
                    break;
                case Check.Store:
                    store = true;
                    break;
                case Check.Lddw:
                    if ((pc + 1) * Opcodes.SlotSize >= (ulong)prog.Length)
                        return new VerifierError(VerifierErrorKind.LDDWCannotBeLast);
                    if (prog[(int)((pc + 1) * Opcodes.SlotSize)] != 0)
                        return new VerifierError(VerifierErrorKind.IncompleteLDDW, pc);
                    break;
                case Check.NonZeroImm:
                    if (insn.Imm == 0)
                        return new VerifierError(VerifierErrorKind.DivisionByZero, pc);
                    break;
                case Check.Shift32:
                    if (insn.Imm < 0 || insn.Imm >= 32)
                        return new VerifierError(VerifierErrorKind.ShiftWithOverflow, pc, ShiftAmount: unchecked((ulong)insn.Imm), ShiftBits: 32);
                    break;
                case Check.Shift64:
                    if (insn.Imm < 0 || insn.Imm >= 64)
                        return new VerifierError(VerifierErrorKind.ShiftWithOverflow, pc, ShiftAmount: unchecked((ulong)insn.Imm), ShiftBits: 64);
                    break;
                case Check.Endian:
                    if (insn.Imm is not (16 or 32 or 64))
                        return new VerifierError(VerifierErrorKind.UnsupportedLEBEArgument, pc);
                    break;
                case Check.StackBump:
                    if ((insn.Imm & 63) != 0)
                        return new VerifierError(VerifierErrorKind.UnalignedImmediate, pc);
                    break;
                case Check.Jump:
                {
                    long target = (long)pc + 1 + insn.Offset;
                    if (target < 0 || (ulong)target < rangeStart || (ulong)target >= rangeEnd)
                        return new VerifierError(VerifierErrorKind.JumpOutOfCode, pc, unchecked((ulong)target));
                    if (prog[(int)((ulong)target * Opcodes.SlotSize)] == 0)
                        return new VerifierError(VerifierErrorKind.JumpToMiddleOfLDDW, pc, (ulong)target);
                    break;
                }
                case Check.StaticCall:
                {
                    uint key = CallTargetKey(pc, insn.Imm);
                    if (!functions.ContainsKey(key))
                        return new VerifierError(VerifierErrorKind.InvalidFunction, key);
                    break;
                }
                case Check.Callx:
                {
                    long reg = rules.CallxUsesSrcReg ? insn.Src : rules.CallxUsesDstReg ? insn.Dst : insn.Imm;
                    if (reg < 0 || reg >= 10)
                        return new VerifierError(VerifierErrorKind.InvalidRegister, pc);
                    break;
                }
                case Check.StaticSyscall:
                    if (!syscalls.Contains(unchecked((uint)insn.Imm)))
                        return new VerifierError(VerifierErrorKind.InvalidSyscall, SyscallHash: unchecked((uint)insn.Imm));
                    break;
            }

            // sbpf has already stepped over an lddw's second slot when it checks registers,
            // so register errors on an lddw are reported one slot later.
            if (check == Check.Lddw)
                pc++;
            if (insn.Src > 10)
                return new VerifierError(VerifierErrorKind.InvalidSourceRegister, pc);
            if (insn.Dst == 10 && !store && !(rules.ManualStackFrames && insn.Opcode == Opcodes.Add64Imm))
                return new VerifierError(VerifierErrorKind.CannotWriteR10, pc);
            if (insn.Dst > 10)
                return new VerifierError(VerifierErrorKind.InvalidDestinationRegister, pc);
            pc++;
        }

        if (pc != slots)
            return new VerifierError(VerifierErrorKind.JumpOutOfCode, pc, pc);
        return null;
    }

    /// <summary>sbpf 0.10 V3 <c>call imm</c> key: pc + imm + 1 with saturating i64 arithmetic, truncated to u32.</summary>
    internal static uint CallTargetKey(ulong pc, long imm)
    {
        long a = SaturatingAdd((long)pc, imm);
        return unchecked((uint)SaturatingAdd(a, 1));
    }

    private static long SaturatingAdd(long a, long b)
    {
        long r = unchecked(a + b);
        if (((a ^ r) & (b ^ r)) < 0) return a < 0 ? long.MinValue : long.MaxValue;
        return r;
    }

    private static ulong[] SortedKeys(FunctionRegistry functions)
    {
        var keys = new ulong[functions.Count];
        int i = 0;
        foreach (var e in functions.Entries) keys[i++] = e.Key;
        Array.Sort(keys);
        return keys;
    }

    private static Check Classify(byte opcode, byte dst, in VersionRules r)
    {
        bool legacyMem = !r.MoveMemoryInstructionClasses;
        bool mem = r.MoveMemoryInstructionClasses;
        bool pqr = r.EnablePqr;
        switch (opcode)
        {
            case Opcodes.Lddw: return !r.DisableLddw ? Check.Lddw : Check.Unknown;

            case Opcodes.Ldxb or Opcodes.Ldxh or Opcodes.Ldxw or Opcodes.Ldxdw:
                return legacyMem ? Check.None : Check.Unknown;
            case Opcodes.Stb or Opcodes.Sth or Opcodes.Stw or Opcodes.Stdw:
            case Opcodes.Stxb or Opcodes.Stxh or Opcodes.Stxw or Opcodes.Stxdw:
                return legacyMem ? Check.Store : Check.Unknown;

            case Opcodes.Add32Imm or Opcodes.Add32Reg or Opcodes.Sub32Imm or Opcodes.Sub32Reg:
            case Opcodes.Or32Imm or Opcodes.Or32Reg or Opcodes.And32Imm or Opcodes.And32Reg:
            case Opcodes.Lsh32Reg or Opcodes.Rsh32Reg or Opcodes.Xor32Imm or Opcodes.Xor32Reg:
            case Opcodes.Mov32Imm or Opcodes.Mov32Reg or Opcodes.Arsh32Reg:
                return Check.None;
            case Opcodes.Mul32Imm: return !pqr ? Check.None : Check.Unknown;
            case Opcodes.Mul32Reg: return !pqr || mem ? Check.None : Check.Unknown; // 0x2C: mul32 / ld1b
            case Opcodes.Div32Imm: return !pqr ? Check.NonZeroImm : Check.Unknown;
            case Opcodes.Div32Reg: return !pqr || mem ? Check.None : Check.Unknown; // 0x3C: div32 / ld2b
            case Opcodes.Lsh32Imm or Opcodes.Rsh32Imm or Opcodes.Arsh32Imm: return Check.Shift32;
            case Opcodes.Neg32: return !r.DisableNeg ? Check.None : Check.Unknown;
            case Opcodes.Ld4b: return mem ? Check.None : Check.Unknown;
            case Opcodes.Mod32Imm: return !pqr ? Check.NonZeroImm : Check.Unknown;
            case Opcodes.Mod32Reg: return !pqr || mem ? Check.None : Check.Unknown; // 0x9C: mod32 / ld8b
            case Opcodes.Le: return !r.DisableLe ? Check.Endian : Check.Unknown;
            case Opcodes.Be: return Check.Endian;

            case Opcodes.Add64Imm: return dst == 10 && r.ManualStackFrames ? Check.StackBump : Check.None;
            case Opcodes.Add64Reg or Opcodes.Sub64Imm or Opcodes.Sub64Reg:
            case Opcodes.Or64Imm or Opcodes.Or64Reg or Opcodes.And64Imm or Opcodes.And64Reg:
            case Opcodes.Lsh64Reg or Opcodes.Rsh64Reg or Opcodes.Xor64Imm or Opcodes.Xor64Reg:
            case Opcodes.Mov64Imm or Opcodes.Mov64Reg or Opcodes.Arsh64Reg:
                return Check.None;
            case Opcodes.Mul64Imm: return !pqr ? Check.None : mem ? Check.Store : Check.Unknown; // 0x27: mul64 / st1b imm
            case Opcodes.Mul64Reg: return !pqr ? Check.None : mem ? Check.Store : Check.Unknown; // 0x2F
            case Opcodes.Div64Imm: return !pqr ? Check.NonZeroImm : mem ? Check.Store : Check.Unknown; // 0x37
            case Opcodes.Div64Reg: return !pqr ? Check.None : mem ? Check.Store : Check.Unknown; // 0x3F
            case Opcodes.Lsh64Imm or Opcodes.Rsh64Imm or Opcodes.Arsh64Imm: return Check.Shift64;
            case Opcodes.Neg64: return mem ? Check.Store : !r.DisableNeg ? Check.None : Check.Unknown; // 0x87: st4b imm / neg64
            case Opcodes.St4bReg: return mem ? Check.Store : Check.Unknown;
            case Opcodes.Mod64Imm: return !pqr ? Check.NonZeroImm : mem ? Check.Store : Check.Unknown; // 0x97
            case Opcodes.Mod64Reg: return !pqr ? Check.None : mem ? Check.Store : Check.Unknown; // 0x9F
            case Opcodes.Hor64Imm: return r.DisableLddw ? Check.None : Check.Unknown;

            // 0x?6 / 0x?E: PQR (0.10 V2/V3) or JMP32 (SIMD-0377 V3)
            case Opcodes.Lmul32Imm or Opcodes.Lmul32Reg or Opcodes.Lmul64Imm or Opcodes.Lmul64Reg:
                return pqr ? Check.None : Check.Unknown;
            case Opcodes.Uhmul64Imm or Opcodes.Uhmul64Reg or Opcodes.Shmul64Imm or Opcodes.Shmul64Reg:
            case Opcodes.Udiv32Reg or Opcodes.Udiv64Reg or Opcodes.Urem32Reg or Opcodes.Urem64Reg:
            case Opcodes.Sdiv32Reg or Opcodes.Sdiv64Reg:
                return pqr ? Check.None : r.EnableJmp32 ? Check.Jump : Check.Unknown;
            case Opcodes.Udiv32Imm or Opcodes.Udiv64Imm or Opcodes.Urem32Imm or Opcodes.Urem64Imm:
            case Opcodes.Sdiv32Imm or Opcodes.Sdiv64Imm:
                return pqr ? Check.NonZeroImm : r.EnableJmp32 ? Check.Jump : Check.Unknown;
            case Opcodes.Srem32Imm or Opcodes.Srem64Imm:
                return pqr ? Check.NonZeroImm : Check.Unknown;
            case Opcodes.Srem32Reg or Opcodes.Srem64Reg:
                return pqr ? Check.None : Check.Unknown;
            case 0x16 or 0x1E or 0x26 or 0x2E or 0xA6 or 0xAE:
                return r.EnableJmp32 ? Check.Jump : Check.Unknown;

            case Opcodes.Ja:
            case Opcodes.JeqImm or Opcodes.JeqReg or Opcodes.JgtImm or Opcodes.JgtReg or Opcodes.JgeImm or Opcodes.JgeReg:
            case Opcodes.JltImm or Opcodes.JltReg or Opcodes.JleImm or Opcodes.JleReg:
            case Opcodes.JsetImm or Opcodes.JsetReg or Opcodes.JneImm or Opcodes.JneReg:
            case Opcodes.JsgtImm or Opcodes.JsgtReg or Opcodes.JsgeImm or Opcodes.JsgeReg:
            case Opcodes.JsltImm or Opcodes.JsltReg or Opcodes.JsleImm or Opcodes.JsleReg:
                return Check.Jump;

            case Opcodes.CallImm: return r.SyscallAndReturnOpcodes ? Check.StaticCall : Check.None;
            case Opcodes.CallReg: return Check.Callx;
            case Opcodes.Exit: return r.SyscallAndReturnOpcodes ? Check.StaticSyscall : Check.None;
            case Opcodes.Return: return r.SyscallAndReturnOpcodes ? Check.None : Check.Unknown;
        }
        return Check.Unknown;
    }
}

/// <summary>One undecoded instruction slot.</summary>
internal readonly struct RawInsn
{
    public readonly byte Opcode;
    public readonly byte Dst;
    public readonly byte Src;
    public readonly short Offset;
    /// <summary>The 32-bit immediate sign-extended to 64 bits.</summary>
    public readonly long Imm;

    private RawInsn(byte opcode, byte regs, short offset, int imm)
    {
        Opcode = opcode;
        Dst = (byte)(regs & 0x0F);
        Src = (byte)(regs >> 4);
        Offset = offset;
        Imm = imm;
    }

    public static RawInsn Read(ReadOnlySpan<byte> prog, ulong pc)
    {
        var s = prog.Slice((int)(pc * Opcodes.SlotSize), Opcodes.SlotSize);
        return new RawInsn(s[0], s[1], BinaryPrimitives.ReadInt16LittleEndian(s.Slice(2)), BinaryPrimitives.ReadInt32LittleEndian(s.Slice(4)));
    }
}
