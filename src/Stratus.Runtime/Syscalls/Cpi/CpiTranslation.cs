using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Crypto;
using Stratus.Runtime.Invoke;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;
using Stratus.Sbpf.Syscalls;

namespace Stratus.Runtime.Syscalls.Cpi;

/// <summary>Reads a CPI's instruction and signer seeds out of guest memory in either ABI.</summary>
internal static class CpiTranslation
{
    // StableInstruction: accounts (ptr, cap, len), data (ptr, cap, len), program id.
    private const int RustInstructionSize = 80;
    private const int RustAccountMetaSize = 34;
    // SolInstruction: program_id_addr, accounts_addr, accounts_len, data_addr, data_len.
    private const int CInstructionSize = 40;
    private const int CAccountMetaSize = 16;
    private const int SliceSize = 16;

    public static SyscallError? InstructionRust(VmContext vm, InvokeContext ctx, ulong addr, out Pubkey programId, out NativeAccountMeta[] metas, out ReadOnlyMemory<byte> data)
    {
        programId = default;
        metas = [];
        data = default;
        var e = GuestMemory.TranslateType(vm, AccessType.Load, addr, RustInstructionSize, 8, out var ix);
        if (e != null) return e;
        var accountsPtr = BinaryPrimitives.ReadUInt64LittleEndian(ix);
        var accountsLen = BinaryPrimitives.ReadUInt64LittleEndian(ix[16..]);
        var dataPtr = BinaryPrimitives.ReadUInt64LittleEndian(ix[24..]);
        var dataLen = BinaryPrimitives.ReadUInt64LittleEndian(ix[40..]);
        programId = new Pubkey(ix.Slice(48, 32));
        e = GuestMemory.TranslateSlice(vm, AccessType.Load, accountsPtr, accountsLen, RustAccountMetaSize, 1, out var rawMetas);
        if (e != null) return e;
        e = GuestMemory.TranslateSlice(vm, AccessType.Load, dataPtr, dataLen, 1, 1, out var rawData);
        if (e != null) return e;
        data = rawData.ToArray();
        e = CheckInstructionSize(vm, ctx, accountsLen, dataLen);
        if (e != null) return e;
        metas = new NativeAccountMeta[(int)accountsLen];
        for (var i = 0; i < metas.Length; i++)
        {
            var meta = rawMetas.Slice(i * RustAccountMetaSize, RustAccountMetaSize);
            if (meta[32] > 1 || meta[33] > 1) return SyscallErrors.From(InstructionErrorKind.InvalidArgument);
            metas[i] = new NativeAccountMeta(new Pubkey(meta[..32]), meta[32] == 1, meta[33] == 1);
        }
        return null;
    }

    public static SyscallError? InstructionC(VmContext vm, InvokeContext ctx, ulong addr, out Pubkey programId, out NativeAccountMeta[] metas, out ReadOnlyMemory<byte> data)
    {
        programId = default;
        metas = [];
        data = default;
        var e = GuestMemory.TranslateType(vm, AccessType.Load, addr, CInstructionSize, 8, out var ix);
        if (e != null) return e;
        var programIdAddr = BinaryPrimitives.ReadUInt64LittleEndian(ix);
        var accountsPtr = BinaryPrimitives.ReadUInt64LittleEndian(ix[8..]);
        var accountsLen = BinaryPrimitives.ReadUInt64LittleEndian(ix[16..]);
        var dataPtr = BinaryPrimitives.ReadUInt64LittleEndian(ix[24..]);
        var dataLen = BinaryPrimitives.ReadUInt64LittleEndian(ix[32..]);
        e = GuestMemory.TranslateType(vm, AccessType.Load, programIdAddr, 32, 1, out var id);
        if (e != null) return e;
        programId = new Pubkey(id);
        e = GuestMemory.TranslateSlice(vm, AccessType.Load, accountsPtr, accountsLen, CAccountMetaSize, 8, out var rawMetas);
        if (e != null) return e;
        e = GuestMemory.TranslateSlice(vm, AccessType.Load, dataPtr, dataLen, 1, 1, out var rawData);
        if (e != null) return e;
        data = rawData.ToArray();
        e = CheckInstructionSize(vm, ctx, accountsLen, dataLen);
        if (e != null) return e;
        var count = (int)accountsLen;
        // The metas are re-read per entry: translating a key may not alias the span (all are loads).
        var copy = rawMetas.ToArray();
        metas = new NativeAccountMeta[count];
        for (var i = 0; i < count; i++)
        {
            var meta = copy.AsSpan(i * CAccountMetaSize, CAccountMetaSize);
            // SolAccountMeta: pubkey_addr, is_writable, is_signer.
            if (meta[9] > 1 || meta[8] > 1) return SyscallErrors.From(InstructionErrorKind.InvalidArgument);
            e = GuestMemory.TranslateType(vm, AccessType.Load, BinaryPrimitives.ReadUInt64LittleEndian(meta), 32, 1, out var key);
            if (e != null) return e;
            metas[i] = new NativeAccountMeta(new Pubkey(key), meta[9] == 1, meta[8] == 1);
        }
        return null;
    }

