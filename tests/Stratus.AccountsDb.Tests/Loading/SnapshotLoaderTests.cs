using Stratus.AccountsDb.Loading;
using Stratus.AccountsDb.Snapshots;
using Stratus.AccountsDb.Store;
using Stratus.AccountsDb.Tests.Snapshots;
using Stratus.Core;
using Stratus.TestCommon;

namespace Stratus.AccountsDb.Tests.Loading;

public class SnapshotLoaderTests
{
    /// <summary>
    /// Small budgets so the shared snapshots (a few MB) use every path: many buckets, some resident and some spilled,
    /// spilled ones larger than MaxBucketBytes sorted through runs on disk, several merge workers.
    /// </summary>
    private static readonly SnapshotLoaderOptions Small = new()
    {
        StagingMemoryBytes = 1 << 20,
        StagingWriteBufferBytes = 1 << 20,
        BucketBytes = 256 << 10,
        MaxBucketBytes = 300 << 10,
        AccountsFileBytes = 600 << 10,
        Workers = 3,
        OwnerIndexReadBufferBytes = 1 << 16,
        BlobThresholdBytes = 100,
        BlobFileBytes = 16 << 10,
        BlobWriteBufferBytes = 8 << 10,
    };

    [SharedTheory(SnapshotFiles.Sig2024Full, SnapshotFiles.Sig2024Incremental, SnapshotFiles.Sig2025Full, SnapshotFiles.Sig2025Incremental, SnapshotFiles.AgaveV42)]
    [InlineData(SnapshotFiles.Sig2024Full, null, "accounts hash")]
    [InlineData(SnapshotFiles.Sig2024Full, SnapshotFiles.Sig2024Incremental, "incremental accounts hash")]
    [InlineData(SnapshotFiles.Sig2025Full, null, "lattice hash")]
    [InlineData(SnapshotFiles.Sig2025Full, SnapshotFiles.Sig2025Incremental, "lattice hash")]
    [InlineData(SnapshotFiles.AgaveV42, null, "lattice hash")]
    public void Every_shared_snapshot_loads_and_verifies(string full, string? incremental, string verifiedBy)
    {
        using var dir = new TempDirectory();
        var result = SnapshotLoader.Load(dir.Sub("db"), SharedData.DataPath(full), incremental == null ? null : SharedData.DataPath(incremental), Small);
        Assert.Equal(verifiedBy, result.VerifiedBy);
        // Archives verified by merkle leaves keep their data inline; the others put every account over 100 data bytes in blob files.
        if (verifiedBy == "lattice hash") Assert.True(result.Staging.BlobAccounts > 0, $"{result.Staging}");
        else Assert.Equal(0, result.Staging.BlobAccounts);

        var expected = ReferenceState(full, incremental, out var manifest);
        Assert.Equal(manifest.Slot, result.Slot);
        Assert.Equal(manifest.Bank.Hash, result.BankHash);
        Assert.Equal(manifest.Bank.Capitalization, result.Capitalization);
        Assert.Equal(expected.Count, result.AccountCount);

        using var store = AccountStore.Open(dir.Sub("db"));
        Assert.Equal(LoadState.Complete, store.LoadState);
        Assert.Equal(manifest.Slot, store.RootSlot);
        Assert.Equal(manifest.Bank.Hash, store.RootBankHash);
        Assert.Equal(manifest.Bank.Capitalization, store.RootCapitalization);
        Assert.Equal(result.ComputedLtHash, store.RootLtHash);
        foreach (var (pubkey, account) in expected)
        {
            var stored = store.Get(pubkey)!;
            Assert.Equal(account.Lamports, stored.Lamports);
            Assert.Equal(account.Owner, stored.Owner);
            Assert.Equal(account.Executable, stored.Executable);
            Assert.Equal(account.RentEpoch, stored.RentEpoch);
            Assert.True(account.Data.SequenceEqual(stored.Data));
        }
        foreach (var owner in expected.Values.Select(a => a.Owner).Distinct())
        {
            var want = expected.Where(a => a.Value.Owner == owner).Select(a => a.Key).Order().ToList();
            Assert.Equal(want, store.GetProgramAccounts(owner).ToList());
        }
    }

