using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Stratus.Sbpf.Memory;

namespace Stratus.Sbpf.Interpreter;

/// <summary>
/// The interpreter loop. Semantics follow sbpf 0.10.1's <c>Interpreter::step</c>; the structure is
/// built for speed: one switch over version-resolved operations, registers in a stack buffer,
/// inline region lookup for loads and stores, and a per-instruction budget counter that is settled
/// into the <see cref="ComputeMeter"/> only at syscalls and at the end (sbpf's
/// <c>due_insn_count</c> / <c>previous_instruction_meter</c> scheme, with identical results).
/// </summary>
[SkipLocalsInit]
internal static unsafe class Engine
{
    /// <summary>
    /// Runs from <paramref name="pc"/> with registers <paramref name="r"/> (16 entries) until the root
    /// exit or an error. On return <paramref name="pc"/> is the pc of the last instruction executed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static VmError? Run<TMeter>(Vm vm, ulong* r, ref ulong pcRef, out ulong returnValue)
        where TMeter : struct, IMeterMode
    {
        DecodedProgram prog = vm.Program;
        VmContext ctx = vm.Context;
        MemoryMapping mem = ctx.Memory;
        ComputeMeter meter = ctx.Meter;
        RegionDescriptor* mt = mem.Table;
        int n = prog.SlotCount;
        int maxDepth = vm.Config.MaxCallDepth;
        ulong frameBump = vm.FrameBump;
        ulong textVaddr = prog.TextVaddr;
        ISyscall[] syscalls = prog.Syscalls;

        int pc = pcRef > (ulong)n ? n : (int)pcRef;
        int depth = 0;
        long budget = 0, synced = 0;
        if (TMeter.Enabled)
            budget = synced = meter.Remaining > long.MaxValue ? long.MaxValue : (long)meter.Remaining;

        VmErrorKind kind;
        VmError? error = null;
        returnValue = 0;

        fixed (DecodedInsn* code = prog.Code)
        fixed (CallFrame* frames = vm.Frames)
        {
            while (true)
            {
                if (TMeter.Enabled)
                {
                    if (budget <= 0) { kind = VmErrorKind.ExceededMaxInstructions; goto Fail; }
                    budget--;
                }
                DecodedInsn* ip = code + pc;
                switch (ip->Op)
                {
                    case Op.Lddw:
                        r[ip->Dst] = (ulong)ip->Imm;
                        pc += 2;
                        continue;
                    case Op.Ld8:
                    {
                        ulong a = r[ip->Src] + (ulong)(long)ip->Aux;
                        byte* h = RegionDescriptor.Translate(mt, a, 1, false);
                        if (h == null && (h = mem.TranslateSlow(a, 1, AccessType.Load, out error)) == null) goto Failed;
                        r[ip->Dst] = Unsafe.ReadUnaligned<byte>(h);
                    }
                        pc++;
                        continue;
                    case Op.Ld16:
                    {
                        ulong a = r[ip->Src] + (ulong)(long)ip->Aux;
                        byte* h = RegionDescriptor.Translate(mt, a, 2, false);
                        if (h == null && (h = mem.TranslateSlow(a, 2, AccessType.Load, out error)) == null) goto Failed;
                        r[ip->Dst] = Unsafe.ReadUnaligned<ushort>(h);
                    }
                        pc++;
                        continue;
                    case Op.Ld32:
                    {
                        ulong a = r[ip->Src] + (ulong)(long)ip->Aux;
                        byte* h = RegionDescriptor.Translate(mt, a, 4, false);
                        if (h == null && (h = mem.TranslateSlow(a, 4, AccessType.Load, out error)) == null) goto Failed;
                        r[ip->Dst] = Unsafe.ReadUnaligned<uint>(h);
                    }
                        pc++;
                        continue;
                    case Op.Ld64:
                    {
                        ulong a = r[ip->Src] + (ulong)(long)ip->Aux;
                        byte* h = RegionDescriptor.Translate(mt, a, 8, false);
                        if (h == null && (h = mem.TranslateSlow(a, 8, AccessType.Load, out error)) == null) goto Failed;
                        r[ip->Dst] = Unsafe.ReadUnaligned<ulong>(h);
                    }
                        pc++;
                        continue;
                    case Op.St8Imm:
                    {
                        ulong a = r[ip->Dst] + (ulong)(long)ip->Aux;
                        byte* h = RegionDescriptor.Translate(mt, a, 1, true);
                        if (h == null && (h = mem.TranslateSlow(a, 1, AccessType.Store, out error)) == null) goto Failed;
                        Unsafe.WriteUnaligned(h, unchecked((byte)ip->Imm));
                    }
                        pc++;
                        continue;
                    case Op.St16Imm:
                    {
                        ulong a = r[ip->Dst] + (ulong)(long)ip->Aux;
                        byte* h = RegionDescriptor.Translate(mt, a, 2, true);
                        if (h == null && (h = mem.TranslateSlow(a, 2, AccessType.Store, out error)) == null) goto Failed;
                        Unsafe.WriteUnaligned(h, unchecked((ushort)ip->Imm));
                    }
                        pc++;
                        continue;
                    case Op.St32Imm:
                    {
                        ulong a = r[ip->Dst] + (ulong)(long)ip->Aux;
                        byte* h = RegionDescriptor.Translate(mt, a, 4, true);
                        if (h == null && (h = mem.TranslateSlow(a, 4, AccessType.Store, out error)) == null) goto Failed;
                        Unsafe.WriteUnaligned(h, unchecked((uint)ip->Imm));
                    }
                        pc++;
                        continue;
                    case Op.St64Imm:
                    {
                        ulong a = r[ip->Dst] + (ulong)(long)ip->Aux;
                        byte* h = RegionDescriptor.Translate(mt, a, 8, true);
                        if (h == null && (h = mem.TranslateSlow(a, 8, AccessType.Store, out error)) == null) goto Failed;
                        Unsafe.WriteUnaligned(h, unchecked((ulong)ip->Imm));
                    }
                        pc++;
                        continue;
                    case Op.St8Reg:
                    {
                        ulong a = r[ip->Dst] + (ulong)(long)ip->Aux;
                        byte* h = RegionDescriptor.Translate(mt, a, 1, true);
                        if (h == null && (h = mem.TranslateSlow(a, 1, AccessType.Store, out error)) == null) goto Failed;
                        Unsafe.WriteUnaligned(h, unchecked((byte)r[ip->Src]));
                    }
                        pc++;
                        continue;
                    case Op.St16Reg:
                    {
                        ulong a = r[ip->Dst] + (ulong)(long)ip->Aux;
                        byte* h = RegionDescriptor.Translate(mt, a, 2, true);
                        if (h == null && (h = mem.TranslateSlow(a, 2, AccessType.Store, out error)) == null) goto Failed;
                        Unsafe.WriteUnaligned(h, unchecked((ushort)r[ip->Src]));
                    }
                        pc++;
                        continue;
                    case Op.St32Reg:
                    {
                        ulong a = r[ip->Dst] + (ulong)(long)ip->Aux;
                        byte* h = RegionDescriptor.Translate(mt, a, 4, true);
                        if (h == null && (h = mem.TranslateSlow(a, 4, AccessType.Store, out error)) == null) goto Failed;
                        Unsafe.WriteUnaligned(h, unchecked((uint)r[ip->Src]));
                    }
                        pc++;
                        continue;
                    case Op.St64Reg:
                    {
                        ulong a = r[ip->Dst] + (ulong)(long)ip->Aux;
                        byte* h = RegionDescriptor.Translate(mt, a, 8, true);
                        if (h == null && (h = mem.TranslateSlow(a, 8, AccessType.Store, out error)) == null) goto Failed;
                        Unsafe.WriteUnaligned(h, unchecked((ulong)r[ip->Src]));
                    }
                        pc++;
                        continue;
                    case Op.Add32ImmS:
                        r[ip->Dst] = (ulong)(long)((int)r[ip->Dst] + (int)ip->Imm);
                        pc++;
                        continue;
                    case Op.Add32RegS:
                        r[ip->Dst] = (ulong)(long)((int)r[ip->Dst] + (int)r[ip->Src]);
                        pc++;
                        continue;
                    case Op.Add32ImmZ:
                        r[ip->Dst] = (uint)((int)r[ip->Dst] + (int)ip->Imm);
                        pc++;
                        continue;
                    case Op.Add32RegZ:
                        r[ip->Dst] = (uint)((int)r[ip->Dst] + (int)r[ip->Src]);
                        pc++;
                        continue;
                    case Op.Sub32ImmS:
                        r[ip->Dst] = (ulong)(long)((int)r[ip->Dst] - (int)ip->Imm);
                        pc++;
                        continue;
                    case Op.Sub32RegS:
                        r[ip->Dst] = (ulong)(long)((int)r[ip->Dst] - (int)r[ip->Src]);
                        pc++;
                        continue;
                    case Op.Sub32ImmZ:
                        r[ip->Dst] = (uint)((int)r[ip->Dst] - (int)ip->Imm);
                        pc++;
                        continue;
                    case Op.Sub32RegZ:
                        r[ip->Dst] = (uint)((int)r[ip->Dst] - (int)r[ip->Src]);
                        pc++;
                        continue;
                    case Op.Sub32ImmRevZ:
                        r[ip->Dst] = (uint)((int)ip->Imm - (int)r[ip->Dst]);
                        pc++;
                        continue;
                    case Op.Mul32Imm:
                        r[ip->Dst] = (ulong)(long)((int)r[ip->Dst] * (int)ip->Imm);
                        pc++;
                        continue;
                    case Op.Mul32Reg:
                        r[ip->Dst] = (ulong)(long)((int)r[ip->Dst] * (int)r[ip->Src]);
                        pc++;
                        continue;
                    case Op.Div32Imm:
                        r[ip->Dst] = (uint)r[ip->Dst] / (uint)ip->Imm;
                        pc++;
                        continue;
                    case Op.Mod32Imm:
                        r[ip->Dst] = (uint)r[ip->Dst] % (uint)ip->Imm;
                        pc++;
                        continue;
                    case Op.Or32Imm:
                        r[ip->Dst] = (uint)r[ip->Dst] | (uint)ip->Imm;
                        pc++;
                        continue;
                    case Op.Or32Reg:
                        r[ip->Dst] = (uint)r[ip->Dst] | (uint)r[ip->Src];
                        pc++;
                        continue;
                    case Op.And32Imm:
                        r[ip->Dst] = (uint)r[ip->Dst] & (uint)ip->Imm;
                        pc++;
                        continue;
                    case Op.And32Reg:
                        r[ip->Dst] = (uint)r[ip->Dst] & (uint)r[ip->Src];
                        pc++;
                        continue;
                    case Op.Xor32Imm:
                        r[ip->Dst] = (uint)r[ip->Dst] ^ (uint)ip->Imm;
                        pc++;
                        continue;
                    case Op.Xor32Reg:
                        r[ip->Dst] = (uint)r[ip->Dst] ^ (uint)r[ip->Src];
                        pc++;
                        continue;
                    case Op.Lsh32Imm:
                        r[ip->Dst] = (uint)r[ip->Dst] << (int)ip->Imm;
                        pc++;
                        continue;
                    case Op.Lsh32Reg:
                        r[ip->Dst] = (uint)r[ip->Dst] << (int)r[ip->Src];
                        pc++;
                        continue;
                    case Op.Rsh32Imm:
                        r[ip->Dst] = (uint)r[ip->Dst] >> (int)ip->Imm;
                        pc++;
                        continue;
                    case Op.Rsh32Reg:
                        r[ip->Dst] = (uint)r[ip->Dst] >> (int)r[ip->Src];
                        pc++;
                        continue;
                    case Op.Arsh32Imm:
                        r[ip->Dst] = (uint)((int)r[ip->Dst] >> (int)ip->Imm);
                        pc++;
                        continue;
                    case Op.Arsh32Reg:
                        r[ip->Dst] = (uint)((int)r[ip->Dst] >> (int)r[ip->Src]);
                        pc++;
                        continue;
                    case Op.Neg32:
                        r[ip->Dst] = (uint)(-(int)r[ip->Dst]);
                        pc++;
                        continue;
                    case Op.Mov32Imm:
                        r[ip->Dst] = (uint)ip->Imm;
                        pc++;
                        continue;
                    case Op.Mov32RegZ:
                        r[ip->Dst] = (uint)r[ip->Src];
                        pc++;
                        continue;
                    case Op.Mov32RegS:
                        r[ip->Dst] = (ulong)(long)(int)r[ip->Src];
                        pc++;
                        continue;
                    case Op.Le16:
                        r[ip->Dst] = (ushort)r[ip->Dst];
                        pc++;
                        continue;
                    case Op.Le32:
                        r[ip->Dst] = (uint)r[ip->Dst];
                        pc++;
                        continue;
                    case Op.Le64:
                        // little-endian host: nothing to do
                        pc++;
                        continue;
                    case Op.Be16:
                        r[ip->Dst] = BinaryPrimitives.ReverseEndianness((ushort)r[ip->Dst]);
                        pc++;
                        continue;
                    case Op.Be32:
                        r[ip->Dst] = BinaryPrimitives.ReverseEndianness((uint)r[ip->Dst]);
                        pc++;
                        continue;
                    case Op.Be64:
                        r[ip->Dst] = BinaryPrimitives.ReverseEndianness(r[ip->Dst]);
                        pc++;
                        continue;
                    case Op.Add64Imm:
                        r[ip->Dst] += (ulong)ip->Imm;
                        pc++;
                        continue;
                    case Op.Add64Reg:
                        r[ip->Dst] += r[ip->Src];
                        pc++;
                        continue;
                    case Op.Sub64Imm:
                        r[ip->Dst] -= (ulong)ip->Imm;
                        pc++;
                        continue;
                    case Op.Sub64Reg:
                        r[ip->Dst] -= r[ip->Src];
                        pc++;
                        continue;
                    case Op.Sub64ImmRev:
                        r[ip->Dst] = (ulong)ip->Imm - r[ip->Dst];
                        pc++;
                        continue;
                    case Op.Mul64Imm:
                        r[ip->Dst] *= (ulong)ip->Imm;
                        pc++;
                        continue;
                    case Op.Mul64Reg:
                        r[ip->Dst] *= r[ip->Src];
                        pc++;
                        continue;
                    case Op.Div64Imm:
                        r[ip->Dst] /= (ulong)ip->Imm;
                        pc++;
                        continue;
                    case Op.Mod64Imm:
                        r[ip->Dst] %= (ulong)ip->Imm;
                        pc++;
                        continue;
                    case Op.Or64Imm:
                        r[ip->Dst] |= (ulong)ip->Imm;
                        pc++;
                        continue;
                    case Op.Or64Reg:
                        r[ip->Dst] |= r[ip->Src];
                        pc++;
                        continue;
                    case Op.And64Imm:
                        r[ip->Dst] &= (ulong)ip->Imm;
                        pc++;
                        continue;
                    case Op.And64Reg:
                        r[ip->Dst] &= r[ip->Src];
                        pc++;
                        continue;
                    case Op.Xor64Imm:
                        r[ip->Dst] ^= (ulong)ip->Imm;
                        pc++;
                        continue;
                    case Op.Xor64Reg:
                        r[ip->Dst] ^= r[ip->Src];
                        pc++;
                        continue;
                    case Op.Lsh64Imm:
                        r[ip->Dst] <<= (int)ip->Imm;
                        pc++;
                        continue;
                    case Op.Lsh64Reg:
                        r[ip->Dst] <<= (int)r[ip->Src];
                        pc++;
                        continue;
                    case Op.Rsh64Imm:
                        r[ip->Dst] >>= (int)ip->Imm;
                        pc++;
                        continue;
                    case Op.Rsh64Reg:
                        r[ip->Dst] >>= (int)r[ip->Src];
                        pc++;
                        continue;
                    case Op.Arsh64Imm:
                        r[ip->Dst] = (ulong)((long)r[ip->Dst] >> (int)ip->Imm);
                        pc++;
                        continue;
                    case Op.Arsh64Reg:
                        r[ip->Dst] = (ulong)((long)r[ip->Dst] >> (int)r[ip->Src]);
                        pc++;
                        continue;
                    case Op.Neg64:
                        r[ip->Dst] = (ulong)(-(long)r[ip->Dst]);
                        pc++;
                        continue;
                    case Op.Mov64Imm:
                        r[ip->Dst] = (ulong)ip->Imm;
                        pc++;
                        continue;
                    case Op.Mov64Reg:
                        r[ip->Dst] = r[ip->Src];
                        pc++;
                        continue;
                    case Op.Hor64:
                        r[ip->Dst] |= (ulong)(uint)ip->Imm << 32;
                        pc++;
                        continue;
                    case Op.Lmul32Imm:
                        r[ip->Dst] = (uint)r[ip->Dst] * (uint)ip->Imm;
                        pc++;
                        continue;
                    case Op.Lmul32Reg:
                        r[ip->Dst] = (uint)r[ip->Dst] * (uint)r[ip->Src];
                        pc++;
                        continue;
                    case Op.Lmul64Imm:
                        r[ip->Dst] *= (ulong)ip->Imm;
                        pc++;
                        continue;
                    case Op.Lmul64Reg:
                        r[ip->Dst] *= r[ip->Src];
                        pc++;
                        continue;
                    case Op.Uhmul64Imm:
                        r[ip->Dst] = Math.BigMul(r[ip->Dst], (ulong)ip->Imm, out _);
                        pc++;
                        continue;
                    case Op.Uhmul64Reg:
                        r[ip->Dst] = Math.BigMul(r[ip->Dst], r[ip->Src], out _);
                        pc++;
                        continue;
                    case Op.Shmul64Imm:
                        r[ip->Dst] = (ulong)Math.BigMul((long)r[ip->Dst], ip->Imm, out _);
                        pc++;
                        continue;
                    case Op.Shmul64Reg:
                        r[ip->Dst] = (ulong)Math.BigMul((long)r[ip->Dst], (long)r[ip->Src], out _);
                        pc++;
                        continue;
                    case Op.Udiv32Imm:
                        r[ip->Dst] = (uint)r[ip->Dst] / (uint)ip->Imm;
                        pc++;
                        continue;
                    case Op.Udiv64Imm:
                        r[ip->Dst] /= (ulong)ip->Imm;
                        pc++;
                        continue;
                    case Op.Urem32Imm:
                        r[ip->Dst] = (uint)r[ip->Dst] % (uint)ip->Imm;
                        pc++;
                        continue;
                    case Op.Urem64Imm:
                        r[ip->Dst] %= (ulong)ip->Imm;
                        pc++;
                        continue;
                    case Op.Div32Reg:
                    {
                        uint s = (uint)r[ip->Src];
                        if (s == 0) { kind = VmErrorKind.DivideByZero; goto Fail; }
                        r[ip->Dst] = (uint)r[ip->Dst] / s;
                    }
                        pc++;
                        continue;
                    case Op.Mod32Reg:
                    {
                        uint s = (uint)r[ip->Src];
                        if (s == 0) { kind = VmErrorKind.DivideByZero; goto Fail; }
                        r[ip->Dst] = (uint)r[ip->Dst] % s;
                    }
                        pc++;
                        continue;
                    case Op.Div64Reg:
                    {
                        ulong s = r[ip->Src];
                        if (s == 0) { kind = VmErrorKind.DivideByZero; goto Fail; }
                        r[ip->Dst] /= s;
                    }
                        pc++;
                        continue;
                    case Op.Mod64Reg:
                    {
                        ulong s = r[ip->Src];
                        if (s == 0) { kind = VmErrorKind.DivideByZero; goto Fail; }
                        r[ip->Dst] %= s;
                    }
                        pc++;
                        continue;
                    case Op.Udiv32Reg:
                    {
                        uint s = (uint)r[ip->Src];
                        if (s == 0) { kind = VmErrorKind.DivideByZero; goto Fail; }
                        r[ip->Dst] = (uint)r[ip->Dst] / s;
                    }
                        pc++;
                        continue;
                    case Op.Urem32Reg:
                    {
                        uint s = (uint)r[ip->Src];
                        if (s == 0) { kind = VmErrorKind.DivideByZero; goto Fail; }
                        r[ip->Dst] = (uint)r[ip->Dst] % s;
                    }
                        pc++;
                        continue;
                    case Op.Udiv64Reg:
                    {
                        ulong s = r[ip->Src];
                        if (s == 0) { kind = VmErrorKind.DivideByZero; goto Fail; }
                        r[ip->Dst] /= s;
                    }
                        pc++;
                        continue;
                    case Op.Urem64Reg:
                    {
                        ulong s = r[ip->Src];
                        if (s == 0) { kind = VmErrorKind.DivideByZero; goto Fail; }
                        r[ip->Dst] %= s;
                    }
                        pc++;
                        continue;
                    case Op.Sdiv32Reg:
                    {
                        int s = (int)r[ip->Src]; int v = (int)r[ip->Dst];
                        if (s == 0) { kind = VmErrorKind.DivideByZero; goto Fail; }
                        if (v == int.MinValue && s == -1) { kind = VmErrorKind.DivideOverflow; goto Fail; }
                        r[ip->Dst] = (uint)(v / s);
                    }
                        pc++;
                        continue;
                    case Op.Srem32Reg:
                    {
                        int s = (int)r[ip->Src]; int v = (int)r[ip->Dst];
                        if (s == 0) { kind = VmErrorKind.DivideByZero; goto Fail; }
                        if (v == int.MinValue && s == -1) { kind = VmErrorKind.DivideOverflow; goto Fail; }
                        r[ip->Dst] = (uint)(v % s);
                    }
                        pc++;
                        continue;
                    case Op.Sdiv64Reg:
                    {
                        long s = (long)r[ip->Src]; long v = (long)r[ip->Dst];
                        if (s == 0) { kind = VmErrorKind.DivideByZero; goto Fail; }
                        if (v == long.MinValue && s == -1) { kind = VmErrorKind.DivideOverflow; goto Fail; }
                        r[ip->Dst] = (ulong)(v / s);
                    }
                        pc++;
                        continue;
                    case Op.Srem64Reg:
                    {
                        long s = (long)r[ip->Src]; long v = (long)r[ip->Dst];
                        if (s == 0) { kind = VmErrorKind.DivideByZero; goto Fail; }
                        if (v == long.MinValue && s == -1) { kind = VmErrorKind.DivideOverflow; goto Fail; }
                        r[ip->Dst] = (ulong)(v % s);
                    }
                        pc++;
                        continue;
                    case Op.Sdiv32Imm:
                    {
                        int s = (int)ip->Imm; int v = (int)r[ip->Dst];
                        if (v == int.MinValue && s == -1) { kind = VmErrorKind.DivideOverflow; goto Fail; }
                        r[ip->Dst] = (uint)(v / s);
                    }
                        pc++;
                        continue;
                    case Op.Srem32Imm:
                    {
                        int s = (int)ip->Imm; int v = (int)r[ip->Dst];
                        if (v == int.MinValue && s == -1) { kind = VmErrorKind.DivideOverflow; goto Fail; }
                        r[ip->Dst] = (uint)(v % s);
                    }
                        pc++;
                        continue;
                    case Op.Sdiv64Imm:
                    {
                        long s = ip->Imm; long v = (long)r[ip->Dst];
                        if (v == long.MinValue && s == -1) { kind = VmErrorKind.DivideOverflow; goto Fail; }
                        r[ip->Dst] = (ulong)(v / s);
                    }
                        pc++;
                        continue;
                    case Op.Srem64Imm:
                    {
                        long s = ip->Imm; long v = (long)r[ip->Dst];
                        if (v == long.MinValue && s == -1) { kind = VmErrorKind.DivideOverflow; goto Fail; }
                        r[ip->Dst] = (ulong)(v % s);
                    }
                        pc++;
                        continue;
                    case Op.Ja:
                        pc = ip->Aux;
                        continue;
                    case Op.JeqImm:
                        pc = r[ip->Dst] == (ulong)ip->Imm ? ip->Aux : pc + 1;
                        continue;
                    case Op.JeqReg:
                        pc = r[ip->Dst] == r[ip->Src] ? ip->Aux : pc + 1;
                        continue;
                    case Op.JgtImm:
                        pc = r[ip->Dst] > (ulong)ip->Imm ? ip->Aux : pc + 1;
                        continue;
                    case Op.JgtReg:
                        pc = r[ip->Dst] > r[ip->Src] ? ip->Aux : pc + 1;
                        continue;
                    case Op.JgeImm:
                        pc = r[ip->Dst] >= (ulong)ip->Imm ? ip->Aux : pc + 1;
                        continue;
                    case Op.JgeReg:
                        pc = r[ip->Dst] >= r[ip->Src] ? ip->Aux : pc + 1;
                        continue;
                    case Op.JltImm:
                        pc = r[ip->Dst] < (ulong)ip->Imm ? ip->Aux : pc + 1;
                        continue;
                    case Op.JltReg:
                        pc = r[ip->Dst] < r[ip->Src] ? ip->Aux : pc + 1;
                        continue;
                    case Op.JleImm:
                        pc = r[ip->Dst] <= (ulong)ip->Imm ? ip->Aux : pc + 1;
                        continue;
                    case Op.JleReg:
                        pc = r[ip->Dst] <= r[ip->Src] ? ip->Aux : pc + 1;
                        continue;
                    case Op.JsetImm:
                        pc = (r[ip->Dst] & (ulong)ip->Imm) != 0 ? ip->Aux : pc + 1;
                        continue;
                    case Op.JsetReg:
                        pc = (r[ip->Dst] & r[ip->Src]) != 0 ? ip->Aux : pc + 1;
                        continue;
                    case Op.JneImm:
                        pc = r[ip->Dst] != (ulong)ip->Imm ? ip->Aux : pc + 1;
                        continue;
                    case Op.JneReg:
                        pc = r[ip->Dst] != r[ip->Src] ? ip->Aux : pc + 1;
                        continue;
                    case Op.JsgtImm:
                        pc = (long)r[ip->Dst] > ip->Imm ? ip->Aux : pc + 1;
                        continue;
                    case Op.JsgtReg:
                        pc = (long)r[ip->Dst] > (long)r[ip->Src] ? ip->Aux : pc + 1;
                        continue;
                    case Op.JsgeImm:
                        pc = (long)r[ip->Dst] >= ip->Imm ? ip->Aux : pc + 1;
                        continue;
                    case Op.JsgeReg:
                        pc = (long)r[ip->Dst] >= (long)r[ip->Src] ? ip->Aux : pc + 1;
                        continue;
                    case Op.JsltImm:
                        pc = (long)r[ip->Dst] < ip->Imm ? ip->Aux : pc + 1;
                        continue;
                    case Op.JsltReg:
                        pc = (long)r[ip->Dst] < (long)r[ip->Src] ? ip->Aux : pc + 1;
                        continue;
                    case Op.JsleImm:
                        pc = (long)r[ip->Dst] <= ip->Imm ? ip->Aux : pc + 1;
                        continue;
                    case Op.JsleReg:
                        pc = (long)r[ip->Dst] <= (long)r[ip->Src] ? ip->Aux : pc + 1;
                        continue;
                    case Op.Jeq32Imm:
                        pc = (uint)r[ip->Dst] == (uint)ip->Imm ? ip->Aux : pc + 1;
                        continue;
                    case Op.Jeq32Reg:
                        pc = (uint)r[ip->Dst] == (uint)r[ip->Src] ? ip->Aux : pc + 1;
                        continue;
                    case Op.Jgt32Imm:
                        pc = (uint)r[ip->Dst] > (uint)ip->Imm ? ip->Aux : pc + 1;
                        continue;
                    case Op.Jgt32Reg:
                        pc = (uint)r[ip->Dst] > (uint)r[ip->Src] ? ip->Aux : pc + 1;
                        continue;
                    case Op.Jge32Imm:
                        pc = (uint)r[ip->Dst] >= (uint)ip->Imm ? ip->Aux : pc + 1;
                        continue;
                    case Op.Jge32Reg:
                        pc = (uint)r[ip->Dst] >= (uint)r[ip->Src] ? ip->Aux : pc + 1;
                        continue;
                    case Op.Jlt32Imm:
                        pc = (uint)r[ip->Dst] < (uint)ip->Imm ? ip->Aux : pc + 1;
                        continue;
                    case Op.Jlt32Reg:
                        pc = (uint)r[ip->Dst] < (uint)r[ip->Src] ? ip->Aux : pc + 1;
                        continue;
                    case Op.Jle32Imm:
                        pc = (uint)r[ip->Dst] <= (uint)ip->Imm ? ip->Aux : pc + 1;
                        continue;
                    case Op.Jle32Reg:
                        pc = (uint)r[ip->Dst] <= (uint)r[ip->Src] ? ip->Aux : pc + 1;
                        continue;
                    case Op.Jset32Imm:
                        pc = ((uint)r[ip->Dst] & (uint)ip->Imm) != 0 ? ip->Aux : pc + 1;
                        continue;
                    case Op.Jset32Reg:
                        pc = ((uint)r[ip->Dst] & (uint)r[ip->Src]) != 0 ? ip->Aux : pc + 1;
                        continue;
                    case Op.Jne32Imm:
                        pc = (uint)r[ip->Dst] != (uint)ip->Imm ? ip->Aux : pc + 1;
                        continue;
                    case Op.Jne32Reg:
                        pc = (uint)r[ip->Dst] != (uint)r[ip->Src] ? ip->Aux : pc + 1;
                        continue;
                    case Op.Jsgt32Imm:
                        pc = (int)r[ip->Dst] > (int)ip->Imm ? ip->Aux : pc + 1;
                        continue;
                    case Op.Jsgt32Reg:
                        pc = (int)r[ip->Dst] > (int)r[ip->Src] ? ip->Aux : pc + 1;
                        continue;
                    case Op.Jsge32Imm:
                        pc = (int)r[ip->Dst] >= (int)ip->Imm ? ip->Aux : pc + 1;
                        continue;
                    case Op.Jsge32Reg:
                        pc = (int)r[ip->Dst] >= (int)r[ip->Src] ? ip->Aux : pc + 1;
                        continue;
                    case Op.Jslt32Imm:
                        pc = (int)r[ip->Dst] < (int)ip->Imm ? ip->Aux : pc + 1;
                        continue;
                    case Op.Jslt32Reg:
                        pc = (int)r[ip->Dst] < (int)r[ip->Src] ? ip->Aux : pc + 1;
                        continue;
                    case Op.Jsle32Imm:
                        pc = (int)r[ip->Dst] <= (int)ip->Imm ? ip->Aux : pc + 1;
                        continue;
                    case Op.Jsle32Reg:
                        pc = (int)r[ip->Dst] <= (int)r[ip->Src] ? ip->Aux : pc + 1;
                        continue;

                    case Op.Exit:
                    {
                        if (depth == 0)
                        {
                            returnValue = r[0];
                            goto Done;
                        }
                        depth--;
                        CallFrame* f = frames + depth;
                        r[6] = f->R6;
                        r[7] = f->R7;
                        r[8] = f->R8;
                        r[9] = f->R9;
                        r[10] = f->FramePointer;
                        if (f->ReturnPc >= (ulong)n) { kind = VmErrorKind.CallOutsideTextSegment; goto Fail; }
                        pc = (int)f->ReturnPc;
                        continue;
                    }

                    case Op.CallLocal:
                        if (!PushFrame(frames, ref depth, r, pc, maxDepth, frameBump)) { kind = VmErrorKind.CallDepthExceeded; goto Fail; }
                        pc = ip->Aux;
                        continue;

                    case Op.CallLocalOutside:
                        if (!PushFrame(frames, ref depth, r, pc, maxDepth, frameBump)) { kind = VmErrorKind.CallDepthExceeded; goto Fail; }
                        kind = VmErrorKind.CallOutsideTextSegment;
                        goto Fail;

                    case Op.Callx:
                    case Op.CallxStatic:
                    {
                        ulong target = r[ip->Src];
                        if (!PushFrame(frames, ref depth, r, pc, maxDepth, frameBump)) { kind = VmErrorKind.CallDepthExceeded; goto Fail; }
                        ulong targetPc = (target - textVaddr) / Opcodes.SlotSize;
                        if (targetPc >= (ulong)n) { kind = VmErrorKind.CallOutsideTextSegment; goto Fail; }
                        if (ip->Op == Op.CallxStatic && !prog.Functions.ContainsKey((uint)targetPc)) { kind = VmErrorKind.UnsupportedInstruction; goto Fail; }
                        pc = (int)targetPc;
                        continue;
                    }

                    case Op.CallSyscall:
                    {
                        if (TMeter.Enabled)
                            meter.Consume((ulong)(synced - budget));
                        vm.SyscallPc = (ulong)pc;
                        SyscallError? failure = syscalls[ip->Aux].Invoke(ctx, r[1], r[2], r[3], r[4], r[5], out ulong result);
                        if (TMeter.Enabled)
                            budget = synced = meter.Remaining > long.MaxValue ? long.MaxValue : (long)meter.Remaining;
                        if (failure != null)
                        {
                            error = VmError.FromSyscall(failure, (ulong)pc);
                            goto Failed;
                        }
                        r[0] = result;
                        pc++;
                        continue;
                    }

                    case Op.SyscallMissing:
                        pc++;
                        continue;

                    case Op.DivideByZeroImm:
                        kind = VmErrorKind.DivideByZero;
                        goto Fail;

                    case Op.InvalidInstruction:
                        kind = VmErrorKind.InvalidInstruction;
                        goto Fail;

                    case Op.Overrun:
                        kind = VmErrorKind.ExecutionOverrun;
                        goto Fail;

                    default:
                        kind = VmErrorKind.UnsupportedInstruction;
                        goto Fail;
                }
            }
        }

    Fail:
        error = new VmError(kind, (ulong)pc);
    Failed:
        error!.Pc = (ulong)pc;
    Done:
        if (TMeter.Enabled)
            meter.Consume((ulong)(synced - budget));
        vm.CallDepth = depth;
        pcRef = (ulong)pc;
        return error;
    }

    /// <summary>sbpf <c>push_frame</c>: saves r6-r9, r10 and the return pc, then bumps the depth and r10.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool PushFrame(CallFrame* frames, ref int depth, ulong* r, int pc, int maxDepth, ulong frameBump)
    {
        CallFrame* f = frames + depth;
        f->R6 = r[6];
        f->R7 = r[7];
        f->R8 = r[8];
        f->R9 = r[9];
        f->FramePointer = r[10];
        f->ReturnPc = (ulong)pc + 1;
        depth++;
        if (depth == maxDepth)
            return false;
        r[10] += frameBump;
        return true;
    }
}
