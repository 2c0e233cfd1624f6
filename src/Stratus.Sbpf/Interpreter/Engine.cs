using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Stratus.Sbpf.Memory;

namespace Stratus.Sbpf.Interpreter;

/// <summary>
/// The interpreter loop. Semantics follow sbpf 0.10.1's <c>Interpreter::step</c>; the structure is
/// built for speed: one switch over version-resolved operations, an instruction pointer that jumps
/// by pre-computed relative offsets, inline region lookup for loads and stores, and a
/// per-instruction budget counter that is settled into the <see cref="ComputeMeter"/> only at
/// syscalls and at the end (sbpf's <c>due_insn_count</c> / <c>previous_instruction_meter</c> scheme,
/// with identical results). Only three values are live across the loop — the state pointer
/// (registers and everything else), the instruction pointer and the budget — so the JIT keeps all
/// three in registers.
/// </summary>
[SkipLocalsInit]
internal static unsafe class Engine
{
    /// <summary>
    /// Runs from <see cref="EngineState.Pc"/> until the root exit or an error. On return
    /// <see cref="EngineState.Pc"/> is the pc of the last instruction run and
    /// <see cref="EngineState.ReturnValue"/> holds r0 of the root exit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static VmError? Run<TMeter, TTrace>(Vm vm, EngineState* st)
        where TMeter : struct, IMeterMode
        where TTrace : struct, ITraceMode
    {
        VmErrorKind kind;
        VmError? error;
        // the register file is the first field of the state: same pointer, no fixed-buffer null checks
        ulong* r = (ulong*)st;
        DecodedInsn* ip = st->Code + (st->Pc > (ulong)st->SlotCount ? (ulong)st->SlotCount : st->Pc);
        long budget = 0;
        if (TMeter.Enabled)
            budget = st->Synced = Remaining(vm);

        while (true)
        {
            if (TMeter.Enabled)
            {
                if (budget <= 0) { kind = VmErrorKind.ExceededMaxInstructions; goto Fail; }
                budget--;
            }
            if (TTrace.Enabled && ip->Op != Op.Overrun)
                Trace(vm, st, ip);
            switch (ip->Op)
            {
                case Op.Lddw:
                    r[ip->Dst] = (ulong)ip->Imm;
                    ip += 2;
                    continue;
                    case Op.Ld8:
                {
                    ulong a = r[ip->Src] + (ulong)(long)ip->Aux;
                    byte* h = RegionDescriptor.Translate(st->Table, a, 1, false);
                    if (h == null && (h = Slow(vm, a, 1, AccessType.Load)) == null) goto MemoryFault;
                    r[ip->Dst] = Unsafe.ReadUnaligned<byte>(h);
                }
                    ip++;
                    continue;
                case Op.Ld16:
                {
                    ulong a = r[ip->Src] + (ulong)(long)ip->Aux;
                    byte* h = RegionDescriptor.Translate(st->Table, a, 2, false);
                    if (h == null && (h = Slow(vm, a, 2, AccessType.Load)) == null) goto MemoryFault;
                    r[ip->Dst] = Unsafe.ReadUnaligned<ushort>(h);
                }
                    ip++;
                    continue;
                case Op.Ld32:
                {
                    ulong a = r[ip->Src] + (ulong)(long)ip->Aux;
                    byte* h = RegionDescriptor.Translate(st->Table, a, 4, false);
                    if (h == null && (h = Slow(vm, a, 4, AccessType.Load)) == null) goto MemoryFault;
                    r[ip->Dst] = Unsafe.ReadUnaligned<uint>(h);
                }
                    ip++;
                    continue;
                case Op.Ld64:
                {
                    ulong a = r[ip->Src] + (ulong)(long)ip->Aux;
                    byte* h = RegionDescriptor.Translate(st->Table, a, 8, false);
                    if (h == null && (h = Slow(vm, a, 8, AccessType.Load)) == null) goto MemoryFault;
                    r[ip->Dst] = Unsafe.ReadUnaligned<ulong>(h);
                }
                    ip++;
                    continue;
                case Op.St8Imm:
                {
                    ulong a = r[ip->Dst] + (ulong)(long)ip->Aux;
                    byte* h = RegionDescriptor.Translate(st->Table, a, 1, true);
                    if (h == null && (h = SlowStore(vm, a, 1, (ulong)ip->Imm)) == null) goto MemoryFault;
                    Unsafe.WriteUnaligned(h, unchecked((byte)ip->Imm));
                }
                    ip++;
                    continue;
                case Op.St16Imm:
                {
                    ulong a = r[ip->Dst] + (ulong)(long)ip->Aux;
                    byte* h = RegionDescriptor.Translate(st->Table, a, 2, true);
                    if (h == null && (h = SlowStore(vm, a, 2, (ulong)ip->Imm)) == null) goto MemoryFault;
                    Unsafe.WriteUnaligned(h, unchecked((ushort)ip->Imm));
                }
                    ip++;
                    continue;
                case Op.St32Imm:
                {
                    ulong a = r[ip->Dst] + (ulong)(long)ip->Aux;
                    byte* h = RegionDescriptor.Translate(st->Table, a, 4, true);
                    if (h == null && (h = SlowStore(vm, a, 4, (ulong)ip->Imm)) == null) goto MemoryFault;
                    Unsafe.WriteUnaligned(h, unchecked((uint)ip->Imm));
                }
                    ip++;
                    continue;
                case Op.St64Imm:
                {
                    ulong a = r[ip->Dst] + (ulong)(long)ip->Aux;
                    byte* h = RegionDescriptor.Translate(st->Table, a, 8, true);
                    if (h == null && (h = SlowStore(vm, a, 8, (ulong)ip->Imm)) == null) goto MemoryFault;
                    Unsafe.WriteUnaligned(h, unchecked((ulong)ip->Imm));
                }
                    ip++;
                    continue;
                case Op.St8Reg:
                {
                    ulong a = r[ip->Dst] + (ulong)(long)ip->Aux;
                    byte* h = RegionDescriptor.Translate(st->Table, a, 1, true);
                    if (h == null && (h = SlowStore(vm, a, 1, (ulong)r[ip->Src])) == null) goto MemoryFault;
                    Unsafe.WriteUnaligned(h, unchecked((byte)r[ip->Src]));
                }
                    ip++;
                    continue;
                case Op.St16Reg:
                {
                    ulong a = r[ip->Dst] + (ulong)(long)ip->Aux;
                    byte* h = RegionDescriptor.Translate(st->Table, a, 2, true);
                    if (h == null && (h = SlowStore(vm, a, 2, (ulong)r[ip->Src])) == null) goto MemoryFault;
                    Unsafe.WriteUnaligned(h, unchecked((ushort)r[ip->Src]));
                }
                    ip++;
                    continue;
                case Op.St32Reg:
                {
                    ulong a = r[ip->Dst] + (ulong)(long)ip->Aux;
                    byte* h = RegionDescriptor.Translate(st->Table, a, 4, true);
                    if (h == null && (h = SlowStore(vm, a, 4, (ulong)r[ip->Src])) == null) goto MemoryFault;
                    Unsafe.WriteUnaligned(h, unchecked((uint)r[ip->Src]));
                }
                    ip++;
                    continue;
                case Op.St64Reg:
                {
                    ulong a = r[ip->Dst] + (ulong)(long)ip->Aux;
                    byte* h = RegionDescriptor.Translate(st->Table, a, 8, true);
                    if (h == null && (h = SlowStore(vm, a, 8, (ulong)r[ip->Src])) == null) goto MemoryFault;
                    Unsafe.WriteUnaligned(h, unchecked((ulong)r[ip->Src]));
                }
                    ip++;
                    continue;
                case Op.Add32ImmS:
                    r[ip->Dst] = (ulong)(long)((int)r[ip->Dst] + (int)ip->Imm);
                    ip++;
                    continue;
                case Op.Add32RegS:
                    r[ip->Dst] = (ulong)(long)((int)r[ip->Dst] + (int)r[ip->Src]);
                    ip++;
                    continue;
                case Op.Add32ImmZ:
                    r[ip->Dst] = (uint)((int)r[ip->Dst] + (int)ip->Imm);
                    ip++;
                    continue;
                case Op.Add32RegZ:
                    r[ip->Dst] = (uint)((int)r[ip->Dst] + (int)r[ip->Src]);
                    ip++;
                    continue;
                case Op.Sub32ImmS:
                    r[ip->Dst] = (ulong)(long)((int)r[ip->Dst] - (int)ip->Imm);
                    ip++;
                    continue;
                case Op.Sub32RegS:
                    r[ip->Dst] = (ulong)(long)((int)r[ip->Dst] - (int)r[ip->Src]);
                    ip++;
                    continue;
                case Op.Sub32ImmZ:
                    r[ip->Dst] = (uint)((int)r[ip->Dst] - (int)ip->Imm);
                    ip++;
                    continue;
                case Op.Sub32RegZ:
                    r[ip->Dst] = (uint)((int)r[ip->Dst] - (int)r[ip->Src]);
                    ip++;
                    continue;
                case Op.Sub32ImmRevZ:
                    r[ip->Dst] = (uint)((int)ip->Imm - (int)r[ip->Dst]);
                    ip++;
                    continue;
                case Op.Mul32Imm:
                    r[ip->Dst] = (ulong)(long)((int)r[ip->Dst] * (int)ip->Imm);
                    ip++;
                    continue;
                case Op.Mul32Reg:
                    r[ip->Dst] = (ulong)(long)((int)r[ip->Dst] * (int)r[ip->Src]);
                    ip++;
                    continue;
                case Op.Div32Imm:
                case Op.Udiv32Imm:
                    r[ip->Dst] = (uint)r[ip->Dst] / (uint)ip->Imm;
                    ip++;
                    continue;
                case Op.Mod32Imm:
                case Op.Urem32Imm:
                    r[ip->Dst] = (uint)r[ip->Dst] % (uint)ip->Imm;
                    ip++;
                    continue;
                case Op.Or32Imm:
                    r[ip->Dst] = (uint)r[ip->Dst] | (uint)ip->Imm;
                    ip++;
                    continue;
                case Op.Or32Reg:
                    r[ip->Dst] = (uint)r[ip->Dst] | (uint)r[ip->Src];
                    ip++;
                    continue;
                case Op.And32Imm:
                    r[ip->Dst] = (uint)r[ip->Dst] & (uint)ip->Imm;
                    ip++;
                    continue;
                case Op.And32Reg:
                    r[ip->Dst] = (uint)r[ip->Dst] & (uint)r[ip->Src];
                    ip++;
                    continue;
                case Op.Xor32Imm:
                    r[ip->Dst] = (uint)r[ip->Dst] ^ (uint)ip->Imm;
                    ip++;
                    continue;
                case Op.Xor32Reg:
                    r[ip->Dst] = (uint)r[ip->Dst] ^ (uint)r[ip->Src];
                    ip++;
                    continue;
                case Op.Lsh32Imm:
                    r[ip->Dst] = (uint)r[ip->Dst] << (int)ip->Imm;
                    ip++;
                    continue;
                case Op.Lsh32Reg:
                    r[ip->Dst] = (uint)r[ip->Dst] << (int)r[ip->Src];
                    ip++;
                    continue;
                case Op.Rsh32Imm:
                    r[ip->Dst] = (uint)r[ip->Dst] >> (int)ip->Imm;
                    ip++;
                    continue;
                case Op.Rsh32Reg:
                    r[ip->Dst] = (uint)r[ip->Dst] >> (int)r[ip->Src];
                    ip++;
                    continue;
                case Op.Arsh32Imm:
                    r[ip->Dst] = (uint)((int)r[ip->Dst] >> (int)ip->Imm);
                    ip++;
                    continue;
                case Op.Arsh32Reg:
                    r[ip->Dst] = (uint)((int)r[ip->Dst] >> (int)r[ip->Src]);
                    ip++;
                    continue;
                case Op.Neg32:
                    r[ip->Dst] = (uint)(-(int)r[ip->Dst]);
                    ip++;
                    continue;
                case Op.Mov32Imm:
                    r[ip->Dst] = (uint)ip->Imm;
                    ip++;
                    continue;
                case Op.Mov32RegZ:
                    r[ip->Dst] = (uint)r[ip->Src];
                    ip++;
                    continue;
                case Op.Mov32RegS:
                    r[ip->Dst] = (ulong)(long)(int)r[ip->Src];
                    ip++;
                    continue;
                case Op.Le16:
                    r[ip->Dst] = (ushort)r[ip->Dst];
                    ip++;
                    continue;
                case Op.Le32:
                    r[ip->Dst] = (uint)r[ip->Dst];
                    ip++;
                    continue;
                case Op.Le64:
                    // little-endian host: nothing to do
                    ip++;
                    continue;
                case Op.Be16:
                    r[ip->Dst] = BinaryPrimitives.ReverseEndianness((ushort)r[ip->Dst]);
                    ip++;
                    continue;
                case Op.Be32:
                    r[ip->Dst] = BinaryPrimitives.ReverseEndianness((uint)r[ip->Dst]);
                    ip++;
                    continue;
                case Op.Be64:
                    r[ip->Dst] = BinaryPrimitives.ReverseEndianness(r[ip->Dst]);
                    ip++;
                    continue;
                case Op.Add64Imm:
                    r[ip->Dst] += (ulong)ip->Imm;
                    ip++;
                    continue;
                case Op.Add64Reg:
                    r[ip->Dst] += r[ip->Src];
                    ip++;
                    continue;
                case Op.Sub64Imm:
                    r[ip->Dst] -= (ulong)ip->Imm;
                    ip++;
                    continue;
                case Op.Sub64Reg:
                    r[ip->Dst] -= r[ip->Src];
                    ip++;
                    continue;
                case Op.Sub64ImmRev:
                    r[ip->Dst] = (ulong)ip->Imm - r[ip->Dst];
                    ip++;
                    continue;
                case Op.Mul64Imm:
                case Op.Lmul64Imm:
                    r[ip->Dst] *= (ulong)ip->Imm;
                    ip++;
                    continue;
                case Op.Mul64Reg:
                case Op.Lmul64Reg:
                    r[ip->Dst] *= r[ip->Src];
                    ip++;
                    continue;
                case Op.Div64Imm:
                case Op.Udiv64Imm:
                    r[ip->Dst] /= (ulong)ip->Imm;
                    ip++;
                    continue;
                case Op.Mod64Imm:
                case Op.Urem64Imm:
                    r[ip->Dst] %= (ulong)ip->Imm;
                    ip++;
                    continue;
                case Op.Or64Imm:
                    r[ip->Dst] |= (ulong)ip->Imm;
                    ip++;
                    continue;
                case Op.Or64Reg:
                    r[ip->Dst] |= r[ip->Src];
                    ip++;
                    continue;
                case Op.And64Imm:
                    r[ip->Dst] &= (ulong)ip->Imm;
                    ip++;
                    continue;
                case Op.And64Reg:
                    r[ip->Dst] &= r[ip->Src];
                    ip++;
                    continue;
                case Op.Xor64Imm:
                    r[ip->Dst] ^= (ulong)ip->Imm;
                    ip++;
                    continue;
                case Op.Xor64Reg:
                    r[ip->Dst] ^= r[ip->Src];
                    ip++;
                    continue;
                case Op.Lsh64Imm:
                    r[ip->Dst] <<= (int)ip->Imm;
                    ip++;
                    continue;
                case Op.Lsh64Reg:
                    r[ip->Dst] <<= (int)r[ip->Src];
                    ip++;
                    continue;
                case Op.Rsh64Imm:
                    r[ip->Dst] >>= (int)ip->Imm;
                    ip++;
                    continue;
                case Op.Rsh64Reg:
                    r[ip->Dst] >>= (int)r[ip->Src];
                    ip++;
                    continue;
                case Op.Arsh64Imm:
                    r[ip->Dst] = (ulong)((long)r[ip->Dst] >> (int)ip->Imm);
                    ip++;
                    continue;
                case Op.Arsh64Reg:
                    r[ip->Dst] = (ulong)((long)r[ip->Dst] >> (int)r[ip->Src]);
                    ip++;
                    continue;
                case Op.Neg64:
                    r[ip->Dst] = (ulong)(-(long)r[ip->Dst]);
                    ip++;
                    continue;
                case Op.Mov64Imm:
                    r[ip->Dst] = (ulong)ip->Imm;
                    ip++;
                    continue;
                case Op.Mov64Reg:
                    r[ip->Dst] = r[ip->Src];
                    ip++;
                    continue;
                case Op.Hor64:
                    r[ip->Dst] |= (ulong)(uint)ip->Imm << 32;
                    ip++;
                    continue;
                case Op.Lmul32Imm:
                    r[ip->Dst] = (uint)r[ip->Dst] * (uint)ip->Imm;
                    ip++;
                    continue;
                case Op.Lmul32Reg:
                    r[ip->Dst] = (uint)r[ip->Dst] * (uint)r[ip->Src];
                    ip++;
                    continue;
                case Op.Uhmul64Imm:
                    r[ip->Dst] = Math.BigMul(r[ip->Dst], (ulong)ip->Imm, out _);
                    ip++;
                    continue;
                case Op.Uhmul64Reg:
                    r[ip->Dst] = Math.BigMul(r[ip->Dst], r[ip->Src], out _);
                    ip++;
                    continue;
                case Op.Shmul64Imm:
                    r[ip->Dst] = (ulong)Math.BigMul((long)r[ip->Dst], ip->Imm, out _);
                    ip++;
                    continue;
                case Op.Shmul64Reg:
                    r[ip->Dst] = (ulong)Math.BigMul((long)r[ip->Dst], (long)r[ip->Src], out _);
                    ip++;
                    continue;
                case Op.Div32Reg:
                case Op.Udiv32Reg:
                {
                    uint s = (uint)r[ip->Src];
                    if (s == 0) { kind = VmErrorKind.DivideByZero; goto Fail; }
                    r[ip->Dst] = (uint)r[ip->Dst] / s;
                }
                    ip++;
                    continue;
                case Op.Mod32Reg:
                case Op.Urem32Reg:
                {
                    uint s = (uint)r[ip->Src];
                    if (s == 0) { kind = VmErrorKind.DivideByZero; goto Fail; }
                    r[ip->Dst] = (uint)r[ip->Dst] % s;
                }
                    ip++;
                    continue;
                case Op.Div64Reg:
                case Op.Udiv64Reg:
                {
                    ulong s = r[ip->Src];
                    if (s == 0) { kind = VmErrorKind.DivideByZero; goto Fail; }
                    r[ip->Dst] /= s;
                }
                    ip++;
                    continue;
                case Op.Mod64Reg:
                case Op.Urem64Reg:
                {
                    ulong s = r[ip->Src];
                    if (s == 0) { kind = VmErrorKind.DivideByZero; goto Fail; }
                    r[ip->Dst] %= s;
                }
                    ip++;
                    continue;
                case Op.Sdiv32Reg:
                {
                    int s = (int)r[ip->Src]; int v = (int)r[ip->Dst];
                    if (s == 0) { kind = VmErrorKind.DivideByZero; goto Fail; }
                    if (v == int.MinValue && s == -1) { kind = VmErrorKind.DivideOverflow; goto Fail; }
                    r[ip->Dst] = (uint)(v / s);
                }
                    ip++;
                    continue;
                case Op.Srem32Reg:
                {
                    int s = (int)r[ip->Src]; int v = (int)r[ip->Dst];
                    if (s == 0) { kind = VmErrorKind.DivideByZero; goto Fail; }
                    if (v == int.MinValue && s == -1) { kind = VmErrorKind.DivideOverflow; goto Fail; }
                    r[ip->Dst] = (uint)(v % s);
                }
                    ip++;
                    continue;
                case Op.Sdiv64Reg:
                {
                    long s = (long)r[ip->Src]; long v = (long)r[ip->Dst];
                    if (s == 0) { kind = VmErrorKind.DivideByZero; goto Fail; }
                    if (v == long.MinValue && s == -1) { kind = VmErrorKind.DivideOverflow; goto Fail; }
                    r[ip->Dst] = (ulong)(v / s);
                }
                    ip++;
                    continue;
                case Op.Srem64Reg:
                {
                    long s = (long)r[ip->Src]; long v = (long)r[ip->Dst];
                    if (s == 0) { kind = VmErrorKind.DivideByZero; goto Fail; }
                    if (v == long.MinValue && s == -1) { kind = VmErrorKind.DivideOverflow; goto Fail; }
                    r[ip->Dst] = (ulong)(v % s);
                }
                    ip++;
                    continue;
                case Op.Sdiv32Imm:
                {
                    int s = (int)ip->Imm; int v = (int)r[ip->Dst];
                    if (v == int.MinValue && s == -1) { kind = VmErrorKind.DivideOverflow; goto Fail; }
                    r[ip->Dst] = (uint)(v / s);
                }
                    ip++;
                    continue;
                case Op.Srem32Imm:
                {
                    int s = (int)ip->Imm; int v = (int)r[ip->Dst];
                    if (v == int.MinValue && s == -1) { kind = VmErrorKind.DivideOverflow; goto Fail; }
                    r[ip->Dst] = (uint)(v % s);
                }
                    ip++;
                    continue;
                case Op.Sdiv64Imm:
                {
                    long s = ip->Imm; long v = (long)r[ip->Dst];
                    if (v == long.MinValue && s == -1) { kind = VmErrorKind.DivideOverflow; goto Fail; }
                    r[ip->Dst] = (ulong)(v / s);
                }
                    ip++;
                    continue;
                case Op.Srem64Imm:
                {
                    long s = ip->Imm; long v = (long)r[ip->Dst];
                    if (v == long.MinValue && s == -1) { kind = VmErrorKind.DivideOverflow; goto Fail; }
                    r[ip->Dst] = (ulong)(v % s);
                }
                    ip++;
                    continue;
                case Op.Ja:
                    ip = Jump(ip);
                    continue;
                case Op.JeqImm:
                    if (r[ip->Dst] == (ulong)ip->Imm) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.JeqReg:
                    if (r[ip->Dst] == r[ip->Src]) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.JgtImm:
                    if (r[ip->Dst] > (ulong)ip->Imm) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.JgtReg:
                    if (r[ip->Dst] > r[ip->Src]) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.JgeImm:
                    if (r[ip->Dst] >= (ulong)ip->Imm) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.JgeReg:
                    if (r[ip->Dst] >= r[ip->Src]) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.JltImm:
                    if (r[ip->Dst] < (ulong)ip->Imm) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.JltReg:
                    if (r[ip->Dst] < r[ip->Src]) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.JleImm:
                    if (r[ip->Dst] <= (ulong)ip->Imm) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.JleReg:
                    if (r[ip->Dst] <= r[ip->Src]) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.JsetImm:
                    if ((r[ip->Dst] & (ulong)ip->Imm) != 0) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.JsetReg:
                    if ((r[ip->Dst] & r[ip->Src]) != 0) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.JneImm:
                    if (r[ip->Dst] != (ulong)ip->Imm) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.JneReg:
                    if (r[ip->Dst] != r[ip->Src]) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.JsgtImm:
                    if ((long)r[ip->Dst] > ip->Imm) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.JsgtReg:
                    if ((long)r[ip->Dst] > (long)r[ip->Src]) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.JsgeImm:
                    if ((long)r[ip->Dst] >= ip->Imm) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.JsgeReg:
                    if ((long)r[ip->Dst] >= (long)r[ip->Src]) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.JsltImm:
                    if ((long)r[ip->Dst] < ip->Imm) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.JsltReg:
                    if ((long)r[ip->Dst] < (long)r[ip->Src]) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.JsleImm:
                    if ((long)r[ip->Dst] <= ip->Imm) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.JsleReg:
                    if ((long)r[ip->Dst] <= (long)r[ip->Src]) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.Jeq32Imm:
                    if ((uint)r[ip->Dst] == (uint)ip->Imm) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.Jeq32Reg:
                    if ((uint)r[ip->Dst] == (uint)r[ip->Src]) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.Jgt32Imm:
                    if ((uint)r[ip->Dst] > (uint)ip->Imm) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.Jgt32Reg:
                    if ((uint)r[ip->Dst] > (uint)r[ip->Src]) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.Jge32Imm:
                    if ((uint)r[ip->Dst] >= (uint)ip->Imm) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.Jge32Reg:
                    if ((uint)r[ip->Dst] >= (uint)r[ip->Src]) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.Jlt32Imm:
                    if ((uint)r[ip->Dst] < (uint)ip->Imm) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.Jlt32Reg:
                    if ((uint)r[ip->Dst] < (uint)r[ip->Src]) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.Jle32Imm:
                    if ((uint)r[ip->Dst] <= (uint)ip->Imm) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.Jle32Reg:
                    if ((uint)r[ip->Dst] <= (uint)r[ip->Src]) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.Jset32Imm:
                    if (((uint)r[ip->Dst] & (uint)ip->Imm) != 0) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.Jset32Reg:
                    if (((uint)r[ip->Dst] & (uint)r[ip->Src]) != 0) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.Jne32Imm:
                    if ((uint)r[ip->Dst] != (uint)ip->Imm) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.Jne32Reg:
                    if ((uint)r[ip->Dst] != (uint)r[ip->Src]) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.Jsgt32Imm:
                    if ((int)r[ip->Dst] > (int)ip->Imm) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.Jsgt32Reg:
                    if ((int)r[ip->Dst] > (int)r[ip->Src]) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.Jsge32Imm:
                    if ((int)r[ip->Dst] >= (int)ip->Imm) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.Jsge32Reg:
                    if ((int)r[ip->Dst] >= (int)r[ip->Src]) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.Jslt32Imm:
                    if ((int)r[ip->Dst] < (int)ip->Imm) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.Jslt32Reg:
                    if ((int)r[ip->Dst] < (int)r[ip->Src]) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.Jsle32Imm:
                    if ((int)r[ip->Dst] <= (int)ip->Imm) { ip = Jump(ip); continue; }
                    ip++;
                    continue;
                case Op.Jsle32Reg:
                    if ((int)r[ip->Dst] <= (int)r[ip->Src]) { ip = Jump(ip); continue; }
                    ip++;
                    continue;


                case Op.Exit:
                {
                    if (st->Depth == 0)
                    {
                        st->ReturnValue = r[0];
                        st->Budget = budget;
                        error = null;
                        goto Done;
                    }
                    DecodedInsn* back = PopFrame(st);
                    if (back == null) { kind = VmErrorKind.CallOutsideTextSegment; goto Fail; }
                    ip = back;
                    continue;
                }

                case Op.CallLocal:
                    if (!PushFrame(st, ip)) { kind = VmErrorKind.CallDepthExceeded; goto Fail; }
                    ip = st->Code + ip->Aux;
                    continue;

                case Op.CallLocalOutside:
                    if (!PushFrame(st, ip)) { kind = VmErrorKind.CallDepthExceeded; goto Fail; }
                    kind = VmErrorKind.CallOutsideTextSegment;
                    goto Fail;

                case Op.Callx:
                case Op.CallxStatic:
                {
                    DecodedInsn* target = Callx(st, ip, vm);
                    if (target == null) { kind = st->FailKind; goto Fail; }
                    ip = target;
                    continue;
                }

                case Op.CallSyscall:
                {
                    if (TMeter.Enabled)
                        vm.Context.Meter.Consume((ulong)(st->Synced - budget));
                    SyscallError? failure = Syscall(vm, st, ip);
                    if (TMeter.Enabled)
                        budget = st->Synced = Remaining(vm);
                    if (failure != null)
                    {
                        error = VmError.FromSyscall(failure);
                        st->Budget = budget;
                        goto Failed;
                    }
                    ip++;
                    continue;
                }

                case Op.SyscallMissing:
                    ip++;
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

    Fail:
        st->Budget = budget;
        error = new VmError(kind);
        goto Failed;
    MemoryFault:
        st->Budget = budget;
        error = vm.Fault!;
    Failed:
        error.Pc = (ulong)(ip - st->Code);
    Done:
        if (TMeter.Enabled)
            vm.Context.Meter.Consume((ulong)(st->Synced - st->Budget));
        st->Pc = (ulong)(ip - st->Code);
        return error;
    }

    /// <summary>sbpf's per-instruction trace hook: registers before the instruction runs.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Trace(Vm vm, EngineState* st, DecodedInsn* ip) =>
        vm.Tracer!.Trace((ulong)(ip - st->Code), new ReadOnlySpan<ulong>(st, 11));

    /// <summary>Taken jump: Aux holds the byte distance to the target instruction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static DecodedInsn* Jump(DecodedInsn* ip) => (DecodedInsn*)((byte*)ip + ip->Aux);

    /// <summary>Memory slow path: split input slot, or the access violation (left in <see cref="Vm.Fault"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static byte* Slow(Vm vm, ulong vaddr, ulong length, AccessType access)
    {
        byte* host = vm.Context.Memory.TranslateSlow(vaddr, length, access, out var error);
        vm.Fault = error;
        return host;
    }

    /// <summary>Store slow path: as <see cref="Slow"/>, but a store spanning input regions is done here.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static byte* SlowStore(Vm vm, ulong vaddr, int length, ulong value)
    {
        byte* host = vm.Context.Memory.StoreSlow(vaddr, length, value, out var error);
        vm.Fault = error;
        return host;
    }

    private static long Remaining(Vm vm)
    {
        ulong remaining = vm.Context.Meter.Remaining;
        return remaining > long.MaxValue ? long.MaxValue : (long)remaining;
    }

    /// <summary>sbpf <c>push_frame</c>: saves r6-r9, r10 and the return pc, then bumps the depth and r10.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool PushFrame(EngineState* st, DecodedInsn* ip)
    {
        CallFrame* f = st->Frames + st->Depth;
        ulong* r = (ulong*)st;
        f->R6 = r[6];
        f->R7 = r[7];
        f->R8 = r[8];
        f->R9 = r[9];
        f->FramePointer = r[10];
        f->ReturnPc = (ulong)(ip - st->Code) + 1;
        if (++st->Depth == st->MaxDepth)
            return false;
        r[10] += st->FrameBump;
        return true;
    }

    /// <summary>Return from a bpf-to-bpf call; null when the return address is outside the text.</summary>
    private static DecodedInsn* PopFrame(EngineState* st)
    {
        CallFrame* f = st->Frames + --st->Depth;
        ulong* r = (ulong*)st;
        r[6] = f->R6;
        r[7] = f->R7;
        r[8] = f->R8;
        r[9] = f->R9;
        r[10] = f->FramePointer;
        if (f->ReturnPc >= (ulong)st->SlotCount)
            return null;
        return st->Code + f->ReturnPc;
    }

    /// <summary>callx: the target instruction, or null with <see cref="EngineState.FailKind"/> set.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static DecodedInsn* Callx(EngineState* st, DecodedInsn* ip, Vm vm)
    {
        ulong target = ((ulong*)st)[ip->Src];
        if (!PushFrame(st, ip)) return Failing(st, VmErrorKind.CallDepthExceeded);
        ulong targetPc = (target - st->TextVaddr) / Opcodes.SlotSize;
        if (targetPc >= (ulong)st->SlotCount) return Failing(st, VmErrorKind.CallOutsideTextSegment);
        if (ip->Op == Op.CallxStatic && !vm.Program.Functions.ContainsKey((uint)targetPc)) return Failing(st, VmErrorKind.UnsupportedInstruction);
        return st->Code + targetPc;
    }

    private static DecodedInsn* Failing(EngineState* st, VmErrorKind kind)
    {
        st->FailKind = kind;
        return null;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static SyscallError? Syscall(Vm vm, EngineState* st, DecodedInsn* ip)
    {
        vm.SyscallPc = (ulong)(ip - st->Code);
        ulong* r = (ulong*)st;
        SyscallError? failure = vm.Program.Syscalls[ip->Aux].Invoke(vm.Context, r[1], r[2], r[3], r[4], r[5], out ulong result);
        if (failure == null) r[0] = result;
        return failure;
    }
}

/// <summary>Interpreter state: the register file and everything the loop needs besides ip and budget.</summary>
internal unsafe struct EngineState
{
    /// <summary>r0-r10; 11-15 only absorb out-of-range register numbers of unverified code. Must stay first.</summary>
    public fixed ulong Regs[16];
    public RegionDescriptor* Table;
    public DecodedInsn* Code;
    public CallFrame* Frames;
    public int SlotCount;
    public int Depth;
    public int MaxDepth;
    public VmErrorKind FailKind;
    public ulong FrameBump;
    public ulong TextVaddr;
    /// <summary>Entry pc in, stop pc out.</summary>
    public ulong Pc;
    public ulong ReturnValue;
    /// <summary>Budget value at the last settlement with the meter.</summary>
    public long Synced;
    /// <summary>Budget left when the loop stopped.</summary>
    public long Budget;
}
