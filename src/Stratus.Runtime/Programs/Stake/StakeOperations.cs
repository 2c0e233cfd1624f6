using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;
using Stratus.Runtime.Programs.System;
using Stratus.Runtime.Programs.Vote;
using Stratus.Runtime.Sysvars;

namespace Stratus.Runtime.Programs.Stake;

/// <summary>
/// The stake program's single-account operations and delegation (stake_state.rs of Agave 2.2):
/// initialize, authorize, delegate, deactivate, set-lockup, withdraw and deactivate-delinquent.
/// </summary>
internal static class StakeOperations
{
    public static InstructionError? ReadState(BorrowedAccount account, out StakeState state) =>
        StakeState.Deserialize(account.Data, out state);

    public static InstructionError? WriteState(BorrowedAccount account, in StakeState state) =>
        account.SetState(state.Serialize());

    public static InstructionError? Initialize(BorrowedAccount account, in Authorized authorized, in Lockup lockup, Rent rent)
    {
        if (account.DataLength != StakeState.Size) return new InstructionError(InstructionErrorKind.InvalidAccountData);
        var error = ReadState(account, out var state);
        if (error != null) return error;
        if (state.Kind != StakeStateKind.Uninitialized) return new InstructionError(InstructionErrorKind.InvalidAccountData);
        var reserve = rent.MinimumBalance((ulong)account.DataLength);
        if (account.Lamports < reserve) return new InstructionError(InstructionErrorKind.InsufficientFunds);
        return WriteState(account, StakeState.Initialized(new Meta(reserve, authorized, lockup)));
    }

    public static InstructionError? Authorize(BorrowedAccount account, Func<Pubkey, bool> isSigner, in Pubkey newAuthority,
        StakeAuthorize role, Clock clock, Pubkey? custodian)
    {
        var error = ReadState(account, out var state);
        if (error != null) return error;
        if (!state.HasMeta) return new InstructionError(InstructionErrorKind.InvalidAccountData);
        var meta = state.Meta;
        error = meta.Authorized.Authorize(isSigner, newAuthority, role, meta.Lockup, clock, custodian, out var authorized);
        if (error != null) return error;
        return WriteState(account, state with { Meta = meta with { Authorized = authorized } });
    }

    /// <summary>The authority must be the address derived from the signing base account with the seed and owner.</summary>
    public static InstructionError? AuthorizeWithSeed(TransactionContext tx, InstructionContext ix, BorrowedAccount account,
        int baseIndex, string seed, in Pubkey seedOwner, in Pubkey newAuthority, StakeAuthorize role, Clock clock, Pubkey? custodian)
    {
        var error = ix.IsSigner(baseIndex, out var baseSigned);
        if (error != null) return error;
        Pubkey? derived = null;
        if (baseSigned)
        {
            if ((error = SystemProgram.KeyOf(tx, ix, baseIndex, out var @base)) != null) return error;
            if ((error = PubkeyDerivation.CreateWithSeed(@base, seed, seedOwner, out var address)) != null) return error;
            derived = address;
        }
        return Authorize(account, key => derived is { } d && d == key, newAuthority, role, clock, custodian);
    }

    public static InstructionError? Delegate(InvokeContext ctx, int stakeIndex, int voteIndex, Clock clock, StakeHistory history,
        Func<Pubkey, bool> isSigner)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        Pubkey votePubkey;
        InstructionError? voteError;
        VoteStateVersions? voteState;
        {
            using var vote = tx.BorrowInstructionAccount(ix, voteIndex, out var error);
            if (error != null) return error;
            if (vote.Owner != ProgramIds.Vote) return new InstructionError(InstructionErrorKind.IncorrectProgramId);
            votePubkey = vote.Key;
            // A vote account that does not decode fails the delegation only after the stake checks.
            voteError = VoteStateVersions.Deserialize(vote.Data, out voteState);
        }

