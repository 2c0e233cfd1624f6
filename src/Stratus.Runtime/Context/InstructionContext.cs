using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Transactions;

namespace Stratus.Runtime.Context;

/// <summary>
/// One entry of a transaction's instruction trace (Agave's <c>InstructionContext</c>): the program account,
/// the instruction accounts with their instruction-wide privileges, the data, the nesting level and the sum
/// of the instruction accounts' lamports when it was pushed (for the lamport-sum invariant).
/// </summary>
public sealed class InstructionContext
{
    private static readonly ushort[] NoIndexes = [];

    private ushort[] _programAccounts = NoIndexes;
    private InstructionAccount[] _accounts = [];
    // For each instruction account: the position of the first account with the same transaction index.
    private ushort[] _indexInCallee = NoIndexes;
    // For each instruction account: its position among the caller's instruction accounts (CPI privilege checks).
    private ushort[] _indexInCaller = NoIndexes;
    private ReadOnlyMemory<byte> _data;

    internal int NestingLevel { get; set; }

    internal UInt128 LamportSum { get; set; }

    /// <summary>
    /// Sets what the instruction runs on. <paramref name="indexInCaller"/> is null for top-level instructions
    /// (the caller's view is the transaction's own).
    /// </summary>
    public void Configure(ReadOnlySpan<ushort> programAccounts, ReadOnlySpan<InstructionAccount> accounts, ReadOnlyMemory<byte> data, ReadOnlySpan<ushort> indexInCaller = default)
    {
        _programAccounts = programAccounts.ToArray();
        _accounts = accounts.ToArray();
        _data = data;
        var callee = accounts.Length == 0 ? NoIndexes : new ushort[accounts.Length];
        for (var i = 0; i < accounts.Length; i++)
        {
            var first = i;
            for (var j = 0; j < i; j++)
            {
                if (accounts[j].IndexInTransaction == accounts[i].IndexInTransaction)
                {
                    first = j;
                    break;
                }
            }
            callee[i] = (ushort)first;
        }
        _indexInCallee = callee;
        if (indexInCaller.IsEmpty)
        {
            var caller = accounts.Length == 0 ? NoIndexes : new ushort[accounts.Length];
            for (var i = 0; i < accounts.Length; i++) caller[i] = accounts[i].IndexInTransaction;
            _indexInCaller = caller;
        }
        else
        {
            _indexInCaller = indexInCaller.ToArray();
        }
    }

    /// <summary>How many instructions were on the stack once this one was pushed (top level = 1).</summary>
    public int StackHeight => NestingLevel + 1;

    public int ProgramAccountCount => _programAccounts.Length;

    public int AccountCount => _accounts.Length;

    public ReadOnlySpan<InstructionAccount> Accounts => _accounts;

    public ReadOnlySpan<ushort> ProgramAccounts => _programAccounts;

    public ReadOnlySpan<byte> Data => _data.Span;

    public ReadOnlyMemory<byte> DataMemory => _data;

    public InstructionError? CheckNumberOfAccounts(int expectedAtLeast) =>
        _accounts.Length < expectedAtLeast ? new InstructionError(InstructionErrorKind.NotEnoughAccountKeys) : null;

    public InstructionError? GetIndexInTransaction(int instructionAccountIndex, out ushort indexInTransaction)
    {
        if ((uint)instructionAccountIndex >= (uint)_accounts.Length)
        {
            indexInTransaction = 0;
            return new InstructionError(InstructionErrorKind.NotEnoughAccountKeys);
        }
        indexInTransaction = _accounts[instructionAccountIndex].IndexInTransaction;
        return null;
    }

    public InstructionError? GetProgramIndexInTransaction(int programAccountIndex, out ushort indexInTransaction)
    {
        if ((uint)programAccountIndex >= (uint)_programAccounts.Length)
        {
            indexInTransaction = 0;
            return new InstructionError(InstructionErrorKind.NotEnoughAccountKeys);
        }
        indexInTransaction = _programAccounts[programAccountIndex];
        return null;
    }

    /// <summary>The position of the first occurrence when the account at <paramref name="index"/> repeats an earlier one, else null.</summary>
    public int? GetDuplicateOf(int index) => _indexInCallee[index] == index ? null : _indexInCallee[index];

    internal ushort IndexInCaller(int index) => _indexInCaller[index];

    public bool IsSigner(int instructionAccountIndex) =>
        (uint)instructionAccountIndex < (uint)_accounts.Length && _accounts[instructionAccountIndex].IsSigner;

    public bool IsWritable(int instructionAccountIndex) =>
        (uint)instructionAccountIndex < (uint)_accounts.Length && _accounts[instructionAccountIndex].IsWritable;

    /// <summary>Agave's <c>is_instruction_account_signer</c>: MissingAccount when the index is out of range.</summary>
    public InstructionError? IsSigner(int instructionAccountIndex, out bool isSigner)
    {
        isSigner = false;
        if ((uint)instructionAccountIndex >= (uint)_accounts.Length) return new InstructionError(InstructionErrorKind.MissingAccount);
        isSigner = _accounts[instructionAccountIndex].IsSigner;
        return null;
    }

    /// <summary>The key of the last program account (the program being run).</summary>
    public InstructionError? GetProgramKey(TransactionContext transaction, out Pubkey key)
    {
        key = default;
        if (_programAccounts.Length == 0) return new InstructionError(InstructionErrorKind.NotEnoughAccountKeys);
        return transaction.GetKey(_programAccounts[^1], out key);
    }

    /// <summary>Position of the first instruction account with <paramref name="key"/>, or -1.</summary>
    public int FindInstructionAccount(TransactionContext transaction, in Pubkey key)
    {
        for (var i = 0; i < _accounts.Length; i++)
            if (transaction.KeyAt(_accounts[i].IndexInTransaction) == key) return i;
        return -1;
    }

    /// <summary>Whether <paramref name="key"/> is a signer of this instruction (Agave collects the signer set).</summary>
    public bool HasSigner(TransactionContext transaction, in Pubkey key)
    {
        foreach (ref readonly var a in _accounts.AsSpan())
            if (a.IsSigner && transaction.KeyAt(a.IndexInTransaction) == key) return true;
        return false;
    }

    internal void Reset()
    {
        _programAccounts = NoIndexes;
        _accounts = [];
        _indexInCallee = NoIndexes;
        _indexInCaller = NoIndexes;
        _data = default;
        NestingLevel = 0;
        LamportSum = 0;
    }
}
