using Stratus.Core;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.Programs.Stake;
using Stratus.Runtime.Programs.Vote;
using static Stratus.Runtime.Tests.Stake.StakeTestBench;

namespace Stratus.Runtime.Tests.Stake;

// The loader tests' Stratus.Runtime.Tests.Meta would otherwise shadow the stake state's Meta.
using Meta = Stratus.Runtime.Programs.Stake.Meta;

/// <summary>
/// Stake program paths the LiteSVM vectors do not reach, following Agave 2.2's stake_instruction.rs tests:
/// the epoch-rewards freeze, return data, transient merges, MoveStake/MoveLamports, DeactivateDelinquent,
/// full splits and the error order of the dispatcher.
/// </summary>
public class StakeProgramTests
{
    private static readonly Pubkey StakeKey = Key(1);
    private static readonly Pubkey OtherStake = Key(2);
    private static readonly Pubkey Staker = Key(3);
    private static readonly Pubkey Withdrawer = Key(4);
    private static readonly Pubkey VoteKey = Key(5);
    private static readonly Pubkey ReferenceVote = Key(6);
    private static readonly Pubkey Recipient = Key(7);

    private static (Pubkey, bool, bool) W(Pubkey k, bool signer = false) => (k, signer, true);
    private static (Pubkey, bool, bool) R(Pubkey k, bool signer = false) => (k, signer, false);

    private static StakeState Active(ulong stake, ulong activation = 0, ulong credits = 0, Pubkey? voter = null) =>
        StakeState.Delegated(MetaFor(Staker, Withdrawer),
            new DelegatedStake(Delegation.Create(voter ?? VoteKey, stake, activation), credits), 0);

    private static InstructionErrorKind KindOf(InstructionError? error) => Assert.NotNull(error).Kind;

    private static uint CustomOf(InstructionError? error)
    {
        Assert.Equal(InstructionErrorKind.Custom, KindOf(error));
        return (uint)error!.Value.Custom;
    }

    [Fact]
    public void EpochRewardsFreezeEverythingButGetMinimumDelegation()
    {
        var bench = new StakeTestBench { EpochRewardsActive = true };
        bench.SetStake(StakeKey, Reserve + Sol, Active(Sol));
        var error = bench.Run(Ix(StakeInstructionKind.Deactivate), W(StakeKey), R(SysvarIds.Clock), R(Staker, true));
        Assert.Equal((uint)StakeError.EpochRewardsActive, CustomOf(error));
        Assert.Equal(StakeProgram.ComputeUnits, bench.ComputeUnits);

        Assert.Null(bench.Run(Ix(StakeInstructionKind.GetMinimumDelegation)));
        Assert.Equal(ProgramIds.Stake, bench.ReturnData.ProgramId);
        Assert.Equal(BitConverter.GetBytes(Sol), bench.ReturnData.Data.ToArray());
    }

    [Fact]
    public void MinimumDelegationIsOneLamportWithoutTheFeature()
    {
        var bench = new StakeTestBench();
        bench.Features = bench.Features.Without(FeatureId.StakeRaiseMinimumDelegationTo1Sol);
        Assert.Null(bench.Run(Ix(StakeInstructionKind.GetMinimumDelegation)));
        Assert.Equal(BitConverter.GetBytes(1UL), bench.ReturnData.Data.ToArray());
    }

    [Fact]
    public void DataIsDecodedBeforeTheAccountOwnerIsChecked()
    {
        var bench = new StakeTestBench();
        bench.Set(StakeKey, new Core.Accounts.Account(Sol, new byte[StakeState.Size], ProgramIds.System));
        Assert.Equal(InstructionErrorKind.InvalidInstructionData, KindOf(bench.Run([99], W(StakeKey))));
        Assert.Equal(InstructionErrorKind.InvalidAccountOwner, KindOf(bench.Run(Ix(StakeInstructionKind.Redelegate), W(StakeKey))));
        Assert.Equal(InstructionErrorKind.NotEnoughAccountKeys, KindOf(bench.Run(Ix(StakeInstructionKind.Deactivate))));
    }

