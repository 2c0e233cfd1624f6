using Stratus.AccountsDb.RocksDb;
using Stratus.AccountsDb.Store;
using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Crypto;

namespace Stratus.AccountsDb.Tests.Store;

/// <summary>
/// Accounts whose data lives in blob files (as a snapshot load leaves them) against the same accounts stored inline:
/// reads, replay on top, live-byte accounting, compaction, crash leftovers and damaged files.
/// </summary>
public class AccountBlobTests
{
    private static Pubkey Key(int i)
    {
        var bytes = new byte[32];
        BitConverter.TryWriteBytes(bytes, i * 2654435761u);
        bytes[31] = (byte)i;
        return new Pubkey(bytes);
    }

    private static readonly Pubkey Owner = Key(1000);
    private static readonly int[] Sizes = [1025, 1500, 3762, 4096, 10_000, 70_000, 1 << 20];

    /// <summary>Half random, half zero: compressible, but not to nothing.</summary>
    private static Account MakeAccount(int i)
    {
        var data = new byte[Sizes[i % Sizes.Length]];
        new Random(i).NextBytes(data.AsSpan(0, data.Length / 2));
        return new Account(1_000_000 + (ulong)i, data, Owner, executable: i % 3 == 0, rentEpoch: (ulong)i);
    }

    private const int Count = 40;

    /// <summary>A store at slot 5 whose accounts all reference blob files, written the way the loader writes them.</summary>
    /// <returns>The bytes the writer actually wrote (compressed entries leave holes).</returns>
    private static long BuildBlobStore(string path, long fileBytes, int? level)
    {
        using var store = AccountStore.Open(path, allowIncomplete: true);
        store.SetLoadState(LoadState.InProgress);
        var lt = new byte[LtHash.Size];
        var one = new byte[LtHash.Size];
        ulong capitalization = 0;
        using var batch = new WriteBatch();
        using var writer = new AccountBlobWriter(Path.Combine(path, AccountStore.BlobDirectory), fileBytes, 8192, level);
        var reference = new byte[AccountEncoding.ReferenceSize];
        var ownerKey = new byte[64];
        for (var i = 0; i < Count; i++)
        {
            var account = MakeAccount(i);
            var location = writer.Append(Key(i).AsSpan(), account.Data);
            AccountEncoding.WriteReference(account.Lamports, account.RentEpoch, account.Owner.AsSpan(), account.Executable, location, account.DataLength, reference);
            batch.Put(store.Accounts, Key(i).AsSpan(), reference);
            Owner.CopyTo(ownerKey);
            Key(i).CopyTo(ownerKey.AsSpan(32));
            batch.Put(store.OwnerIndex, ownerKey, []);
            AccountHashes.Lattice(account.Lamports, account.Data, account.Executable, account.Owner.AsSpan(), Key(i).AsSpan(), one);
            LtHash.MixIn(lt, one);
            capitalization += account.Lamports;
        }
        writer.Finish();
        store.Database.Write(batch);
        store.CommitLoaded(5, Hash.Default, capitalization, Count, lt, writer.Files.Select(f => f with { LiveBytes = f.Length - 16 }).ToList());
        return writer.StoredBytes;
    }

    private static AccountStore InlineStore(string path)
    {
        var store = AccountStore.Open(path);
        store.InitializeRoot(5, Hash.Default, Enumerable.Range(0, Count).Select(i => new KeyValuePair<Pubkey, Account>(Key(i), MakeAccount(i))));
        return store;
    }

    [Theory]
    [InlineData(null)]
    [InlineData(1)]
    public void Referenced_accounts_read_back_as_inline_values(int? level)
    {
        using var dir = new TempDirectory();
        var written = BuildBlobStore(dir.Sub("blobs"), 64 << 10, level);
        using var inline = InlineStore(dir.Sub("inline"));
        using var store = AccountStore.Open(dir.Sub("blobs"), new AccountStoreOptions { CacheBudgetBytes = 0 });
        Assert.True(store.BlobFiles.Count > 3, "several files");
        Assert.Equal(inline.RootLtHash, store.RootLtHash);
        var buffer = new byte[2 << 20];
        for (var i = 0; i < Count; i++)
        {
            var expected = AccountEncoding.Encode(MakeAccount(i));
            Assert.Equal(expected, store.GetEncoded(Key(i)));
            Assert.Equal(expected.Length, store.ReadEncoded(Key(i), buffer));
            Assert.True(buffer.AsSpan(0, expected.Length).SequenceEqual(expected));
            // Too small: the needed length, then the value once the buffer is large enough.
            Assert.Equal(AccountEncoding.ReferenceSize, store.ReadEncoded(Key(i), new byte[10]));
            Assert.Equal(expected.Length, store.ReadEncoded(Key(i), new byte[AccountEncoding.ReferenceSize]));
        }
        Assert.Equal(inline.GetProgramAccounts(Owner).ToList(), store.GetProgramAccounts(Owner).ToList());
        var data = Enumerable.Range(0, Count).Sum(i => (long)MakeAccount(i).DataLength);
        if (level != null) Assert.True(written < data * 6 / 10, $"{written} bytes written for {data} data bytes");
        else Assert.True(written > data);
    }

