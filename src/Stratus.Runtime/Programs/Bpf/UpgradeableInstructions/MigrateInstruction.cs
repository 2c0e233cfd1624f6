using Stratus.Core;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;
using Stratus.Runtime.Programs.LoaderV4;
using static Stratus.Runtime.Programs.Bpf.UpgradeableInstructions.LoaderAccounts;

namespace Stratus.Runtime.Programs.Bpf.UpgradeableInstructions;

/// <summary>
/// Migrate (only while enable_loader_v4 is active). Accounts: 0 ProgramData (writable), 1 program (writable),
/// 2 the upgrade authority or the migration authority (signer). The program account moves to loader v4 with
/// ProgramData's lamports; its ELF is copied over and deployed through loader-v4 instructions (finalized when
/// the program was immutable, handed back to the upgrade authority when the migration authority signed).
/// </summary>
internal static class MigrateInstruction
{
    /// <summary>The key that may migrate any program (migration_authority in Agave 2.2).</summary>
    public static readonly Pubkey MigrationAuthority = Pubkey.Parse("3Scf35jMNk2xXBD6areNjgMtXgp5ZspDhms8vdcbzC42");

    public static InstructionError? Process(InvokeContext ctx, in Pubkey loaderId)
    {
        if (!ctx.Features.IsActive(FeatureId.EnableLoaderV4)) return new InstructionError(InstructionErrorKind.InvalidInstructionData);
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        var error = ix.CheckNumberOfAccounts(3);
        if (error != null) return error;
        if ((error = KeyOf(tx, ix, 0, out var programDataKey)) != null) return error;
        if ((error = KeyOf(tx, ix, 1, out var programKey)) != null) return error;
        if ((error = KeyOf(tx, ix, 2, out var providedAuthority)) != null) return error;
        if ((error = CurrentSlot(ctx, out var slot)) != null) return error;

        long programLength = 0;
        Pubkey? upgradeAuthority = null;
        ulong programDataFunds;
        {
            using var programData = tx.BorrowInstructionAccount(ix, 0, out error);
            if (error != null) return error;
            if (!programData.IsWritable) return ctx.Fail("ProgramData account not writeable", InstructionErrorKind.InvalidArgument);
            if (UpgradeableLoaderState.TryRead(programData.Data, out var state) && state.Kind == UpgradeableLoaderStateKind.ProgramData)
            {
                if (slot == state.Slot) return ctx.Fail("Program was deployed in this block already", InstructionErrorKind.InvalidArgument);
                programLength = Math.Max(0, programData.DataLength - UpgradeableLoaderState.ProgramDataMetadataSize);
                upgradeAuthority = state.Authority;
            }
            programDataFunds = programData.Lamports;
        }

        if (providedAuthority != MigrationAuthority && providedAuthority != (upgradeAuthority ?? programKey)) return ctx.Fail("Incorrect migration authority provided", InstructionErrorKind.IncorrectAuthority);
        if ((error = IsSigner(ix, 2, out var signed)) != null) return error;
        if (!signed) return ctx.Fail("Migration authority did not sign", InstructionErrorKind.MissingRequiredSignature);

        {
            using var program = tx.BorrowInstructionAccount(ix, 1, out error);
            if (error != null) return error;
            if ((error = CheckProgramAccount(ctx, program, loaderId, programDataKey)) != null) return error;
            if ((error = program.SetDataFromSlice([])) != null) return error;
            if ((error = program.CheckedAddLamports(programDataFunds)) != null) return error;
            if ((error = program.SetOwner(ProgramIds.LoaderV4)) != null) return error;
        }
        {
            using var programData = tx.BorrowInstructionAccount(ix, 0, out error);
            if (error != null) return error;
            if ((error = programData.SetLamports(0)) != null) return error;
        }

        if (programLength == 0)
        {
            ctx.Programs.StoreModified(programKey, ProgramCacheEntry.Tombstone(ProgramCacheEntryKind.Closed, ProgramIds.LoaderV4, slot));
        }
        else
        {
            var length = (uint)programLength;
            error = NativeInvoke.Invoke(ctx, ProgramIds.LoaderV4,
                [new(programKey, false, true), new(providedAuthority, true, false), new(programKey, false, true)],
                LoaderV4Instruction.EncodeSetProgramLength(length));
            if (error != null) return error;
            error = NativeInvoke.Invoke(ctx, ProgramIds.LoaderV4,
                [new(programKey, false, true), new(providedAuthority, true, false), new(programDataKey, false, false)],
                LoaderV4Instruction.EncodeCopy(0, 0, length));
            if (error != null) return error;
            error = NativeInvoke.Invoke(ctx, ProgramIds.LoaderV4,
                [new(programKey, false, true), new(providedAuthority, true, false)],
                LoaderV4Instruction.Encode(LoaderV4InstructionKind.Deploy));
            if (error != null) return error;
            if (upgradeAuthority == null)
            {
                error = NativeInvoke.Invoke(ctx, ProgramIds.LoaderV4,
                    [new(programKey, false, true), new(providedAuthority, true, false), new(programKey, false, false)],
                    LoaderV4Instruction.Encode(LoaderV4InstructionKind.Finalize));
                if (error != null) return error;
            }
            else if (providedAuthority == MigrationAuthority)
            {
                error = NativeInvoke.Invoke(ctx, ProgramIds.LoaderV4,
                    [new(programKey, false, true), new(providedAuthority, true, false), new(upgradeAuthority.Value, true, false)],
                    LoaderV4Instruction.Encode(LoaderV4InstructionKind.TransferAuthority));
                if (error != null) return error;
            }
        }

        ix = tx.CurrentInstructionContext;
        {
            using var programData = tx.BorrowInstructionAccount(ix, 0, out error);
            if (error != null) return error;
            if ((error = programData.SetDataFromSlice([])) != null) return error;
        }
        ctx.Msg($"Migrated program {programKey}");
        return null;
    }
}