    [Fact]
    public void RedelegateIsNeverEnabled()
    {
        var bench = new StakeTestBench();
        bench.SetStake(StakeKey, Reserve + Sol, Active(Sol));
        Assert.Equal(InstructionErrorKind.InvalidInstructionData, KindOf(bench.Run(Ix(StakeInstructionKind.Redelegate), W(StakeKey))));
    }

    [Fact]
    public void SysvarAccountsAreChecked()
    {
        var bench = new StakeTestBench();
        bench.SetStake(StakeKey, Reserve + 2 * Sol, StakeState.Initialized(MetaFor(Staker, Withdrawer)));
        bench.SetVote(VoteKey);
        var wrongHistory = bench.Run(Ix(StakeInstructionKind.DelegateStake),
            W(StakeKey), R(VoteKey), R(SysvarIds.Clock), R(SysvarIds.Rent), R(Key(9)), R(Staker, true));
        Assert.Equal(InstructionErrorKind.InvalidArgument, KindOf(wrongHistory));
        var missingConfig = bench.Run(Ix(StakeInstructionKind.DelegateStake),
            W(StakeKey), R(VoteKey), R(SysvarIds.Clock), R(SysvarIds.StakeHistory), R(Staker, true));
        Assert.Null(missingConfig); // the staker at index 4 stands in for the config account
        Assert.Equal(2 * Sol, bench.StateOf(StakeKey).Stake.Delegation.Stake);
    }

    [Fact]
    public void MergingTransientStakeFailsWithItsMessage()
    {
        var bench = new StakeTestBench
        {
            // Epoch 9 saw 4 SOL of the cluster's 4 SOL activating: at epoch 10 the stake is partly effective.
            History = StakeHistory.FromEntries([(9, new StakeHistoryEntry(4 * Sol, 4 * Sol, 0))]),
        };
        bench.SetStake(StakeKey, Reserve + 4 * Sol, Active(4 * Sol, activation: 9));
        bench.SetStake(OtherStake, Reserve + Sol, StakeState.Initialized(MetaFor(Staker, Withdrawer)));
        var error = bench.Run(Ix(StakeInstructionKind.Merge),
            W(StakeKey), W(OtherStake), R(SysvarIds.Clock), R(SysvarIds.StakeHistory), R(Staker, true));
        Assert.Equal((uint)StakeError.MergeTransientStake, CustomOf(error));
        Assert.Contains("Checking if destination stake is mergeable", bench.Logs);
        Assert.Contains("stake account with transient stake cannot be merged", bench.Logs);
    }

    [Fact]
    public void MergeIntoItselfIsInvalidArgument()
    {
        var bench = new StakeTestBench();
        bench.SetStake(StakeKey, Reserve + Sol, StakeState.Initialized(MetaFor(Staker, Withdrawer)));
        var error = bench.Run(Ix(StakeInstructionKind.Merge),
            W(StakeKey), W(StakeKey), R(SysvarIds.Clock), R(SysvarIds.StakeHistory), R(Staker, true));
        Assert.Equal(InstructionErrorKind.InvalidArgument, KindOf(error));
    }