    [Fact]
    public void Replay_over_references_matches_inline_and_compacts_dead_files()
    {
        using var dir = new TempDirectory();
        BuildBlobStore(dir.Sub("blobs"), 64 << 10, 1);
        using var inline = InlineStore(dir.Sub("inline"));
        var blobDirectory = Path.Combine(dir.Sub("blobs"), AccountStore.BlobDirectory);
        using (var store = AccountStore.Open(dir.Sub("blobs")))
        {
            var files = store.BlobFiles.Count;
            var slot = 5UL;
            // Rewrite or delete accounts one root at a time; every root must agree with the inline store.
            for (var i = 0; i < Count; i++)
            {
                foreach (var s in new[] { store, inline })
                {
                    s.CreateSlot(slot + 1, slot);
                    if (i % 4 == 3) s.Store(slot + 1, Key(i), new Account());
                    else
                    {
                        var account = s.Get(Key(i), slot + 1)!;
                        s.Store(slot + 1, Key(i), new Account(account.Lamports + 7, account.Data, account.Owner, account.Executable, account.RentEpoch));
                    }
                    s.Root(slot + 1, Hash.Default);
                }
                slot++;
                Assert.Equal(inline.RootLtHash, store.RootLtHash);
                Assert.Equal(inline.RootCapitalization, store.RootCapitalization);
                Assert.All(store.BlobFiles, f => Assert.True(f.LiveBytes * 2 >= f.Length - 16, $"file {f.Id} should have been compacted"));
            }
            Assert.True(store.BlobFiles.Count < files);
            Assert.Empty(store.BlobFiles);
            Assert.Empty(Directory.EnumerateFiles(blobDirectory));
        }
        using var reopened = AccountStore.Open(dir.Sub("blobs"));
        for (var i = 0; i < Count; i++) Assert.Equal(inline.GetEncoded(Key(i)), reopened.GetEncoded(Key(i)));
        Assert.Equal(inline.GetProgramAccounts(Owner).ToList(), reopened.GetProgramAccounts(Owner).ToList());
    }

    [Fact]
    public void Compaction_keeps_live_accounts_readable_after_reopen()
    {
        using var dir = new TempDirectory();
        BuildBlobStore(dir.Sub("db"), 1 << 30, null);
        using (var store = AccountStore.Open(dir.Sub("db")))
        {
            Assert.Single(store.BlobFiles);
            // Delete the 1 MiB accounts (most of the bytes): the file drops below half live and is compacted.
            store.CreateSlot(6, 5);
            for (var i = 0; i < Count; i++)
                if (MakeAccount(i).DataLength == 1 << 20) store.Store(6, Key(i), new Account());
            store.Root(6, Hash.Default);
            Assert.Empty(store.BlobFiles);
        }
        using var reopened = AccountStore.Open(dir.Sub("db"));
        for (var i = 0; i < Count; i++)
        {
            var account = MakeAccount(i);
            if (account.DataLength == 1 << 20) Assert.Null(reopened.Get(Key(i)));
            else Assert.Equal(AccountEncoding.Encode(account), reopened.GetEncoded(Key(i)));
        }
        using var raw = reopened.Database.NewIterator(reopened.Accounts);
        for (raw.SeekToFirst(); raw.Valid; raw.Next()) Assert.False(AccountEncoding.IsReference(raw.Value), "every survivor is inline again");
    }

