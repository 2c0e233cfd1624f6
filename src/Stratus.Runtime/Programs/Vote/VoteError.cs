using Stratus.Core.Transactions;

namespace Stratus.Runtime.Programs.Vote;

/// <summary>The vote program's custom errors (solana-vote-interface 2.2 <c>VoteError</c>), reported as Custom(n).</summary>
public enum VoteError : uint
{
    VoteTooOld = 0,
    SlotsMismatch = 1,
    SlotHashMismatch = 2,
    EmptySlots = 3,
    TimestampTooOld = 4,
    TooSoonToReauthorize = 5,
    LockoutConflict = 6,
    NewVoteStateLockoutMismatch = 7,
    SlotsNotOrdered = 8,
    ConfirmationsNotOrdered = 9,
    ZeroConfirmations = 10,
    ConfirmationTooLarge = 11,
    RootRollBack = 12,
    ConfirmationRollBack = 13,
    SlotSmallerThanRoot = 14,
    TooManyVotes = 15,
    VotesTooOldAllFiltered = 16,
    RootOnDifferentFork = 17,
    ActiveVoteAccountClose = 18,
    CommissionUpdateTooLate = 19,
    AssertionFailed = 20,
}

public static class VoteErrors
{
    public static InstructionError ToInstructionError(this VoteError error) => InstructionError.FromCustom((uint)error);
}
