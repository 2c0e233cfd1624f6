using Stratus.Core;
using Stratus.Runtime.Programs.Vote;

namespace Stratus.Runtime.Tests.Vote;

/// <summary>Vote and tower processing, with the expectations of Agave 2.2's vote_state unit tests.</summary>
public class VoteProcessingTests
{
    private const int Max = VoteLimits.MaxLockoutHistory;
    private static int _unique;

    private static Hash UniqueHash()
    {
        var b = new byte[32];
        BitConverter.GetBytes(Interlocked.Increment(ref _unique)).CopyTo(b, 0);
        b[31] = 0xAB;
        return new Hash(b);
    }

    // Agave's process_vote_unchecked: the vote's own slots as SlotHashes, current slot 0.
    private static VoteError? VoteUnchecked(VoteState state, params ulong[] slots)
    {
        var hash = UniqueHash();
        var slotHashes = slots.Reverse().Select(s => (s, hash)).ToArray();
        return VoteProcessing.ProcessVote(state, new VoteData(slots, hash, null), slotHashes, state.CurrentEpoch, 0);
    }

    private static (ulong, Hash)[] BuildSlotHashes(params ulong[] slots) => slots.Reverse().Select(s => (s, UniqueHash())).ToArray();

    private static VoteState BuildVoteState(ulong[] slots, (ulong Slot, Hash Hash)[] slotHashes)
    {
        var state = new VoteState();
        var hash = slotHashes.First(h => h.Slot == slots[^1]).Hash;
        Assert.Null(VoteProcessing.ProcessVote(state, new VoteData(slots, hash, null), slotHashes, 0, 0));
        return state;
    }

    private static void CheckLockouts(VoteState state)
    {
        for (var i = 0; i < state.Votes.Count; i++)
            Assert.Equal((uint)(state.Votes.Count - i), state.Votes[i].ConfirmationCount);
    }

    [Fact]
    public void Lockout_fills_then_roots()
    {
        var state = VoteState.Create(default, default, default, 0, 0);
        for (ulong i = 0; i <= Max; i++) VoteUnchecked(state, 2 * i);
        Assert.Equal(Max, state.Votes.Count);
        Assert.Equal(0UL, state.RootSlot);
        CheckLockouts(state);

        var top = state.Votes[0].Slot;
        VoteUnchecked(state, state.Votes[^1].Lockout.LastLockedOutSlot);
        Assert.Equal(top, state.RootSlot);

        VoteUnchecked(state, state.Votes[0].Lockout.LastLockedOutSlot);
        Assert.Equal(2, state.Votes.Count);
    }

    [Fact]
    public void Double_lockout_after_expiration()
    {
        var state = new VoteState();
        for (ulong i = 0; i < 3; i++) VoteUnchecked(state, i);
        CheckLockouts(state);
        VoteUnchecked(state, 2 + 2 + 1);
        CheckLockouts(state);
        VoteUnchecked(state, 2 + 2 + 2);
        CheckLockouts(state);
        VoteUnchecked(state, 2 + 2 + 3);
        CheckLockouts(state);
    }

    [Fact]
    public void Expire_multiple_votes()
    {
        var state = new VoteState();
        for (ulong i = 0; i < 3; i++) VoteUnchecked(state, i);
        Assert.Equal(3u, state.Votes[0].ConfirmationCount);
        var expire = state.Votes[1].Slot + state.Votes[1].Lockout.LockoutSlots + 1;
        VoteUnchecked(state, expire);
        Assert.Equal(2, state.Votes.Count);
        Assert.Equal(0UL, state.Votes[0].Slot);
        Assert.Equal(expire, state.Votes[1].Slot);
        VoteUnchecked(state, expire + 1);
        Assert.Equal([3u, 2u, 1u], state.Votes.Select(v => v.ConfirmationCount));
    }

    [Fact]
    public void Credits_one_per_rooted_vote_without_latency()
    {
        var state = new VoteState();
        for (ulong i = 0; i < Max; i++) VoteUnchecked(state, i);
        Assert.Equal(0UL, state.Credits);
        for (ulong k = 1; k <= 3; k++)
        {
            VoteUnchecked(state, Max + k);
            Assert.Equal(k, state.Credits);
        }
    }

    [Fact]
    public void Duplicate_vote_is_ignored()
    {
        var state = new VoteState();
        VoteUnchecked(state, 0);
        VoteUnchecked(state, 1);
        VoteUnchecked(state, 0);
        Assert.Equal([0UL, 1UL], state.Votes.Select(v => v.Slot));
    }