    /// <summary>
    /// The staging paths agree: everything in memory in one bucket (defaults) and tiny budgets that spill most
    /// buckets and sort the largest through runs on disk give the same store, hashes and owner index.
    /// </summary>
    [SharedFact(SnapshotFiles.Sig2024Full, SnapshotFiles.Sig2024Incremental)]
    public void Spilled_and_externally_sorted_buckets_give_the_same_store_as_memory()
    {
        using var dir = new TempDirectory();
        var full = SharedData.DataPath(SnapshotFiles.Sig2024Full);
        var incremental = SharedData.DataPath(SnapshotFiles.Sig2024Incremental);
        var inMemory = SnapshotLoader.Load(dir.Sub("memory"), full, incremental);
        Assert.Equal(1, inMemory.Staging.Buckets);
        Assert.Equal(0, inMemory.Staging.SpilledBuckets);
        var tiny = new SnapshotLoaderOptions { StagingMemoryBytes = 1300 << 10, StagingWriteBufferBytes = 1 << 20, BucketBytes = 96 << 10, MaxBucketBytes = 90 << 10, AccountsFileBytes = 400 << 10, Workers = 2 };
        var spilled = SnapshotLoader.Load(dir.Sub("spilled"), full, incremental, tiny);
        Assert.True(spilled.Staging.Buckets > 8, $"{spilled.Staging}");
        Assert.True(spilled.Staging.SpilledBuckets > 0, $"{spilled.Staging}");
        Assert.True(spilled.Staging.SpilledBuckets < spilled.Staging.Buckets, $"{spilled.Staging}");
        Assert.True(spilled.Staging.ExternallySortedBuckets > 0, $"{spilled.Staging}");
        Assert.Contains(spilled.PipelineNotes, n => n.Contains(" groups of about "));
        Assert.Equal(inMemory.ComputedLtHash, spilled.ComputedLtHash);
        Assert.Equal(inMemory.ComputedAccountsHash, spilled.ComputedAccountsHash);
        Assert.Equal(inMemory.ComputedIncrementalAccountsHash, spilled.ComputedIncrementalAccountsHash);
        Assert.Equal(inMemory.AccountCount, spilled.AccountCount);
        Assert.Equal(inMemory.Capitalization, spilled.Capitalization);
        Assert.False(Directory.Exists(Path.Combine(dir.Sub("spilled"), "load-tmp")), "temporary files are removed");

        using var a = AccountStore.Open(dir.Sub("memory"));
        using var b = AccountStore.Open(dir.Sub("spilled"));
        var keys = a.Database.NewIterator(a.Database.GetColumnFamily(AccountStore.AccountsFamily));
        using var other = b.Database.NewIterator(b.Database.GetColumnFamily(AccountStore.AccountsFamily));
        using (keys)
        {
            keys.SeekToFirst();
            other.SeekToFirst();
            for (; keys.Valid; keys.Next(), other.Next())
            {
                Assert.True(other.Valid);
                Assert.True(keys.Key.SequenceEqual(other.Key));
                Assert.True(keys.Value.SequenceEqual(other.Value));
            }
            Assert.False(other.Valid);
        }
        foreach (var owner in new[] { "11111111111111111111111111111111", "Vote111111111111111111111111111111111111111", "Stake11111111111111111111111111111111111111" })
            Assert.Equal(a.GetProgramAccounts(Pubkey.Parse(owner)).ToList(), b.GetProgramAccounts(Pubkey.Parse(owner)).ToList());
    }

