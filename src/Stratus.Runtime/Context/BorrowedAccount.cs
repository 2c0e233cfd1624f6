using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Transactions;

namespace Stratus.Runtime.Context;

/// <summary>
/// An account borrowed by the executing instruction (Agave's <c>BorrowedAccount</c>): reads, and writes
/// checked against the instruction-wide privileges and the owner/executable rules, each failing with the
/// <see cref="InstructionError"/> Agave returns and leaving the account unchanged. Dispose releases the borrow.
/// </summary>
public ref struct BorrowedAccount
{
    private readonly TransactionContext? _transaction;
    private readonly InstructionContext? _instruction;
    private readonly int _indexInTransaction;
    private readonly int _indexInInstruction;
    private readonly Account? _account;

    internal BorrowedAccount(TransactionContext transaction, InstructionContext instruction, int indexInTransaction, int indexInInstruction)
    {
        _transaction = transaction;
        _instruction = instruction;
        _indexInTransaction = indexInTransaction;
        _indexInInstruction = indexInInstruction;
        _account = transaction.AccountAt(indexInTransaction);
    }

    public readonly bool IsValid => _account != null;

    public readonly int IndexInTransaction => _indexInTransaction;

    public readonly Account Account => _account!;

    public readonly Pubkey Key => _transaction!.KeyAt(_indexInTransaction);

    public readonly Pubkey Owner => _account!.Owner;

    public readonly ulong Lamports => _account!.Lamports;

    public readonly ReadOnlySpan<byte> Data => _account!.Data;

    public readonly int DataLength => _account!.DataLength;

    /// <summary>The stored flag (Agave deprecates reading it; owners decide executability now).</summary>
    public readonly bool Executable => _account!.Executable;

    public readonly ulong RentEpoch => _account!.RentEpoch;

    private readonly bool IsExecutableInternal => !_transaction!.RemoveAccountsExecutableFlagChecks && _account!.Executable;

    /// <summary>Instruction-wide signer flag; program accounts never sign.</summary>
    public readonly bool IsSigner
    {
        get
        {
            var programs = _instruction!.ProgramAccountCount;
            return _indexInInstruction >= programs && _instruction.IsSigner(_indexInInstruction - programs);
        }
    }

    /// <summary>Instruction-wide writable flag; program accounts are never writable.</summary>
    public readonly bool IsWritable
    {
        get
        {
            var programs = _instruction!.ProgramAccountCount;
            return _indexInInstruction >= programs && _instruction.IsWritable(_indexInInstruction - programs);
        }
    }

    /// <summary>The owner is the program running the instruction.</summary>
    public readonly bool IsOwnedByCurrentProgram =>
        _instruction!.GetProgramKey(_transaction!, out var program) == null && program == _account!.Owner;

    public readonly InstructionError? SetOwner(in Pubkey owner)
    {
        if (!IsOwnedByCurrentProgram || !IsWritable || IsExecutableInternal || !_account!.IsDataZeroed())
            return new InstructionError(InstructionErrorKind.ModifiedProgramId);
        if (_account.Owner == owner) return null;
        Touch();
        _account.Owner = owner;
        return null;
    }

    public readonly InstructionError? SetLamports(ulong lamports)
    {
        if (!IsOwnedByCurrentProgram && lamports < _account!.Lamports) return new InstructionError(InstructionErrorKind.ExternalAccountLamportSpend);
        if (!IsWritable) return new InstructionError(InstructionErrorKind.ReadonlyLamportChange);
        if (IsExecutableInternal) return new InstructionError(InstructionErrorKind.ExecutableLamportChange);
        if (_account!.Lamports == lamports) return null;
        Touch();
        _account.Lamports = lamports;
        return null;
    }

    public readonly InstructionError? CheckedAddLamports(ulong lamports)
    {
        var current = _account!.Lamports;
        if (ulong.MaxValue - current < lamports) return new InstructionError(InstructionErrorKind.ArithmeticOverflow);
        return SetLamports(current + lamports);
    }

    public readonly InstructionError? CheckedSubLamports(ulong lamports)
    {
        var current = _account!.Lamports;
        if (current < lamports) return new InstructionError(InstructionErrorKind.ArithmeticOverflow);
        return SetLamports(current - lamports);
    }

    /// <summary>Agave's <c>get_data_mut</c>: the data for in-place writes once <see cref="CanDataBeChanged"/> passes.</summary>
    public readonly InstructionError? GetDataMut(out Span<byte> data)
    {
        data = default;
        var error = CanDataBeChanged();
        if (error != null) return error;
        Touch();
        data = _account!.DataMut;
        return null;
    }

    public readonly InstructionError? SetDataFromSlice(ReadOnlySpan<byte> data)
    {
        var error = CanDataBeResized(data.Length) ?? CanDataBeChanged();
        if (error != null) return error;
        Touch();
        UpdateResizeDelta(data.Length);
        _account!.SetData(data);
        return null;
    }

    public readonly InstructionError? SetDataLength(long newLength)
    {
        var error = CanDataBeResized(newLength) ?? CanDataBeChanged();
        if (error != null) return error;
        if (_account!.DataLength == newLength) return null;
        Touch();
        UpdateResizeDelta(newLength);
        _account.Resize((int)newLength);
        return null;
    }

    public readonly InstructionError? ExtendFromSlice(ReadOnlySpan<byte> data)
    {
        var newLength = (long)_account!.DataLength + data.Length;
        var error = CanDataBeResized(newLength) ?? CanDataBeChanged();
        if (error != null) return error;
        if (data.IsEmpty) return null;
        Touch();
        UpdateResizeDelta(newLength);
        var old = _account.DataLength;
        _account.Resize((int)newLength);
        data.CopyTo(_account.DataMut[old..]);
        return null;
    }

    /// <summary>Agave's <c>set_state</c> for bincode-encoded state: AccountDataTooSmall when it does not fit.</summary>
    public readonly InstructionError? SetState(ReadOnlySpan<byte> serialized)
    {
        var error = GetDataMut(out var data);
        if (error != null) return error;
        if (serialized.Length > data.Length) return new InstructionError(InstructionErrorKind.AccountDataTooSmall);
        serialized.CopyTo(data);
        return null;
    }

    public readonly bool IsRentExemptAtDataLength(long dataLength) =>
        _transaction!.Rent.IsExempt(_account!.Lamports, (ulong)dataLength);

    public readonly InstructionError? SetExecutable(bool executable)
    {
        if (!_transaction!.Rent.IsExempt(_account!.Lamports, (ulong)_account.DataLength))
            return new InstructionError(InstructionErrorKind.ExecutableAccountNotRentExempt);
        if (!IsOwnedByCurrentProgram || !IsWritable) return new InstructionError(InstructionErrorKind.ExecutableModified);
        if (IsExecutableInternal && !executable) return new InstructionError(InstructionErrorKind.ExecutableModified);
        if (_account.Executable == executable) return null;
        Touch();
        _account.Executable = executable;
        return null;
    }

    public readonly InstructionError? CanDataBeChanged()
    {
        if (IsExecutableInternal) return new InstructionError(InstructionErrorKind.ExecutableDataModified);
        if (!IsWritable) return new InstructionError(InstructionErrorKind.ReadonlyDataModified);
        if (!IsOwnedByCurrentProgram) return new InstructionError(InstructionErrorKind.ExternalAccountDataModified);
        return null;
    }

    public readonly InstructionError? CanDataBeResized(long newLength)
    {
        var oldLength = (long)_account!.DataLength;
        if (newLength != oldLength && !IsOwnedByCurrentProgram) return new InstructionError(InstructionErrorKind.AccountDataSizeChanged);
        if (newLength > AccountLimits.MaxPermittedDataLength) return new InstructionError(InstructionErrorKind.InvalidRealloc);
        var delta = newLength - oldLength;
        if (SaturatingAdd(_transaction!.AccountsResizeDelta, delta) > AccountLimits.MaxPermittedAccountsDataAllocationsPerTransaction)
            return new InstructionError(InstructionErrorKind.MaxAccountsDataAllocationsExceeded);
        return null;
    }

    private readonly void Touch() => _transaction!.Touch(_indexInTransaction);

    private readonly void UpdateResizeDelta(long newLength)
    {
        ref var delta = ref _transaction!.AccountsResizeDelta;
        delta = SaturatingAdd(delta, newLength - _account!.DataLength);
    }

    private static long SaturatingAdd(long a, long b)
    {
        var r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) return a < 0 ? long.MinValue : long.MaxValue;
        return r;
    }

    public void Dispose()
    {
        if (_transaction != null && _account != null) _transaction.Release(_indexInTransaction);
        this = default;
    }
}
