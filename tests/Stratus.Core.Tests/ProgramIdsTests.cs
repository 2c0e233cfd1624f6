using Stratus.Core.Transactions;
using static Stratus.Core.Tests.Transactions.TestMessages;

namespace Stratus.Core.Tests;

public class ProgramIdsTests
{
    [Fact]
    public void Ids_round_trip_and_are_distinct()
    {
        var ids = typeof(ProgramIds).GetFields().Concat(typeof(SysvarIds).GetFields())
            .Where(f => f.FieldType == typeof(Pubkey))
            .Select(f => (Pubkey)f.GetValue(null)!).ToArray();
        Assert.Equal(32, ids.Length);
        Assert.Equal(ids.Length, ids.Distinct().Count());
        foreach (var id in ids) Assert.Equal(id, Pubkey.Parse(id.ToString()));
    }

    [Fact]
    public void Well_known_ids_have_their_published_bytes()
    {
        // The system program is all zeros; vanity ids decode to the names they spell.
        Assert.True(ProgramIds.System.IsDefault);
        Assert.Equal("BPFLoaderUpgradeab1e11111111111111111111111", ProgramIds.BpfLoaderUpgradeable.ToString());
        Assert.Equal("SysvarC1ock11111111111111111111111111111111", SysvarIds.Clock.ToString());
        Assert.Equal(12, SysvarIds.All.Length);
    }

    [Fact]
    public void Simple_vote_transactions_are_legacy_single_vote_instructions_with_at_most_two_signatures()
    {
        var keys = Keys(3);
        keys[2] = ProgramIds.Vote;
        var vote = Legacy(Header(1, 0, 1), keys, Ix(2, 0, 1));
        Assert.True(Signed(vote, 1).IsSimpleVoteTransaction());
        Assert.False(Signed(Legacy(Header(1, 0, 1), keys, Ix(2, 0), Ix(2, 1)), 1).IsSimpleVoteTransaction());
        Assert.False(Signed(Legacy(Header(1, 0, 1), keys), 1).IsSimpleVoteTransaction());
        Assert.False(Signed(V0(Header(1, 0, 1), keys, [Ix(2, 0)]), 1).IsSimpleVoteTransaction());
        var three = Keys(4);
        three[3] = ProgramIds.Vote;
        Assert.True(Signed(Legacy(Header(2, 0, 1), three, Ix(3, 0)), 2).IsSimpleVoteTransaction());
        Assert.False(Signed(Legacy(Header(3, 0, 1), three, Ix(3, 0)), 3).IsSimpleVoteTransaction());
        keys[2] = ProgramIds.Stake;
        Assert.False(Signed(Legacy(Header(1, 0, 1), keys, Ix(2, 0)), 1).IsSimpleVoteTransaction());
    }
}
