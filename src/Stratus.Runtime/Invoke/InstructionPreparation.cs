using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;

namespace Stratus.Runtime.Invoke;

/// <summary>
/// Agave's <c>InvokeContext::prepare_instruction</c>, shared by builtins' <see cref="NativeInvoke"/> and the CPI
/// syscalls so both apply one set of privilege rules: every account must be one of the caller's; duplicates merge
/// their privileges; no writable or signer escalation unless signed for by the given signers; the callee must be
/// one of the caller's accounts and executable (before remove_accounts_executable_flag_checks), or, once
/// lift_cpi_caller_restriction is active, any program account of the transaction.
/// </summary>
public static class InstructionPreparation
{
    public static InstructionError? Prepare(InvokeContext ctx, InstructionContext caller, in Pubkey programId,
        ReadOnlySpan<NativeAccountMeta> metas, ReadOnlySpan<Pubkey> signers,
        out InstructionAccount[] accounts, out ushort[] indexInCaller, out ushort programIndex)
    {
        var tx = ctx.Transaction;
        accounts = [];
        indexInCaller = [];
        programIndex = 0;

        // Agave dedups with a quadratic scan over a handful of accounts; so does this, without a dictionary.
        Span<int> positions = metas.Length <= 64 ? stackalloc int[metas.Length] : new int[metas.Length];
        var dedup = new (ushort IndexInTransaction, ushort IndexInCaller, bool IsSigner, bool IsWritable)[metas.Length];
        var count = 0;
        for (var i = 0; i < metas.Length; i++)
        {
            var meta = metas[i];
            var indexInTransaction = tx.FindIndexOfAccount(meta.Key);
            if (indexInTransaction < 0) return ctx.Fail($"Instruction references an unknown account {meta.Key}", InstructionErrorKind.MissingAccount);
            var existing = -1;
            for (var j = 0; j < count; j++)
                if (dedup[j].IndexInTransaction == indexInTransaction) { existing = j; break; }
            if (existing >= 0)
            {
                positions[i] = existing;
                dedup[existing].IsSigner |= meta.IsSigner;
                dedup[existing].IsWritable |= meta.IsWritable;
                continue;
            }
            var callerIndex = caller.FindInstructionAccount(tx, meta.Key);
            if (callerIndex < 0) return ctx.Fail($"Instruction references an unknown account {meta.Key}", InstructionErrorKind.MissingAccount);
            positions[i] = count;
            dedup[count++] = ((ushort)indexInTransaction, (ushort)callerIndex, meta.IsSigner, meta.IsWritable);
        }
        for (var j = 0; j < count; j++)
        {
            var d = dedup[j];
            // Agave borrows each caller account for the check; an outstanding borrow fails it.
            using var account = tx.BorrowInstructionAccount(caller, d.IndexInCaller, out var borrowError);
            if (borrowError != null) return borrowError;
            if (d.IsWritable && !account.IsWritable) return ctx.Fail($"{account.Key}'s writable privilege escalated", InstructionErrorKind.PrivilegeEscalation);
            if (d.IsSigner && !(account.IsSigner || signers.Contains(account.Key))) return ctx.Fail($"{account.Key}'s signer privilege escalated", InstructionErrorKind.PrivilegeEscalation);
        }
        var prepared = new InstructionAccount[metas.Length];
        var callerIndexes = new ushort[metas.Length];
        for (var i = 0; i < metas.Length; i++)
        {
            var d = dedup[positions[i]];
            prepared[i] = new InstructionAccount(d.IndexInTransaction, d.IsSigner, d.IsWritable);
            callerIndexes[i] = d.IndexInCaller;
        }

        var error = FindProgram(ctx, caller, programId, out programIndex);
        if (error != null) return error;
        accounts = prepared;
        indexInCaller = callerIndexes;
        return null;
    }

    private static InstructionError? FindProgram(InvokeContext ctx, InstructionContext caller, in Pubkey programId, out ushort programIndex)
    {
        var tx = ctx.Transaction;
        programIndex = 0;
        if (ctx.Features.IsActive(FeatureId.LiftCpiCallerRestriction))
        {
            // Any program account of the transaction will do, whether or not the caller was given it.
            var index = tx.FindIndexOfProgramAccount(programId);
            if (index < 0) return ctx.Fail($"Unknown program {programId}", InstructionErrorKind.MissingAccount);
            programIndex = (ushort)index;
            return null;
        }
        var programInCaller = caller.FindInstructionAccount(tx, programId);
        if (programInCaller < 0) return ctx.Fail($"Unknown program {programId}", InstructionErrorKind.MissingAccount);
        using var program = tx.BorrowInstructionAccount(caller, programInCaller, out var error);
        if (error != null) return error;
        if (!ctx.Features.IsActive(FeatureId.RemoveAccountsExecutableFlagChecks) && !program.Executable) return ctx.Fail($"Account {programId} is not executable", InstructionErrorKind.AccountNotExecutable);
        programIndex = (ushort)program.IndexInTransaction;
        return null;
    }
}
