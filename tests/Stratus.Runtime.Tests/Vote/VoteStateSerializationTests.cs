using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Programs.Vote;
using Stratus.TestCommon;

namespace Stratus.Runtime.Tests.Vote;

/// <summary>Vote-state versions against real accounts (Firedancer's tower fixtures) and bincode's layout.</summary>
public class VoteStateSerializationTests
{
    private const string Dir = "misc/firedancer-vote-accounts";

    [SharedTheory(Dir)]
    [InlineData("vote_acc_v2.bin", VoteStateVersion.V1_14_11, VoteLimits.V1_14_11Size)]
    [InlineData("vote_acc_v3.bin", VoteStateVersion.Current, VoteLimits.CurrentSize)]
    public void Real_accounts_round_trip(string file, VoteStateVersion version, int size)
    {
        var data = File.ReadAllBytes(SharedData.Require($"{Dir}/{file}"));
        Assert.Equal(size, data.Length);
        Assert.Null(VoteStateVersions.Deserialize(data, out var versions));
        Assert.Equal(version, versions.Version);
        Assert.False(versions.IsUninitialized);

        var bytes = versions.Serialize();
        Assert.True(bytes.Length <= data.Length);
        Assert.Equal(data.AsSpan(0, bytes.Length).ToArray(), bytes);

        var s = versions.ConvertToCurrent();
        Assert.InRange(s.Commission, 0, 100);
        Assert.InRange(s.Votes.Count, 1, VoteLimits.MaxLockoutHistory);
        for (var i = 1; i < s.Votes.Count; i++)
        {
            Assert.True(s.Votes[i - 1].Slot < s.Votes[i].Slot);
            Assert.True(s.Votes[i - 1].ConfirmationCount > s.Votes[i].ConfirmationCount);
        }
        Assert.Equal(1u, s.Votes[^1].ConfirmationCount);
        if (s.RootSlot is { } root) Assert.True(root < s.Votes[0].Slot);
        Assert.False(s.AuthorizedVoters.IsEmpty);
        Assert.InRange(s.EpochCredits.Count, 1, VoteLimits.MaxEpochCreditsHistory);
        for (var i = 1; i < s.EpochCredits.Count; i++)
        {
            Assert.True(s.EpochCredits[i - 1].Epoch < s.EpochCredits[i].Epoch);
            Assert.Equal(s.EpochCredits[i - 1].Credits, s.EpochCredits[i].PrevCredits);
        }
        Assert.All(s.EpochCredits, c => Assert.True(c.Credits >= c.PrevCredits));
        if (version == VoteStateVersion.V1_14_11) Assert.All(s.Votes, v => Assert.Equal(0, v.Latency));
        Assert.True(s.LastTimestamp.Slot <= s.Votes[^1].Slot);
    }

    // Tag 3 is the v4 layout of later releases (SIMD-0185); Agave 2.2 cannot read it.
    [SharedFact(Dir + "/vote_acc_v4.bin")]
    public void V4_account_is_not_a_2_2_version()
    {
        var data = File.ReadAllBytes(SharedData.Require($"{Dir}/vote_acc_v4.bin"));
        Assert.Equal(3u, BitConverter.ToUInt32(data));
        Assert.Equal(InstructionErrorKind.InvalidAccountData, VoteStateVersions.Deserialize(data, out _)!.Value.Kind);
    }

    [SharedTheory(Dir)]
    [InlineData("vote_acc_v2.bin")]
    [InlineData("vote_acc_v3.bin")]
    public void Truncated_and_mutated_accounts_never_throw(string file)
    {
        var data = File.ReadAllBytes(SharedData.Require($"{Dir}/{file}"));
        var serialized = VoteStateVersions.Deserialize(data, out var v) == null ? v.Serialize().Length : 0;
        for (var n = 0; n < serialized; n += 7)
            Assert.Equal(InstructionErrorKind.InvalidAccountData, VoteStateVersions.Deserialize(data.AsSpan(0, n), out _)!.Value.Kind);
        var rng = new Random(4);
        for (var i = 0; i < 300; i++)
        {
            var copy = (byte[])data.Clone();
            copy[rng.Next(serialized)] = (byte)rng.Next(256);
            var error = VoteStateVersions.Deserialize(copy, out var parsed);
            if (error == null) Assert.NotNull(parsed.ConvertToCurrent());
        }
    }

