using Stratus.Core;
using Stratus.TestCommon;
using Oracle = System.Security.Cryptography.SHA256;

namespace Stratus.Crypto.Tests;

public class PohTests
{
    private static PohEntry ToPoh(TestEntry entry)
    {
        if (entry.Transactions.Count == 0) return PohEntry.Tick(entry.NumHashes, new Hash(entry.Hash));
        var signatures = entry.Transactions.SelectMany(t => t.Signatures).SelectMany(s => s).ToArray();
        return PohEntry.WithSignatures(entry.NumHashes, new Hash(entry.Hash), signatures);
    }

    private static byte[] GenesisHash() => Oracle.HashData(File.ReadAllBytes(SharedData.Require(LedgerData.GenesisFile)));

    [SharedFact(LedgerData.GenesisFile)]
    public void GenesisHashIsSha256OfGenesisFile()
    {
        Assert.Equal(Base58.Decode(LedgerData.MainnetGenesisHash), GenesisHash());
        Assert.Equal(GenesisHash(), Sha256.Hash(File.ReadAllBytes(SharedData.Require(LedgerData.GenesisFile))));
    }

    [SharedFact(LedgerData.GenesisFile, LedgerData.ShredDir)]
    public void MainnetSlot0ChainsFromGenesisToItsBlockhash()
    {
        var entries = LedgerData.Entries(0);
        Assert.Equal(64, entries.Count); // 64 ticks per slot
        Assert.All(entries, e => Assert.Empty(e.Transactions));
        var poh = entries.Select(ToPoh).ToList();
        Assert.Equal(PohVerification.Valid, Poh.VerifyEntries(GenesisHash(), poh));
        Assert.Equal(PohVerification.Valid, Poh.VerifyEntries(Hash.Parse(LedgerData.MainnetGenesisHash), poh));
        Assert.Equal(Hash.Parse(LedgerData.Slot0Blockhash), poh[^1].Hash);
        Assert.Equal(Base58.Decode(LedgerData.Slot0Blockhash), entries[^1].Hash);

        // The same chain walked sequentially with the primitive operations.
        var state = GenesisHash();
        foreach (var entry in entries)
        {
            Poh.HashChain(state, entry.NumHashes);
            Assert.Equal(entry.Hash, state);
        }
    }

    [SharedFact(LedgerData.GenesisFile, LedgerData.ShredDir)]
    public void MainnetSlot1WithVoteTransactionsChainsFromSlot0()
    {
        var slot0 = LedgerData.Entries(0);
        var slot1 = LedgerData.Entries(1);
        Assert.Equal(64, slot1.Count(e => e.Transactions.Count == 0));
        Assert.Equal(3, slot1.Count(e => e.Transactions.Count > 0));
        var poh = slot1.Select(ToPoh).ToList();
        Assert.Equal(PohVerification.Valid, Poh.VerifyEntries(slot0[^1].Hash, poh));
        Assert.Equal(PohVerification.Valid, Poh.VerifyEntries(slot0[^1].Hash, poh, maxDegreeOfParallelism: 1));

        // Slots 0 and 1 as one list from genesis.
        Assert.Equal(PohVerification.Valid, Poh.VerifyEntries(GenesisHash(), slot0.Concat(slot1).Select(ToPoh).ToList()));

        // Precomputed mixins give the same answer as signatures.
        var withMixins = slot1.Select(e =>
        {
            var p = ToPoh(e);
            if (p.Kind == PohEntryKind.Tick) return p;
            var root = new byte[32];
            SignatureMerkle.Root(p.Signatures.Span, root);
            return PohEntry.WithMixin(p.NumHashes, p.Hash, new Hash(root));
        }).ToList();
        Assert.Equal(PohVerification.Valid, Poh.VerifyEntries(slot0[^1].Hash, withMixins));
    }

    [SharedFact(LedgerData.GenesisFile, LedgerData.ShredDir)]
    public void FlippedBytesAreCaughtAtTheRightEntry()
    {
        var genesis = GenesisHash();
        var entries = LedgerData.Entries(0).Select(ToPoh).ToList();

        var badHash = entries.ToList();
        var hash = badHash[10].Hash.ToArray();
        hash[31] ^= 0x01;
        badHash[10] = PohEntry.Tick(badHash[10].NumHashes, new Hash(hash));
        // Entry 10 no longer matches its predecessor, and entry 11 no longer follows from it.
        Assert.Equal(new PohVerification(PohError.HashMismatch, 10), Poh.VerifyEntries(genesis, badHash));
        Assert.Equal(new PohVerification(PohError.HashMismatch, 10), Poh.VerifyEntries(genesis, badHash, maxDegreeOfParallelism: 1));

        var badCount = entries.ToList();
        badCount[63] = PohEntry.Tick(badCount[63].NumHashes + 1, badCount[63].Hash);
        Assert.Equal(new PohVerification(PohError.HashMismatch, 63), Poh.VerifyEntries(genesis, badCount));

        var badStart = (byte[])genesis.Clone();
        badStart[0] ^= 0x80;
        Assert.Equal(new PohVerification(PohError.HashMismatch, 0), Poh.VerifyEntries(badStart, entries));

        // A tick recorded as a transaction entry with no signatures mixes in 32 zero bytes instead.
        var asTx = entries.ToList();
        asTx[5] = PohEntry.WithSignatures(asTx[5].NumHashes, asTx[5].Hash, ReadOnlyMemory<byte>.Empty);
        Assert.Equal(new PohVerification(PohError.HashMismatch, 5), Poh.VerifyEntries(genesis, asTx));
    }