    [Fact]
    public void MergeOfFullyActiveStakesWeighsCreditsObserved()
    {
        var bench = new StakeTestBench();
        bench.SetStake(StakeKey, Reserve + 3 * Sol, Active(3 * Sol, credits: 10));
        bench.SetStake(OtherStake, Reserve + Sol, Active(Sol, credits: 20));
        Assert.Null(bench.Run(Ix(StakeInstructionKind.Merge),
            W(StakeKey), W(OtherStake), R(SysvarIds.Clock), R(SysvarIds.StakeHistory), R(Staker, true)));
        var merged = bench.StateOf(StakeKey);
        Assert.Equal(4 * Sol, merged.Stake.Delegation.Stake);
        // ceil((10 * 3 SOL + 20 * 1 SOL) / 4 SOL) = 13 (12.5 rounded up)
        Assert.Equal(13UL, merged.Stake.CreditsObserved);
        Assert.Equal(2 * Reserve + 4 * Sol, bench[StakeKey].Lamports);
        Assert.Equal(0UL, bench[OtherStake].Lamports);
        Assert.Equal(StakeStateKind.Uninitialized, bench.StateOf(OtherStake).Kind);
    }

    [Fact]
    public void MoveStakeEmptiesTheSourceIntoAnInactiveDestination()
    {
        var bench = new StakeTestBench();
        bench.SetStake(StakeKey, Reserve + 2 * Sol, Active(2 * Sol, credits: 7));
        bench.SetStake(OtherStake, Reserve, StakeState.Initialized(MetaFor(Staker, Withdrawer)));
        var data = Ix(StakeInstructionKind.MoveStake, w => w.WriteU64(2 * Sol));
        Assert.Null(bench.Run(data, W(StakeKey), W(OtherStake), R(Staker, true)));
        Assert.Equal(StakeStateKind.Initialized, bench.StateOf(StakeKey).Kind);
        var destination = bench.StateOf(OtherStake);
        Assert.Equal(StakeStateKind.Stake, destination.Kind);
        Assert.Equal(2 * Sol, destination.Stake.Delegation.Stake);
        Assert.Equal(7UL, destination.Stake.CreditsObserved);
        Assert.Equal(Reserve, bench[StakeKey].Lamports);
        Assert.Equal(Reserve + 2 * Sol, bench[OtherStake].Lamports);
    }

    [Fact]
    public void MoveStakeChecksInAgavesOrder()
    {
        var bench = new StakeTestBench();
        bench.SetStake(StakeKey, Reserve + 2 * Sol, Active(2 * Sol));
        bench.SetStake(OtherStake, Reserve + 2 * Sol, Active(2 * Sol, voter: Key(8)));
        var data = Ix(StakeInstructionKind.MoveStake, w => w.WriteU64(Sol));
        Assert.Equal(InstructionErrorKind.MissingRequiredSignature, KindOf(bench.Run(data, W(StakeKey), W(OtherStake), R(Staker))));
        Assert.Equal(InstructionErrorKind.AccountBorrowFailed, KindOf(bench.Run(data, W(StakeKey), W(StakeKey), R(Staker, true))));
        Assert.Equal(InstructionErrorKind.InvalidInstructionData, KindOf(bench.Run(data, W(StakeKey), R(OtherStake), R(Staker, true))));
        Assert.Equal(InstructionErrorKind.InvalidArgument,
            KindOf(bench.Run(Ix(StakeInstructionKind.MoveStake, w => w.WriteU64(0)), W(StakeKey), W(OtherStake), R(Staker, true))));
        Assert.Equal((uint)StakeError.VoteAddressMismatch, CustomOf(bench.Run(data, W(StakeKey), W(OtherStake), R(Staker, true))));
        // Leaving less than the minimum delegation behind.
        Assert.Equal(InstructionErrorKind.InvalidArgument,
            KindOf(bench.Run(Ix(StakeInstructionKind.MoveStake, w => w.WriteU64(Sol + 1)), W(StakeKey), W(OtherStake), R(Staker, true))));

        bench.Features = bench.Features.Without(FeatureId.MoveStakeAndMoveLamportsIxs);
        Assert.Equal(InstructionErrorKind.InvalidInstructionData, KindOf(bench.Run(data, W(StakeKey), W(OtherStake), R(Staker, true))));
    }