    [Fact]
    public void Default_states_have_agave_sizes()
    {
        // The largest possible states fit the declared account sizes exactly (Agave's test_vote_state_size_of).
        var max = new VoteState { RootSlot = ulong.MaxValue };
        for (var i = 0; i < VoteLimits.MaxLockoutHistory; i++) max.Votes.Add(default);
        for (var i = 0; i < VoteLimits.MaxEpochCreditsHistory; i++) max.EpochCredits.Add(default);
        // MAX_LEADER_SCHEDULE_EPOCH_OFFSET is 3: four epochs of voters.
        for (ulong e = 0; e <= 3; e++) max.AuthorizedVoters.Insert(e, new Pubkey(Enumerable.Repeat((byte)(e + 1), 32).ToArray()));
        Assert.Equal(VoteLimits.CurrentSize, VoteStateVersions.Current(max).Serialize().Length);
        Assert.Equal(VoteLimits.V1_14_11Size, VoteStateVersions.V1_14_11(max).Serialize().Length);
    }

    [Fact]
    public void Zeroed_accounts_are_uninitialized()
    {
        Assert.Null(VoteStateVersions.Deserialize(new byte[VoteLimits.CurrentSize], out var v0));
        Assert.Equal(VoteStateVersion.V0_23_5, v0.Version);
        Assert.True(v0.IsUninitialized);
        var empty = VoteStateVersions.Current(new VoteState()).Serialize();
        Assert.Null(VoteStateVersions.Deserialize(empty, out var current));
        Assert.True(current.IsUninitialized);
        Assert.Equal(empty, current.Serialize());
    }

    [Fact]
    public void Legacy_0_23_5_converts_to_current()
    {
        var voter = new Pubkey(Enumerable.Repeat((byte)7, 32).ToArray());
        var legacy = new VoteState0_23_5 { AuthorizedVoter = voter, AuthorizedVoterEpoch = 5, Commission = 9, RootSlot = 3 };
        legacy.Votes.Add(new Lockout(4, 2));
        legacy.Votes.Add(new Lockout(5, 1));
        var bytes = VoteStateVersions.V0_23_5(legacy).Serialize();
        Assert.Null(VoteStateVersions.Deserialize(bytes, out var v));
        Assert.Equal(bytes, v.Serialize());
        Assert.False(v.IsUninitialized);
        var current = v.ConvertToCurrent();
        Assert.Equal(voter, current.AuthorizedVoters.Get(5));
        Assert.Null(current.AuthorizedVoters.Get(4));
        Assert.Equal([new LandedVote(0, new Lockout(4, 2)), new LandedVote(0, new Lockout(5, 1))], current.Votes);
        Assert.True(current.PriorVoters.IsEmpty);
    }

    [Fact]
    public void Unknown_tags_and_bad_option_bytes_are_invalid()
    {
        var bytes = VoteStateVersions.Current(VoteState.Create(default, new Pubkey(new byte[32]) , default, 0, 0)).Serialize();
        bytes[0] = 4;
        Assert.NotNull(VoteStateVersions.Deserialize(bytes, out _));
        bytes[0] = 2;
        // root_slot's option tag sits after the keys, commission and the empty vote list.
        bytes[4 + 32 + 32 + 1 + 8] = 2;
        Assert.Equal(InstructionErrorKind.InvalidAccountData, VoteStateVersions.Deserialize(bytes, out _)!.Value.Kind);
    }
}
