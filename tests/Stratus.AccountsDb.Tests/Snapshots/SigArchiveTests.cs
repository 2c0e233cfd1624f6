using Stratus.AccountsDb.Genesis;
using Stratus.AccountsDb.Snapshots;
using Stratus.Core;
using Stratus.TestCommon;

namespace Stratus.AccountsDb.Tests.Snapshots;

/// <summary>Sig's test archives (Agave 2.x writers): parsed completely and checked against independent facts.</summary>
public sealed class SigArchiveTests
{
    [SharedTheory(SnapshotFiles.Sig2024Full, SnapshotFiles.Sig2024Incremental, SnapshotFiles.Sig2025Full, SnapshotFiles.Sig2025Incremental)]
    [InlineData(SnapshotFiles.Sig2024Full, 500UL, 499UL, null, 4, 4)]
    [InlineData(SnapshotFiles.Sig2024Incremental, 600UL, 599UL, 500UL, 4, 1)]
    [InlineData(SnapshotFiles.Sig2025Full, 1UL, 0UL, null, 2, 2)]
    [InlineData(SnapshotFiles.Sig2025Incremental, 4UL, 3UL, 1UL, 1, 1)]
    public void Archives_parse_completely(string path, ulong slot, ulong parentSlot, ulong? baseSlot, int storagesListed, int filesInArchive)
    {
        using var archive = SnapshotFiles.Open(path);
        var m = archive.Manifest;
        Assert.Equal(slot, m.Slot);
        Assert.Equal(slot, m.AccountsDb.Slot);
        Assert.Equal(parentSlot, m.Bank.ParentSlot);
        Assert.Equal(slot, m.Bank.BlockHeight);
        Assert.Equal((slot + 1) * m.Bank.TicksPerSlot, m.Bank.MaxTickHeight);
        Assert.Equal(baseSlot, archive.IncrementalBaseSlot);
        Assert.Equal(baseSlot, archive.ArchiveName!.BaseSlot);
        Assert.Equal(storagesListed, m.AccountsDb.Storages.Count);
        // Written by Agave 2.x: the five extra fields of ExtraFieldsToDeserialize, nothing after them.
        Assert.Equal(ManifestLayout.Agave2, m.Layout);
        Assert.Equal(5, m.Extra.Count);
        Assert.Equal(0, m.TrailingBytes);
        Assert.Equal(5000UL, m.Extra.LamportsPerSignature);
        Assert.NotNull(m.Extra.AccountsLtHash);
        Assert.Null(m.Extra.EpochAccountsHash);
        Assert.Empty(m.Bank.EpochStakes);
        Assert.Equal([0UL, 1UL], m.Extra.VersionedEpochStakes.Select(e => e.Epoch).Order());
        Assert.Empty(m.AccountsDb.HistoricalRoots!);
        Assert.Empty(m.AccountsDb.HistoricalRootsWithHash!);
        Assert.NotEqual(m.Bank.ParentHash, m.Bank.Hash);
        Assert.Equal(m.Bank.BlockhashQueue.LastHashIndex, m.Bank.BlockhashQueue.Hashes.Max(h => h.HashIndex));
        Assert.Contains(m.Bank.BlockhashQueue.Hashes, h => h.Hash == m.Bank.BlockhashQueue.LastHash);

        var (_, files, accounts) = ArchiveRewriter.ReadAll(archive);
        Assert.Equal(filesInArchive, files);
        Assert.True(accounts > 0);
    }

    /// <summary>With snapshots_lt_hash active the hash in the archive name is the blake3 checksum of the lt hash.</summary>
    [SharedTheory(SnapshotFiles.Sig2025Full, SnapshotFiles.Sig2025Incremental)]
    [InlineData(SnapshotFiles.Sig2025Full)]
    [InlineData(SnapshotFiles.Sig2025Incremental)]
    public void Lt_hash_checksum_is_the_archive_name_hash(string path)
    {
        using var archive = SnapshotFiles.Open(path);
        Assert.Equal(archive.ArchiveName!.Hash, archive.Manifest.Extra.AccountsLtHash!.Checksum());
    }

