using Stratus.Core;
using Stratus.Runtime.Programs.Vote;

namespace Stratus.Runtime.Tests.Vote;

/// <summary>
/// Agave's older-than-history-root cases: a proposed root older than SlotHashes becomes the newest own
/// vote at or below it (else the current root), and the tower then applies.
/// </summary>
public class VoteRootReplacementTests
{
    public static TheoryData<ulong, ulong[], ulong?, (ulong, uint)[], ulong, ulong?> Cases => new()
    {
        { 5, [1, 2, 3, 4], null, [(5, 1)], 4, 4 },
        { 5, [1, 2, 3, 4], 0, [(5, 1)], 4, 4 },
        { 5, [1, 2, 3, 4], 0, [(4, 2), (5, 1)], 3, 3 },
        { 5, [1, 2, 4], 0, [(4, 2), (5, 1)], 3, 2 },
        { 4, [3, 4], null, [(3, 3), (4, 2), (5, 1)], 2, null },
        { 4, [], null, [(5, 1)], 2, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Root_older_than_history(ulong earliest, ulong[] current, ulong? currentRoot, (ulong, uint)[] proposed, ulong proposedRoot, ulong? expectedRoot)
    {
        var latest = Math.Max(proposed[^1].Item1, earliest);
        var first = current.Length > 0 ? current[0] : 0;
        var all = new List<(ulong Slot, Hash Hash)>();
        for (var s = latest; ; s--)
        {
            var b = new byte[32];
            BitConverter.GetBytes(s + 1).CopyTo(b, 0);
            all.Add((s, new Hash(b)));
            if (s == first) break;
        }
        var slotHashes = all.ToArray();

        var state = new VoteState();
        if (current.Length > 0)
        {
            var hash = slotHashes.First(h => h.Slot == current[^1]).Hash;
            Assert.Null(VoteProcessing.ProcessVote(state, new VoteData(current, hash, null), slotHashes, 0, 0));
        }
        state.RootSlot = currentRoot;

        var history = slotHashes.Where(h => h.Slot >= earliest).ToArray();
        var proposedHash = history.First(h => h.Slot == proposed[^1].Item1).Hash;
        var update = new TowerUpdate(proposed.Select(p => new Lockout(p.Item1, p.Item2)).ToList(), proposedRoot, proposedHash, null);
        Assert.Null(VoteProcessing.ProcessTowerUpdate(state, update, history, 0, 0));
        Assert.Equal(expectedRoot, state.RootSlot);
        Assert.Equal(proposed.Select(p => new Lockout(p.Item1, p.Item2)), state.Votes.Select(v => v.Lockout));
    }
}
