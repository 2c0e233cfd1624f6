using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;
using Stratus.Runtime.Serialization;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;
using Stratus.Sbpf.Syscalls;

namespace Stratus.Runtime.Syscalls.Cpi;

/// <summary>
/// The caller's view of one CPI account (Agave's <c>CallerAccount</c>): the guest addresses of its
/// lamports, owner, serialized data and the length field of its account info. Addresses, not spans, are
/// kept because the callee runs in between; they are translated again on the way back. Under
/// <c>bpf_account_data_direct_mapping</c> the data is the account's own buffer mapped as a region, so the
/// account-info pointers must be the serialized ones and only the realloc area is copied (see
/// CallerAccountSync.cs).
/// </summary>
internal sealed partial class CallerAccounts
{
    private const int RustAccountInfoSize = 48;
    private const int CAccountInfoSize = 56;
    // Rc<RefCell<T>>: strong, weak, borrow flag, then the value.
    private const ulong RcRefCellValueOffset = 24;

    private ushort _indexInCaller;
    private bool _directMapping;
    private bool _isLoaderDeprecated;
    private ulong _lamportsAddr;
    private ulong _ownerAddr;
    private ulong _originalDataLength;
    private ulong _dataAddr;
    private ulong _dataLength;
    private ulong _lengthInInfoAddr;

    /// <summary>Index of the account among the caller's instruction accounts.</summary>
    public ushort IndexInCaller => _indexInCaller;

    /// <summary>
    /// Agave's <c>translate_accounts</c> + <c>translate_and_update_accounts</c>: reads the account infos,
    /// charges for account data, syncs each non-executable account from the caller into the transaction,
    /// and returns the ones to sync back after the call (writable in the callee, or resized by the caller
    /// under direct mapping).
    /// </summary>
    public static SyscallError? Translate(VmContext vm, InvokeContext ctx, CpiAbi abi, InstructionContext caller,
        InstructionAccount[] accounts, ushort[] indexInCaller, ulong infosAddr, ulong infosLen, out List<CallerAccounts> result)
    {
        result = [];
        var infoSize = abi == CpiAbi.Rust ? RustAccountInfoSize : CAccountInfoSize;
        var features = ctx.Features;
        var directMapping = features.IsActive(FeatureId.BpfAccountDataDirectMapping);
        // The infos must not lie where a callee could rewrite them (inside the accounts' input).
        if (directMapping && SaturatingAdd(infosAddr, SaturatingMul(infosLen, (ulong)infoSize)) >= MemoryLayout.InputStart)
            return InvalidPointer;
        var e = GuestMemory.TranslateSlice(vm, AccessType.Load, infosAddr, infosLen, infoSize, 8, out var infosSpan);
        if (e != null) return e;
        if (features.IsActive(FeatureId.LoosenCpiSizeRestriction))
        {
            var max = features.IsActive(FeatureId.IncreaseTxAccountLockLimit) ? SolInvokeSigned.MaxAccountInfos : SolInvokeSigned.MaxAccountInfosBeforeLockIncrease;
            if (infosLen > (ulong)max)
                return new SyscallError(SyscallErrorKind.MaxInstructionAccountInfosExceeded,
                    $"Invoked an instruction with too many account info's ({infosLen} > {max})");
        }
        else if ((UInt128)infosLen * 32 > SolInvokeSigned.MaxCpiInstructionSize)
            return new SyscallError(SyscallErrorKind.TooManyAccounts, "Too many accounts passed to inner instruction");
        var infos = infosSpan.ToArray();
        var keys = new Pubkey[(int)infosLen];
        for (var i = 0; i < keys.Length; i++)
        {
            e = GuestMemory.TranslateType(vm, AccessType.Load, BinaryPrimitives.ReadUInt64LittleEndian(infos.AsSpan(i * infoSize)), 32, 1, out var key);
            if (e != null) return e;
            keys[i] = new Pubkey(key);
        }

        var tx = ctx.Transaction;
        bool isLoaderDeprecated;
        {
            using var program = tx.BorrowLastProgramAccount(caller, out var programError);
            if (programError != null) return SyscallErrors.From(programError.Value);
            isLoaderDeprecated = program.Owner == ProgramIds.BpfLoaderDeprecated;
        }
        var metadata = ctx.SyscallContext?.AccountsMetadata;
        var seen = new HashSet<ushort>();
        for (var i = 0; i < accounts.Length; i++)
        {
            // Duplicates are synced once, at their first position.
            if (!seen.Add(accounts[i].IndexInTransaction)) continue;
            var account = tx.AccountAt(accounts[i].IndexInTransaction);
            var key = tx.KeyAt(accounts[i].IndexInTransaction);
            if (account.Executable)
            {
                e = vm.ConsumeChecked((ulong)account.DataLength / SyscallCosts.CpiBytesPerUnit);
                if (e != null) return e;
                continue;
            }
            var position = Array.IndexOf(keys, key);
            if (position < 0)
            {
                ctx.Msg($"Instruction references an unknown account {key}");
                return SyscallErrors.From(InstructionErrorKind.MissingAccount);
            }
            if (metadata == null || indexInCaller[i] >= metadata.Count)
            {
                ctx.Msg($"Internal error: index mismatch for account {key}");
                return SyscallErrors.From(InstructionErrorKind.MissingAccount);
            }
            var serialized = metadata[indexInCaller[i]];
            var callerAccount = new CallerAccounts
            {
                _indexInCaller = indexInCaller[i],
                _directMapping = directMapping,
                _isLoaderDeprecated = isLoaderDeprecated,
                _originalDataLength = serialized.OriginalDataLength,
            };
            var infoAddr = infosAddr + (ulong)(position * infoSize);
            e = abi == CpiAbi.Rust
                ? callerAccount.FromRust(vm, ctx, infos.AsSpan(position * infoSize, infoSize), serialized)
                : callerAccount.FromC(vm, ctx, infoAddr, infos.AsSpan(position * infoSize, infoSize), serialized);
            if (e != null) return e;
            e = callerAccount.UpdateCallee(vm, tx, caller, out var mustUpdateCaller);
            if (e != null) return e;
            if (accounts[i].IsWritable || mustUpdateCaller) result.Add(callerAccount);
        }
        return null;
    }