    [Fact]
    public void MoveLamportsMovesOnlyFreeLamports()
    {
        var bench = new StakeTestBench();
        bench.SetStake(StakeKey, Reserve + 2 * Sol + 500, Active(2 * Sol));
        bench.SetStake(OtherStake, Reserve, StakeState.Initialized(MetaFor(Staker, Withdrawer)));
        Assert.Equal(InstructionErrorKind.InvalidArgument, KindOf(bench.Run(
            Ix(StakeInstructionKind.MoveLamports, w => w.WriteU64(501)), W(StakeKey), W(OtherStake), R(Staker, true))));
        Assert.Null(bench.Run(Ix(StakeInstructionKind.MoveLamports, w => w.WriteU64(500)), W(StakeKey), W(OtherStake), R(Staker, true)));
        Assert.Equal(Reserve + 2 * Sol, bench[StakeKey].Lamports);
        Assert.Equal(Reserve + 500, bench[OtherStake].Lamports);
    }

    [Fact]
    public void DeactivateDelinquentNeedsAnActiveReferenceAndADelinquentVoter()
    {
        var bench = new StakeTestBench();
        bench.SetStake(StakeKey, Reserve + Sol, Active(Sol));
        bench.SetVote(VoteKey, (4, 10));
        bench.SetVote(ReferenceVote, (6, 1), (7, 2), (8, 3), (9, 4), (10, 5));
        var data = Ix(StakeInstructionKind.DeactivateDelinquent);
        Assert.Null(bench.Run(data, W(StakeKey), R(VoteKey), R(ReferenceVote)));
        Assert.Equal(10UL, bench.StateOf(StakeKey).Stake.Delegation.DeactivationEpoch);

        bench.SetStake(StakeKey, Reserve + Sol, Active(Sol));
        bench.SetVote(VoteKey, (6, 10)); // voted 4 epochs ago: not yet delinquent
        Assert.Equal((uint)StakeError.MinimumDelinquentEpochsForDeactivationNotMet, CustomOf(bench.Run(data, W(StakeKey), R(VoteKey), R(ReferenceVote))));
        bench.SetVote(ReferenceVote, (5, 1), (7, 2), (8, 3), (9, 4), (10, 5));
        Assert.Equal((uint)StakeError.InsufficientReferenceVotes, CustomOf(bench.Run(data, W(StakeKey), R(VoteKey), R(ReferenceVote))));
        bench.SetVote(ReferenceVote, (6, 1), (7, 2), (8, 3), (9, 4), (10, 5));
        // Both vote accounts stay borrowed, so naming one twice fails to borrow.
        Assert.Equal(InstructionErrorKind.AccountBorrowFailed, KindOf(bench.Run(data, W(StakeKey), R(ReferenceVote), R(ReferenceVote))));
        var otherVote = Key(12);
        bench.SetVote(otherVote);
        Assert.Equal((uint)StakeError.VoteAddressMismatch, CustomOf(bench.Run(data, W(StakeKey), R(otherVote), R(ReferenceVote))));
    }

    [Fact]
    public void DelinquencyRulesFollowTheInterfaceTools()
    {
        EpochCredits[] Credits(params ulong[] epochs) => epochs.Select(e => new EpochCredits(e, 1, 0)).ToArray();
        // tools.rs test_acceptable_reference_epoch_credits / test_eligible_for_deactivate_delinquent
        Assert.False(StakeTools.AcceptableReferenceEpochCredits(Credits(), 0));
        Assert.False(StakeTools.AcceptableReferenceEpochCredits(Credits(0, 1, 2, 3), 3));
        Assert.True(StakeTools.AcceptableReferenceEpochCredits(Credits(0, 1, 2, 3, 4), 4));
        Assert.True(StakeTools.AcceptableReferenceEpochCredits(Credits(1, 2, 3, 4, 5, 6), 6));
        Assert.False(StakeTools.AcceptableReferenceEpochCredits(Credits(0, 1, 2, 3, 5), 5));
        Assert.True(StakeTools.EligibleForDeactivateDelinquent(Credits(), 42));
        Assert.False(StakeTools.EligibleForDeactivateDelinquent(Credits(0), 0));
        Assert.False(StakeTools.EligibleForDeactivateDelinquent(Credits(0), 4));
        Assert.True(StakeTools.EligibleForDeactivateDelinquent(Credits(0), 5));
        Assert.False(StakeTools.EligibleForDeactivateDelinquent(Credits(1), 5));
    }

