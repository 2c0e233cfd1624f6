using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Syscalls.Cpi;

namespace Stratus.Runtime.Invoke;

/// <summary>
/// Agave's <c>InvokeContext::native_invoke</c>: a builtin calling another program. The instruction is
/// prepared exactly as a BPF CPI's (privilege checks against the caller, with <paramref name="signers"/>
/// standing in for PDA signatures) and then run like any other instruction; its units come from the
/// shared meter.
/// </summary>
public static class NativeInvocation
{
    public static InstructionError? NativeInvoke(this InvokeContext ctx, in Pubkey programId, (CpiAccountMeta[] Metas, byte[] Data) instruction, Pubkey[] signers) =>
        ctx.NativeInvoke(programId, instruction.Metas, instruction.Data, signers);

    public static InstructionError? NativeInvoke(this InvokeContext ctx, in Pubkey programId, CpiAccountMeta[] metas, ReadOnlyMemory<byte> data, Pubkey[] signers)
    {
        var tx = ctx.Transaction;
        var error = tx.GetCurrentInstructionContext(out var caller);
        if (error != null) return error;
        error = SolInvokeSigned.PrepareInstruction(ctx, caller, programId, metas, signers, out var accounts, out var indexInCaller, out var programIndex);
        if (error != null) return error;
        return ctx.ProcessInstruction(data, accounts, [programIndex], out _, indexInCaller);
    }
}
