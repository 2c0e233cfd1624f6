using Stratus.Core;
using Stratus.Core.Transactions;

namespace Stratus.Runtime.Programs.Vote;

/// <summary>
/// The current vote state (solana-vote-interface 2.2 <c>VoteState</c>, serialized under tag 2): votes carry
/// their latency. Older versions convert to this on read.
/// </summary>
public sealed class VoteState
{
    public Pubkey NodePubkey { get; set; }
    public Pubkey AuthorizedWithdrawer { get; set; }
    public byte Commission { get; set; }
    public List<LandedVote> Votes { get; set; } = new();
    public ulong? RootSlot { get; set; }
    public AuthorizedVoters AuthorizedVoters { get; set; } = new();
    public PriorVoters PriorVoters { get; set; } = new();
    public List<EpochCredits> EpochCredits { get; set; } = new();
    public BlockTimestamp LastTimestamp { get; set; }

    public static VoteState Create(Pubkey node, Pubkey voter, Pubkey withdrawer, byte commission, ulong epoch) => new()
    {
        NodePubkey = node,
        AuthorizedVoters = new AuthorizedVoters(epoch, voter),
        AuthorizedWithdrawer = withdrawer,
        Commission = commission,
    };

    public ulong? LastVotedSlot => Votes.Count == 0 ? null : Votes[^1].Slot;

    public ulong Credits => EpochCredits.Count == 0 ? 0 : EpochCredits[^1].Credits;

    public ulong CurrentEpoch => EpochCredits.Count == 0 ? 0 : EpochCredits[^1].Epoch;

    public bool ContainsSlot(ulong slot)
    {
        int lo = 0, hi = Votes.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var s = Votes[mid].Slot;
            if (s == slot) return true;
            if (s < slot) lo = mid + 1;
            else hi = mid - 1;
        }
        return false;
    }

    public static byte ComputeVoteLatency(ulong votedForSlot, ulong currentSlot)
    {
        var diff = currentSlot > votedForSlot ? currentSlot - votedForSlot : 0;
        return (byte)Math.Min(diff, byte.MaxValue);
    }

    /// <summary>Timely vote credits: a vote without latency (recorded before latencies existed) earns 1; otherwise up to 16, less one per slot beyond the grace period.</summary>
    public ulong CreditsForVoteAtIndex(int index)
    {
        var latency = index < Votes.Count ? Votes[index].Latency : (byte)0;
        if (latency == 0) return 1;
        if (latency <= VoteLimits.CreditsGraceSlots) return VoteLimits.CreditsMaximumPerSlot;
        var diff = latency - VoteLimits.CreditsGraceSlots;
        return diff >= VoteLimits.CreditsMaximumPerSlot ? 1UL : (ulong)(VoteLimits.CreditsMaximumPerSlot - diff);
    }

    public void IncrementCredits(ulong epoch, ulong credits)
    {
        if (EpochCredits.Count == 0)
            EpochCredits.Add(new EpochCredits(epoch, 0, 0));
        else if (epoch != EpochCredits[^1].Epoch)
        {
            var last = EpochCredits[^1];
            if (last.Credits != last.PrevCredits)
                EpochCredits.Add(new EpochCredits(epoch, last.Credits, last.Credits));
            else
                EpochCredits[^1] = last with { Epoch = epoch };
            if (EpochCredits.Count > VoteLimits.MaxEpochCreditsHistory) EpochCredits.RemoveAt(0);
        }
        var tail = EpochCredits[^1];
        var sum = tail.Credits + credits;
        EpochCredits[^1] = tail with { Credits = sum < tail.Credits ? ulong.MaxValue : sum };
    }

    public void PopExpiredVotes(ulong nextVoteSlot)
    {
        while (Votes.Count > 0 && !Votes[^1].Lockout.IsLockedOutAtSlot(nextVoteSlot))
            Votes.RemoveAt(Votes.Count - 1);
    }

    public void DoubleLockouts()
    {
        var depth = Votes.Count;
        for (var i = 0; i < depth; i++)
        {
            var v = Votes[i];
            if ((ulong)depth > (ulong)i + v.ConfirmationCount)
                Votes[i] = v with { Lockout = v.Lockout.WithIncreasedConfirmation() };
        }
    }

    public void ProcessNextVoteSlot(ulong nextVoteSlot, ulong epoch, ulong currentSlot)
    {
        if (LastVotedSlot is { } last && nextVoteSlot <= last) return;
        PopExpiredVotes(nextVoteSlot);
        var landed = new LandedVote(ComputeVoteLatency(nextVoteSlot, currentSlot), new Lockout(nextVoteSlot, 1));
        if (Votes.Count == VoteLimits.MaxLockoutHistory)
        {
            var credits = CreditsForVoteAtIndex(0);
            RootSlot = Votes[0].Slot;
            Votes.RemoveAt(0);
            IncrementCredits(epoch, credits);
        }
        Votes.Add(landed);
        DoubleLockouts();
    }

    public VoteError? ProcessTimestamp(ulong slot, long timestamp)
    {
        var last = LastTimestamp;
        if (slot < last.Slot || timestamp < last.Timestamp
            || (slot == last.Slot && new BlockTimestamp(slot, timestamp) != last && last.Slot != 0))
            return VoteError.TimestampTooOld;
        LastTimestamp = new BlockTimestamp(slot, timestamp);
        return null;
    }

    /// <summary>The voter for <paramref name="currentEpoch"/>, caching it and purging older entries; InvalidAccountData when there is none.</summary>
    public InstructionError? GetAndUpdateAuthorizedVoter(ulong currentEpoch, out Pubkey voter)
    {
        voter = default;
        if (AuthorizedVoters.GetAndCache(currentEpoch) is not { } v) return new InstructionError(InstructionErrorKind.InvalidAccountData);
        AuthorizedVoters.Purge(currentEpoch);
        voter = v;
        return null;
    }

    public InstructionError? SetNewAuthorizedVoter(in Pubkey authorized, ulong currentEpoch, ulong targetEpoch, Func<Pubkey, InstructionError?> verify)
    {
        var error = GetAndUpdateAuthorizedVoter(currentEpoch, out var epochVoter);
        if (error != null) return error;
        if ((error = verify(epochVoter)) != null) return error;
        if (AuthorizedVoters.Contains(targetEpoch)) return VoteError.TooSoonToReauthorize.ToInstructionError();
        if (AuthorizedVoters.Last is not { } latest) return new InstructionError(InstructionErrorKind.InvalidAccountData);
        if (latest.Value != authorized)
        {
            var lastSwitch = PriorVoters.Last is { } p ? p.UntilEpoch : 0;
            if (targetEpoch <= latest.Key) return new InstructionError(InstructionErrorKind.InvalidAccountData);
            PriorVoters.Append(new PriorVoter(latest.Value, lastSwitch, targetEpoch));
        }
        AuthorizedVoters.Insert(targetEpoch, authorized);
        return null;
    }
}

