using Stratus.Core;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;
using Stratus.Runtime.Programs.System;
using Stratus.Runtime.Sysvars;

namespace Stratus.Runtime.Programs.Stake;

/// <summary>
/// The native Stake program (programs/stake stake_instruction.rs of Agave 2.2 as Tachyon ships it), used
/// while <c>migrate_stake_program_to_core_bpf</c> is inactive. Charges 750 CU. Each arm checks accounts,
/// sysvars and signers in Agave's order, since the first failing check decides the reported error.
/// </summary>
public sealed class StakeProgram : IBuiltinProgram
{
    public const ulong ComputeUnits = 750;

    public static readonly StakeProgram Instance = new();

    public ProgramFailure? Process(InvokeContext ctx) => ProgramFailure.FromResult(ctx.ConsumeChecked(ComputeUnits) ?? Execute(ctx));

    /// <summary>The minimum delegation: 1 SOL once <c>stake_raise_minimum_delegation_to_1_sol</c> is active, else 1 lamport.</summary>
    public static ulong MinimumDelegation(FeatureSet features) =>
        features.IsActive(FeatureId.StakeRaiseMinimumDelegationTo1Sol) ? 1_000_000_000UL : 1UL;

    private static InstructionError? Execute(InvokeContext ctx)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        var sysvars = ctx.Environment.Sysvars;
        Func<Pubkey, bool> isSigner = key => ix.HasSigner(tx, key);

        var instruction = StakeInstruction.Decode(ix.Data);
        if (instruction == null) return new InstructionError(InstructionErrorKind.InvalidInstructionData);
        // While rewards are being paid out, stake accounts are frozen.
        if (EpochRewardsActive(sysvars) && instruction.Kind != StakeInstructionKind.GetMinimumDelegation)
            return StakeError.EpochRewardsActive.ToInstructionError();

