using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Errors;
using Stratus.Runtime.Logging;
using Stratus.Runtime.Programs;
using Stratus.Sbpf;

namespace Stratus.Runtime.Invoke;

/// <summary>
/// The pipeline from the runtime to a program (Agave's <c>InvokeContext</c>, program-runtime 2.2): the
/// transaction context, the program cache for the batch, the environment, the compute meter shared by
/// every VM of the transaction, the log collector, and the per-invocation syscall state. Programs are
/// pushed, dispatched to their builtin (the loader for BPF programs) and popped with Agave's logging.
/// It is the <see cref="Syscalls.ISyscallHost"/> the BPF loader puts in <see cref="VmContext.Host"/>
/// (InvokeContext.SyscallHost.cs).
/// </summary>
public sealed partial class InvokeContext
{
    private readonly List<SyscallContext?> _syscallContexts = new();

    public InvokeContext(TransactionContext transaction, ProgramCacheForTxBatch programs, EnvironmentConfig environment,
        LogCollector? log, ulong computeUnitLimit, uint heapSize)
    {
        Transaction = transaction;
        Programs = programs;
        Environment = environment;
        Log = log;
        ComputeUnitLimit = computeUnitLimit;
        HeapSize = heapSize;
        Meter = new ComputeMeter(computeUnitLimit);
    }

    public TransactionContext Transaction { get; }

    public ProgramCacheForTxBatch Programs { get; }

    public EnvironmentConfig Environment { get; }

    public FeatureSet Features => Environment.Features;

    public LogCollector? Log { get; }

    public ulong ComputeUnitLimit { get; }

    public uint HeapSize { get; }

    /// <summary>Remaining compute units; BPF VMs consume from it directly.</summary>
    public ComputeMeter Meter { get; }

    public ulong Remaining => Meter.Remaining;

    /// <summary>
    /// Set when execution reached something this runtime does not implement. The transaction's result is
    /// then unknown, and callers must not treat it as Agave's.
    /// </summary>
    public string? UnsupportedReason { get; private set; }

    public void MarkUnsupported(string reason) => UnsupportedReason ??= reason;

    public int StackHeight => Transaction.StackHeight;

    /// <summary>Agave's <c>consume_checked</c> for builtins: ComputationalBudgetExceeded when fewer units remain.</summary>
    public InstructionError? ConsumeChecked(ulong units)
    {
        var exceeded = Meter.Remaining < units;
        Meter.Consume(units);
        return exceeded ? new InstructionError(InstructionErrorKind.ComputationalBudgetExceeded) : null;
    }

    /// <summary>Logs through the collector (Agave's <c>ic_msg!</c>).</summary>
    public void Msg(string message) => Log?.Log(message);

    /// <summary>Logs <paramref name="message"/> and returns the error it explains (Agave's <c>ic_msg!</c> then <c>Err</c>).</summary>
    public InstructionError Fail(string message, InstructionErrorKind kind)
    {
        Msg(message);
        return new InstructionError(kind);
    }

    /// <summary>Agave's <c>push</c>: rejects reentrancy (a program on the stack may only call itself directly).</summary>
    public InstructionError? Push()
    {
        var next = Transaction.NextInstructionContext;
        if (next.GetProgramKey(Transaction, out var programId) != null)
            return new InstructionError(InstructionErrorKind.UnsupportedProgramId);
        var height = Transaction.StackHeight;
        if (height != 0)
        {
            var contains = false;
            for (var level = 0; level < height; level++)
            {
                Transaction.GetInstructionContextAtNestingLevel(level, out var ctx);
                if (ctx.GetProgramKey(Transaction, out var key) == null && key == programId) { contains = true; break; }
            }
            var isLast = Transaction.CurrentInstructionContext.GetProgramKey(Transaction, out var last) == null && last == programId;
            if (contains && !isLast) return new InstructionError(InstructionErrorKind.ReentrancyNotAllowed);
        }
        _syscallContexts.Add(null);
        return Transaction.Push();
    }

    private InstructionError? Pop()
    {
        if (_syscallContexts.Count > 0) _syscallContexts.RemoveAt(_syscallContexts.Count - 1);
        return Transaction.Pop();
    }

