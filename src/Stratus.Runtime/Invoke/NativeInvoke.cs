using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;

namespace Stratus.Runtime.Invoke;

/// <summary>An account of an instruction a builtin invokes (Agave's <c>AccountMeta</c>).</summary>
public readonly record struct NativeAccountMeta(Pubkey Key, bool IsSigner, bool IsWritable);

/// <summary>
/// Agave's <c>InvokeContext::native_invoke</c>: a builtin calling another program. The instruction goes through
/// <c>prepare_instruction</c> (every account must be one of the caller's; duplicates merge their privileges;
/// no writable or signer escalation unless signed for by <paramref name="signers"/>; the callee must be one of
/// the caller's accounts and executable, or any transaction account once lift_cpi_caller_restriction is active),
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

        Span<int> positions = metas.Length <= 64 ? stackalloc int[metas.Length] : new int[metas.Length];
        var dedup = new List<(ushort IndexInTransaction, ushort IndexInCaller, bool IsSigner, bool IsWritable)>(metas.Length);
        for (var i = 0; i < metas.Length; i++)
        {
            var meta = metas[i];
            var indexInTransaction = tx.FindIndexOfAccount(meta.Key);
            if (indexInTransaction < 0)
            {
                ctx.Msg($"Instruction references an unknown account {meta.Key}");
                return new InstructionError(InstructionErrorKind.MissingAccount);
            }
            var existing = dedup.FindIndex(d => d.IndexInTransaction == indexInTransaction);
            if (existing >= 0)
            {
                positions[i] = existing;
                var d = dedup[existing];
                dedup[existing] = d with { IsSigner = d.IsSigner | meta.IsSigner, IsWritable = d.IsWritable | meta.IsWritable };
                continue;
            }
            var indexInCaller = caller.FindInstructionAccount(tx, meta.Key);
            if (indexInCaller < 0)
            {
                ctx.Msg($"Instruction references an unknown account {meta.Key}");
                return new InstructionError(InstructionErrorKind.MissingAccount);
            }
            positions[i] = dedup.Count;
            dedup.Add(((ushort)indexInTransaction, (ushort)indexInCaller, meta.IsSigner, meta.IsWritable));
        }
        foreach (var d in dedup)
        {
            // Agave borrows each caller account for the check; an outstanding borrow fails it.
            using var account = tx.BorrowInstructionAccount(caller, d.IndexInCaller, out error);
            if (error != null) return error;
            if (d.IsWritable && !account.IsWritable)
            {
                ctx.Msg($"{account.Key}'s writable privilege escalated");
                return new InstructionError(InstructionErrorKind.PrivilegeEscalation);
            }
            if (d.IsSigner && !(account.IsSigner || signers.Contains(account.Key)))
            {
                ctx.Msg($"{account.Key}'s signer privilege escalated");
                return new InstructionError(InstructionErrorKind.PrivilegeEscalation);
            }
        }
        var accounts = new InstructionAccount[metas.Length];
        var callerIndexes = new ushort[metas.Length];
        for (var i = 0; i < metas.Length; i++)
        {
            var d = dedup[positions[i]];
            accounts[i] = new InstructionAccount(d.IndexInTransaction, d.IsSigner, d.IsWritable);
            callerIndexes[i] = d.IndexInCaller;
        }

        ushort programIndex;
        if (ctx.Features.IsActive(FeatureId.LiftCpiCallerRestriction))
        {
            var index = tx.FindIndexOfProgramAccount(programId);
            if (index < 0)
            {
                ctx.Msg($"Unknown program {programId}");
                return new InstructionError(InstructionErrorKind.MissingAccount);
            }
            programIndex = (ushort)index;
        }
        else
        {
            var programInCaller = caller.FindInstructionAccount(tx, programId);
            if (programInCaller < 0)
            {
                ctx.Msg($"Unknown program {programId}");
                return new InstructionError(InstructionErrorKind.MissingAccount);
            }
            using var program = tx.BorrowInstructionAccount(caller, programInCaller, out error);
            if (error != null) return error;
            if (!ctx.Features.IsActive(FeatureId.RemoveAccountsExecutableFlagChecks) && !program.Executable)
            {
                ctx.Msg($"Account {programId} is not executable");
                return new InstructionError(InstructionErrorKind.AccountNotExecutable);
            }
            programIndex = (ushort)program.IndexInTransaction;
        }

        return ctx.ProcessInstruction(data, accounts, [programIndex], out _, callerIndexes);
    }
}