        using var stake = tx.BorrowInstructionAccount(ix, stakeIndex, out var borrowError);
        if (borrowError != null) return borrowError;
        var stateError = ReadState(stake, out var state);
        if (stateError != null) return stateError;
        if (state.Kind is not (StakeStateKind.Initialized or StakeStateKind.Stake))
            return new InstructionError(InstructionErrorKind.InvalidAccountData);
        var meta = state.Meta;
        InstructionError? checkError;
        if ((checkError = meta.Authorized.Check(isSigner, StakeAuthorize.Staker)) != null) return checkError;
        if ((checkError = ValidateDelegatedAmount(stake, meta, ctx, out var amount)) != null) return checkError;
        if (voteError != null) return voteError;
        var credits = voteState!.ConvertToCurrent().Credits;
        if (state.Kind == StakeStateKind.Initialized)
        {
            var created = new DelegatedStake(Delegation.Create(votePubkey, amount, clock.Epoch), credits);
            return WriteState(stake, StakeState.Delegated(meta, created, 0));
        }
        var redelegateError = Redelegate(ctx, state.Stake, amount, votePubkey, credits, clock, history, out var redelegated);
        if (redelegateError != null) return redelegateError.Value.ToInstructionError();
        return WriteState(stake, state with { Stake = redelegated });
    }

    // Stake with effective stake can only have a deactivation scheduled this epoch rescinded (same vote
    // account); otherwise delegation restarts from this epoch.
    private static StakeError? Redelegate(InvokeContext ctx, in DelegatedStake stake, ulong amount, in Pubkey voter, ulong credits,
        Clock clock, StakeHistory history, out DelegatedStake result)
    {
        result = stake;
        var newRateEpoch = StakeProgram.NewWarmupCooldownRateEpoch(ctx);
        var d = stake.Delegation;
        if (stake.EffectiveStake(clock.Epoch, history, newRateEpoch) != 0)
        {
            if (d.VoterPubkey != voter || clock.Epoch != d.DeactivationEpoch) return StakeError.TooSoonToRedelegate;
            result = stake with { Delegation = d with { DeactivationEpoch = ulong.MaxValue } };
            return null;
        }
        result = new DelegatedStake(
            d with { Stake = amount, ActivationEpoch = clock.Epoch, DeactivationEpoch = ulong.MaxValue, VoterPubkey = voter },
            credits);
        return null;
    }

    /// <summary>Everything above the rent reserve is delegated, and it must reach the minimum delegation.</summary>
    private static InstructionError? ValidateDelegatedAmount(BorrowedAccount account, in Meta meta, InvokeContext ctx, out ulong amount)
    {
        amount = account.Lamports > meta.RentExemptReserve ? account.Lamports - meta.RentExemptReserve : 0;
        return amount < StakeProgram.MinimumDelegation(ctx.Features) ? StakeError.InsufficientDelegation.ToInstructionError() : null;
    }

    public static InstructionError? Deactivate(BorrowedAccount account, Clock clock, Func<Pubkey, bool> isSigner)
    {
        var error = ReadState(account, out var state);
        if (error != null) return error;
        if (state.Kind != StakeStateKind.Stake) return new InstructionError(InstructionErrorKind.InvalidAccountData);
        if ((error = state.Meta.Authorized.Check(isSigner, StakeAuthorize.Staker)) != null) return error;
        var deactivateError = state.Stake.Deactivate(clock.Epoch, out var deactivated);
        if (deactivateError != null) return deactivateError.Value.ToInstructionError();
        return WriteState(account, state with { Stake = deactivated });
    }

    public static InstructionError? SetLockup(BorrowedAccount account, in LockupArgs args, Func<Pubkey, bool> isSigner, Clock clock)
    {
        var error = ReadState(account, out var state);
        if (error != null) return error;
        if (!state.HasMeta) return new InstructionError(InstructionErrorKind.InvalidAccountData);
        if ((error = state.Meta.SetLockup(args, isSigner, clock, out var meta)) != null) return error;
        return WriteState(account, state with { Meta = meta });
    }

    /// <summary>
    /// The withdraw authority (and optional custodian) are instruction accounts that must sign. Staked
    /// lamports and the rent reserve stay unless everything is withdrawn from a stake that is not staked;
    /// a full withdrawal resets the state to Uninitialized.
    /// </summary>
    public static InstructionError? Withdraw(TransactionContext tx, InstructionContext ix, int stakeIndex, ulong lamports, int toIndex,
        Clock clock, StakeHistory history, int authorityIndex, int? custodianIndex, ulong? newRateEpoch)
    {
        var error = SystemProgram.KeyOf(tx, ix, authorityIndex, out var authority);
        if (error != null) return error;
        if ((error = ix.IsSigner(authorityIndex, out var authoritySigned)) != null) return error;
        if (!authoritySigned) return new InstructionError(InstructionErrorKind.MissingRequiredSignature);
        Func<Pubkey, bool> isSigner = key => key == authority;

        {
            using var stake = tx.BorrowInstructionAccount(ix, stakeIndex, out error);
            if (error != null) return error;
            if ((error = ReadState(stake, out var state)) != null) return error;
            Lockup lockup;
            ulong reserve;
            bool isStaked;
            switch (state.Kind)
            {
                case StakeStateKind.Stake:
                {
                    if ((error = state.Meta.Authorized.Check(isSigner, StakeAuthorize.Withdrawer)) != null) return error;
                    var d = state.Stake.Delegation;
                    // Before deactivation assume all is staked: warmup could expose more than is effective now.
                    var staked = clock.Epoch >= d.DeactivationEpoch ? d.EffectiveStake(clock.Epoch, history, newRateEpoch) : d.Stake;
                    if (ulong.MaxValue - staked < state.Meta.RentExemptReserve) return new InstructionError(InstructionErrorKind.InsufficientFunds);
                    (lockup, reserve, isStaked) = (state.Meta.Lockup, staked + state.Meta.RentExemptReserve, staked != 0);
                    break;
                }
                case StakeStateKind.Initialized:
                    if ((error = state.Meta.Authorized.Check(isSigner, StakeAuthorize.Withdrawer)) != null) return error;
                    (lockup, reserve, isStaked) = (state.Meta.Lockup, state.Meta.RentExemptReserve, false);
                    break;
                case StakeStateKind.Uninitialized:
                    if (!isSigner(stake.Key)) return new InstructionError(InstructionErrorKind.MissingRequiredSignature);
                    (lockup, reserve, isStaked) = (default, 0, false);
                    break;
                default:
                    return new InstructionError(InstructionErrorKind.InvalidAccountData);
            }

            Pubkey? custodian = null;
            if (custodianIndex is { } ci)
            {
                if ((error = ix.IsSigner(ci, out var custodianSigned)) != null) return error;
                if (custodianSigned)
                {
                    if ((error = SystemProgram.KeyOf(tx, ix, ci, out var key)) != null) return error;
                    custodian = key;
                }
            }
            if (lockup.IsInForce(clock, custodian)) return StakeError.LockupInForce.ToInstructionError();

            if (ulong.MaxValue - lamports < reserve) return new InstructionError(InstructionErrorKind.InsufficientFunds);
            var lamportsAndReserve = lamports + reserve;
            var balance = stake.Lamports;
            if (isStaked && lamportsAndReserve > balance) return new InstructionError(InstructionErrorKind.InsufficientFunds);
            if (lamports != balance && lamportsAndReserve > balance) return new InstructionError(InstructionErrorKind.InsufficientFunds);
            if (lamports == balance && (error = WriteState(stake, StakeState.Uninitialized)) != null) return error;
            if ((error = stake.CheckedSubLamports(lamports)) != null) return error;
        }
        using var to = tx.BorrowInstructionAccount(ix, toIndex, out error);
        if (error != null) return error;
        return to.CheckedAddLamports(lamports);
    }

    /// <summary>
    /// Anyone may deactivate a stake whose vote account has not voted for
    /// <see cref="StakeTools.MinimumDelinquentEpochsForDeactivation"/> epochs, given a reference vote account that
    /// voted in each of the last that many epochs.
    /// </summary>
    public static InstructionError? DeactivateDelinquent(TransactionContext tx, InstructionContext ix, BorrowedAccount stake,
        int delinquentIndex, int referenceIndex, ulong currentEpoch)
    {
        var error = SystemProgram.KeyOf(tx, ix, delinquentIndex, out var delinquentKey);
        if (error != null) return error;
        using var delinquent = tx.BorrowInstructionAccount(ix, delinquentIndex, out error);
        if (error != null) return error;
        if (delinquent.Owner != ProgramIds.Vote) return new InstructionError(InstructionErrorKind.IncorrectProgramId);
        if ((error = VoteStateVersions.Deserialize(delinquent.Data, out var delinquentVersions)) != null) return error;
        var delinquentCredits = delinquentVersions.ConvertToCurrent().EpochCredits;

        using var reference = tx.BorrowInstructionAccount(ix, referenceIndex, out error);
        if (error != null) return error;
        if (reference.Owner != ProgramIds.Vote) return new InstructionError(InstructionErrorKind.IncorrectProgramId);
        if ((error = VoteStateVersions.Deserialize(reference.Data, out var referenceVersions)) != null) return error;
        if (!StakeTools.AcceptableReferenceEpochCredits(referenceVersions.ConvertToCurrent().EpochCredits, currentEpoch))
            return StakeError.InsufficientReferenceVotes.ToInstructionError();

        if ((error = ReadState(stake, out var state)) != null) return error;
        if (state.Kind != StakeStateKind.Stake) return new InstructionError(InstructionErrorKind.InvalidAccountData);
        if (state.Stake.Delegation.VoterPubkey != delinquentKey) return StakeError.VoteAddressMismatch.ToInstructionError();
        if (!StakeTools.EligibleForDeactivateDelinquent(delinquentCredits, currentEpoch))
            return StakeError.MinimumDelinquentEpochsForDeactivationNotMet.ToInstructionError();
        var deactivateError = state.Stake.Deactivate(currentEpoch, out var deactivated);
        if (deactivateError != null) return deactivateError.Value.ToInstructionError();
        return WriteState(stake, state with { Stake = deactivated });
    }
}