        InstructionError? error;
        switch (instruction.Kind)
        {
            case StakeInstructionKind.Initialize:
            {
                using var me = StakeAccount(tx, ix, out error);
                if (error != null) return error;
                if ((error = SysvarAccount(tx, ix, 1, SysvarIds.Rent)) != null) return error;
                if ((error = sysvars.GetRent(out var rent)) != null) return error;
                return StakeOperations.Initialize(me, instruction.Authorized, instruction.Lockup, rent);
            }
            case StakeInstructionKind.Authorize:
            {
                using var me = StakeAccount(tx, ix, out error);
                if (error != null) return error;
                if ((error = ClockWithCheck(ctx, ix, 1, out var clock)) != null) return error;
                if ((error = ix.CheckNumberOfAccounts(3)) != null) return error;
                if ((error = OptionalKey(tx, ix, 3, false, out var custodian)) != null) return error;
                return StakeOperations.Authorize(me, isSigner, instruction.NewAuthority, instruction.Role, clock, custodian);
            }
            case StakeInstructionKind.AuthorizeWithSeed:
            {
                using var me = StakeAccount(tx, ix, out error);
                if (error != null) return error;
                if ((error = ix.CheckNumberOfAccounts(2)) != null) return error;
                if ((error = ClockWithCheck(ctx, ix, 2, out var clock)) != null) return error;
                if ((error = OptionalKey(tx, ix, 3, false, out var custodian)) != null) return error;
                return StakeOperations.AuthorizeWithSeed(tx, ix, me, 1, instruction.Seed, instruction.SeedOwner,
                    instruction.NewAuthority, instruction.Role, clock, custodian);
            }
            case StakeInstructionKind.DelegateStake:
            {
                if ((error = CheckStakeAccount(tx, ix)) != null) return error;
                if ((error = ClockAndHistory(ctx, ix, out var clock, out var history)) != null) return error;
                if ((error = ix.CheckNumberOfAccounts(5)) != null) return error;
                return StakeOperations.Delegate(ctx, 0, 1, clock, history, isSigner);
            }
            case StakeInstructionKind.Split:
            {
                if ((error = CheckStakeAccount(tx, ix)) != null) return error;
                if ((error = ix.CheckNumberOfAccounts(2)) != null) return error;
                return StakeSplit.Split(ctx, 0, instruction.Lamports, 1, isSigner);
            }
            case StakeInstructionKind.Merge:
            {
                if ((error = CheckStakeAccount(tx, ix)) != null) return error;
                if ((error = ClockAndHistory(ctx, ix, out var clock, out var history)) != null) return error;
                return StakeMerge.Merge(ctx, 0, 1, clock, history, isSigner);
            }
            case StakeInstructionKind.Withdraw:
            {
                if ((error = CheckStakeAccount(tx, ix)) != null) return error;
                if ((error = ClockAndHistory(ctx, ix, out var clock, out var history)) != null) return error;
                if ((error = ix.CheckNumberOfAccounts(5)) != null) return error;
                int? custodianIndex = ix.AccountCount >= 6 ? 5 : null;
                return StakeOperations.Withdraw(tx, ix, 0, instruction.Lamports, 1, clock, history, 4, custodianIndex,
                    NewWarmupCooldownRateEpoch(ctx));
            }
            case StakeInstructionKind.Deactivate:
            {
                using var me = StakeAccount(tx, ix, out error);
                if (error != null) return error;
                if ((error = ClockWithCheck(ctx, ix, 1, out var clock)) != null) return error;
                return StakeOperations.Deactivate(me, clock, isSigner);
            }
            case StakeInstructionKind.SetLockup:
            {
                using var me = StakeAccount(tx, ix, out error);
                if (error != null) return error;
                if ((error = sysvars.GetClock(out var clock)) != null) return error;
                return StakeOperations.SetLockup(me, instruction.LockupArgs, isSigner, clock);
            }
            case StakeInstructionKind.InitializeChecked:
            {
                using var me = StakeAccount(tx, ix, out error);
                if (error != null) return error;
                if ((error = ix.CheckNumberOfAccounts(4)) != null) return error;
                if ((error = SystemProgram.KeyOf(tx, ix, 2, out var staker)) != null) return error;
                if ((error = SystemProgram.KeyOf(tx, ix, 3, out var withdrawer)) != null) return error;
                if ((error = RequireSigner(ix, 3)) != null) return error;
                if ((error = SysvarAccount(tx, ix, 1, SysvarIds.Rent)) != null) return error;
                if ((error = sysvars.GetRent(out var rent)) != null) return error;
                return StakeOperations.Initialize(me, new Authorized(staker, withdrawer), default, rent);
            }
            case StakeInstructionKind.AuthorizeChecked:
            {
                using var me = StakeAccount(tx, ix, out error);
                if (error != null) return error;
                if ((error = ClockWithCheck(ctx, ix, 1, out var clock)) != null) return error;
                if ((error = ix.CheckNumberOfAccounts(4)) != null) return error;
                if ((error = SystemProgram.KeyOf(tx, ix, 3, out var authority)) != null) return error;
                if ((error = RequireSigner(ix, 3)) != null) return error;
                if ((error = OptionalKey(tx, ix, 4, false, out var custodian)) != null) return error;
                return StakeOperations.Authorize(me, isSigner, authority, instruction.Role, clock, custodian);
            }
            case StakeInstructionKind.AuthorizeCheckedWithSeed:
            {
                using var me = StakeAccount(tx, ix, out error);
                if (error != null) return error;
                if ((error = ix.CheckNumberOfAccounts(2)) != null) return error;
                if ((error = ClockWithCheck(ctx, ix, 2, out var clock)) != null) return error;
                if ((error = ix.CheckNumberOfAccounts(4)) != null) return error;
                if ((error = SystemProgram.KeyOf(tx, ix, 3, out var authority)) != null) return error;
                if ((error = RequireSigner(ix, 3)) != null) return error;
                if ((error = OptionalKey(tx, ix, 4, false, out var custodian)) != null) return error;
                return StakeOperations.AuthorizeWithSeed(tx, ix, me, 1, instruction.Seed, instruction.SeedOwner,
                    authority, instruction.Role, clock, custodian);
            }
            case StakeInstructionKind.SetLockupChecked:
            {
                using var me = StakeAccount(tx, ix, out error);
                if (error != null) return error;
                if ((error = OptionalKey(tx, ix, 2, true, out var custodian)) != null) return error;
                var args = instruction.LockupArgs with { Custodian = custodian };
                if ((error = sysvars.GetClock(out var clock)) != null) return error;
                return StakeOperations.SetLockup(me, args, isSigner, clock);
            }
            case StakeInstructionKind.GetMinimumDelegation:
            {
                var minimum = new byte[8];
                global::System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(minimum, MinimumDelegation(ctx.Features));
                tx.SetReturnData(ProgramIds.Stake, minimum);
                return null;
            }
            case StakeInstructionKind.DeactivateDelinquent:
            {
                using var me = StakeAccount(tx, ix, out error);
                if (error != null) return error;
                if ((error = ix.CheckNumberOfAccounts(3)) != null) return error;
                if ((error = sysvars.GetClock(out var clock)) != null) return error;
                return StakeOperations.DeactivateDelinquent(tx, ix, me, 1, 2, clock.Epoch);
            }
            case StakeInstructionKind.Redelegate:
            {
                using var me = StakeAccount(tx, ix, out error);
                return error ?? new InstructionError(InstructionErrorKind.InvalidInstructionData);
            }
            case StakeInstructionKind.MoveStake:
            case StakeInstructionKind.MoveLamports:
            {
                if (!ctx.Features.IsActive(FeatureId.MoveStakeAndMoveLamportsIxs))
                    return new InstructionError(InstructionErrorKind.InvalidInstructionData);
                if ((error = ix.CheckNumberOfAccounts(3)) != null) return error;
                return StakeMove.Move(ctx, instruction.Kind == StakeInstructionKind.MoveStake, 0, instruction.Lamports, 1, 2);
            }
            default:
                return new InstructionError(InstructionErrorKind.InvalidInstructionData);
        }
    }

    /// <summary>Borrows instruction account 0, which must be owned by the stake program.</summary>
    private static BorrowedAccount StakeAccount(TransactionContext tx, InstructionContext ix, out InstructionError? error)
    {
        var me = tx.BorrowInstructionAccount(ix, 0, out error);
        if (error != null) return me;
        if (me.Owner != ProgramIds.Stake)
        {
            me.Dispose();
            error = new InstructionError(InstructionErrorKind.InvalidAccountOwner);
        }
        return me;
    }

    /// <summary>Borrows account 0 only to check its owner (Agave drops the borrow before the operation).</summary>
    private static InstructionError? CheckStakeAccount(TransactionContext tx, InstructionContext ix)
    {
        using var me = StakeAccount(tx, ix, out var error);
        return error;
    }

    /// <summary>At least two accounts, the Clock at 2 and StakeHistory at 3 (delegate, merge, withdraw).</summary>
    private static InstructionError? ClockAndHistory(InvokeContext ctx, InstructionContext ix, out Clock clock, out StakeHistory history)
    {
        clock = Clock.Default;
        history = StakeHistory.Empty;
        var error = ix.CheckNumberOfAccounts(2) ?? ClockWithCheck(ctx, ix, 2, out clock);
        return error ?? StakeHistoryWithCheck(ctx, ix, 3, out history);
    }

    /// <summary>
    /// The EpochRewards sysvar exists once partitioned rewards are enabled; its <c>active</c> flag (absent
    /// or undecodable meaning inactive) says a distribution is under way.
    /// </summary>
    internal static bool EpochRewardsActive(SysvarCache sysvars)
    {
        const int activeOffset = 8 + 8 + 32 + 16 + 8 + 8;
        return sysvars.TryGetRaw(SysvarIds.EpochRewards, out var raw) && raw.Length > activeOffset && raw[activeOffset] == 1;
    }

    /// <summary>
    /// The epoch from which the reduced warmup/cooldown rate applies: that of the slot where
    /// <c>reduce_stake_warmup_cooldown</c> activated. Agave reads the epoch schedule unconditionally and
    /// panics without one; that outcome is not reproducible, so it marks the transaction unsupported.
    /// </summary>
    internal static ulong? NewWarmupCooldownRateEpoch(InvokeContext ctx)
    {
        if (ctx.Environment.Sysvars.EpochSchedule is not { } schedule)
        {
            ctx.MarkUnsupported("the stake program needs the epoch schedule sysvar (Agave panics without it)");
            return null;
        }
        return ctx.Features.GetActivationSlot(FeatureId.ReduceStakeWarmupCooldown) is { } slot ? schedule.GetEpoch(slot) : null;
    }

    internal static InstructionError? SysvarAccount(TransactionContext tx, InstructionContext ix, int index, in Pubkey id) =>
        SystemProgram.CheckSysvarAccount(tx, ix, index, id);

    private static InstructionError? ClockWithCheck(InvokeContext ctx, InstructionContext ix, int index, out Clock clock)
    {
        clock = Clock.Default;
        var error = SysvarAccount(ctx.Transaction, ix, index, SysvarIds.Clock);
        return error ?? ctx.Environment.Sysvars.GetClock(out clock);
    }

    private static InstructionError? StakeHistoryWithCheck(InvokeContext ctx, InstructionContext ix, int index, out StakeHistory history)
    {
        history = StakeHistory.Empty;
        var error = SysvarAccount(ctx.Transaction, ix, index, SysvarIds.StakeHistory);
        return error ?? StakeHistory.Get(ctx.Environment.Sysvars, out history);
    }

    private static InstructionError? RequireSigner(InstructionContext ix, int index)
    {
        var error = ix.IsSigner(index, out var signed);
        if (error != null) return error;
        return signed ? null : new InstructionError(InstructionErrorKind.MissingRequiredSignature);
    }

    /// <summary>The key at <paramref name="index"/> when the instruction has that many accounts (optionally required to sign).</summary>
    private static InstructionError? OptionalKey(TransactionContext tx, InstructionContext ix, int index, bool mustSign, out Pubkey? key)
    {
        key = null;
        if (index >= ix.AccountCount) return null;
        if (mustSign)
        {
            var error = RequireSigner(ix, index);
            if (error != null) return error;
        }
        var keyError = SystemProgram.KeyOf(tx, ix, index, out var found);
        if (keyError != null) return keyError;
        key = found;
        return null;
    }
}