    /// <summary>Before the lattice hash, archive names carry the merkle accounts hash, also stored in the manifest.</summary>
    [SharedFact(SnapshotFiles.Sig2024Full, SnapshotFiles.Sig2024Incremental)]
    public void Pre_lattice_accounts_hashes_match_the_archive_names()
    {
        using var full = SnapshotFiles.Open(SnapshotFiles.Sig2024Full);
        Assert.Equal(full.ArchiveName!.Hash, full.Manifest.AccountsDb.BankHashInfo.AccountsHash);
        Assert.Null(full.Manifest.Extra.IncrementalSnapshotPersistence);

        using var incremental = SnapshotFiles.Open(SnapshotFiles.Sig2024Incremental);
        var p = incremental.Manifest.Extra.IncrementalSnapshotPersistence!;
        Assert.Equal(500UL, p.FullSlot);
        Assert.Equal(full.ArchiveName.Hash, p.FullHash);
        Assert.Equal(full.Manifest.Bank.Capitalization, p.FullCapitalization);
        Assert.Equal(incremental.ArchiveName!.Hash, p.IncrementalHash);
        Assert.Equal(500UL, incremental.Manifest.IncrementalBaseSlot);
    }

    /// <summary>Highest slot wins across full and incremental archives; the live lamports are the bank's capitalization
    /// and (for the 2025 archives, written with SIMD-0215 as final) their lattice hashes sum to the manifest's
    /// accounts_lt_hash. The 2024 archives carry an lt hash from before the feature's final definition that does
    /// not match a from-scratch sum, so only capitalization is checked there.</summary>
    [SharedTheory(SnapshotFiles.Sig2024Full, SnapshotFiles.Sig2024Incremental, SnapshotFiles.Sig2025Full, SnapshotFiles.Sig2025Incremental)]
    [InlineData(SnapshotFiles.Sig2025Full, null, true)]
    [InlineData(SnapshotFiles.Sig2025Full, SnapshotFiles.Sig2025Incremental, true)]
    [InlineData(SnapshotFiles.Sig2024Full, null, false)]
    [InlineData(SnapshotFiles.Sig2024Full, SnapshotFiles.Sig2024Incremental, false)]
    public void Live_accounts_add_up_to_capitalization_and_lt_hash(string full, string? incremental, bool checkLtHash)
    {
        var latest = new Dictionary<Pubkey, SnapshotAccount>();
        SnapshotManifest? manifest = null;
        foreach (var path in incremental == null ? [full] : new[] { full, incremental })
        {
            using var archive = SnapshotFiles.Open(path);
            manifest = archive.Manifest;
            foreach (var account in archive.EnumerateAccounts())
            {
                if (latest.TryGetValue(account.Pubkey, out var existing))
                {
                    Assert.NotEqual(existing.Slot, account.Slot); // one version per pubkey per slot
                    if (existing.Slot > account.Slot) continue;
                }
                latest[account.Pubkey] = account;
            }
        }
        var live = latest.Values.Where(a => a.Account.Lamports != 0).ToList();
        Assert.Equal(manifest!.Bank.Capitalization, live.Aggregate(0UL, (sum, a) => sum + a.Account.Lamports));
        var total = new byte[Stratus.Crypto.LtHash.Size];
        foreach (var a in live) LtHashing.Add(total, LtHashing.Account(a.Account.Lamports, a.Account.Data, a.Account.Executable, a.Account.Owner, a.Pubkey));
        if (checkLtHash) Assert.Equal(manifest.Extra.AccountsLtHash!.Bytes.ToArray(), total);
        else Assert.NotEqual(manifest.Extra.AccountsLtHash!.Bytes.ToArray(), total);
    }

    [SharedTheory(SnapshotFiles.Sig2025Full, SnapshotFiles.Sig2025Genesis, SnapshotFiles.Sig2024Full, SnapshotFiles.Sig2024Genesis)]
    [InlineData(SnapshotFiles.Sig2025Full, SnapshotFiles.Sig2025Genesis, false)] // its one genesis account was rewritten at slot 1
    [InlineData(SnapshotFiles.Sig2024Full, SnapshotFiles.Sig2024Genesis, true)]
    public void Snapshot_bank_agrees_with_its_genesis(string snapshot, string genesisPath, bool someStillAtSlot0)
    {
        var genesis = GenesisConfig.Load(SharedData.DataPath(genesisPath));
        using var archive = SnapshotFiles.Open(snapshot);
        var bank = archive.Manifest.Bank;
        Assert.Equal(genesis.CreationTime, bank.GenesisCreationTime);
        Assert.Equal(genesis.TicksPerSlot, bank.TicksPerSlot);
        Assert.Equal(genesis.HashesPerTick, bank.HashesPerTick);
        Assert.Equal(genesis.NsPerSlot, bank.NsPerSlot);
        Assert.Equal(BitConverter.DoubleToInt64Bits(genesis.SlotsPerYear), BitConverter.DoubleToInt64Bits(bank.SlotsPerYear));
        Assert.Equal(genesis.EpochSchedule, bank.EpochSchedule);
        Assert.Equal(genesis.Inflation, bank.Inflation);
        Assert.Equal(genesis.Rent, bank.RentCollector.Rent);
        Assert.Equal(genesis.FeeRateGovernor with { MinLamportsPerSignature = 0, MaxLamportsPerSignature = 0 },
            bank.FeeRateGovernor with { MinLamportsPerSignature = 0, MaxLamportsPerSignature = 0 });

        // Every account genesis stores at slot 0 that is still in the slot-0 storage (later writes move accounts to
        // newer storages and clean drops the old version) is unchanged, rent_epoch aside (Agave rewrites it for
        // rent-exempt accounts). Genesis accounts never rewritten must all be there.
        var all = archive.EnumerateAccounts().ToList();
        var slot0 = all.Where(a => a.Slot == 0).ToDictionary(a => a.Pubkey, a => a.Account);
        var anywhere = all.Select(a => a.Pubkey).ToHashSet();
        var genesisAccounts = genesis.GetGenesisAccounts();
        var matched = 0;
        foreach (var (key, account) in genesisAccounts)
        {
            Assert.True(anywhere.Contains(key), $"{key} missing from the snapshot");
            if (!slot0.TryGetValue(key, out var stored)) continue;
            var expected = account.Clone();
            expected.RentEpoch = stored.RentEpoch;
            Assert.Equal(expected, stored);
            matched++;
        }
        Assert.Equal(someStillAtSlot0, matched > 0);
    }