    private SyscallError? FromRust(VmContext vm, InvokeContext ctx, ReadOnlySpan<byte> info, in SerializedAccountMetadata serialized)
    {
        var keyAddr = BinaryPrimitives.ReadUInt64LittleEndian(info);
        var lamportsCell = BinaryPrimitives.ReadUInt64LittleEndian(info[8..]) + RcRefCellValueOffset;
        var dataCell = BinaryPrimitives.ReadUInt64LittleEndian(info[16..]) + RcRefCellValueOffset;
        _ownerAddr = BinaryPrimitives.ReadUInt64LittleEndian(info[24..]);
        SyscallError? e;
        if (_directMapping)
        {
            e = CheckPointer(ctx, keyAddr, serialized.VmKeyAddr, "key") ?? CheckPointer(ctx, _ownerAddr, serialized.VmOwnerAddr, "owner");
            if (e != null) return e;
        }
        e = GuestMemory.TranslateType(vm, AccessType.Load, lamportsCell, 8, 8, out var lamportsRef);
        if (e != null) return e;
        _lamportsAddr = BinaryPrimitives.ReadUInt64LittleEndian(lamportsRef);
        if (_directMapping)
        {
            if (lamportsCell >= MemoryLayout.InputStart) return InvalidPointer;
            e = CheckPointer(ctx, _lamportsAddr, serialized.VmLamportsAddr, "lamports");
            if (e != null) return e;
        }
        e = GuestMemory.TranslateType(vm, AccessType.Store, _lamportsAddr, 8, 8, out _);
        if (e != null) return e;
        e = GuestMemory.TranslateType(vm, AccessType.Store, _ownerAddr, 32, 1, out _);
        if (e != null) return e;
        if (_directMapping && dataCell >= MemoryLayout.InputStart) return InvalidPointer;
        e = GuestMemory.TranslateType(vm, AccessType.Load, dataCell, 16, 8, out var slice);
        if (e != null) return e;
        _dataAddr = BinaryPrimitives.ReadUInt64LittleEndian(slice);
        _dataLength = BinaryPrimitives.ReadUInt64LittleEndian(slice[8..]);
        if (_directMapping)
        {
            e = CheckPointer(ctx, _dataAddr, serialized.VmDataAddr, "data");
            if (e != null) return e;
        }
        e = vm.ConsumeChecked(_dataLength / SyscallCosts.CpiBytesPerUnit);
        if (e != null) return e;
        _lengthInInfoAddr = dataCell + 8;
        if (_directMapping)
        {
            // Read and written lazily: only the address is fixed now.
            return _lengthInInfoAddr >= MemoryLayout.InputStart ? InvalidPointer : null;
        }
        if (!vm.Memory.TryMap(AccessType.Store, _lengthInInfoAddr, 8, out _, out var mapError)) return SyscallError.FromVm(mapError);
        return GuestMemory.TranslateSlice(vm, AccessType.Store, _dataAddr, _dataLength, 1, 1, out _);
    }