    [Fact]
    public void Empty_and_all_filtered_votes()
    {
        var state = new VoteState();
        Assert.Equal(VoteError.EmptySlots, VoteProcessing.ProcessVote(state, new VoteData([], default, null), [], 0, 0));
        var slotHashes = new (ulong, Hash)[] { (3, UniqueHash()), (2, UniqueHash()) };
        Assert.Equal(VoteError.VotesTooOldAllFiltered, VoteProcessing.ProcessVote(state, new VoteData([1], default, null), slotHashes, 0, 0));
        Assert.Null(VoteProcessing.ProcessVote(state, new VoteData([1, 2], slotHashes[1].Item2, null), slotHashes, 0, 0));
        Assert.Equal([new Lockout(2, 1)], state.Votes.Select(v => v.Lockout));
    }

    [Fact]
    public void Check_slots_errors()
    {
        var state = new VoteState();
        Assert.Equal(VoteError.VoteTooOld, VoteProcessing.ProcessVote(state, new VoteData([0], default, null), [], 0, 0));
        var hash = UniqueHash();
        var slotHashes = new (ulong, Hash)[] { (0, hash) };
        Assert.Equal(VoteError.SlotHashMismatch, VoteProcessing.ProcessVote(state, new VoteData([0], UniqueHash(), null), slotHashes, 0, 0));
        Assert.Equal(VoteError.SlotsMismatch, VoteProcessing.ProcessVote(state, new VoteData([1], hash, null), slotHashes, 0, 0));
        Assert.Null(VoteProcessing.ProcessVote(state, new VoteData([0], hash, null), slotHashes, 0, 0));
        Assert.Equal(VoteError.VoteTooOld, VoteProcessing.ProcessVote(state, new VoteData([0], hash, null), slotHashes, 0, 0));
    }

    // Agave's test_timely_credits: (slots voted, slot the vote landed in, total credits after).
    public static readonly (ulong[] Slots, ulong Landed, ulong Credits)[] TimelyGroups =
    [
        ([1, 2, 3, 4, 5, 6, 7, 8], 9, 0),
        ([9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31], 34, 0),
        ([32], 35, 10),
        ([33], 36, 21),
        ([34, 35], 37, 46),
        ([36, 37, 38], 39, 91),
        ([39, 40, 41, 42, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68], 69, 327),
        ([69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99], 100, 508),
        ([115, 116, 117, 118, 119, 120, 121, 122, 123, 124], 130, 514),
        ([200, 201], 202, 514),
        ([202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213, 214, 215, 216, 217, 218, 219, 220, 221, 222, 223, 224, 225, 226], 227, 613),
        ([227, 228, 229, 230, 231, 232, 233, 234, 235, 236], 237, 667),
    ];

    [Fact]
    public void Timely_vote_credits_match_agave()
    {
        var byVote = new VoteState();
        var byTower = new VoteState();
        foreach (var (slots, landed, credits) in TimelyGroups)
        {
            var hash = UniqueHash();
            var slotHashes = slots.Reverse().Select(s => (s, hash)).ToArray();
            Assert.Null(VoteProcessing.ProcessVote(byVote, new VoteData(slots, hash, null), slotHashes, 0, landed));
            Assert.Null(VoteProcessing.ProcessNewVoteState(byTower, byVote.Votes.ToList(), byVote.RootSlot, null, 0, landed));
            Assert.Equal(credits, byVote.Credits);
            Assert.Equal(credits, byTower.Credits);
        }
    }

    [Fact]
    public void Tower_update_credits_equal_vote_credits()
    {
        ulong[][] groups =
        [
            [1, 2, 3, 4, 5, 6, 7, 8], [.. Enumerable.Range(9, 23).Select(i => (ulong)i)], [32], [33], [34, 35], [36, 37, 38],
            [.. Enumerable.Range(39, 30).Select(i => (ulong)i)], [.. Enumerable.Range(69, 31).Select(i => (ulong)i)],
            [100, 101, 106, 107, 112, 116, 120, 121, 122, 124], [200, 201], [.. Enumerable.Range(202, 25).Select(i => (ulong)i)],
            [227, 228, 229, 230, 231, 232, 233, 234, 235, 236],
        ];
        var state = new VoteState();
        foreach (var group in groups)
        {
            var after = Clone(state);
            Assert.Null(VoteUnchecked(after, group));
            Assert.Null(VoteProcessing.ProcessNewVoteState(state, after.Votes.ToList(), after.RootSlot, null, 0, 0));
            Assert.Equal(after.EpochCredits, state.EpochCredits);
        }
    }