    /// <summary>A root whose compaction meets a damaged file still roots; the error is kept and the file left alone.</summary>
    [Fact]
    public void A_damaged_file_does_not_fail_the_root_that_would_compact_it()
    {
        using var dir = new TempDirectory();
        BuildBlobStore(dir.Sub("db"), 1 << 30, null);
        var file = Path.Combine(dir.Sub("db"), AccountStore.BlobDirectory, "000001.blob");
        var offset = (int)LocationOf(dir.Sub("db"), 1).Offset;
        var bytes = File.ReadAllBytes(file);
        bytes[offset + 44 + 5] ^= 0xFF;
        File.WriteAllBytes(file, bytes);
        using var store = AccountStore.Open(dir.Sub("db"));
        store.CreateSlot(6, 5);
        for (var i = 0; i < Count; i++)
            if (MakeAccount(i).DataLength == 1 << 20) store.Store(6, Key(i), new Account());
        store.Root(6, Hash.Default);
        Assert.Equal(6UL, store.RootSlot);
        Assert.Contains("checksum", store.BlobCompactionError);
        Assert.Single(store.BlobFiles);
        Assert.Equal(AccountEncoding.Encode(MakeAccount(2)), store.GetEncoded(Key(2)));
        Assert.Equal(AccountStoreError.BlobFile, Assert.Throws<AccountStoreException>(() => store.Get(Key(1))).Error);
        // Not retried on every root.
        store.CreateSlot(7, 6);
        store.Root(7, Hash.Default);
        Assert.Single(store.BlobFiles);
    }

    [Fact]
    public void Leftover_files_are_removed_and_missing_ones_refused_at_open()
    {
        using var dir = new TempDirectory();
        BuildBlobStore(dir.Sub("db"), 64 << 10, 1);
        var blobDirectory = Path.Combine(dir.Sub("db"), AccountStore.BlobDirectory);
        var orphan = Path.Combine(blobDirectory, "000999.blob");
        File.WriteAllBytes(orphan, new byte[100]);
        using (var store = AccountStore.Open(dir.Sub("db"))) Assert.False(File.Exists(orphan), "an unlisted file (an interrupted compaction) is deleted");
        File.Delete(Path.Combine(blobDirectory, "000002.blob"));
        var e = Assert.Throws<AccountStoreException>(() => AccountStore.Open(dir.Sub("db")));
        Assert.Equal(AccountStoreError.BlobFile, e.Error);
        Assert.Contains("000002.blob", e.Message);
        Assert.Contains("missing", e.Message);
    }

    [Fact]
    public void Damaged_files_give_precise_errors()
    {
        using var dir = new TempDirectory();
        BuildBlobStore(dir.Sub("db"), 1 << 30, null);
        var file = Path.Combine(dir.Sub("db"), AccountStore.BlobDirectory, "000001.blob");
        var original = File.ReadAllBytes(file);

        AccountStoreException Read(int i)
        {
            using var store = AccountStore.Open(dir.Sub("db"), new AccountStoreOptions { CacheBudgetBytes = 0 });
            return Assert.Throws<AccountStoreException>(() => store.Get(Key(i)));
        }

        // A flipped data byte of account 3.
        var bytes = (byte[])original.Clone();
        var offset = LocationOf(dir.Sub("db"), 3).Offset;
        bytes[(int)offset + 44 + 10] ^= 1;
        File.WriteAllBytes(file, bytes);
        var e = Read(3);
        Assert.Equal(AccountStoreError.BlobFile, e.Error);
        Assert.Contains("checksum mismatch", e.Message);
        Assert.Contains(Key(3).ToString(), e.Message);

        // Bad magic.
        bytes = (byte[])original.Clone();
        bytes[0] = (byte)'X';
        File.WriteAllBytes(file, bytes);
        Assert.Contains("bad magic", Read(0).Message);

        // Truncated: refused at open (its length is recorded).
        File.WriteAllBytes(file, original[..^100]);
        var open = Assert.Throws<AccountStoreException>(() => AccountStore.Open(dir.Sub("db")));
        Assert.Equal(AccountStoreError.BlobFile, open.Error);
        File.WriteAllBytes(file, original);

        // A reference moved to another account: the entry names its real owner.
        using (var store = AccountStore.Open(dir.Sub("db")))
        {
            var reference = store.Database.Get(store.Accounts, Key(4).AsSpan())!;
            store.Database.Put(store.Accounts, Key(5).AsSpan(), reference);
        }
        Assert.Contains($"belongs to {Key(4)}", Read(5).Message);
    }

    private static BlobLocation LocationOf(string path, int i)
    {
        using var store = AccountStore.Open(path);
        return AccountEncoding.Location(store.Database.Get(store.Accounts, Key(i).AsSpan()));
    }

    [Fact]
    public void A_write_error_surfaces_on_the_producer()
    {
        using var dir = new TempDirectory();
        var blobs = dir.Sub("blobs");
        using var writer = new AccountBlobWriter(blobs, 1 << 20, 8192);
        Directory.Delete(blobs);
        var e = Assert.Throws<AccountStoreException>(() =>
        {
            for (var i = 0; i < 100; i++) writer.Append(Key(i).AsSpan(), new byte[4000]);
            writer.Finish();
        });
        Assert.Equal(AccountStoreError.BlobFile, e.Error);
        Assert.Contains(blobs, e.Message);
    }
}
