using Stratus.Core;

namespace Stratus.Runtime.Programs.Vote;

/// <summary>
/// Applying votes to a vote state (Agave 2.2 programs/vote vote_state): legacy votes slot by slot, and
/// proposed towers (vote state updates, tower syncs) checked against SlotHashes and then against the
/// current tower. Credits follow timely vote credits (latency recorded when a slot is first voted on).
/// </summary>
public static class VoteProcessing
{
    /// <summary>Legacy Vote: drop slots older than SlotHashes, check the rest, then push each.</summary>
    public static VoteError? ProcessVote(VoteState state, VoteData vote, ReadOnlySpan<(ulong Slot, Hash Hash)> slotHashes, ulong epoch, ulong currentSlot)
    {
        if (vote.Slots.Length == 0) return VoteError.EmptySlots;
        var earliest = slotHashes.Length == 0 ? 0 : slotHashes[^1].Slot;
        var slots = vote.Slots.Where(s => s >= earliest).ToArray();
        if (slots.Length == 0) return VoteError.VotesTooOldAllFiltered;
        var error = CheckSlotsAreValid(state, slots, vote.Hash, slotHashes);
        if (error != null) return error;
        foreach (var s in slots) state.ProcessNextVoteSlot(s, epoch, currentSlot);
        return null;
    }

    private static VoteError? CheckSlotsAreValid(VoteState state, ulong[] voteSlots, in Hash voteHash, ReadOnlySpan<(ulong Slot, Hash Hash)> slotHashes)
    {
        // voteSlots ascend; slotHashes descend, so j walks from the oldest entry toward newer ones.
        int i = 0, j = slotHashes.Length;
        var lastVoted = state.LastVotedSlot;
        while (i < voteSlots.Length && j > 0)
        {
            if (lastVoted is { } lv && voteSlots[i] <= lv)
            {
                i++;
                continue;
            }
            if (voteSlots[i] != slotHashes[j - 1].Slot)
            {
                j--;
                continue;
            }
            i++;
            j--;
        }
        if (j == slotHashes.Length) return VoteError.VoteTooOld;
        if (i != voteSlots.Length) return VoteError.SlotsMismatch;
        if (slotHashes[j].Hash != voteHash) return VoteError.SlotHashMismatch;
        return null;
    }

    /// <summary>UpdateVoteState / CompactUpdateVoteState / TowerSync.</summary>
    public static VoteError? ProcessTowerUpdate(VoteState state, TowerUpdate update, ReadOnlySpan<(ulong Slot, Hash Hash)> slotHashes, ulong epoch, ulong currentSlot)
    {
        var lockouts = new List<Lockout>(update.Lockouts);
        var root = update.Root;
        var error = CheckAndFilterProposedVoteState(state, lockouts, ref root, update.Hash, slotHashes);
        if (error != null) return error;
        var landed = lockouts.Select(l => new LandedVote(0, l)).ToList();
        return ProcessNewVoteState(state, landed, root, update.Timestamp, epoch, currentSlot);
    }

    private static VoteError? CheckAndFilterProposedVoteState(VoteState state, List<Lockout> proposed, ref ulong? proposedRoot, in Hash proposedHash,
        ReadOnlySpan<(ulong Slot, Hash Hash)> slotHashes)
    {
        if (proposed.Count == 0) return VoteError.EmptySlots;
        var lastProposedSlot = proposed[^1].Slot;
        if (state.LastVotedSlot is { } lastVote && lastProposedSlot <= lastVote) return VoteError.VoteTooOld;
        if (slotHashes.Length == 0) return VoteError.SlotsMismatch;
        var earliest = slotHashes[^1].Slot;
        if (lastProposedSlot < earliest) return VoteError.VoteTooOld;

        // A root too old to check against SlotHashes is replaced by the newest own vote (or root) at or below it.
        if (proposedRoot is { } r && r < earliest)
        {
            proposedRoot = state.RootSlot;
            for (var k = state.Votes.Count - 1; k >= 0; k--)
            {
                if (state.Votes[k].Slot <= r)
                {
                    proposedRoot = state.Votes[k].Slot;
                    break;
                }
            }
        }

        var rootToCheck = proposedRoot;
        var index = 0;
        var shIndex = slotHashes.Length;
        var toFilter = new List<int>();
        while (index < proposed.Count && shIndex > 0)
        {
            var proposedSlot = rootToCheck ?? proposed[index].Slot;
            if (rootToCheck == null && index > 0 && proposedSlot <= proposed[index - 1].Slot) return VoteError.SlotsNotOrdered;
            var ancestor = slotHashes[shIndex - 1].Slot;
            if (proposedSlot < ancestor)
            {
                if (shIndex == slotHashes.Length)
                {
                    // Older than all of SlotHashes.
                    if (proposedSlot >= earliest) return VoteError.AssertionFailed;
                    if (!state.ContainsSlot(proposedSlot) && rootToCheck == null) toFilter.Add(index);
                    if (rootToCheck is { } newRoot)
                    {
                        if (newRoot >= earliest) return VoteError.AssertionFailed;
                        rootToCheck = null;
                    }
                    else index++;
                    continue;
                }
                return rootToCheck != null ? VoteError.RootOnDifferentFork : VoteError.SlotsMismatch;
            }
            if (proposedSlot > ancestor)
            {
                shIndex--;
                continue;
            }
            if (rootToCheck != null) rootToCheck = null;
            else
            {
                index++;
                shIndex--;
            }
        }
        if (index != proposed.Count) return VoteError.SlotsMismatch;
        // Agave asserts this; it follows from the checks above.
        if (lastProposedSlot != slotHashes[shIndex].Slot) return VoteError.AssertionFailed;
        if (slotHashes[shIndex].Hash != proposedHash) return VoteError.SlotHashMismatch;
        for (var k = toFilter.Count - 1; k >= 0; k--) proposed.RemoveAt(toFilter[k]);
        return null;
    }

