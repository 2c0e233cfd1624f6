using Stratus.AccountsDb.Store;
using Stratus.Core;
using Stratus.Crypto;

namespace Stratus.AccountsDb.Tests.Store;

public class MerkleHasherTests
{
    /// <summary>The streaming hasher against the level-by-level definition for awkward leaf counts.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(4097)]
    public void Streaming_root_equals_level_by_level_root(int count)
    {
        var leaves = Enumerable.Range(0, count).Select(i => Sha256.ComputeHash(BitConverter.GetBytes(i))).ToList();
        Assert.Equal(Reference(leaves), MerkleHasher.ComputeRoot(leaves));
    }

    private static Hash Reference(List<Hash> level)
    {
        if (level.Count == 0) return Hash.Default;
        while (true)
        {
            var next = level.Chunk(MerkleHasher.Fanout).Select(chunk => Sha256.ComputeHash(chunk.SelectMany(h => h.ToArray()).ToArray())).ToList();
            if (next.Count == 1) return next[0];
            level = next;
        }
    }
}