    /// <summary>
    /// Blob files change where data lives, not what the store holds: a load that puts every account over 100 data bytes
    /// in blob files and one that keeps everything inline read back the same accounts, hashes and owner index, and
    /// replay on top of them (rewriting and deleting referenced accounts) reaches the same lattice hash.
    /// </summary>
    [SharedFact(SnapshotFiles.Sig2025Full, SnapshotFiles.Sig2025Incremental)]
    public void Blob_files_give_the_same_store_as_inline_data()
    {
        using var dir = new TempDirectory();
        var full = SharedData.DataPath(SnapshotFiles.Sig2025Full);
        var incremental = SharedData.DataPath(SnapshotFiles.Sig2025Incremental);
        var inline = SnapshotLoader.Load(dir.Sub("inline"), full, incremental, new SnapshotLoaderOptions { BlobThresholdBytes = int.MaxValue });
        var separated = SnapshotLoader.Load(dir.Sub("blobs"), full, incremental, Small);
        Assert.Equal(0, inline.Staging.BlobAccounts);
        Assert.True(separated.Staging.BlobAccounts > 0);
        Assert.False(Directory.Exists(Path.Combine(dir.Sub("inline"), AccountStore.BlobDirectory)) && Directory.EnumerateFiles(Path.Combine(dir.Sub("inline"), AccountStore.BlobDirectory)).Any());
        Assert.True(Directory.EnumerateFiles(Path.Combine(dir.Sub("blobs"), AccountStore.BlobDirectory)).Count() > 1, "several blob files");
        Assert.Equal(inline.ComputedLtHash, separated.ComputedLtHash);
        Assert.Equal(inline.Capitalization, separated.Capitalization);
        Assert.Equal(inline.AccountCount, separated.AccountCount);

        using var a = AccountStore.Open(dir.Sub("inline"));
        using var b = AccountStore.Open(dir.Sub("blobs"));
        var references = 0;
        var large = new List<Pubkey>();
        using (var keys = a.Database.NewIterator(a.Database.GetColumnFamily(AccountStore.AccountsFamily)))
        using (var other = b.Database.NewIterator(b.Database.GetColumnFamily(AccountStore.AccountsFamily)))
        {
            keys.SeekToFirst();
            other.SeekToFirst();
            for (; keys.Valid; keys.Next(), other.Next())
            {
                Assert.True(other.Valid);
                Assert.True(keys.Key.SequenceEqual(other.Key));
                var pubkey = Pubkey.Read(keys.Key);
                if (AccountEncoding.IsReference(other.Value))
                {
                    references++;
                    large.Add(pubkey);
                    Assert.Equal(AccountEncoding.Data(keys.Value).Length, AccountEncoding.ReferencedDataLength(other.Value));
                    Assert.True(AccountEncoding.Data(keys.Value).Length > Small.BlobThresholdBytes);
                }
                else
                {
                    Assert.True(keys.Value.SequenceEqual(other.Value));
                }
                Assert.Equal(a.GetEncoded(pubkey), b.GetEncoded(pubkey));
            }
            Assert.False(other.Valid);
        }
        Assert.True(references >= 2, $"{references} referenced accounts");
        // Live bytes per file are exactly the entries the final state references (the incremental superseded some).
        var live = new Dictionary<uint, long>();
        using (var raw = b.Database.NewIterator(b.Database.GetColumnFamily(AccountStore.AccountsFamily)))
            for (raw.SeekToFirst(); raw.Valid; raw.Next())
                if (AccountEncoding.IsReference(raw.Value))
                {
                    var id = AccountEncoding.Location(raw.Value).FileId;
                    live[id] = live.GetValueOrDefault(id) + AccountBlobWriter.EntryLength(AccountEncoding.ReferencedDataLength(raw.Value));
                }
        Assert.All(b.BlobFiles, f => Assert.Equal(live.GetValueOrDefault(f.Id), f.LiveBytes));
        foreach (var owner in new[] { "11111111111111111111111111111111", "Vote111111111111111111111111111111111111111", "Stake11111111111111111111111111111111111111", "Sysvar1111111111111111111111111111111111111" })
            Assert.Equal(a.GetProgramAccounts(Pubkey.Parse(owner)).ToList(), b.GetProgramAccounts(Pubkey.Parse(owner)).ToList());

        // Replay on top: rewrite one referenced account, delete another, root, and compare.
        foreach (var store in new[] { a, b })
        {
            var slot = store.RootSlot + 1;
            store.CreateSlot(slot, store.RootSlot);
            var changed = store.Get(large[0], slot)!;
            store.Store(slot, large[0], new Stratus.Core.Accounts.Account(changed.Lamports + 1, changed.Data.ToArray(), changed.Owner, changed.Executable, changed.RentEpoch));
            store.Store(slot, large[^1], new Stratus.Core.Accounts.Account());
            store.Root(slot, Hash.Default);
        }
        Assert.Equal(a.RootLtHash, b.RootLtHash);
        Assert.Equal(a.RootCapitalization, b.RootCapitalization);
        Assert.Equal(a.GetEncoded(large[0]), b.GetEncoded(large[0]));
        Assert.Null(b.Get(large[^1]));
    }