    /// <summary>Replaces the tower with a checked proposed one, awarding credits for newly rooted votes.</summary>
    public static VoteError? ProcessNewVoteState(VoteState state, List<LandedVote> newState, ulong? newRoot, long? timestamp, ulong epoch, ulong currentSlot)
    {
        // Agave asserts a non-empty tower here; the instruction path can never pass an empty one.
        if (newState.Count == 0) return VoteError.EmptySlots;
        if (newState.Count > VoteLimits.MaxLockoutHistory) return VoteError.TooManyVotes;
        switch (newRoot, state.RootSlot)
        {
            case ({ } nr, { } cr) when nr < cr:
            case (null, not null):
                return VoteError.RootRollBack;
        }

        LandedVote? previous = null;
        foreach (var vote in newState)
        {
            if (vote.ConfirmationCount == 0) return VoteError.ZeroConfirmations;
            if (vote.ConfirmationCount > VoteLimits.MaxLockoutHistory) return VoteError.ConfirmationTooLarge;
            // A root of 0 is what an empty tower always proposes, so it does not bound the votes.
            if (newRoot is { } root && vote.Slot <= root && root != 0) return VoteError.SlotSmallerThanRoot;
            if (previous is { } prev)
            {
                if (prev.Slot >= vote.Slot) return VoteError.SlotsNotOrdered;
                if (prev.ConfirmationCount <= vote.ConfirmationCount) return VoteError.ConfirmationsNotOrdered;
                if (vote.Slot > prev.Lockout.LastLockedOutSlot) return VoteError.NewVoteStateLockoutMismatch;
            }
            previous = vote;
        }

        var currentIndex = 0;
        var newIndex = 0;
        ulong earned = 0;
        if (newRoot is { } rootSlot)
        {
            foreach (var current in state.Votes)
            {
                if (current.Slot > rootSlot) break;
                earned += state.CreditsForVoteAtIndex(currentIndex);
                currentIndex++;
            }
        }

        while (currentIndex < state.Votes.Count && newIndex < newState.Count)
        {
            var current = state.Votes[currentIndex];
            var proposed = newState[newIndex];
            if (current.Slot < proposed.Slot)
            {
                if (current.Lockout.LastLockedOutSlot >= proposed.Slot) return VoteError.LockoutConflict;
                currentIndex++;
            }
            else if (current.Slot == proposed.Slot)
            {
                if (proposed.ConfirmationCount < current.ConfirmationCount) return VoteError.ConfirmationRollBack;
                newState[newIndex] = proposed with { Latency = current.Latency };
                currentIndex++;
                newIndex++;
            }
            else newIndex++;
        }

        for (var k = 0; k < newState.Count; k++)
            if (newState[k].Latency == 0)
                newState[k] = newState[k] with { Latency = VoteState.ComputeVoteLatency(newState[k].Slot, currentSlot) };

        if (state.RootSlot != newRoot) state.IncrementCredits(epoch, earned);
        if (timestamp is { } ts)
        {
            var error = state.ProcessTimestamp(newState[^1].Slot, ts);
            if (error != null) return error;
        }
        state.RootSlot = newRoot;
        state.Votes = newState;
        return null;
    }
}
