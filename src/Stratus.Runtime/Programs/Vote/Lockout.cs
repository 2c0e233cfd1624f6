using Stratus.Core;

namespace Stratus.Runtime.Programs.Vote;

/// <summary>A voted slot and how many votes have confirmed it since; its lockout doubles per confirmation.</summary>
public readonly record struct Lockout(ulong Slot, uint ConfirmationCount)
{
    /// <summary>2^min(confirmations, 31), wrapping as Rust's <c>wrapping_pow</c> would (it never reaches 2^64).</summary>
    public ulong LockoutSlots => 1UL << (int)Math.Min(ConfirmationCount, (uint)VoteLimits.MaxLockoutHistory);

    public ulong LastLockedOutSlot
    {
        get
        {
            var sum = Slot + LockoutSlots;
            return sum < Slot ? ulong.MaxValue : sum;
        }
    }

    public bool IsLockedOutAtSlot(ulong slot) => LastLockedOutSlot >= slot;

    public Lockout WithIncreasedConfirmation() =>
        new(Slot, ConfirmationCount == uint.MaxValue ? uint.MaxValue : ConfirmationCount + 1);
}

/// <summary>A lockout with the latency (slots between the voted slot and the slot the vote landed in) the current vote state records.</summary>
public record struct LandedVote(byte Latency, Lockout Lockout)
{
    public readonly ulong Slot => Lockout.Slot;

    public readonly uint ConfirmationCount => Lockout.ConfirmationCount;
}

/// <summary>(epoch, credits at its end, credits at its start).</summary>
public readonly record struct EpochCredits(ulong Epoch, ulong Credits, ulong PrevCredits);

public readonly record struct BlockTimestamp(ulong Slot, long Timestamp);

/// <summary>A voter that was replaced: who, from which epoch, until which epoch.</summary>
public readonly record struct PriorVoter(Pubkey Pubkey, ulong FromEpoch, ulong UntilEpoch);

public static class VoteLimits
{
    public const int MaxLockoutHistory = 31;
    public const int MaxEpochCreditsHistory = 64;
    public const int MaxPriorVoters = 32;
    public const byte CreditsGraceSlots = 2;
    public const byte CreditsMaximumPerSlot = 16;

    /// <summary>Serialized size of the current vote state (VoteState::size_of).</summary>
    public const int CurrentSize = 3762;

    /// <summary>Serialized size of the 1.14.11 vote state.</summary>
    public const int V1_14_11Size = 3731;
}