    [SharedFact(SnapshotFiles.Sig2025Full, SnapshotFiles.Sig2025Genesis)]
    public void Genesis_hash_is_the_first_blockhash()
    {
        var genesis = GenesisConfig.Load(SharedData.DataPath(SnapshotFiles.Sig2025Genesis));
        using var archive = SnapshotFiles.Open(SnapshotFiles.Sig2025Full);
        var first = archive.Manifest.Bank.BlockhashQueue.Hashes.Single(h => h.HashIndex == 0);
        Assert.Equal(genesis.Hash, first.Hash);
        Assert.Equal(0UL, first.LamportsPerSignature); // the genesis governor's unserialized value
    }

    [SharedFact(SnapshotFiles.Sig2024Full)]
    public void Valid_length_shorter_than_the_file_is_honoured()
    {
        using var archive = SnapshotFiles.Open(SnapshotFiles.Sig2024Full);
        var sizes = new Dictionary<string, (long File, int Valid, int Count)>();
        while (archive.TryReadNextAccountsFile(out var file)) sizes[file.ArchivePath] = (file.FileSize, file.ValidLength, file.AccountCount);
        Assert.Equal((925952L, 925945, sizes["accounts/0.2"].Count), sizes["accounts/0.2"]);
        Assert.Equal((152L, 145, 1), sizes["accounts/39.1"]);
    }

    [SharedTheory(SnapshotFiles.Sig2024Full, SnapshotFiles.Sig2025Full, SnapshotFiles.Sig2025Incremental)]
    [InlineData(SnapshotFiles.Sig2024Full)]
    [InlineData(SnapshotFiles.Sig2025Full)]
    [InlineData(SnapshotFiles.Sig2025Incremental)]
    public void Status_caches_decode(string path)
    {
        using var archive = SnapshotFiles.Open(path);
        var cache = archive.StatusCache;
        Assert.NotEmpty(cache.SlotDeltas);
        Assert.All(cache.SlotDeltas, d => Assert.True(d.Slot <= archive.Manifest.Slot));
        Assert.Equal(cache.SlotDeltas.Count, cache.SlotDeltas.Select(d => d.Slot).Distinct().Count());
        // Every recorded blockhash is one the bank still knows.
        var known = archive.Manifest.Bank.BlockhashQueue.Hashes.Select(h => h.Hash).ToHashSet();
        Assert.All(cache.SlotDeltas.SelectMany(d => d.Blockhashes), b => Assert.Contains(b.Blockhash, known));
    }

    [SharedFact(SnapshotFiles.Sig2025AccountFile)]
    public void Bare_accounts_file_validates_over_its_full_length()
    {
        var bytes = File.ReadAllBytes(SharedData.DataPath(SnapshotFiles.Sig2025AccountFile));
        var error = AccountsFileReader.Validate(bytes, out var count, out _, out var message);
        Assert.Equal(AccountsFileError.None, error);
        Assert.Null(message);
        var reader = new AccountsFileReader(bytes);
        long offset = 0;
        while (reader.MoveNext())
        {
            var a = reader.Current;
            Assert.Equal(offset, a.Offset);
            Assert.Equal(0, a.StoredSize % 8);
            Assert.Equal((long)a.DataLength, a.Data.Length);
            offset += a.StoredSize;
        }
        Assert.Equal(count, reader.Count);
        Assert.Equal((bytes.Length + 7) & ~7, offset);
        Assert.True(count > 0);
    }
}
