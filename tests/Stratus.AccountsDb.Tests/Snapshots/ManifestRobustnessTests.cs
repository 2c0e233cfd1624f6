using Stratus.AccountsDb.Snapshots;
using Stratus.Core.Serialization;
using Stratus.TestCommon;

namespace Stratus.AccountsDb.Tests.Snapshots;

/// <summary>Manifest and status-cache decoding over every truncation and many mutations of real files.</summary>
public sealed class ManifestRobustnessTests
{
    private static byte[] Entry(string archive, string name) => ArchiveRewriter.Read(archive).Single(e => e.Name == name).Data;

    /// <summary>
    /// Cutting the v4.2 manifest anywhere fails with UnexpectedEnd, except exactly at the end of an optional field:
    /// there the shorter manifest is a valid older layout (Agave's default_on_eof).
    /// </summary>
    [SharedFact(SnapshotFiles.AgaveV42)]
    public void Truncations_fail_except_at_optional_field_boundaries()
    {
        var bytes = Entry(SnapshotFiles.AgaveV42, "snapshots/100/100");
        var accepted = new List<(int Cut, int ExtraCount, bool Roots)>();
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var error = SnapshotManifest.TryParse(bytes.AsSpan(0, cut), out var manifest);
            if (error.IsError)
            {
                Assert.Equal(BincodeError.UnexpectedEnd, error.Error);
                Assert.InRange(error.Offset, 0, cut);
                continue;
            }
            accepted.Add((cut, manifest!.Extra.Count, manifest.AccountsDb.HistoricalRoots != null));
        }
        // Required fields end at 1941; then historical roots (8 + 0), roots with hash (8 + 0), lamports_per_signature
        // (8), incremental persistence (None: 1), epoch accounts hash (None: 1), versioned epoch stakes,
        // the lt hash (1 + 2048) and block_id (the whole file).
        var ltHashEnd = bytes.Length - 33;
        Assert.Equal(
            [(1941, 0, false), (1949, 0, true), (1957, 0, true), (1965, 1, true), (1966, 2, true), (1967, 3, true), (ltHashEnd - 2049, 4, true), (ltHashEnd, 5, true)],
            accepted);
        Assert.Equal(ManifestLayout.Agave2, SnapshotManifest.Parse(bytes.AsSpan(0, ltHashEnd)).Layout);
    }

    [SharedTheory(SnapshotFiles.AgaveV42, SnapshotFiles.Sig2024Full)]
    [InlineData(SnapshotFiles.AgaveV42, "snapshots/100/100", 1)]
    [InlineData(SnapshotFiles.Sig2024Full, "snapshots/500/500", 17)]
    public void Mutations_never_throw(string archive, string name, int step)
    {
        var original = Entry(archive, name);
        var outcomes = new HashSet<BincodeError>();
        for (var i = 0; i < original.Length; i += step)
        {
            foreach (var x in new byte[] { 0x01, 0xFF })
            {
                var bytes = (byte[])original.Clone();
                bytes[i] ^= x;
                var error = SnapshotManifest.TryParse(bytes, out var manifest);
                outcomes.Add(error.Error);
                Assert.Equal(error.IsError, manifest == null);
                if (error.IsError) Assert.InRange(error.Offset, 0, bytes.Length);
            }
        }
        Assert.Contains(BincodeError.None, outcomes);
        Assert.Contains(BincodeError.UnexpectedEnd, outcomes);
        if (step == 1)
        {
            Assert.Contains(BincodeError.InvalidOptionTag, outcomes);
            Assert.Contains(BincodeError.InvalidBool, outcomes);
        }
    }

    [SharedFact(SnapshotFiles.AgaveV42)]
    public void Unknown_versioned_epoch_stakes_variant()
    {
        var bytes = Entry(SnapshotFiles.AgaveV42, "snapshots/100/100");
        var manifest = SnapshotManifest.Parse(bytes);
        // The first versioned entry starts right after the epoch accounts hash (offset 1967): u64 count, u64 epoch, u32 variant.
        Assert.Equal((ulong)manifest.Extra.VersionedEpochStakes.Count, BitConverter.ToUInt64(bytes, 1967));
        bytes[1967 + 16] = 1;
        var error = SnapshotManifest.TryParse(bytes, out _);
        Assert.Equal(BincodeError.InvalidEnumTag, error.Error);
        Assert.Equal("extra.versioned_epoch_stakes.variant", error.Field);
        Assert.Equal(1967 + 16, error.Offset);
        Assert.Contains("only 0 = Current exists", error.ToString());
    }

    [SharedTheory(SnapshotFiles.AgaveV42, SnapshotFiles.Sig2024Full)]
    [InlineData(SnapshotFiles.AgaveV42)]
    [InlineData(SnapshotFiles.Sig2024Full)]
    public void Status_cache_truncations_and_mutations(string archive)
    {
        var original = Entry(archive, "snapshots/status_cache");
        Assert.False(StatusCache.TryParse(original, out _).IsError);
        var step = Math.Max(1, original.Length / 500);
        for (var cut = 0; cut < original.Length; cut += step)
        {
            var error = StatusCache.TryParse(original.AsSpan(0, cut), out var cache);
            Assert.Equal(BincodeError.UnexpectedEnd, error.Error);
            Assert.Null(cache);
        }
        for (var i = 0; i < original.Length; i += step)
        {
            var bytes = (byte[])original.Clone();
            bytes[i] ^= 0xA5;
            _ = StatusCache.TryParse(bytes, out _);
        }
        Assert.Equal(BincodeError.TrailingBytes, StatusCache.TryParse([.. original, 0], out _).Error);
    }

    [Fact]
    public void Transaction_errors_decode_with_their_payloads()
    {
        var w = new BincodeWriter();
        w.WriteLength(1);          // one slot delta
        w.WriteU64(7);
        w.WriteBool(false);
        w.WriteLength(1);          // one blockhash
        w.WriteBytes(new byte[32]);
        w.WriteU64(3);             // key index
        var results = new Action<BincodeWriter>[]
        {
            x => x.WriteU32(0),                                                   // Ok
            x => { x.WriteU32(1); x.WriteU32(6); },                               // AlreadyProcessed
            x => { x.WriteU32(1); x.WriteU32(30); x.WriteU8(2); },                // DuplicateInstruction(2)
            x => { x.WriteU32(1); x.WriteU32(31); x.WriteU8(4); },                // InsufficientFundsForRent { 4 }
            x => { x.WriteU32(1); x.WriteU32(8); x.WriteU8(1); x.WriteU32(44); x.WriteString("boom"); }, // BorshIoError
            x => { x.WriteU32(1); x.WriteU32(8); x.WriteU8(0); x.WriteU32(17); }, // ExecutableModified
        };
        w.WriteLength(results.Length);
        foreach (var write in results)
        {
            w.WriteBytes(new byte[20]);
            write(w);
        }
        var cache = StatusCache.Parse(w.WrittenSpan);
        var errors = cache.SlotDeltas.Single().Blockhashes.Single().Entries.Select(e => e.Error?.ToString() ?? "Ok").ToList();
        Assert.Equal(["Ok", "AlreadyProcessed", "DuplicateInstruction(2)", "InsufficientFundsForRent { account_index: 4 }",
            "InstructionError(1, BorshIoError(boom))", "InstructionError(0, ExecutableModified)"], errors);

        var bad = w.ToArray();
        bad[^4] = 54; // InstructionError variant past the last one
        var error = StatusCache.TryParse(bad, out _);
        Assert.Equal(BincodeError.InvalidEnumTag, error.Error);
        Assert.Equal("instruction_error.variant", error.Field);
    }
}
