using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;
using Stratus.Sbpf.Syscalls;

namespace Stratus.Runtime.Syscalls.Cpi;

/// <summary>
/// The caller's view of one writable CPI account (Agave's <c>CallerAccount</c> without direct mapping): the
/// guest addresses of its lamports, owner, serialized data and the length field of its account info.
/// Addresses, not spans, are kept because the callee runs in between; they are translated again on the way back.
/// </summary>
internal sealed class CallerAccounts
{
    private const int RustAccountInfoSize = 48;
    private const int CAccountInfoSize = 56;
    // Rc<RefCell<T>>: strong, weak, borrow flag, then the value.
    private const ulong RcRefCellValueOffset = 24;

    private ushort _indexInCaller;
    private ulong _lamportsAddr;
    private ulong _ownerAddr;
    private ulong _originalDataLength;
    private ulong _dataAddr;
    private ulong _dataLength;
    private ulong _lengthInInfoAddr;

    /// <summary>
    /// Agave's <c>translate_accounts</c> + <c>translate_and_update_accounts</c>: reads the account infos,
    /// charges for account data, syncs each non-executable account from the caller into the transaction,
    /// and returns the writable ones to sync back after the call.
    /// </summary>
    public static SyscallError? Translate(VmContext vm, InvokeContext ctx, CpiAbi abi, InstructionContext caller,
        InstructionAccount[] accounts, ushort[] indexInCaller, ulong infosAddr, ulong infosLen, out List<CallerAccounts> result)
    {
        result = [];
        var infoSize = abi == CpiAbi.Rust ? RustAccountInfoSize : CAccountInfoSize;
        var e = GuestMemory.TranslateSlice(vm, AccessType.Load, infosAddr, infosLen, infoSize, 8, out var infosSpan);
        if (e != null) return e;
        var features = ctx.Features;
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
            var callerAccount = new CallerAccounts { _indexInCaller = indexInCaller[i], _originalDataLength = metadata[indexInCaller[i]].OriginalDataLength };
            var infoAddr = infosAddr + (ulong)(position * infoSize);
            e = abi == CpiAbi.Rust
                ? callerAccount.FromRust(vm, ctx, infos.AsSpan(position * infoSize, infoSize))
                : callerAccount.FromC(vm, ctx, infoAddr, infos.AsSpan(position * infoSize, infoSize));
            if (e != null) return e;
            e = callerAccount.UpdateCallee(vm, tx, caller);
            if (e != null) return e;
            if (accounts[i].IsWritable) result.Add(callerAccount);
        }
        return null;
    }

    private SyscallError? FromRust(VmContext vm, InvokeContext ctx, ReadOnlySpan<byte> info)
    {
        var lamportsCell = BinaryPrimitives.ReadUInt64LittleEndian(info[8..]) + RcRefCellValueOffset;
        var dataCell = BinaryPrimitives.ReadUInt64LittleEndian(info[16..]) + RcRefCellValueOffset;
        _ownerAddr = BinaryPrimitives.ReadUInt64LittleEndian(info[24..]);
        var e = GuestMemory.TranslateType(vm, AccessType.Load, lamportsCell, 8, 8, out var lamportsRef);
        if (e != null) return e;
        _lamportsAddr = BinaryPrimitives.ReadUInt64LittleEndian(lamportsRef);
        e = GuestMemory.TranslateType(vm, AccessType.Store, _lamportsAddr, 8, 8, out _);
        if (e != null) return e;
        e = GuestMemory.TranslateType(vm, AccessType.Store, _ownerAddr, 32, 1, out _);
        if (e != null) return e;
        e = GuestMemory.TranslateType(vm, AccessType.Load, dataCell, 16, 8, out var slice);
        if (e != null) return e;
        _dataAddr = BinaryPrimitives.ReadUInt64LittleEndian(slice);
        _dataLength = BinaryPrimitives.ReadUInt64LittleEndian(slice[8..]);
        e = vm.ConsumeChecked(_dataLength / SyscallCosts.CpiBytesPerUnit);
        if (e != null) return e;
        _lengthInInfoAddr = dataCell + 8;
        if (!vm.Memory.TryMap(AccessType.Store, _lengthInInfoAddr, 8, out _, out var mapError)) return SyscallError.FromVm(mapError);
        return GuestMemory.TranslateSlice(vm, AccessType.Store, _dataAddr, _dataLength, 1, 1, out _);
    }

    private SyscallError? FromC(VmContext vm, InvokeContext ctx, ulong infoAddr, ReadOnlySpan<byte> info)
    {
        _lamportsAddr = BinaryPrimitives.ReadUInt64LittleEndian(info[8..]);
        _dataLength = BinaryPrimitives.ReadUInt64LittleEndian(info[16..]);
        _dataAddr = BinaryPrimitives.ReadUInt64LittleEndian(info[24..]);
        _ownerAddr = BinaryPrimitives.ReadUInt64LittleEndian(info[32..]);
        var e = GuestMemory.TranslateType(vm, AccessType.Store, _lamportsAddr, 8, 8, out _);
        if (e != null) return e;
        e = GuestMemory.TranslateType(vm, AccessType.Store, _ownerAddr, 32, 1, out _);
        if (e != null) return e;
        e = vm.ConsumeChecked(_dataLength / SyscallCosts.CpiBytesPerUnit);
        if (e != null) return e;
        e = GuestMemory.TranslateSlice(vm, AccessType.Store, _dataAddr, _dataLength, 1, 1, out _);
        if (e != null) return e;
        _lengthInInfoAddr = infoAddr + 16;
        if (!vm.Memory.TryMap(AccessType.Store, _lengthInInfoAddr, 8, out _, out var mapError)) return SyscallError.FromVm(mapError);
        return null;
    }

    private static Span<byte> Map(VmContext vm, ulong addr, ulong len)
    {
        if (len == 0) return default;
        vm.Memory.TryMap(AccessType.Store, addr, len, out var span, out _);
        return span;
    }

    /// <summary>Agave's <c>update_callee_account</c>: lamports, then data, then owner (last, so the others are still allowed).</summary>
    private SyscallError? UpdateCallee(VmContext vm, TransactionContext tx, InstructionContext caller)
    {
        using var callee = tx.BorrowInstructionAccount(caller, _indexInCaller, out var borrowError);
        if (borrowError != null) return SyscallErrors.From(borrowError.Value);
        var lamports = BinaryPrimitives.ReadUInt64LittleEndian(Map(vm, _lamportsAddr, 8));
        if (callee.Lamports != lamports && callee.SetLamports(lamports) is { } lamportsError) return SyscallErrors.From(lamportsError);
        var data = Map(vm, _dataAddr, _dataLength);
        var check = callee.CanDataBeResized(data.Length) ?? callee.CanDataBeChanged();
        if (check == null)
        {
            if (callee.SetDataFromSlice(data) is { } dataError) return SyscallErrors.From(dataError);
        }
        else if (!callee.Data.SequenceEqual(data)) return SyscallErrors.From(check.Value);
        var owner = new Pubkey(Map(vm, _ownerAddr, 32));
        if (callee.Owner != owner && callee.SetOwner(owner) is { } ownerError) return SyscallErrors.From(ownerError);
        return null;
    }

    /// <summary>
    /// Agave's <c>update_caller_account</c>: lamports and owner back into the caller's memory; a changed
    /// length (at most 10 KiB past the length at instruction start) is zero-filled on shrink and written to
    /// both the account info and the serialized input; then the data.
    /// </summary>
    public SyscallError? UpdateCaller(VmContext vm, InvokeContext ctx, InstructionContext caller)
    {
        var tx = ctx.Transaction;
        using var callee = tx.BorrowInstructionAccount(caller, _indexInCaller, out var borrowError);
        if (borrowError != null) return SyscallErrors.From(borrowError.Value);
        BinaryPrimitives.WriteUInt64LittleEndian(Map(vm, _lamportsAddr, 8), callee.Lamports);
        callee.Owner.AsSpan().CopyTo(Map(vm, _ownerAddr, 32));

        var prevLength = BinaryPrimitives.ReadUInt64LittleEndian(Map(vm, _lengthInInfoAddr, 8));
        var postLength = (ulong)callee.DataLength;
        if (prevLength != postLength)
        {
            if (postLength > _originalDataLength + SolInvokeSigned.MaxPermittedDataIncrease)
            {
                ctx.Msg($"Account data size realloc limited to {SolInvokeSigned.MaxPermittedDataIncrease} in inner instructions");
                return SyscallErrors.From(InstructionErrorKind.InvalidRealloc);
            }
            if (postLength < prevLength)
            {
                if (postLength > _dataLength) return SyscallErrors.From(InstructionErrorKind.AccountDataTooSmall);
                Map(vm, _dataAddr, _dataLength)[(int)postLength..].Clear();
            }
            var e = GuestMemory.TranslateSlice(vm, AccessType.Store, _dataAddr, postLength, 1, 1, out _);
            if (e != null) return e;
            _dataLength = postLength;
            BinaryPrimitives.WriteUInt64LittleEndian(Map(vm, _lengthInInfoAddr, 8), postLength);
            e = GuestMemory.TranslateType(vm, AccessType.Store, _dataAddr >= 8 ? _dataAddr - 8 : 0, 8, 8, out var serializedLength);
            if (e != null) return e;
            BinaryPrimitives.WriteUInt64LittleEndian(serializedLength, postLength);
        }
        callee.Data.CopyTo(Map(vm, _dataAddr, _dataLength));
        return null;
    }
}
