using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;
using Stratus.Runtime.Programs.System;
using static Stratus.Runtime.Programs.Bpf.UpgradeableInstructions.LoaderAccounts;

namespace Stratus.Runtime.Programs.Bpf.UpgradeableInstructions;

/// <summary>
/// ExtendProgram. Accounts: 0 ProgramData (writable), 1 program (writable), 2 System program and 3 payer (signer),
/// needed only when ProgramData must be topped up to stay rent-exempt. ProgramData grows, the program is
/// redeployed from it, and its slot becomes the current one.
/// </summary>
internal static class ExtendProgramInstruction
{
    private const int ProgramDataIndex = 0;
    private const int ProgramIndex = 1;
    private const int PayerIndex = 3;

    public static InstructionError? Process(InvokeContext ctx, in Pubkey loaderId, uint additionalBytes)
    {
        if (additionalBytes == 0) return ctx.Fail("Additional bytes must be greater than 0", InstructionErrorKind.InvalidInstructionData);
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        InstructionError? error;

        Pubkey programDataKey, programKey;
        long newLength;
        ulong slot, requiredPayment;
        Pubkey? upgradeAuthority;
        {
            using var programData = tx.BorrowInstructionAccount(ix, ProgramDataIndex, out error);
            if (error != null) return error;
            programDataKey = programData.Key;
            if (programData.Owner != loaderId) return ctx.Fail("ProgramData owner is invalid", InstructionErrorKind.InvalidAccountOwner);
            if (!programData.IsWritable) return ctx.Fail("ProgramData is not writable", InstructionErrorKind.InvalidArgument);
            {
                using var program = tx.BorrowInstructionAccount(ix, ProgramIndex, out error);
                if (error != null) return error;
                if (!program.IsWritable) return ctx.Fail("Program account is not writable", InstructionErrorKind.InvalidArgument);
                if (program.Owner != loaderId) return ctx.Fail("Program account not owned by loader", InstructionErrorKind.InvalidAccountOwner);
                programKey = program.Key;
                if ((error = UpgradeableLoaderState.Read(program.Data, out var programState)) != null) return error;
                if (programState.Kind != UpgradeableLoaderStateKind.Program) return ctx.Fail("Invalid Program account", InstructionErrorKind.InvalidAccountData);
                if (programState.Address != programDataKey) return ctx.Fail("Program account does not match ProgramData account", InstructionErrorKind.InvalidArgument);
            }

            newLength = (long)programData.DataLength + additionalBytes;
            if (newLength > AccountLimits.MaxPermittedDataLength) return ctx.Fail($"Extended ProgramData length of {newLength} bytes exceeds max account data length of {AccountLimits.MaxPermittedDataLength} bytes", InstructionErrorKind.InvalidRealloc);
            if ((error = CurrentSlot(ctx, out slot)) != null) return error;
            if ((error = UpgradeableLoaderState.Read(programData.Data, out var state)) != null) return error;
            if (state.Kind != UpgradeableLoaderStateKind.ProgramData) return ctx.Fail("ProgramData state is invalid", InstructionErrorKind.InvalidAccountData);
            if (slot == state.Slot) return ctx.Fail("Program was extended in this block already", InstructionErrorKind.InvalidArgument);
            if (state.Authority == null) return ctx.Fail("Cannot extend ProgramData accounts that are not upgradeable", InstructionErrorKind.Immutable);
            upgradeAuthority = state.Authority;
            if ((error = ctx.Environment.Sysvars.GetRent(out var rent)) != null) return error;
            var minimum = Math.Max(1, rent.MinimumBalance((ulong)newLength));
            requiredPayment = minimum > programData.Lamports ? minimum - programData.Lamports : 0;
        }

        if (requiredPayment > 0)
        {
            if ((error = KeyOf(tx, ix, PayerIndex, out var payerKey)) != null) return error;
            var (metas, data) = SystemCalls.Transfer(payerKey, programDataKey, requiredPayment);
            error = NativeInvoke.Invoke(ctx, ProgramIds.System, metas, data);
            if (error != null) return error;
        }

        ix = tx.CurrentInstructionContext;
        {
            using var programData = tx.BorrowInstructionAccount(ix, ProgramDataIndex, out error);
            if (error != null) return error;
            if ((error = programData.SetDataLength(newLength)) != null) return error;
            if (programData.DataLength < UpgradeableLoaderState.ProgramDataMetadataSize) return new InstructionError(InstructionErrorKind.AccountDataTooSmall);
            error = ProgramDeployment.Deploy(ctx, programKey, loaderId, programData.Data[UpgradeableLoaderState.ProgramDataMetadataSize..], slot);
            if (error != null) return error;
        }
        {
            using var programData = tx.BorrowInstructionAccount(ix, ProgramDataIndex, out error);
            if (error != null) return error;
            if ((error = SetState(programData, UpgradeableLoaderState.ProgramData(slot, upgradeAuthority))) != null) return error;
        }

        ctx.Msg($"Extended ProgramData account by {additionalBytes} bytes");
        return null;
    }
}