    private static VoteState Clone(VoteState s) => new()
    {
        NodePubkey = s.NodePubkey, AuthorizedWithdrawer = s.AuthorizedWithdrawer, Commission = s.Commission,
        Votes = s.Votes.ToList(), RootSlot = s.RootSlot, AuthorizedVoters = s.AuthorizedVoters.Clone(),
        PriorVoters = s.PriorVoters.Clone(), EpochCredits = s.EpochCredits.ToList(), LastTimestamp = s.LastTimestamp,
    };

    private static List<LandedVote> Landed(params (ulong Slot, uint Conf)[] lockouts) =>
        lockouts.Select(l => new LandedVote(0, new Lockout(l.Slot, l.Conf))).ToList();

    [Fact]
    public void New_vote_state_rejections()
    {
        var tooMany = Enumerable.Range(0, Max + 1).Select(s => ((ulong)s, (uint)(Max - s + 1))).ToArray();
        Assert.Equal(VoteError.TooManyVotes, VoteProcessing.ProcessNewVoteState(new VoteState(), Landed(tooMany), null, null, 0, 0));
        Assert.Equal(VoteError.ZeroConfirmations, VoteProcessing.ProcessNewVoteState(new VoteState(), Landed((0, 0), (1, 1)), null, null, 0, 0));
        Assert.Equal(VoteError.ZeroConfirmations, VoteProcessing.ProcessNewVoteState(new VoteState(), Landed((0, 2), (1, 0)), null, null, 0, 0));
        Assert.Equal(VoteError.ConfirmationTooLarge, VoteProcessing.ProcessNewVoteState(new VoteState(), Landed((0, 2), (1, (uint)Max + 1)), null, null, 0, 0));
        Assert.Equal(VoteError.SlotSmallerThanRoot, VoteProcessing.ProcessNewVoteState(new VoteState(), Landed((1, 2), (2, 1)), 1, null, 0, 0));
        Assert.Equal(VoteError.SlotsNotOrdered, VoteProcessing.ProcessNewVoteState(new VoteState(), Landed((1, 2), (0, 1)), null, null, 0, 0));
        Assert.Equal(VoteError.SlotsNotOrdered, VoteProcessing.ProcessNewVoteState(new VoteState(), Landed((1, 2), (1, 1)), null, null, 0, 0));
        Assert.Equal(VoteError.ConfirmationsNotOrdered, VoteProcessing.ProcessNewVoteState(new VoteState(), Landed((0, 1), (1, 1)), null, null, 0, 0));
        Assert.Equal(VoteError.ConfirmationsNotOrdered, VoteProcessing.ProcessNewVoteState(new VoteState(), Landed((0, 1), (1, 2)), null, null, 0, 0));
        // Slot 0 with two confirmations is locked out until 4; a vote at 7 should have popped it.
        Assert.Equal(VoteError.NewVoteStateLockoutMismatch, VoteProcessing.ProcessNewVoteState(new VoteState(), Landed((0, 2), (7, 1)), null, null, 0, 0));
    }

    [Fact]
    public void Root_rollback_and_progress()
    {
        var s1 = new VoteState();
        for (ulong i = 0; i < Max + 2; i++) VoteUnchecked(s1, i);
        Assert.Equal(1UL, s1.RootSlot);
        var s2 = Clone(s1);
        VoteUnchecked(s2, Max + 3);
        Assert.Equal(VoteError.RootRollBack, VoteProcessing.ProcessNewVoteState(s1, s2.Votes.ToList(), 0, null, s2.CurrentEpoch, 0));
        Assert.Equal(VoteError.RootRollBack, VoteProcessing.ProcessNewVoteState(s1, s2.Votes.ToList(), null, null, s2.CurrentEpoch, 0));

        var a = new VoteState();
        for (ulong i = 0; i < Max; i++) VoteUnchecked(a, i);
        Assert.Null(a.RootSlot);
        var b = Clone(a);
        for (ulong v = Max + 1; v <= Max + 2; v++)
        {
            VoteUnchecked(b, v);
            Assert.NotEqual(a.RootSlot, b.RootSlot);
            Assert.Null(VoteProcessing.ProcessNewVoteState(a, b.Votes.ToList(), b.RootSlot, null, b.CurrentEpoch, 0));
            Assert.Equal(b.Votes, a.Votes);
            Assert.Equal(b.RootSlot, a.RootSlot);
            Assert.Equal(b.EpochCredits, a.EpochCredits);
        }
    }