    [SharedFact(LedgerData.GenesisFile, LedgerData.ShredDir)]
    public void FlippedSignatureBreaksTheMixin()
    {
        var slot0 = LedgerData.Entries(0);
        var slot1 = LedgerData.Entries(1).Select(ToPoh).ToList();
        var index = slot1.FindIndex(e => e.Kind == PohEntryKind.Signatures);
        var sigs = slot1[index].Signatures.ToArray();
        sigs[^1] ^= 0x01;
        slot1[index] = PohEntry.WithSignatures(slot1[index].NumHashes, slot1[index].Hash, sigs);
        Assert.Equal(new PohVerification(PohError.HashMismatch, index), Poh.VerifyEntries(slot0[^1].Hash, slot1));
    }

    [Fact]
    public void MalformedEntriesGivePreciseErrors()
    {
        var h = Hash.Default;
        Assert.Equal(new PohVerification(PohError.InvalidStartHash, -1), Poh.VerifyEntries(new byte[31], [PohEntry.Tick(1, h)]));
        Assert.Equal(new PohVerification(PohError.InvalidSignatures, 1), Poh.VerifyEntries(h, [PohEntry.Tick(0, h), PohEntry.WithSignatures(1, h, new byte[65])]));
        Assert.Equal(PohError.InvalidStartHash, Poh.VerifyEntry(new byte[3], PohEntry.Tick(0, h)));
        Assert.Equal(PohError.InvalidSignatures, Poh.VerifyEntry(h.AsSpan(), PohEntry.WithSignatures(0, h, new byte[1])));
        Assert.Equal(PohError.None, Poh.VerifyEntry(h.AsSpan(), PohEntry.Tick(0, h)));
        Assert.Equal(PohError.HashMismatch, Poh.VerifyEntry(h.AsSpan(), PohEntry.Tick(1, h)));
        Assert.Equal(PohVerification.Valid, Poh.VerifyEntries(h, []));
        Assert.Equal(PohVerification.Valid, Poh.VerifyEntries(h, [PohEntry.Tick(0, h)], maxDegreeOfParallelism: 0));
        // A hostile hash count is refused before any hashing when the caller gives a bound.
        Assert.Equal(new PohVerification(PohError.TooManyHashes, 1),
            Poh.VerifyEntries(h, [PohEntry.Tick(0, h), PohEntry.Tick(ulong.MaxValue, h)], maxHashesPerEntry: 62_500));
    }

    [Fact]
    public void NextHashRules()
    {
        var start = Oracle.HashData("start"u8);
        var mixin = Oracle.HashData("mixin"u8);
        var output = new byte[32];

        Poh.NextHash(start, 0, default, isTick: true, output);
        Assert.Equal(start, output); // nothing to do

        Poh.NextHash(start, 1, default, isTick: true, output);
        Assert.Equal(Oracle.HashData(start), output);

        Poh.NextHash(start, 3, default, isTick: true, output);
        Assert.Equal(Oracle.HashData(Oracle.HashData(Oracle.HashData(start))), output);

        // Transactions with num_hashes 0 or 1: just the mixin hash.
        var mixed = Oracle.HashData([.. start, .. mixin]);
        Poh.NextHash(start, 0, mixin, isTick: false, output);
        Assert.Equal(mixed, output);
        Poh.NextHash(start, 1, mixin, isTick: false, output);
        Assert.Equal(mixed, output);

        Poh.NextHash(start, 3, mixin, isTick: false, output);
        Assert.Equal(Oracle.HashData([.. Oracle.HashData(Oracle.HashData(start)), .. mixin]), output);

        Poh.Mixin(start, mixin, output);
        Assert.Equal(mixed, output);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(200)]
    public void SignatureMerkleRootMatchesTheDefinition(int count)
    {
        var rng = new Random(count);
        var signatures = new byte[count * 64];
        rng.NextBytes(signatures);
        var root = new byte[32];
        SignatureMerkle.Root(signatures, root);
        Assert.Equal(DefinitionRoot(signatures), root);
    }

