using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Transactions;
using Stratus.Runtime.Sysvars;
using Stratus.Sbpf.Syscalls;

namespace Stratus.Runtime.Context;

/// <summary>
/// The accounts of one transaction and its instruction trace while it executes (Agave's
/// <c>TransactionContext</c>, transaction-context 2.2): account borrowing, the instruction stack and
/// trace with their limits, the lamport-sum check on push and pop, return data, and the net data growth.
/// </summary>
public sealed class TransactionContext
{
    /// <summary>MAX_INSTRUCTION_STACK_DEPTH: the top level counts as 1.</summary>
    public const int DefaultInstructionStackCapacity = 5;

    /// <summary>MAX_INSTRUCTION_TRACE_LENGTH.</summary>
    public const int DefaultInstructionTraceCapacity = 64;

    private readonly TransactionAccount[] _accounts;
    private readonly bool[] _borrowed;
    private readonly bool[] _touched;
    private readonly List<InstructionContext> _trace = new();
    private readonly List<int> _stack = new();
    private readonly int _instructionsSysvarIndex;
    private int _topLevelInstructionIndex;
    private long _accountsResizeDelta;

    public TransactionContext(TransactionAccount[] accounts, Rent rent,
        int instructionStackCapacity = DefaultInstructionStackCapacity,
        int instructionTraceCapacity = DefaultInstructionTraceCapacity)
    {
        _accounts = accounts;
        _borrowed = new bool[accounts.Length];
        _touched = new bool[accounts.Length];
        Rent = rent;
        InstructionStackCapacity = instructionStackCapacity;
        InstructionTraceCapacity = instructionTraceCapacity;
        _trace.Add(new InstructionContext());
        _instructionsSysvarIndex = FindIndexOfAccount(SysvarIds.Instructions);
    }

    public Rent Rent { get; }

    /// <summary><c>remove_accounts_executable_flag_checks</c> (SIMD-0162): the executable flag no longer freezes accounts.</summary>
    public bool RemoveAccountsExecutableFlagChecks { get; set; } = true;

    /// <summary>
    /// Agave's <c>ComputeBudget.invoke_units</c>, charged by every CPI. Like the stack and trace capacities it is
    /// fixed per transaction (a harness's fixed budget may change it); Tachyon's default is 1,000.
    /// </summary>
    public ulong InvokeUnits { get; init; } = SyscallCosts.InvokeUnits;

    public int InstructionStackCapacity { get; }

    public int InstructionTraceCapacity { get; }

    public int AccountCount => _accounts.Length;

    /// <summary>Every account of the transaction, in message order (what the input serializer reads).</summary>
    public ReadOnlySpan<TransactionAccount> Accounts => _accounts;

    public TransactionReturnData ReturnData { get; private set; } = TransactionReturnData.Empty;

    /// <summary>Net bytes of account data added by this transaction so far (capped at 20 MiB growth).</summary>
    public ref long AccountsResizeDelta => ref _accountsResizeDelta;

    public Pubkey KeyAt(int index) => _accounts[index].Key;

    public Account AccountAt(int index) => _accounts[index].Account;

    public InstructionError? GetKey(int index, out Pubkey key)
    {
        if ((uint)index >= (uint)_accounts.Length)
        {
            key = default;
            return new InstructionError(InstructionErrorKind.NotEnoughAccountKeys);
        }
        key = _accounts[index].Key;
        return null;
    }

    /// <summary>First account with <paramref name="key"/>, or -1.</summary>
    public int FindIndexOfAccount(in Pubkey key)
    {
        for (var i = 0; i < _accounts.Length; i++)
            if (_accounts[i].Key == key) return i;
        return -1;
    }

    /// <summary>Last account with <paramref name="key"/> (Agave searches program accounts from the end), or -1.</summary>
    public int FindIndexOfProgramAccount(in Pubkey key)
    {
        for (var i = _accounts.Length - 1; i >= 0; i--)
            if (_accounts[i].Key == key) return i;
        return -1;
    }

    /// <summary>Instructions in the trace, not counting the empty one reserved for the next push.</summary>
    public int InstructionTraceLength => _trace.Count - 1;

    public int StackHeight => _stack.Count;

    public InstructionContext GetInstructionContextAtTraceIndex(int index) => _trace[index];

    public InstructionError? GetInstructionContextAtNestingLevel(int level, out InstructionContext context)
    {
        context = null!;
        if ((uint)level >= (uint)_stack.Count) return new InstructionError(InstructionErrorKind.CallDepth);
        context = _trace[_stack[level]];
        return null;
    }

    public InstructionError? GetCurrentInstructionContext(out InstructionContext context) =>
        GetInstructionContextAtNestingLevel(_stack.Count - 1, out context);

    /// <summary>The current instruction; throws when none is executing (a runtime bug, not a program error).</summary>
    public InstructionContext CurrentInstructionContext =>
        _stack.Count > 0 ? _trace[_stack[^1]] : throw new InvalidOperationException("no instruction is executing");

    /// <summary>The empty context the next <see cref="Push"/> will run.</summary>
    public InstructionContext NextInstructionContext => _trace[^1];