    [Fact]
    public void Filter_too_old_and_check_slot_hashes()
    {
        var history = BuildSlotHashes(1, 2, 3, 4);
        var state = BuildVoteState([1, 2, 3, 4], history);
        Assert.Equal(VoteError.VoteTooOld, VoteProcessing.ProcessTowerUpdate(state, new TowerUpdate([new Lockout(4, 1)], null, default, null), history, 0, 0));
        Assert.Equal(VoteError.VoteTooOld, VoteProcessing.ProcessTowerUpdate(state, new TowerUpdate([new Lockout(5, 1)], null, default, null), BuildSlotHashes(6), 0, 0));
        Assert.Equal(VoteError.EmptySlots, VoteProcessing.ProcessTowerUpdate(state, new TowerUpdate([], null, default, null), history, 0, 0));

        // A slot older than the history and not in the tower is filtered out; the rest applies.
        var newer = BuildSlotHashes(11, 12, 13, 14);
        var hash12 = newer.First(h => h.Item1 == 12).Item2;
        Assert.Null(VoteProcessing.ProcessTowerUpdate(state, new TowerUpdate([new Lockout(1, 4), new Lockout(10, 2), new Lockout(12, 3)], null, hash12, null), newer, 0, 0));
        Assert.Equal([new Lockout(1, 4), new Lockout(12, 3)], state.Votes.Select(v => v.Lockout));
    }

    [Fact]
    public void Root_on_different_fork_and_mismatches()
    {
        var history = BuildSlotHashes(2, 4, 6, 8);
        var state = BuildVoteState([6], history);
        var hash8 = history[0].Item2;
        Assert.Equal(VoteError.RootOnDifferentFork, VoteProcessing.ProcessTowerUpdate(state, new TowerUpdate([new Lockout(8, 1)], 3, hash8, null), history, 0, 0));
        Assert.Equal(VoteError.SlotsMismatch, VoteProcessing.ProcessTowerUpdate(state, new TowerUpdate([new Lockout(7, 2), new Lockout(8, 1)], null, hash8, null), history, 0, 0));
        Assert.Equal(VoteError.SlotHashMismatch, VoteProcessing.ProcessTowerUpdate(state, new TowerUpdate([new Lockout(8, 1)], null, UniqueHash(), null), history, 0, 0));
        Assert.Equal(VoteError.SlotsMismatch, VoteProcessing.ProcessTowerUpdate(state, new TowerUpdate([new Lockout(9, 1)], null, hash8, null), history, 0, 0));
        Assert.Null(VoteProcessing.ProcessTowerUpdate(state, new TowerUpdate([new Lockout(6, 2), new Lockout(8, 1)], null, hash8, 77), history, 0, 10));
        Assert.Equal(new BlockTimestamp(8, 77), state.LastTimestamp);
        Assert.Equal(2, state.Votes[1].Latency);
    }

    [Fact]
    public void Timestamps()
    {
        var s = new VoteState();
        Assert.Null(s.ProcessTimestamp(5, 100));
        Assert.Equal(VoteError.TimestampTooOld, s.ProcessTimestamp(4, 100));
        Assert.Equal(VoteError.TimestampTooOld, s.ProcessTimestamp(6, 99));
        Assert.Equal(VoteError.TimestampTooOld, s.ProcessTimestamp(5, 101));
        Assert.Null(s.ProcessTimestamp(5, 100));
        Assert.Null(s.ProcessTimestamp(6, 100));
        // At slot 0 the same slot may carry a new timestamp.
        var z = new VoteState();
        Assert.Null(z.ProcessTimestamp(0, 5));
        Assert.Null(z.ProcessTimestamp(0, 6));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(50, true)]
    [InlineData(51, false)]
    [InlineData(100, true)]
    [InlineData(150, true)]
    [InlineData(151, false)]
    public void Commission_update_first_half(ulong slot, bool allowed) =>
        Assert.Equal(allowed, VoteProgram.IsCommissionUpdateAllowed(slot, Stratus.Runtime.Sysvars.EpochSchedule.Custom(100, 100, false)));
}