    /// <summary>Highest slot wins, zero lamports deleted, computed naively from the archive reader.</summary>
    private static Dictionary<Pubkey, Stratus.Core.Accounts.Account> ReferenceState(string full, string? incremental, out SnapshotManifest manifest)
    {
        var latest = new Dictionary<Pubkey, SnapshotAccount>();
        SnapshotManifest? last = null;
        foreach (var path in incremental == null ? [full] : new[] { full, incremental })
        {
            using var archive = SnapshotFiles.Open(path);
            last = archive.Manifest;
            foreach (var account in archive.EnumerateAccounts())
            {
                if (latest.TryGetValue(account.Pubkey, out var existing) && existing.Slot > account.Slot) continue;
                latest[account.Pubkey] = account;
            }
        }
        manifest = last!;
        return latest.Values.Where(a => a.Account.Lamports != 0).ToDictionary(a => a.Pubkey, a => a.Account);
    }

    [SharedFact(SnapshotFiles.Sig2025Full, SnapshotFiles.Sig2024Incremental)]
    public void Incremental_of_another_full_snapshot_is_rejected()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<SnapshotLoadException>(() =>
            SnapshotLoader.Load(dir.Sub("db"), SharedData.DataPath(SnapshotFiles.Sig2025Full), SharedData.DataPath(SnapshotFiles.Sig2024Incremental), Small));
        Assert.Equal(SnapshotLoadError.IncrementalMismatch, e.Error);
        AssertUntrusted(dir.Sub("db"));
    }

    [Fact]
    public void A_non_database_directory_is_not_overwritten()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Sub("precious.txt"), "keep");
        var e = Assert.Throws<SnapshotLoadException>(() => SnapshotLoader.Load(dir.Path, "/nonexistent.tar.zst"));
        Assert.Equal(SnapshotLoadError.NotADatabase, e.Error);
        Assert.True(File.Exists(dir.Sub("precious.txt")));
    }

    internal static void AssertUntrusted(string db)
    {
        Assert.Equal(LoadState.InProgress, AccountStore.Inspect(db));
        var e = Assert.Throws<AccountStoreException>(() => AccountStore.Open(db));
        Assert.Equal(AccountStoreError.IncompleteLoad, e.Error);
    }

    [Fact]
    public void Options_out_of_range_are_refused_before_anything_is_touched()
    {
        using var dir = new TempDirectory();
        foreach (var (options, name) in new (SnapshotLoaderOptions, string)[]
        {
            (new() { Workers = 0 }, "Workers"),
            (new() { BucketBytes = 0 }, "BucketBytes"),
            (new() { StagingMemoryBytes = -1 }, "StagingMemoryBytes"),
            (new() { StagingCompressionLevel = 99 }, "StagingCompressionLevel"),
        })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => SnapshotLoader.Load(dir.Sub("db"), "/nonexistent.tar.zst", null, options));
            Assert.Equal(name, e.ParamName);
            Assert.False(Directory.Exists(dir.Sub("db")));
        }
    }
}
