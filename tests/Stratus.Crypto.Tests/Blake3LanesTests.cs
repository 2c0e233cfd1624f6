using System.Runtime.Intrinsics.X86;

namespace Stratus.Crypto.Tests;

/// <summary>The eight-lane node compression against the one-block path, lane by lane.</summary>
public unsafe class Blake3LanesTests
{
    /// <summary>
    /// Ragged lanes (0 to 16 blocks, short last blocks), every flag combination the callers use, and chunk counters
    /// whose low word wraps past 2^32 between lanes.
    /// </summary>
    [Theory]
    [InlineData(0UL, 8)]
    [InlineData(0UL, 3)]
    [InlineData((1UL << 32) - 4, 8)]
    [InlineData(0x1234_5678_9ABC_DEF0UL, 5)]
    [InlineData(0UL, 1)]
    public void LanesMatchOneBlockAtATime(ulong firstCounter, int lanes)
    {
        if (!Avx2.IsSupported) return;
        var random = new Random((int)firstCounter ^ lanes);
        var input = new byte[Blake3Lanes.Lanes * Blake3.ChunkSize];
        random.NextBytes(input);
        (uint First, uint Last, uint All)[] flagSets = [(Blake3Core.ChunkStart, Blake3Core.ChunkEnd, 0), (Blake3Core.ChunkStart, 0, 0), (0, 0, Blake3Core.Parent)];
        fixed (byte* p = input)
        {
            foreach (var (first, last, all) in flagSets)
            for (var trial = 0; trial < 20; trial++)
            {
                var jobs = default(LaneJobs);
                for (var j = 0; j < Blake3Lanes.Lanes; j++)
                {
                    var blocks = j < lanes ? random.Next(trial == 0 ? 16 : 0, 17) : 0;
                    var lastLength = (uint)(trial % 2 == 0 ? Blake3.BlockSize : random.Next(1, Blake3.BlockSize + 1));
                    // Short last blocks are zero padded, as every caller guarantees.
                    if (blocks > 0) input.AsSpan(j * Blake3.ChunkSize + (blocks - 1) * Blake3.BlockSize + (int)lastLength, Blake3.BlockSize - (int)lastLength).Clear();
                    jobs.Set(j, j < lanes ? p + j * Blake3.ChunkSize : null, blocks, lastLength, firstCounter + (ulong)j);
                }
                var wide = new uint[Blake3Lanes.Lanes * 8 + 8];
                var narrow = new uint[Blake3Lanes.Lanes * 8 + 8];
                fixed (uint* w = wide)
                fixed (uint* n = narrow)
                {
                    Blake3Lanes.Compress(&jobs, lanes, first, last, all, w);
                    Blake3Lanes.CompressOneByOne(&jobs, lanes, first, last, all, n);
                }
                // Lanes with no blocks keep the IV in both; nothing past the requested lanes is written.
                Assert.Equal(narrow, wide);
                Assert.All(wide.AsSpan(lanes * 8).ToArray(), word => Assert.Equal(0u, word));
            }
        }
    }
}