    private SyscallError? FromC(VmContext vm, InvokeContext ctx, ulong infoAddr, ReadOnlySpan<byte> info, in SerializedAccountMetadata serialized)
    {
        var keyAddr = BinaryPrimitives.ReadUInt64LittleEndian(info);
        _lamportsAddr = BinaryPrimitives.ReadUInt64LittleEndian(info[8..]);
        _dataLength = BinaryPrimitives.ReadUInt64LittleEndian(info[16..]);
        _dataAddr = BinaryPrimitives.ReadUInt64LittleEndian(info[24..]);
        _ownerAddr = BinaryPrimitives.ReadUInt64LittleEndian(info[32..]);
        SyscallError? e;
        if (_directMapping)
        {
            e = CheckPointer(ctx, keyAddr, serialized.VmKeyAddr, "key")
                ?? CheckPointer(ctx, _ownerAddr, serialized.VmOwnerAddr, "owner")
                ?? CheckPointer(ctx, _lamportsAddr, serialized.VmLamportsAddr, "lamports")
                ?? CheckPointer(ctx, _dataAddr, serialized.VmDataAddr, "data");
            if (e != null) return e;
        }
        e = GuestMemory.TranslateType(vm, AccessType.Store, _lamportsAddr, 8, 8, out _);
        if (e != null) return e;
        e = GuestMemory.TranslateType(vm, AccessType.Store, _ownerAddr, 32, 1, out _);
        if (e != null) return e;
        e = vm.ConsumeChecked(_dataLength / SyscallCosts.CpiBytesPerUnit);
        if (e != null) return e;
        if (!_directMapping)
        {
            e = GuestMemory.TranslateSlice(vm, AccessType.Store, _dataAddr, _dataLength, 1, 1, out _);
            if (e != null) return e;
        }
        _lengthInInfoAddr = infoAddr + 16;
        if (_directMapping) return null;
        if (!vm.Memory.TryMap(AccessType.Store, _lengthInInfoAddr, 8, out _, out var mapError)) return SyscallError.FromVm(mapError);
        return null;
    }

    /// <summary>Agave's <c>check_account_info_pointer</c>: under direct mapping an info field must point at its serialized place.</summary>
    private static SyscallError? CheckPointer(InvokeContext ctx, ulong actual, ulong expected, string field)
    {
        if (actual == expected) return null;
        ctx.Msg($"Invalid account info pointer `{field}': 0x{actual:x} != 0x{expected:x}");
        return InvalidPointer;
    }

    private static SyscallError InvalidPointer => new(SyscallErrorKind.InvalidPointer, "Invalid pointer");

    private static ulong SaturatingAdd(ulong a, ulong b) => a > ulong.MaxValue - b ? ulong.MaxValue : a + b;

    private static ulong SaturatingMul(ulong a, ulong b) => b != 0 && a > ulong.MaxValue / b ? ulong.MaxValue : a * b;
}