/// <summary>The oldest vote state layout (tag 0), read for backwards compatibility.</summary>
public sealed class VoteState0_23_5
{
    public Pubkey NodePubkey { get; set; }
    public Pubkey AuthorizedVoter { get; set; }
    public ulong AuthorizedVoterEpoch { get; set; }

    /// <summary>32 entries of (voter, from epoch, until epoch, slot).</summary>
    public (Pubkey Voter, ulong From, ulong Until, ulong Slot)[] PriorVoters { get; } = new (Pubkey, ulong, ulong, ulong)[VoteLimits.MaxPriorVoters];

    public ulong PriorVotersIndex { get; set; } = VoteLimits.MaxPriorVoters - 1;
    public Pubkey AuthorizedWithdrawer { get; set; }
    public byte Commission { get; set; }
    public List<Lockout> Votes { get; set; } = new();
    public ulong? RootSlot { get; set; }
    public List<EpochCredits> EpochCredits { get; set; } = new();
    public BlockTimestamp LastTimestamp { get; set; }

    /// <summary>Conversion to current: the single voter becomes the map, prior voters are dropped.</summary>
    public VoteState ToCurrent() => new()
    {
        NodePubkey = NodePubkey,
        AuthorizedWithdrawer = AuthorizedWithdrawer,
        Commission = Commission,
        Votes = Votes.Select(l => new LandedVote(0, l)).ToList(),
        RootSlot = RootSlot,
        AuthorizedVoters = new AuthorizedVoters(AuthorizedVoterEpoch, AuthorizedVoter),
        EpochCredits = new List<EpochCredits>(EpochCredits),
        LastTimestamp = LastTimestamp,
    };
}
