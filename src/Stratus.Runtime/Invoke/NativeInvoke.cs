using Stratus.Core;
using Stratus.Core.Transactions;

namespace Stratus.Runtime.Invoke;

/// <summary>An account of an instruction a builtin or a CPI invokes (Agave's <c>AccountMeta</c>).</summary>
public readonly record struct NativeAccountMeta(Pubkey Key, bool IsSigner, bool IsWritable);

/// <summary>
/// Agave's <c>InvokeContext::native_invoke</c>: a builtin calling another program. The instruction goes through
/// <see cref="InstructionPreparation.Prepare"/> (Agave's <c>prepare_instruction</c>, shared with the CPI syscalls),
/// then runs like any CPI, with its own trace entry and logs.
/// </summary>
public static class NativeInvoke
{
    public static InstructionError? Invoke(InvokeContext ctx, in Pubkey programId, ReadOnlySpan<NativeAccountMeta> metas, byte[] data,
        ReadOnlySpan<Pubkey> signers = default)
    {
        var tx = ctx.Transaction;
        var error = tx.GetCurrentInstructionContext(out var caller);
        if (error != null) return error;
        error = InstructionPreparation.Prepare(ctx, caller, programId, metas, signers, out var accounts, out var indexInCaller, out var programIndex);
        if (error != null) return error;
        return ctx.ProcessInstruction(data, accounts, [programIndex], out _, indexInCaller);
    }
}