    /// <summary>Agave's <c>check_instruction_size</c>, then the data-bytes charge loosen_cpi_size_restriction adds.</summary>
    private static SyscallError? CheckInstructionSize(VmContext vm, InvokeContext ctx, ulong accounts, ulong dataLen)
    {
        if (ctx.Features.IsActive(FeatureId.LoosenCpiSizeRestriction))
        {
            if (dataLen > SolInvokeSigned.MaxInstructionDataLength)
                return new SyscallError(SyscallErrorKind.MaxInstructionDataLenExceeded,
                    $"Invoked an instruction with data that is too large ({dataLen} > {SolInvokeSigned.MaxInstructionDataLength})");
            if (accounts > SolInvokeSigned.MaxInstructionAccounts)
                return new SyscallError(SyscallErrorKind.MaxInstructionAccountsExceeded,
                    $"Invoked an instruction with too many accounts ({accounts} > {SolInvokeSigned.MaxInstructionAccounts})");
            return vm.ConsumeChecked(dataLen / SyscallCosts.CpiBytesPerUnit);
        }
        var size = (UInt128)accounts * 34 + dataLen;
        if (size > SolInvokeSigned.MaxCpiInstructionSize)
            return new SyscallError(SyscallErrorKind.InstructionTooLarge,
                $"Instruction passed to inner instruction is too large ({size} > {SolInvokeSigned.MaxCpiInstructionSize})");
        return null;
    }

    /// <summary>
    /// The signer seeds (both ABIs lay them out as slices of slices): at most 16 signers of at most 16 seeds,
    /// each set turned into a program address of the caller.
    /// </summary>
    public static SyscallError? Signers(VmContext vm, in Pubkey callerProgramId, ulong addr, ulong len, out Pubkey[] signers)
    {
        signers = [];
        if (len == 0) return null;
        var e = GuestMemory.TranslateSlice(vm, AccessType.Load, addr, len, SliceSize, 8, out var outer);
        if (e != null) return e;
        if (len > SolInvokeSigned.MaxSigners) return new SyscallError(SyscallErrorKind.TooManySigners, "Too many signers");
        var outerCopy = outer.ToArray();
        signers = new Pubkey[(int)len];
        for (var s = 0; s < signers.Length; s++)
        {
            var seedsPtr = BinaryPrimitives.ReadUInt64LittleEndian(outerCopy.AsSpan(s * SliceSize));
            var seedsLen = BinaryPrimitives.ReadUInt64LittleEndian(outerCopy.AsSpan(s * SliceSize + 8));
            e = GuestMemory.TranslateSlice(vm, AccessType.Load, seedsPtr, seedsLen, SliceSize, 8, out var inner);
            if (e != null) return e;
            if (seedsLen > (ulong)ProgramAddress.MaxSeeds) return SyscallErrors.From(InstructionErrorKind.MaxSeedLengthExceeded);
            var innerCopy = inner.ToArray();
            var seeds = new byte[(int)seedsLen][];
            for (var i = 0; i < seeds.Length; i++)
            {
                var ptr = BinaryPrimitives.ReadUInt64LittleEndian(innerCopy.AsSpan(i * SliceSize));
                var n = BinaryPrimitives.ReadUInt64LittleEndian(innerCopy.AsSpan(i * SliceSize + 8));
                e = GuestMemory.TranslateSlice(vm, AccessType.Load, ptr, n, 1, 1, out var seed);
                if (e != null) return e;
                seeds[i] = seed.ToArray();
            }
            if (ProgramAddress.TryCreate(seeds, callerProgramId, out signers[s]) is { } reason) return SyscallFailures.BadSeeds(reason);
        }
        return null;
    }
}
