using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;
using Stratus.Runtime.Programs.System;
using Stratus.Runtime.Syscalls;
using static Stratus.Runtime.Programs.Bpf.UpgradeableInstructions.LoaderAccounts;

namespace Stratus.Runtime.Programs.Bpf.UpgradeableInstructions;

/// <summary>
/// DeployWithMaxDataLen. Accounts: 0 payer (signer), 1 ProgramData (the PDA of the program id), 2 program
/// (uninitialized, rent-exempt), 3 buffer, 4 Rent sysvar, 5 Clock sysvar, 6 System program, 7 authority (signer).
/// The buffer's lamports go to the payer, the payer creates ProgramData through the System program, the ELF is
/// verified and cached, copied into ProgramData, and the program account becomes executable.
/// </summary>
internal static class DeployInstruction
{
    public static InstructionError? Process(InvokeContext ctx, in Pubkey loaderId, ulong maxDataLength)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        var error = ix.CheckNumberOfAccounts(4);
        if (error != null) return error;
        if ((error = KeyOf(tx, ix, 0, out var payerKey)) != null) return error;
        if ((error = KeyOf(tx, ix, 1, out var programDataKey)) != null) return error;
        if ((error = RentAt(ctx, ix, 4, out var rent)) != null) return error;
        if ((error = ClockAt(ctx, ix, 5, out var clock)) != null) return error;
        if ((error = ix.CheckNumberOfAccounts(8)) != null) return error;
        if ((error = KeyOf(tx, ix, 7, out var authorityKey)) != null) return error;

        Pubkey programId;
        {
            using var program = tx.BorrowInstructionAccount(ix, 2, out error);
            if (error != null) return error;
            if ((error = UpgradeableLoaderState.Read(program.Data, out var state)) != null) return error;
            if (state.Kind != UpgradeableLoaderStateKind.Uninitialized) return ctx.Fail("Program account already initialized", InstructionErrorKind.AccountAlreadyInitialized);
            if (program.DataLength < UpgradeableLoaderState.ProgramSize) return ctx.Fail("Program account too small", InstructionErrorKind.AccountDataTooSmall);
            if (program.Lamports < rent.MinimumBalance((ulong)program.DataLength)) return ctx.Fail("Program account not rent-exempt", InstructionErrorKind.ExecutableAccountNotRentExempt);
            programId = program.Key;
        }

        Pubkey bufferKey;
        long bufferDataLength;
        {
            using var buffer = tx.BorrowInstructionAccount(ix, 3, out error);
            if (error != null) return error;
            if ((error = CheckBuffer(ctx, buffer, ix, authorityKey, 7, out bufferDataLength)) != null) return error;
            bufferKey = buffer.Key;
        }
        if (maxDataLength < (ulong)bufferDataLength) return ctx.Fail("Max data length is too small to hold Buffer data", InstructionErrorKind.AccountDataTooSmall);
        // size_of_programdata saturates; anything past the account limit is refused below.
        var programDataLength = maxDataLength > (ulong)AccountLimits.MaxPermittedDataLength
            ? ulong.MaxValue
            : UpgradeableLoaderState.ProgramDataMetadataSize + maxDataLength;
        if (programDataLength > (ulong)AccountLimits.MaxPermittedDataLength) return ctx.Fail("Max data length is too large", InstructionErrorKind.InvalidArgument);

        if (!ProgramAddress.TryFind([programId.ToArray()], loaderId, out var derived, out var bump) || derived != programDataKey) return ctx.Fail("ProgramData address is not derived", InstructionErrorKind.InvalidArgument);

        // The buffer's lamports go to the payer before it pays for ProgramData.
        {
            using var buffer = tx.BorrowInstructionAccount(ix, 3, out error);
            if (error != null) return error;
            using var payer = tx.BorrowInstructionAccount(ix, 0, out error);
            if (error != null) return error;
            if ((error = payer.CheckedAddLamports(buffer.Lamports)) != null) return error;
            if ((error = buffer.SetLamports(0)) != null) return error;
        }

        var lamports = Math.Max(1, rent.MinimumBalance(programDataLength));
        // The buffer rides along so the callee's lamport sum includes it (Agave: avoids UnbalancedInstruction).
        var (createMetas, data) = SystemCalls.CreateAccount(payerKey, programDataKey, lamports, programDataLength, loaderId);
        NativeAccountMeta[] metas = [.. createMetas, new(bufferKey, false, true)];
        if ((error = ix.GetProgramKey(tx, out var callerProgramId)) != null) return error;
        var signerError = ProgramAddress.TryCreate([programId.ToArray(), [bump]], callerProgramId, out var signer);
        // solana-instruction turns a PubkeyError into Custom(discriminant).
        if (signerError != null) return InstructionError.FromCustom((uint)signerError.Value);
        error = NativeInvoke.Invoke(ctx, ProgramIds.System, metas, data, [signer]);
        if (error != null) return error;

        ix = tx.CurrentInstructionContext;
        {
            using var buffer = tx.BorrowInstructionAccount(ix, 3, out error);
            if (error != null) return error;
            if (buffer.DataLength < UpgradeableLoaderState.BufferMetadataSize) return new InstructionError(InstructionErrorKind.AccountDataTooSmall);
            error = ProgramDeployment.Deploy(ctx, programId, loaderId, buffer.Data[UpgradeableLoaderState.BufferMetadataSize..], clock.Slot);
            if (error != null) return error;
        }

        {
            using var programData = tx.BorrowInstructionAccount(ix, 1, out error);
            if (error != null) return error;
            if ((error = SetState(programData, UpgradeableLoaderState.ProgramData(clock.Slot, authorityKey))) != null) return error;
            if ((error = programData.GetDataMut(out var destination)) != null) return error;
            const int start = UpgradeableLoaderState.ProgramDataMetadataSize;
            if (destination.Length < start + bufferDataLength) return new InstructionError(InstructionErrorKind.AccountDataTooSmall);
            using var buffer = tx.BorrowInstructionAccount(ix, 3, out error);
            if (error != null) return error;
            if (buffer.DataLength < UpgradeableLoaderState.BufferMetadataSize) return new InstructionError(InstructionErrorKind.AccountDataTooSmall);
            buffer.Data[UpgradeableLoaderState.BufferMetadataSize..].CopyTo(destination[start..]);
            if ((error = buffer.SetDataLength(UpgradeableLoaderState.SizeOfBuffer(0))) != null) return error;
        }

        {
            using var program = tx.BorrowInstructionAccount(ix, 2, out error);
            if (error != null) return error;
            if ((error = SetState(program, UpgradeableLoaderState.Program(programDataKey))) != null) return error;
            if ((error = program.SetExecutable(true)) != null) return error;
        }

        ctx.Msg($"Deployed program {programId}");
        return null;
    }
}
