using Stratus.Core;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;
using Stratus.Runtime.Programs.System;
using Stratus.Runtime.Sysvars;

namespace Stratus.Runtime.Programs.Vote;

/// <summary>
/// The Vote program (programs/vote vote_processor in Agave 2.2 as Tachyon ships it). Charges 2,100 CU;
/// the first account must be owned by the vote program; signers are the instruction's signer accounts.
/// </summary>
public sealed class VoteProgram : IBuiltinProgram
{
    public const ulong ComputeUnits = 2_100;

    public static readonly VoteProgram Instance = new();

    public ProgramFailure? Process(InvokeContext ctx) => ProgramFailure.FromResult(ctx.ConsumeChecked(ComputeUnits) ?? Execute(ctx));

    private static InstructionError? Execute(InvokeContext ctx)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        Func<Pubkey, bool> isSigner = key => ix.HasSigner(tx, key);

        var me = tx.BorrowInstructionAccount(ix, 0, out var error);
        if (error != null) return error;
        try
        {
            return Dispatch(ctx, me, isSigner);
        }
        finally
        {
            me.Dispose();
        }
    }

    private static InstructionError? Dispatch(InvokeContext ctx, BorrowedAccount me, Func<Pubkey, bool> isSigner)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        var sysvars = ctx.Environment.Sysvars;
        var features = ctx.Features;
        InstructionError? error;
        if (me.Owner != ProgramIds.Vote) return new InstructionError(InstructionErrorKind.InvalidAccountOwner);

        var instruction = VoteInstruction.Decode(ix.Data);
        if (instruction == null) return new InstructionError(InstructionErrorKind.InvalidInstructionData);

        var legacyVotesDisabled = features.IsActive(FeatureId.DeprecateLegacyVoteIxs) && features.IsActive(FeatureId.EnableTowerSyncIx);
        switch (instruction.Kind)
        {
            case VoteInstructionKind.InitializeAccount:
            {
                if ((error = SysvarAccount(tx, ix, 1, SysvarIds.Rent)) != null) return error;
                if ((error = sysvars.GetRent(out var rent)) != null) return error;
                if (!rent.IsExempt(me.Lamports, (ulong)me.DataLength)) return new InstructionError(InstructionErrorKind.InsufficientFunds);
                if ((error = SysvarAccount(tx, ix, 2, SysvarIds.Clock)) != null) return error;
                if ((error = sysvars.GetClock(out var clock)) != null) return error;
                return InitializeAccount(me, instruction, isSigner, clock);
            }
            case VoteInstructionKind.Authorize:
            {
                if ((error = SysvarAccount(tx, ix, 1, SysvarIds.Clock)) != null) return error;
                if ((error = sysvars.GetClock(out var clock)) != null) return error;
                return Authorize(me, instruction.NewAuthority, instruction.Authorize, isSigner, clock);
            }
            case VoteInstructionKind.AuthorizeWithSeed:
            {
                if ((error = ix.CheckNumberOfAccounts(3)) != null) return error;
                return AuthorizeWithSeed(ctx, ix, me, instruction.NewAuthority, instruction);
            }
            case VoteInstructionKind.AuthorizeCheckedWithSeed:
            {
                if ((error = ix.CheckNumberOfAccounts(4)) != null) return error;
                if ((error = KeyOf(tx, ix, 3, out var newAuthority)) != null) return error;
                if ((error = ix.IsSigner(3, out var signed)) != null) return error;
                if (!signed) return new InstructionError(InstructionErrorKind.MissingRequiredSignature);
                return AuthorizeWithSeed(ctx, ix, me, newAuthority, instruction);
            }
            case VoteInstructionKind.UpdateValidatorIdentity:
            {
                if ((error = ix.CheckNumberOfAccounts(2)) != null) return error;
                if ((error = KeyOf(tx, ix, 1, out var node)) != null) return error;
                return UpdateValidatorIdentity(me, node, isSigner);
            }
            case VoteInstructionKind.UpdateCommission:
            {
                if (sysvars.EpochSchedule is not { } schedule) return new InstructionError(InstructionErrorKind.UnsupportedSysvar);
                if ((error = sysvars.GetClock(out var clock)) != null) return error;
                return UpdateCommission(me, instruction.Commission, isSigner, schedule, clock, features);
            }
            case VoteInstructionKind.Vote:
            case VoteInstructionKind.VoteSwitch:
            {
                if (legacyVotesDisabled) return new InstructionError(InstructionErrorKind.InvalidInstructionData);
                if ((error = SysvarAccount(tx, ix, 1, SysvarIds.SlotHashes)) != null) return error;
                if ((error = SlotHashes.Get(sysvars, out var slotHashes)) != null) return error;
                if ((error = SysvarAccount(tx, ix, 2, SysvarIds.Clock)) != null) return error;
                if ((error = sysvars.GetClock(out var clock)) != null) return error;
                return ProcessVote(me, slotHashes, clock, instruction.Vote!, isSigner);
            }
            case VoteInstructionKind.UpdateVoteState:
            case VoteInstructionKind.UpdateVoteStateSwitch:
            case VoteInstructionKind.CompactUpdateVoteState:
            case VoteInstructionKind.CompactUpdateVoteStateSwitch:
            {
                if (legacyVotesDisabled) return new InstructionError(InstructionErrorKind.InvalidInstructionData);
                if ((error = SlotHashes.Get(sysvars, out var slotHashes)) != null) return error;
                if ((error = sysvars.GetClock(out var clock)) != null) return error;
                return ProcessTowerUpdate(me, slotHashes, clock, instruction.Update!, isSigner);
            }
            case VoteInstructionKind.TowerSync:
            case VoteInstructionKind.TowerSyncSwitch:
            {
                if (!features.IsActive(FeatureId.EnableTowerSyncIx)) return new InstructionError(InstructionErrorKind.InvalidInstructionData);
                if ((error = SlotHashes.Get(sysvars, out var slotHashes)) != null) return error;
                if ((error = sysvars.GetClock(out var clock)) != null) return error;
                return ProcessTowerUpdate(me, slotHashes, clock, instruction.Update!, isSigner);
            }
            case VoteInstructionKind.Withdraw:
            {
                if ((error = ix.CheckNumberOfAccounts(2)) != null) return error;
                if ((error = sysvars.GetRent(out var rent)) != null) return error;
                if ((error = sysvars.GetClock(out var clock)) != null) return error;
                // Agave drops the borrow here; releasing twice (again in Execute) only clears the same flag.
                me.Dispose();
                return Withdraw(ctx, ix, instruction.Lamports, isSigner, rent, clock);
            }
            case VoteInstructionKind.AuthorizeChecked:
            {
                if ((error = ix.CheckNumberOfAccounts(4)) != null) return error;
                if ((error = KeyOf(tx, ix, 3, out var voter)) != null) return error;
                if ((error = ix.IsSigner(3, out var signed)) != null) return error;
                if (!signed) return new InstructionError(InstructionErrorKind.MissingRequiredSignature);
                if ((error = SysvarAccount(tx, ix, 1, SysvarIds.Clock)) != null) return error;
                if ((error = sysvars.GetClock(out var clock)) != null) return error;
                return Authorize(me, voter, instruction.Authorize, isSigner, clock);
            }
            default:
                return new InstructionError(InstructionErrorKind.InvalidInstructionData);
        }
    }

    private static InstructionError? SysvarAccount(TransactionContext tx, InstructionContext ix, int index, in Pubkey id) =>
        SystemProgram.CheckSysvarAccount(tx, ix, index, id);

    private static InstructionError? KeyOf(TransactionContext tx, InstructionContext ix, int index, out Pubkey key)
    {
        key = default;
        var error = ix.GetIndexInTransaction(index, out var indexInTransaction);
        return error ?? tx.GetKey(indexInTransaction, out key);
    }

    private static InstructionError? Verify(in Pubkey authorized, Func<Pubkey, bool> isSigner) =>
        isSigner(authorized) ? null : new InstructionError(InstructionErrorKind.MissingRequiredSignature);

    private static InstructionError? ReadState(BorrowedAccount account, out VoteState state)
    {
        state = null!;
        var error = VoteStateVersions.Deserialize(account.Data, out var versions);
        if (error != null) return error;
        state = versions.ConvertToCurrent();
        return null;
    }

    /// <summary>
    /// Stores the current layout, growing a 1.14.11-sized account when it stays rent exempt; otherwise
    /// stores the 1.14.11 layout.
    /// </summary>
    internal static InstructionError? SetVoteAccountState(BorrowedAccount account, VoteState state)
    {
        var currentSize = VoteLimits.CurrentSize;
        if (account.DataLength < currentSize
            && (!account.IsRentExemptAtDataLength(currentSize) || account.SetDataLength(currentSize) != null))
            return account.SetState(VoteStateVersions.V1_14_11(state).Serialize());
        return account.SetState(VoteStateVersions.Current(state).Serialize());
    }

    private static InstructionError? InitializeAccount(BorrowedAccount account, VoteInstruction init, Func<Pubkey, bool> isSigner, Clock clock)
    {
        if (account.DataLength != VoteLimits.CurrentSize) return new InstructionError(InstructionErrorKind.InvalidAccountData);
        var error = VoteStateVersions.Deserialize(account.Data, out var versions);
        if (error != null) return error;
        if (!versions.IsUninitialized) return new InstructionError(InstructionErrorKind.AccountAlreadyInitialized);
        if ((error = Verify(init.Node, isSigner)) != null) return error;
        return SetVoteAccountState(account, VoteState.Create(init.Node, init.Voter, init.Withdrawer, init.Commission, clock.Epoch));
    }

    private static InstructionError? Authorize(BorrowedAccount account, in Pubkey authorized, VoteAuthorize kind, Func<Pubkey, bool> isSigner, Clock clock)
    {
        var error = ReadState(account, out var state);
        if (error != null) return error;
        if (kind == VoteAuthorize.Voter)
        {
            var withdrawerSigned = isSigner(state.AuthorizedWithdrawer);
            if (clock.LeaderScheduleEpoch == ulong.MaxValue) return new InstructionError(InstructionErrorKind.InvalidAccountData);
            error = state.SetNewAuthorizedVoter(authorized, clock.Epoch, clock.LeaderScheduleEpoch + 1,
                epochVoter => withdrawerSigned ? null : Verify(epochVoter, isSigner));
            if (error != null) return error;
        }
        else
        {
            if ((error = Verify(state.AuthorizedWithdrawer, isSigner)) != null) return error;
            state.AuthorizedWithdrawer = authorized;
        }
        return SetVoteAccountState(account, state);
    }

    // The current authority must be the address derived from the signer at index 2 with the given seed and owner.
    private static InstructionError? AuthorizeWithSeed(InvokeContext ctx, InstructionContext ix, BorrowedAccount account, in Pubkey newAuthority, VoteInstruction args)
    {
        var tx = ctx.Transaction;
        var error = SysvarAccount(tx, ix, 1, SysvarIds.Clock);
        if (error != null) return error;
        if ((error = ctx.Environment.Sysvars.GetClock(out var clock)) != null) return error;
        Pubkey? expected = null;
        if ((error = ix.IsSigner(2, out var baseSigned)) != null) return error;
        if (baseSigned)
        {
            if ((error = KeyOf(tx, ix, 2, out var @base)) != null) return error;
            if ((error = PubkeyDerivation.CreateWithSeed(@base, args.Seed, args.SeedOwner, out var derived)) != null) return error;
            expected = derived;
        }
        return Authorize(account, newAuthority, args.Authorize, key => expected is { } e && e == key, clock);
    }

    private static InstructionError? UpdateValidatorIdentity(BorrowedAccount account, in Pubkey node, Func<Pubkey, bool> isSigner)
    {
        var error = ReadState(account, out var state);
        if (error != null) return error;
        if ((error = Verify(state.AuthorizedWithdrawer, isSigner)) != null) return error;
        if ((error = Verify(node, isSigner)) != null) return error;
        state.NodePubkey = node;
        return SetVoteAccountState(account, state);
    }

    private static InstructionError? UpdateCommission(BorrowedAccount account, byte commission, Func<Pubkey, bool> isSigner,
        EpochSchedule schedule, Clock clock, FeatureSet features)
    {
        VoteState? state = null;
        var enforce = true;
        if (features.IsActive(FeatureId.AllowCommissionDecreaseAtAnyTime)
            && VoteStateVersions.Deserialize(account.Data, out var decoded) == null)
        {
            state = decoded.ConvertToCurrent();
            enforce = commission > state.Commission;
        }
        if (enforce && features.IsActive(FeatureId.CommissionUpdatesOnlyAllowedInFirstHalfOfEpoch)
            && !IsCommissionUpdateAllowed(clock.Slot, schedule))
            return VoteError.CommissionUpdateTooLate.ToInstructionError();
        if (state == null)
        {
            var error = ReadState(account, out state);
            if (error != null) return error;
        }
        var verify = Verify(state.AuthorizedWithdrawer, isSigner);
        if (verify != null) return verify;
        state.Commission = commission;
        return SetVoteAccountState(account, state);
    }

    /// <summary>Commission may change only in the first half of an epoch (always when the schedule has no slots per epoch).</summary>
    public static bool IsCommissionUpdateAllowed(ulong slot, EpochSchedule schedule)
    {
        if (schedule.SlotsPerEpoch == 0) return true;
        var relative = (slot > schedule.FirstNormalSlot ? slot - schedule.FirstNormalSlot : 0) % schedule.SlotsPerEpoch;
        var doubled = relative > ulong.MaxValue / 2 ? ulong.MaxValue : relative * 2;
        return doubled <= schedule.SlotsPerEpoch;
    }

    private static InstructionError? VerifiedState(BorrowedAccount account, Clock clock, Func<Pubkey, bool> isSigner, out VoteState state)
    {
        state = null!;
        var error = VoteStateVersions.Deserialize(account.Data, out var versions);
        if (error != null) return error;
        if (versions.IsUninitialized) return new InstructionError(InstructionErrorKind.UninitializedAccount);
        state = versions.ConvertToCurrent();
        if ((error = state.GetAndUpdateAuthorizedVoter(clock.Epoch, out var voter)) != null) return error;
        return Verify(voter, isSigner);
    }

    private static InstructionError? ProcessVote(BorrowedAccount account, (ulong, Hash)[] slotHashes, Clock clock, VoteData vote, Func<Pubkey, bool> isSigner)
    {
        var error = VerifiedState(account, clock, isSigner, out var state);
        if (error != null) return error;
        var voteError = VoteProcessing.ProcessVote(state, vote, slotHashes, clock.Epoch, clock.Slot);
        if (voteError == null && vote.Timestamp is { } ts)
            voteError = state.ProcessTimestamp(vote.Slots.Max(), ts);
        if (voteError != null) return voteError.Value.ToInstructionError();
        return SetVoteAccountState(account, state);
    }

    private static InstructionError? ProcessTowerUpdate(BorrowedAccount account, (ulong, Hash)[] slotHashes, Clock clock, TowerUpdate update, Func<Pubkey, bool> isSigner)
    {
        var error = VerifiedState(account, clock, isSigner, out var state);
        if (error != null) return error;
        var voteError = VoteProcessing.ProcessTowerUpdate(state, update, slotHashes, clock.Epoch, clock.Slot);
        if (voteError != null) return voteError.Value.ToInstructionError();
        return SetVoteAccountState(account, state);
    }

    private static InstructionError? Withdraw(InvokeContext ctx, InstructionContext ix, ulong lamports, Func<Pubkey, bool> isSigner, Rent rent, Clock clock)
    {
        var tx = ctx.Transaction;
        {
            using var account = tx.BorrowInstructionAccount(ix, 0, out var error);
            if (error != null) return error;
            if ((error = ReadState(account, out var state)) != null) return error;
            if ((error = Verify(state.AuthorizedWithdrawer, isSigner)) != null) return error;
            if (lamports > account.Lamports) return new InstructionError(InstructionErrorKind.InsufficientFunds);
            var remaining = account.Lamports - lamports;
            if (remaining == 0)
            {
                // Closing needs a full epoch without credits, so an active validator cannot vanish.
                var active = state.EpochCredits.Count > 0
                    && (clock.Epoch > state.EpochCredits[^1].Epoch ? clock.Epoch - state.EpochCredits[^1].Epoch : 0) < 2;
                if (active) return VoteError.ActiveVoteAccountClose.ToInstructionError();
                if ((error = SetVoteAccountState(account, new VoteState())) != null) return error;
            }
            else if (remaining < rent.MinimumBalance((ulong)account.DataLength))
                return new InstructionError(InstructionErrorKind.InsufficientFunds);
            if ((error = account.CheckedSubLamports(lamports)) != null) return error;
        }
        using var to = tx.BorrowInstructionAccount(ix, 1, out var toError);
        if (toError != null) return toError;
        return to.CheckedAddLamports(lamports);
    }
}
