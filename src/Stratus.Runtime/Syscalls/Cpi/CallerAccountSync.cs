using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;
using Stratus.Sbpf.Syscalls;

namespace Stratus.Runtime.Syscalls.Cpi;

/// <summary>
/// Syncing one CPI account between the caller's memory and the transaction (Agave 2.2 cpi.rs
/// <c>update_callee_account</c>, <c>update_caller_account_perms</c>, <c>update_caller_account</c>).
/// Under direct mapping the account data region maps the account's own buffer, so only the length, the
/// bytes in the realloc area, the regions' writability and (if the buffer moved) the region's host
/// buffer need updating.
/// </summary>
internal sealed partial class CallerAccounts
{
    private static Span<byte> Map(VmContext vm, ulong addr, ulong len)
    {
        if (len == 0) return default;
        vm.Memory.TryMap(AccessType.Store, addr, len, out var span, out _);
        return span;
    }

    /// <summary>
    /// Agave's <c>update_callee_account</c>: lamports, then data, then owner (last, so the others are still
    /// allowed). Under direct mapping the caller's new length is applied and the realloc area copied;
    /// <paramref name="mustUpdateCaller"/> is then set when the length changed.
    /// </summary>
    private SyscallError? UpdateCallee(VmContext vm, TransactionContext tx, InstructionContext caller, out bool mustUpdateCaller)
    {
        mustUpdateCaller = false;
        using var callee = tx.BorrowInstructionAccount(caller, _indexInCaller, out var borrowError);
        if (borrowError != null) return SyscallErrors.From(borrowError.Value);
        var lamports = BinaryPrimitives.ReadUInt64LittleEndian(Map(vm, _lamportsAddr, 8));
        if (callee.Lamports != lamports && callee.SetLamports(lamports) is { } lamportsError) return SyscallErrors.From(lamportsError);
        if (_directMapping)
        {
            var e = GuestMemory.TranslateType(vm, AccessType.Load, _lengthInInfoAddr, 8, 8, out var lengthField);
            if (e != null) return e;
            var postLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthField);
            var prevLength = (ulong)callee.DataLength;
            var check = callee.CanDataBeResized(ToLong(postLength)) ?? callee.CanDataBeChanged();
            if (check == null)
            {
                var reallocUsed = postLength > _originalDataLength ? postLength - _originalDataLength : 0;
                if (_isLoaderDeprecated && reallocUsed > 0) return SyscallErrors.From(InstructionErrorKind.InvalidRealloc);
                if (prevLength != postLength)
                {
                    if (callee.SetDataLength((long)postLength) is { } lengthError) return SyscallErrors.From(lengthError);
                    mustUpdateCaller = true;
                }
                if (reallocUsed > 0)
                {
                    e = GuestMemory.TranslateSlice(vm, AccessType.Load, _dataAddr + _originalDataLength, reallocUsed, 1, 1, out var grown);
                    if (e != null) return e;
                    if (callee.GetDataMut(out var target) is { } mutError) return SyscallErrors.From(mutError);
                    grown.CopyTo(target[(int)_originalDataLength..(int)postLength]);
                }
            }
            else if (prevLength != postLength) return SyscallErrors.From(check.Value);
        }
        else
        {
            var data = Map(vm, _dataAddr, _dataLength);
            var check = callee.CanDataBeResized(data.Length) ?? callee.CanDataBeChanged();
            if (check == null)
            {
                if (callee.SetDataFromSlice(data) is { } dataError) return SyscallErrors.From(dataError);
            }
            else if (!callee.Data.SequenceEqual(data)) return SyscallErrors.From(check.Value);
        }
        var owner = new Pubkey(Map(vm, _ownerAddr, 32));
        if (callee.Owner != owner && callee.SetOwner(owner) is { } ownerError) return SyscallErrors.From(ownerError);
        return null;
    }

    /// <summary>
    /// Agave's <c>update_caller_account_perms</c> (direct mapping only, for every account before any is
    /// updated): the data region and the realloc region become writable exactly when the caller may now
    /// change the account's data (the callee may have assigned it to the caller, or the reverse).
    /// </summary>
    public SyscallError? UpdatePermissions(VmContext vm, InvokeContext ctx, InstructionContext caller)
    {
        using var callee = ctx.Transaction.BorrowInstructionAccount(caller, _indexInCaller, out var borrowError);
        if (borrowError != null) return SyscallErrors.From(borrowError.Value);
        bool writable = callee.CanDataBeChanged() == null;
        if (_originalDataLength > 0)
        {
            var error = vm.Memory.FindRegion(_dataAddr, out var dataRegion);
            if (error != null) return SyscallError.FromVm(error);
            vm.Memory.SetWritable(dataRegion!, writable);
        }
        if (!_isLoaderDeprecated)
        {
            var error = vm.Memory.FindRegion(_dataAddr + _originalDataLength, out var reallocRegion);
            if (error != null) return SyscallError.FromVm(error);
            vm.Memory.SetWritable(reallocRegion!, writable);
        }
        return null;
    }

    /// <summary>
    /// Agave's <c>update_caller_account</c>: lamports and owner back into the caller's memory; a changed
    /// length (at most 10 KiB past the length at instruction start) is zero-filled on shrink and written to
    /// both the account info and the serialized input; then the data (under direct mapping: the region is
    /// pointed at the account's current buffer, stale bytes are cleared and only the realloc area copied).
    /// </summary>
    public SyscallError? UpdateCaller(VmContext vm, InvokeContext ctx, InstructionContext caller)
    {
        var tx = ctx.Transaction;
        using var callee = tx.BorrowInstructionAccount(caller, _indexInCaller, out var borrowError);
        if (borrowError != null) return SyscallErrors.From(borrowError.Value);
        BinaryPrimitives.WriteUInt64LittleEndian(Map(vm, _lamportsAddr, 8), callee.Lamports);
        callee.Owner.AsSpan().CopyTo(Map(vm, _ownerAddr, 32));
        var account = callee.Account;

        bool zeroAllMappedSpare = false;
        SyscallError? e;
        if (_directMapping && _originalDataLength > 0)
        {
            e = RemapDataRegion(vm, account, out zeroAllMappedSpare);
            if (e != null) return e;
        }

        ulong prevLength;
        if (_directMapping)
        {
            e = GuestMemory.TranslateType(vm, AccessType.Load, _lengthInInfoAddr, 8, 8, out var lengthField);
            if (e != null) return e;
            prevLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthField);
        }
        else
        {
            prevLength = BinaryPrimitives.ReadUInt64LittleEndian(Map(vm, _lengthInInfoAddr, 8));
        }
        var postLength = (ulong)callee.DataLength;
        if (prevLength != postLength)
        {
            ulong maxIncrease = _directMapping && !vm.CheckAligned ? 0UL : SolInvokeSigned.MaxPermittedDataIncrease;
            if (postLength > _originalDataLength + maxIncrease)
            {
                ctx.Msg($"Account data size realloc limited to {maxIncrease} in inner instructions");
                return SyscallErrors.From(InstructionErrorKind.InvalidRealloc);
            }
            if (postLength < prevLength)
            {
                if (_directMapping)
                {
                    // The data region is cleared below; here the part of the realloc area the caller had used.
                    if (prevLength > _originalDataLength)
                    {
                        var dirtyStart = Math.Max(_originalDataLength, postLength);
                        e = MapReallocArea(vm, _dataAddr + dirtyStart, prevLength - dirtyStart, out var dirty);
                        if (e != null) return e;
                        dirty.Clear();
                    }
                }
                else
                {
                    if (postLength > _dataLength) return SyscallErrors.From(InstructionErrorKind.AccountDataTooSmall);
                    Map(vm, _dataAddr, _dataLength)[(int)postLength..].Clear();
                }
            }
            if (!_directMapping)
            {
                e = GuestMemory.TranslateSlice(vm, AccessType.Store, _dataAddr, postLength, 1, 1, out _);
                if (e != null) return e;
                _dataLength = postLength;
                BinaryPrimitives.WriteUInt64LittleEndian(Map(vm, _lengthInInfoAddr, 8), postLength);
            }
            else
            {
                e = GuestMemory.TranslateType(vm, AccessType.Store, _lengthInInfoAddr, 8, 8, out var lengthField);
                if (e != null) return e;
                BinaryPrimitives.WriteUInt64LittleEndian(lengthField, postLength);
            }
            e = GuestMemory.TranslateType(vm, AccessType.Store, _dataAddr >= 8 ? _dataAddr - 8 : 0, 8, 8, out var serializedLength);
            if (e != null) return e;
            BinaryPrimitives.WriteUInt64LittleEndian(serializedLength, postLength);
        }

        if (!_directMapping)
        {
            callee.Data.CopyTo(Map(vm, _dataAddr, _dataLength));
            return null;
        }

        // Bytes past the new length that the caller's data region still maps must read as zero: those the
        // account just gave up, or all of them when the buffer is new.
        var spareEnd = zeroAllMappedSpare ? _originalDataLength : prevLength;
        if (spareEnd > postLength)
        {
            var spare = spareEnd - postLength;
            if ((ulong)(account.Capacity - account.DataLength) < spare) return SyscallErrors.From(InstructionErrorKind.AccountDataTooSmall);
            account.DataBuffer.AsSpan(account.DataLength, (int)spare).Clear();
        }
        var reallocUsed = postLength > _originalDataLength ? postLength - _originalDataLength : 0;
        if (reallocUsed > 0)
        {
            // The callee could grow the account, so the caller sees the bytes even if it cannot write them.
            e = MapReallocArea(vm, _dataAddr + _originalDataLength, reallocUsed, out var target);
            if (e != null) return e;
            account.Data[(int)_originalDataLength..(int)postLength].CopyTo(target);
        }
        return null;
    }

    /// <summary>
    /// The data region maps the account's buffer at its original length: make sure the buffer is still that
    /// large and that the region follows it if the callee's changes replaced it.
    /// </summary>
    private SyscallError? RemapDataRegion(VmContext vm, Account account, out bool bufferChanged)
    {
        bufferChanged = false;
        var error = vm.Memory.FindRegion(_dataAddr, out var region);
        if (error != null) return SyscallError.FromVm(error);
        if ((ulong)account.Capacity < _originalDataLength)
        {
            account.Reserve((int)_originalDataLength - account.DataLength);
            bufferChanged = true;
        }
        if (!ReferenceEquals(region!.Buffer, account.DataBuffer) || region.Offset != 0)
        {
            vm.Memory.Remap(region, account.DataBuffer, 0);
            bufferChanged = true;
        }
        return null;
    }

    /// <summary>
    /// Agave's <c>translate_slice_mut</c> into the realloc area with the region made writable for the
    /// duration (the state it had is put back, so here the write just ignores it).
    /// </summary>
    private static SyscallError? MapReallocArea(VmContext vm, ulong addr, ulong length, out Span<byte> bytes)
    {
        bytes = default;
        if (length == 0) return null;
        if (vm.Memory.Locate(AccessType.Load, addr, length, out var region, out int offset) != null)
            return SyscallError.FromVm(vm.Memory.AccessViolation(AccessType.Store, addr, length));
        bytes = region!.HostSpan(offset, (int)length);
        return null;
    }

    private static long ToLong(ulong value) => value > long.MaxValue ? long.MaxValue : (long)value;
}