    [Fact]
    public void SplittingEverythingMovesTheWholeDelegation()
    {
        var bench = new StakeTestBench();
        bench.SetStake(StakeKey, Reserve + 2 * Sol, Active(2 * Sol));
        bench.SetStake(OtherStake, 0, StakeState.Uninitialized);
        Assert.Null(bench.Run(Ix(StakeInstructionKind.Split, w => w.WriteU64(Reserve + 2 * Sol)), W(StakeKey), W(OtherStake), R(Staker, true)));
        Assert.Equal(StakeStateKind.Uninitialized, bench.StateOf(StakeKey).Kind);
        Assert.Equal(0UL, bench[StakeKey].Lamports);
        var split = bench.StateOf(OtherStake);
        Assert.Equal(2 * Sol, split.Stake.Delegation.Stake);
        Assert.Equal(Reserve + 2 * Sol, bench[OtherStake].Lamports);
        // Only the tag is rewritten: the rest of the old state stays in the emptied account.
        Assert.Equal(StakeState.Size, bench[StakeKey].Data.Length);
        Assert.NotEqual(0, bench[StakeKey].Data[4]);
    }

    [Fact]
    public void PartialSplitOfActiveStakeNeedsAFundedDestination()
    {
        var bench = new StakeTestBench();
        bench.SetStake(StakeKey, Reserve + 4 * Sol, Active(4 * Sol));
        bench.SetStake(OtherStake, 0, StakeState.Uninitialized);
        var data = Ix(StakeInstructionKind.Split, w => w.WriteU64(2 * Sol));
        Assert.Equal(InstructionErrorKind.InsufficientFunds, KindOf(bench.Run(data, W(StakeKey), W(OtherStake), R(Staker, true))));
        bench.SetStake(OtherStake, Reserve, StakeState.Uninitialized);
        Assert.Null(bench.Run(data, W(StakeKey), W(OtherStake), R(Staker, true)));
        Assert.Equal(2 * Sol, bench.StateOf(StakeKey).Stake.Delegation.Stake);
        Assert.Equal(2 * Sol, bench.StateOf(OtherStake).Stake.Delegation.Stake);
    }

    [Fact]
    public void WithdrawFromUninitializedNeedsTheAccountsOwnSignature()
    {
        var bench = new StakeTestBench();
        bench.SetStake(StakeKey, Sol, StakeState.Uninitialized);
        var data = Ix(StakeInstructionKind.Withdraw, w => w.WriteU64(Sol));
        (Pubkey, bool, bool)[] Metas(Pubkey authority) =>
            [W(StakeKey), W(Recipient), R(SysvarIds.Clock), R(SysvarIds.StakeHistory), R(authority, true)];
        Assert.Equal(InstructionErrorKind.MissingRequiredSignature, KindOf(bench.Run(data, Metas(Withdrawer))));
        Assert.Null(bench.Run(data, Metas(StakeKey)));
        Assert.Equal(Sol, bench[Recipient].Lamports);
    }

