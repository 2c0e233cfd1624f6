using Stratus.Core;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;
using static Stratus.Runtime.Programs.Bpf.UpgradeableInstructions.LoaderAccounts;

namespace Stratus.Runtime.Programs.Bpf.UpgradeableInstructions;

/// <summary>
/// Upgrade. Accounts: 0 ProgramData, 1 program, 2 buffer, 3 spill, 4 Rent sysvar, 5 Clock sysvar, 6 authority
/// (signer). The buffer's ELF replaces the program's (the rest of ProgramData is zeroed), ProgramData is topped
/// up to rent exemption from the buffer and everything else goes to the spill account.
/// </summary>
internal static class UpgradeInstruction
{
    public static InstructionError? Process(InvokeContext ctx, in Pubkey loaderId)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        var error = ix.CheckNumberOfAccounts(3);
        if (error != null) return error;
        if ((error = KeyOf(tx, ix, 0, out var programDataKey)) != null) return error;
        if ((error = RentAt(ctx, ix, 4, out var rent)) != null) return error;
        if ((error = ClockAt(ctx, ix, 5, out var clock)) != null) return error;
        if ((error = ix.CheckNumberOfAccounts(7)) != null) return error;
        if ((error = KeyOf(tx, ix, 6, out var authorityKey)) != null) return error;

        Pubkey programId;
        {
            using var program = tx.BorrowInstructionAccount(ix, 1, out error);
            if (error != null) return error;
            if (!ctx.Features.IsActive(FeatureId.RemoveAccountsExecutableFlagChecks) && !program.Executable) return ctx.Fail("Program account not executable", InstructionErrorKind.AccountNotExecutable);
            if ((error = CheckProgramAccount(ctx, program, loaderId, programDataKey)) != null) return error;
            programId = program.Key;
        }

        ulong bufferLamports;
        long bufferDataLength;
        {
            using var buffer = tx.BorrowInstructionAccount(ix, 2, out error);
            if (error != null) return error;
            if ((error = CheckBuffer(ctx, buffer, ix, authorityKey, 6, out bufferDataLength)) != null) return error;
            bufferLamports = buffer.Lamports;
        }

        ulong balanceRequired;
        {
            using var programData = tx.BorrowInstructionAccount(ix, 0, out error);
            if (error != null) return error;
            balanceRequired = Math.Max(1, rent.MinimumBalance((ulong)programData.DataLength));
            if (programData.DataLength < UpgradeableLoaderState.SizeOfProgramData(bufferDataLength)) return ctx.Fail("ProgramData account not large enough", InstructionErrorKind.AccountDataTooSmall);
            if (SaturatingAdd(programData.Lamports, bufferLamports) < balanceRequired) return ctx.Fail("Buffer account balance too low to fund upgrade", InstructionErrorKind.InsufficientFunds);
            if ((error = UpgradeableLoaderState.Read(programData.Data, out var state)) != null) return error;
            if (state.Kind != UpgradeableLoaderStateKind.ProgramData) return ctx.Fail("Invalid ProgramData account", InstructionErrorKind.InvalidAccountData);
            if (clock.Slot == state.Slot) return ctx.Fail("Program was deployed in this block already", InstructionErrorKind.InvalidArgument);
            if (state.Authority is not { } upgradeAuthority) return ctx.Fail("Program not upgradeable", InstructionErrorKind.Immutable);
            if (upgradeAuthority != authorityKey) return ctx.Fail("Incorrect upgrade authority provided", InstructionErrorKind.IncorrectAuthority);
            if ((error = IsSigner(ix, 6, out var signed)) != null) return error;
            if (!signed) return ctx.Fail("Upgrade authority did not sign", InstructionErrorKind.MissingRequiredSignature);
        }

        {
            using var buffer = tx.BorrowInstructionAccount(ix, 2, out error);
            if (error != null) return error;
            error = ProgramDeployment.Deploy(ctx, programId, loaderId, buffer.Data[UpgradeableLoaderState.BufferMetadataSize..], clock.Slot);
            if (error != null) return error;
        }

        ix = tx.CurrentInstructionContext;
        const int start = UpgradeableLoaderState.ProgramDataMetadataSize;
        using (var programData = tx.BorrowInstructionAccount(ix, 0, out error))
        {
            if (error != null) return error;
            if ((error = SetState(programData, UpgradeableLoaderState.ProgramData(clock.Slot, authorityKey))) != null) return error;
            if ((error = programData.GetDataMut(out var destination)) != null) return error;
            if (destination.Length < start + bufferDataLength) return new InstructionError(InstructionErrorKind.AccountDataTooSmall);
            {
                using var buffer = tx.BorrowInstructionAccount(ix, 2, out error);
                if (error != null) return error;
                buffer.Data[UpgradeableLoaderState.BufferMetadataSize..].CopyTo(destination[start..]);
            }
            if ((error = programData.GetDataMut(out destination)) != null) return error;
            destination[(int)(start + bufferDataLength)..].Clear();

            // Fund ProgramData to rent exemption; the rest is spilled.
            using var bufferAccount = tx.BorrowInstructionAccount(ix, 2, out error);
            if (error != null) return error;
            using var spill = tx.BorrowInstructionAccount(ix, 3, out error);
            if (error != null) return error;
            var spilled = SaturatingAdd(programData.Lamports, bufferLamports);
            spilled = spilled > balanceRequired ? spilled - balanceRequired : 0;
            if ((error = spill.CheckedAddLamports(spilled)) != null) return error;
            if ((error = bufferAccount.SetLamports(0)) != null) return error;
            if ((error = programData.SetLamports(balanceRequired)) != null) return error;
            if ((error = bufferAccount.SetDataLength(UpgradeableLoaderState.SizeOfBuffer(0))) != null) return error;
        }

        ctx.Msg($"Upgraded program {programId}");
        return null;
    }

    private static ulong SaturatingAdd(ulong a, ulong b) => ulong.MaxValue - a < b ? ulong.MaxValue : a + b;
}