    [Fact]
    public void SignatureMerkleRejectsPartialSignatures()
    {
        Assert.Throws<ArgumentException>(() => SignatureMerkle.Root(new byte[100], new byte[32]));
    }

    /// <summary>solana-merkle-tree spelled out level by level with lists.</summary>
    private static byte[] DefinitionRoot(byte[] signatures)
    {
        if (signatures.Length == 0) return new byte[32];
        var level = signatures.Chunk(64).Select(s => Oracle.HashData([0x00, .. s])).ToList();
        while (level.Count > 1)
        {
            var next = new List<byte[]>();
            for (var i = 0; i < level.Count; i += 2)
            {
                var right = i + 1 < level.Count ? level[i + 1] : level[i];
                next.Add(Oracle.HashData([0x01, .. level[i], .. right]));
            }
            level = next;
        }
        return level[0];
    }
}

public class OldFaithfulPohTests
{
    private const string CarDir = "ledger/old-faithful-car";

    private static List<OldFaithfulCar.Block> Blocks() =>
        OldFaithfulCar.Load(new[] { "epoch-0-1.car", "epoch-0-2.car", "epoch-0-3.car" }.Select(f => SharedData.Require(Path.Combine(CarDir, f)))).Blocks();

    private static PohEntry ToPoh(TestEntry entry) => entry.Transactions.Count == 0
        ? PohEntry.Tick(entry.NumHashes, new Hash(entry.Hash))
        : PohEntry.WithSignatures(entry.NumHashes, new Hash(entry.Hash), entry.Transactions.SelectMany(t => t.Signatures).SelectMany(s => s).ToArray());

    [SharedFact(CarDir, LedgerData.GenesisFile)]
    public void MainnetSlots0To29ChainFromGenesis()
    {
        var blocks = Blocks();
        Assert.Equal(Enumerable.Range(0, 30).Select(s => (ulong)s), blocks.Select(b => b.Slot));
        var genesis = Oracle.HashData(File.ReadAllBytes(SharedData.Require(LedgerData.GenesisFile)));

        // Every slot's first entry chains from the previous slot's last entry (no skipped slots here).
        var all = blocks.SelectMany(b => b.Entries).Select(ToPoh).ToList();
        Assert.Equal(PohVerification.Valid, Poh.VerifyEntries(genesis, all));
        Assert.Equal(Base58.Decode(LedgerData.Slot0Blockhash), blocks[0].Entries[^1].Hash);

        // Entries with an odd number of signatures exercise the merkle tree's self-paired node.
        Assert.Contains(blocks.SelectMany(b => b.Entries), e => e.Transactions.Sum(t => t.Signatures.Length) is > 1 and var n && n % 2 == 1);
    }

    [SharedFact(CarDir, LedgerData.ShredDir)]
    public void CarAndShredsAgreeOnSlots0And1()
    {
        var blocks = Blocks();
        for (var slot = 0; slot <= 1; slot++)
        {
            var fromShreds = LedgerData.Entries(slot);
            var fromCar = blocks[slot].Entries;
            Assert.Equal(fromShreds.Select(e => Hex.Encode(e.Hash)), fromCar.Select(e => Hex.Encode(e.Hash)));
            Assert.Equal(fromShreds.Select(e => e.Transactions.Count), fromCar.Select(e => e.Transactions.Count));
        }
    }

    [SharedFact(CarDir)]
    public void EverySignatureInSlots0To29Verifies()
    {
        var transactions = Blocks().SelectMany(b => b.Entries).SelectMany(e => e.Transactions).ToList();
        Assert.Equal(115, transactions.Count);
        foreach (var tx in transactions)
        for (var i = 0; i < tx.Signatures.Length; i++)
            Assert.Equal(Ed25519Result.Valid, Ed25519.VerifyStrict(tx.Signatures[i], tx.Message, tx.AccountKeys[i]));
    }

    [SharedFact(CarDir, LedgerData.GenesisFile)]
    public void ReorderedTransactionsBreakTheChain()
    {
        var blocks = Blocks();
        var genesis = Oracle.HashData(File.ReadAllBytes(SharedData.Require(LedgerData.GenesisFile)));
        var entries = blocks.SelectMany(b => b.Entries).ToList();
        var index = entries.FindIndex(e => e.Transactions.Count >= 2);
        Assert.True(index > 0);
        var swapped = entries[index].Transactions.ToList();
        (swapped[0], swapped[1]) = (swapped[1], swapped[0]);
        var poh = entries.Select(ToPoh).ToList();
        poh[index] = ToPoh(new TestEntry { NumHashes = entries[index].NumHashes, Hash = entries[index].Hash, Transactions = swapped });
        Assert.Equal(new PohVerification(PohError.HashMismatch, index), Poh.VerifyEntries(genesis, poh));
    }
}