    [Fact]
    public void WithdrawAfterCooldownReleasesTheStake()
    {
        var bench = new StakeTestBench
        {
            // Deactivated at epoch 8 in a cluster of 100 SOL: 9% of it (9 SOL) may cool down in epoch 9, so 1 SOL is gone by then.
            History = StakeHistory.FromEntries([(8, new StakeHistoryEntry(100 * Sol, 0, Sol))]),
        };
        var state = Active(Sol, activation: 0);
        bench.SetStake(StakeKey, Reserve + Sol, state with { Stake = state.Stake with { Delegation = state.Stake.Delegation with { DeactivationEpoch = 8 } } });
        var data = Ix(StakeInstructionKind.Withdraw, w => w.WriteU64(Sol));
        Assert.Null(bench.Run(data, W(StakeKey), W(Recipient), R(SysvarIds.Clock), R(SysvarIds.StakeHistory), R(Withdrawer, true)));
        Assert.Equal(Reserve, bench[StakeKey].Lamports);
    }

    [Fact]
    public void WithdrawerChangeUnderLockupNeedsTheCustodian()
    {
        var bench = new StakeTestBench();
        var custodian = Key(9);
        bench.SetStake(StakeKey, Reserve, StakeState.Initialized(MetaFor(Staker, Withdrawer, new Lockup(0, 20, custodian))));
        var data = Ix(StakeInstructionKind.AuthorizeChecked, w => w.WriteU32((uint)StakeAuthorize.Withdrawer));
        var newWithdrawer = Key(10);
        Assert.Equal((uint)StakeError.CustodianSignatureMissing, CustomOf(bench.Run(data,
            W(StakeKey), R(SysvarIds.Clock), R(Withdrawer, true), R(newWithdrawer, true), R(custodian))));
        Assert.Null(bench.Run(data, W(StakeKey), R(SysvarIds.Clock), R(Withdrawer, true), R(newWithdrawer, true), R(custodian, true)));
        Assert.Equal(newWithdrawer, bench.StateOf(StakeKey).Meta.Authorized.Withdrawer);
    }

    [Fact]
    public void RedelegatingActiveStakeRescindsOnlyThisEpochsDeactivation()
    {
        var bench = new StakeTestBench();
        bench.SetVote(VoteKey, (10, 5));
        bench.SetVote(ReferenceVote);
        var deactivating = Active(Sol);
        deactivating = deactivating with { Stake = deactivating.Stake with { Delegation = deactivating.Stake.Delegation with { DeactivationEpoch = 10 } } };
        (Pubkey, bool, bool)[] Metas(Pubkey vote) =>
            [W(StakeKey), R(vote), R(SysvarIds.Clock), R(SysvarIds.StakeHistory), R(Key(11)), R(Staker, true)];
        var data = Ix(StakeInstructionKind.DelegateStake);

        bench.SetStake(StakeKey, Reserve + Sol, deactivating);
        Assert.Equal((uint)StakeError.TooSoonToRedelegate, CustomOf(bench.Run(data, Metas(ReferenceVote))));
        Assert.Null(bench.Run(data, Metas(VoteKey)));
        Assert.Equal(ulong.MaxValue, bench.StateOf(StakeKey).Stake.Delegation.DeactivationEpoch);
        Assert.Equal(0UL, bench.StateOf(StakeKey).Stake.Delegation.ActivationEpoch);
    }

