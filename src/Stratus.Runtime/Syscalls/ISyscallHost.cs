using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Serialization;

namespace Stratus.Runtime.Syscalls;

/// <summary>
/// What the context-dependent syscalls need from the runtime: Agave's <c>InvokeContext</c>,
/// <c>TransactionContext</c> and <c>SysvarCache</c> as bpf_loader's syscalls use them. The runtime's
/// invoke context implements it and stores itself in <see cref="Sbpf.VmContext.Host"/> before it runs
/// a program; a syscall that finds no host fails with <see cref="SyscallFailures.NoHost"/>.
/// </summary>
/// <remarks>
/// For the runtime: every member mirrors one Agave call, named in its comment. Methods that can
/// fail in Agave return the <see cref="InstructionError"/> Agave would return (the syscall passes it on
/// as the program's error); they never throw. Logging does not go through this interface: syscalls write
/// complete lines to <see cref="Sbpf.VmContext.LogSink"/>, which should be the transaction's log
/// collector (so its byte limit applies). Feature checks are not here either: the registry from
/// <see cref="RuntimeSyscalls.CreateRegistry"/> is built per feature set and its syscalls capture the
/// flags they need (abort_on_invalid_curve), like Agave's per-epoch program runtime environment.
/// </remarks>
public interface ISyscallHost
{
    /// <summary><c>InvokeContext::get_stack_height</c>: instruction contexts on the stack (1 for a top-level instruction).</summary>
    ulong StackHeight { get; }

    /// <summary><c>TransactionContext::get_return_data</c>: the data and the program that set it (default key when none).</summary>
    ReadOnlySpan<byte> GetReturnData(out Pubkey programId);

    /// <summary>
    /// <c>sol_set_return_data</c>'s tail: the current instruction context's last program key
    /// (<c>get_current_instruction_context()?.get_last_program_key()?</c>), then
    /// <c>TransactionContext::set_return_data(program_id, data)</c>. The data has at most 1,024 bytes.
    /// </summary>
    InstructionError? SetReturnData(ReadOnlySpan<byte> data);

    /// <summary><c>TransactionContext::get_instruction_trace_length</c>.</summary>
    int InstructionTraceLength { get; }

    /// <summary>
    /// <c>get_instruction_context_at_index_in_trace(index)</c>: its stack height, instruction data and
    /// number of instruction accounts. Called for 0 ≤ index &lt; <see cref="InstructionTraceLength"/>.
    /// </summary>
    InstructionError? GetTracedInstruction(int indexInTrace, out ulong stackHeight, out ReadOnlySpan<byte> data, out int accountCount);

    /// <summary><c>instruction_context.get_last_program_key(transaction_context)</c> for a traced instruction.</summary>
    InstructionError? GetTracedInstructionProgramId(int indexInTrace, out Pubkey programId);

    /// <summary>
    /// The <c>AccountMeta</c> of instruction account <paramref name="instructionAccountIndex"/> of a traced
    /// instruction: <c>get_key_of_account_at_index(get_index_of_instruction_account_in_transaction(i)?)?</c>,
    /// <c>is_instruction_account_signer(i)?</c>, <c>is_instruction_account_writable(i)?</c>.
    /// </summary>
    InstructionError? GetTracedInstructionAccount(int indexInTrace, int instructionAccountIndex, out Pubkey key, out bool isSigner, out bool isWritable);

    /// <summary>
    /// <c>SysvarCache::sysvar_id_to_buffer</c>: the cached account data of clock, epoch_schedule,
    /// epoch_rewards, rent, slot_hashes, stake_history or last_restart_slot (false for any other id or
    /// when the cache has none). Agave caches only data that bincode-deserializes as the sysvar's type
    /// (see <see cref="SysvarData.Deserializes"/>); the typed getters deserialize it again as Agave does.
    /// </summary>
    bool TryGetSysvarData(in Pubkey sysvarId, out ReadOnlySpan<byte> data);

    /// <summary><c>SysvarCache::get_fees</c> (deprecated Fees sysvar): its lamports_per_signature, false when absent.</summary>
    bool TryGetFeesSysvar(out ulong lamportsPerSignature);

    /// <summary><c>InvokeContext::get_epoch_total_stake</c>.</summary>
    ulong GetEpochTotalStake();

    /// <summary><c>InvokeContext::get_epoch_vote_account_stake</c> (0 for an unknown or non-vote account).</summary>
    ulong GetEpochVoteAccountStake(in Pubkey voteAccount);

    /// <summary>
    /// The heap allocator of the program currently running (the last syscall context's
    /// <c>allocator</c>); null when there is no syscall context (Agave: <c>InstructionError::CallDepth</c>).
    /// Create one per program invocation with the transaction's heap size.
    /// </summary>
    BpfAllocator? Allocator { get; }

    /// <summary>
    /// The running program's <c>syscall_context.accounts_metadata</c>: one entry per serialized
    /// instruction account, in Agave's order, with the guest address of its data and its length when
    /// serialized. Read only by the mem ops under bpf_account_data_direct_mapping; null when there is
    /// no syscall context (Agave: <c>InstructionError::CallDepth</c>).
    /// </summary>
    IReadOnlyList<SerializedAccountMetadata>? AccountsMetadata { get; }
}