    /// <summary>
    /// Runs one instruction (top level or CPI): configures the next trace entry, pushes, dispatches, pops.
    /// <paramref name="computeUnitsConsumed"/> is what the program's own execution drew from the meter.
    /// </summary>
    public InstructionError? ProcessInstruction(ReadOnlyMemory<byte> data, ReadOnlySpan<InstructionAccount> accounts,
        ReadOnlySpan<ushort> programIndices, out ulong computeUnitsConsumed, ReadOnlySpan<ushort> indexInCaller = default)
    {
        computeUnitsConsumed = 0;
        Transaction.NextInstructionContext.Configure(programIndices, accounts, data, indexInCaller);
        var error = Push();
        if (error != null) return error;
        var result = ProcessExecutableChain(out computeUnitsConsumed);
        // Pop whenever push succeeded, whatever the result.
        var popError = Pop();
        return result ?? popError;
    }

    /// <summary>
    /// Agave 2.2's <c>process_precompile</c>: the instruction takes a trace entry and a stack level like any
    /// other but runs no program, logs nothing and consumes no compute units. <paramref name="verify"/> is
    /// null when the bank already verified precompiles (<c>move_precompile_verification_to_svm</c> inactive).
    /// The pop happens whatever the verification says.
    /// </summary>
    public InstructionError? ProcessPrecompile(ReadOnlyMemory<byte> data, ReadOnlySpan<InstructionAccount> accounts,
        ReadOnlySpan<ushort> programIndices, Func<InstructionError?>? verify)
    {
        Transaction.NextInstructionContext.Configure(programIndices, accounts, data, default);
        var error = Push();
        if (error != null) return error;
        var result = verify?.Invoke();
        var popError = Pop();
        return result ?? popError;
    }

    private InstructionError? ProcessExecutableChain(out ulong computeUnitsConsumed)
    {
        computeUnitsConsumed = 0;
        var instruction = Transaction.CurrentInstructionContext;
        Pubkey builtinId;
        {
            using var root = Transaction.BorrowProgramAccount(instruction, 0, out var borrowError);
            if (borrowError != null) return new InstructionError(InstructionErrorKind.UnsupportedProgramId);
            var owner = root.Owner;
            if (owner == ProgramIds.NativeLoader)
                builtinId = root.Key;
            else if (Features.IsActive(FeatureId.RemoveAccountsExecutableFlagChecks))
            {
                if (!Loaders.IsLoader(owner)) return new InstructionError(InstructionErrorKind.UnsupportedProgramId);
                builtinId = owner;
            }
            else
                builtinId = owner;
        }

        var builtin = Programs.FindBuiltin(builtinId);
        if (builtin == null) return new InstructionError(InstructionErrorKind.UnsupportedProgramId);

        instruction.GetProgramKey(Transaction, out var programId);
        Transaction.SetReturnData(programId, []);
        StableLog.ProgramInvoke(Log, programId, StackHeight);
        var before = Remaining;
        var failure = builtin.Process(this);
        if (failure == null) StableLog.ProgramSuccess(Log, programId);
        else StableLog.ProgramFailure(Log, programId, failure.LogText);
        computeUnitsConsumed = before > Remaining ? before - Remaining : 0;
        if (builtinId == programId && failure == null && computeUnitsConsumed == 0)
            return new InstructionError(InstructionErrorKind.BuiltinProgramsMustConsumeComputeUnits);
        return failure?.Error;
    }

    /// <summary>Agave's <c>get_check_aligned</c>: false only for programs of the deprecated loader.</summary>
    public bool CheckAligned()
    {
        if (Transaction.StackHeight == 0) return true;
        var ctx = Transaction.CurrentInstructionContext;
        if (ctx.ProgramAccountCount == 0) return true;
        return Transaction.AccountAt(ctx.ProgramAccounts[^1]).Owner != ProgramIds.BpfLoaderDeprecated;
    }

    public InstructionError? SetSyscallContext(SyscallContext context)
    {
        if (_syscallContexts.Count == 0) return new InstructionError(InstructionErrorKind.CallDepth);
        _syscallContexts[^1] = context;
        return null;
    }

    public SyscallContext? SyscallContext => _syscallContexts.Count == 0 ? null : _syscallContexts[^1];
}

/// <summary>Per-invocation state the syscalls of a BPF program share (Agave's <c>SyscallContext</c>).</summary>
public sealed class SyscallContext(ulong heapSize, IReadOnlyList<Serialization.SerializedAccountMetadata> accountsMetadata)
{
    private Syscalls.BpfAllocator? _allocator;

    public ulong HeapSize { get; } = heapSize;

    /// <summary>The heap allocator behind <c>sol_alloc_free_</c>; made on first use, as most programs never allocate.</summary>
    public Syscalls.BpfAllocator Allocator => _allocator ??= new Syscalls.BpfAllocator(HeapSize);

    public IReadOnlyList<Serialization.SerializedAccountMetadata> AccountsMetadata { get; } = accountsMetadata;
}