    // stake_instruction.rs test_split_from_larger_sized_account: a 300-byte source splitting half its
    // balance into a 200-byte destination prefunded with `initialBalance`.
    [Theory]
    [InlineData(0UL, false)]
    [InlineData(1UL, false)]
    [InlineData(2UL, true)]
    [InlineData(3UL, true)]
    [InlineData(4UL, true)]
    public void SplitFromALargerAccountUsesTheDestinationsReserve(ulong balanceCase, bool succeeds)
    {
        var largerReserve = Rent.MinimumBalance(StakeState.Size + 100);
        var splitReserve = Reserve;
        var stakeLamports = (largerReserve + Sol) * 2;
        var initialBalance = balanceCase switch
        {
            0 => 0UL,
            1 => splitReserve - 1,
            2 => splitReserve,
            3 => splitReserve + Sol - 1,
            _ => splitReserve + Sol,
        };
        var bench = new StakeTestBench { Clock = new(0, 0, 100, 101, 0) };
        var meta = new Meta(largerReserve, new Authorized(StakeKey, StakeKey), default);
        var delegation = Delegation.Create(VoteKey, stakeLamports - largerReserve, 0);
        var source = new byte[StakeState.Size + 100];
        StakeState.Delegated(meta, new DelegatedStake(delegation, 0), 0).Serialize().CopyTo(source, 0);
        bench.Set(StakeKey, new Core.Accounts.Account(stakeLamports, source, ProgramIds.Stake));
        bench.SetStake(OtherStake, initialBalance, StakeState.Uninitialized);
        var metas = new[] { W(StakeKey, true), W(OtherStake) };

        Assert.Equal(InstructionErrorKind.InsufficientFunds, KindOf(bench.Run(Ix(StakeInstructionKind.Split, w => w.WriteU64(stakeLamports + 1)), metas)));
        var error = bench.Run(Ix(StakeInstructionKind.Split, w => w.WriteU64(stakeLamports / 2)), metas);
        if (!succeeds)
        {
            Assert.Equal(InstructionErrorKind.InsufficientFunds, KindOf(error));
            return;
        }
        Assert.Null(error);
        Assert.Equal(stakeLamports + initialBalance, bench[StakeKey].Lamports + bench[OtherStake].Lamports);
        var expectedStake = stakeLamports / 2 - (splitReserve > initialBalance ? splitReserve - initialBalance : 0);
        var split = bench.StateOf(OtherStake);
        Assert.Equal(new Meta(splitReserve, meta.Authorized, default), split.Meta);
        Assert.Equal(delegation with { Stake = expectedStake }, split.Stake.Delegation);
        Assert.Equal(expectedStake + splitReserve + (initialBalance > splitReserve ? initialBalance - splitReserve : 0), bench[OtherStake].Lamports);
        Assert.Equal(delegation with { Stake = stakeLamports / 2 - largerReserve }, bench.StateOf(StakeKey).Stake.Delegation);
    }

    // MergeKind::merge: activating stakes merge their whole balance (the source's reserve included), an
    // inactive destination only takes the lamports.
    [Fact]
    public void MergeOfActivatingStakesAbsorbsTheSourceReserve()
    {
        var bench = new StakeTestBench();
        bench.SetStake(StakeKey, Reserve + 2 * Sol, Active(2 * Sol, activation: 10, credits: 4));
        bench.SetStake(OtherStake, Reserve + Sol, Active(Sol, activation: 10, credits: 4));
        (Pubkey, bool, bool)[] metas = [W(StakeKey), W(OtherStake), R(SysvarIds.Clock), R(SysvarIds.StakeHistory), R(Staker, true)];
        Assert.Null(bench.Run(Ix(StakeInstructionKind.Merge), metas));
        Assert.Equal(3 * Sol + Reserve, bench.StateOf(StakeKey).Stake.Delegation.Stake);
        Assert.Equal(4UL, bench.StateOf(StakeKey).Stake.CreditsObserved);

        bench.SetStake(StakeKey, Reserve + Sol, StakeState.Initialized(MetaFor(Staker, Withdrawer)));
        bench.SetStake(OtherStake, Reserve + Sol, Active(Sol, activation: 10));
        Assert.Null(bench.Run(Ix(StakeInstructionKind.Merge), metas));
        Assert.Equal(StakeStateKind.Initialized, bench.StateOf(StakeKey).Kind);
        Assert.Equal(2 * (Reserve + Sol), bench[StakeKey].Lamports);

        // An activating destination cannot absorb fully active stake.
        bench.SetStake(StakeKey, Reserve + Sol, Active(Sol, activation: 10));
        bench.SetStake(OtherStake, Reserve + Sol, Active(Sol));
        Assert.Equal((uint)StakeError.MergeMismatch, CustomOf(bench.Run(Ix(StakeInstructionKind.Merge), metas)));
    }
}