    /// <summary>Agave's <c>push</c>: checks the caller stayed balanced, records the callee's lamport sum, enforces trace and depth limits.</summary>
    public InstructionError? Push()
    {
        var nestingLevel = _stack.Count;
        var callee = _trace[^1];
        var error = LamportSum(callee, out var calleeSum);
        if (error != null) return error;
        if (_stack.Count > 0)
        {
            var caller = _trace[_stack[^1]];
            error = LamportSum(caller, out var current);
            if (error != null) return error;
            if (caller.LamportSum != current) return new InstructionError(InstructionErrorKind.UnbalancedInstruction);
        }
        callee.NestingLevel = nestingLevel;
        callee.LamportSum = calleeSum;
        var indexInTrace = InstructionTraceLength;
        if (indexInTrace >= InstructionTraceCapacity) return new InstructionError(InstructionErrorKind.MaxInstructionTraceLengthExceeded);
        _trace.Add(new InstructionContext());
        if (nestingLevel >= InstructionStackCapacity) return new InstructionError(InstructionErrorKind.CallDepth);
        _stack.Add(indexInTrace);
        if (_instructionsSysvarIndex >= 0)
        {
            if (_borrowed[_instructionsSysvarIndex]) return new InstructionError(InstructionErrorKind.AccountBorrowFailed);
            var data = _accounts[_instructionsSysvarIndex].Account.DataMut;
            // The instructions sysvar ends with the index of the executing top-level instruction.
            if (data.Length >= 2)
                BinaryPrimitives.WriteUInt16LittleEndian(data[^2..], (ushort)_topLevelInstructionIndex);
        }
        return null;
    }

    /// <summary>Agave's <c>pop</c>: always pops, then reports an unbalanced instruction or an outstanding borrow.</summary>
    public InstructionError? Pop()
    {
        if (_stack.Count == 0) return new InstructionError(InstructionErrorKind.CallDepth);
        var context = _trace[_stack[^1]];
        InstructionError? error = null;
        foreach (var program in context.ProgramAccounts)
        {
            if (program >= _accounts.Length) { error = new InstructionError(InstructionErrorKind.NotEnoughAccountKeys); break; }
            if (_borrowed[program]) { error = new InstructionError(InstructionErrorKind.AccountBorrowOutstanding); break; }
        }
        bool unbalanced = false;
        if (error == null)
        {
            error = LamportSum(context, out var sum);
            if (error == null) unbalanced = sum != context.LamportSum;
        }
        _stack.RemoveAt(_stack.Count - 1);
        if (_stack.Count == 0) _topLevelInstructionIndex++;
        if (error != null) return error;
        return unbalanced ? new InstructionError(InstructionErrorKind.UnbalancedInstruction) : null;
    }

    public void SetReturnData(in Pubkey programId, byte[] data) => ReturnData = new TransactionReturnData(programId, data);

    private InstructionError? LamportSum(InstructionContext context, out UInt128 sum)
    {
        sum = 0;
        var accounts = context.Accounts;
        for (var i = 0; i < accounts.Length; i++)
        {
            if (context.GetDuplicateOf(i) != null) continue;
            var index = accounts[i].IndexInTransaction;
            if (index >= _accounts.Length) return new InstructionError(InstructionErrorKind.NotEnoughAccountKeys);
            if (_borrowed[index]) return new InstructionError(InstructionErrorKind.AccountBorrowOutstanding);
            sum += _accounts[index].Account.Lamports;
        }
        return null;
    }

    /// <summary>Borrows an account for the instruction (AccountBorrowFailed while it is already borrowed).</summary>
    internal InstructionError? TryBorrow(InstructionContext instruction, int indexInTransaction, int indexInInstruction, out BorrowedAccount account)
    {
        account = default;
        if ((uint)indexInTransaction >= (uint)_accounts.Length) return new InstructionError(InstructionErrorKind.MissingAccount);
        if (_borrowed[indexInTransaction]) return new InstructionError(InstructionErrorKind.AccountBorrowFailed);
        _borrowed[indexInTransaction] = true;
        account = new BorrowedAccount(this, instruction, indexInTransaction, indexInInstruction);
        return null;
    }

    internal void Release(int indexInTransaction) => _borrowed[indexInTransaction] = false;

    public bool IsBorrowed(int indexInTransaction) => _borrowed[indexInTransaction];

    internal void Touch(int indexInTransaction) => _touched[indexInTransaction] = true;

    public int TouchedCount => _touched.Count(static t => t);

    /// <summary>Sum of every account's lamports (null on overflow), for the whole-transaction balance check.</summary>
    public UInt128 TotalLamports()
    {
        UInt128 sum = 0;
        foreach (ref readonly var a in _accounts.AsSpan()) sum += a.Account.Lamports;
        return sum;
    }
}

/// <summary>Borrowing accounts of an instruction (Agave's <c>try_borrow_*_account</c>).</summary>
public static class InstructionAccountBorrowing
{
    /// <summary>
    /// Borrows instruction account <paramref name="index"/>; on failure <paramref name="error"/> is set
    /// and the returned value is empty. Use with <c>using var</c>.
    /// </summary>
    public static BorrowedAccount BorrowInstructionAccount(this TransactionContext transaction, InstructionContext instruction, int index, out InstructionError? error)
    {
        error = instruction.GetIndexInTransaction(index, out var indexInTransaction);
        if (error != null) return default;
        error = transaction.TryBorrow(instruction, indexInTransaction, instruction.ProgramAccountCount + index, out var account);
        return account;
    }

    /// <summary>Borrows program account <paramref name="index"/> (normally 0, the program being run).</summary>
    public static BorrowedAccount BorrowProgramAccount(this TransactionContext transaction, InstructionContext instruction, int index, out InstructionError? error)
    {
        error = instruction.GetProgramIndexInTransaction(index, out var indexInTransaction);
        if (error != null) return default;
        error = transaction.TryBorrow(instruction, indexInTransaction, index, out var account);
        return account;
    }

    public static BorrowedAccount BorrowLastProgramAccount(this TransactionContext transaction, InstructionContext instruction, out InstructionError? error) =>
        transaction.BorrowProgramAccount(instruction, Math.Max(0, instruction.ProgramAccountCount - 1), out error);
}
