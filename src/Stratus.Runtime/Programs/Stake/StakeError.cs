using Stratus.Core.Transactions;

namespace Stratus.Runtime.Programs.Stake;

/// <summary>The stake program's custom errors (solana-stake-interface 1.2 <c>StakeError</c>), reported as Custom(n).</summary>
public enum StakeError : uint
{
    NoCreditsToRedeem = 0,
    LockupInForce = 1,
    AlreadyDeactivated = 2,
    TooSoonToRedelegate = 3,
    InsufficientStake = 4,
    MergeTransientStake = 5,
    MergeMismatch = 6,
    CustodianMissing = 7,
    CustodianSignatureMissing = 8,
    InsufficientReferenceVotes = 9,
    VoteAddressMismatch = 10,
    MinimumDelinquentEpochsForDeactivationNotMet = 11,
    InsufficientDelegation = 12,
    RedelegateTransientOrInactiveStake = 13,
    RedelegateToSameVoteAccount = 14,
    RedelegatedStakeMustFullyActivateBeforeDeactivationIsPermitted = 15,
    EpochRewardsActive = 16,
}

public static class StakeErrors
{
    public static InstructionError ToInstructionError(this StakeError error) => InstructionError.FromCustom((uint)error);

    /// <summary>The error's Display text, which the program logs for a transient merge.</summary>
    public static string Message(this StakeError error) => error switch
    {
        StakeError.NoCreditsToRedeem => "not enough credits to redeem",
        StakeError.LockupInForce => "lockup has not yet expired",
        StakeError.AlreadyDeactivated => "stake already deactivated",
        StakeError.TooSoonToRedelegate => "one re-delegation permitted per epoch",
        StakeError.InsufficientStake => "split amount is more than is staked",
        StakeError.MergeTransientStake => "stake account with transient stake cannot be merged",
        StakeError.MergeMismatch => "stake account merge failed due to different authority, lockups or state",
        StakeError.CustodianMissing => "custodian address not present",
        StakeError.CustodianSignatureMissing => "custodian signature not present",
        StakeError.InsufficientReferenceVotes => "insufficient voting activity in the reference vote account",
        StakeError.VoteAddressMismatch => "stake account is not delegated to the provided vote account",
        StakeError.MinimumDelinquentEpochsForDeactivationNotMet =>
            "stake account has not been delinquent for the minimum epochs required for deactivation",
        StakeError.InsufficientDelegation => "delegation amount is less than the minimum",
        StakeError.RedelegateTransientOrInactiveStake => "stake account with transient or inactive stake cannot be redelegated",
        StakeError.RedelegateToSameVoteAccount => "stake redelegation to the same vote account is not permitted",
        StakeError.RedelegatedStakeMustFullyActivateBeforeDeactivationIsPermitted =>
            "redelegated stake must be fully activated before deactivation",
        StakeError.EpochRewardsActive => "stake action is not permitted while the epoch rewards period is active",
        _ => "unknown stake error",
    };
}
