using Stratus.AccountsDb.RocksDb;
using Stratus.AccountsDb.Store;
using Stratus.Core;
using Stratus.Core.Accounts;

namespace Stratus.AccountsDb.Tests.Store;

/// <summary>
/// Rooted reads with the accounts family's read settings (bottom-level filter skipped; uncompressed and out of the
/// block cache under mmap): hits, misses and the owner index once everything sits in the bottom level, across reopen
/// and with either read path.
/// </summary>
public sealed class AccountStoreReadTests
{
    private static Pubkey RandomKey(Random random)
    {
        var bytes = new byte[32];
        random.NextBytes(bytes);
        return new Pubkey(bytes);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Bottom_level_accounts_read_back_and_missing_pubkeys_read_as_null(bool mmap)
    {
        using var dir = new TempDirectory();
        var path = dir.Sub("db");
        var random = new Random(11);
        var owners = new[] { RandomKey(random), RandomKey(random), RandomKey(random) };
        var accounts = new Dictionary<Pubkey, Account>();
        while (accounts.Count < 3000)
            accounts[RandomKey(random)] = new Account((ulong)random.Next(1, 1_000_000), Enumerable.Repeat((byte)random.Next(), random.Next(0, 300)).ToArray(),
                owners[random.Next(owners.Length)]);
        var missing = Enumerable.Range(0, 500).Select(_ => RandomKey(random)).Where(k => !accounts.ContainsKey(k)).ToArray();
        var options = new AccountStoreOptions { CacheBudgetBytes = 0, RocksDb = new RocksDbOptions { AllowMmapReads = mmap } };

        using (var store = AccountStore.Open(path, options))
        {
            store.InitializeRoot(0, Hash.Default, accounts);
            store.Database.Flush();
            store.Database.CompactRange(store.Accounts);
            store.Database.CompactRange(store.OwnerIndex);
            Assert.Equal("0", store.Database.GetProperty("rocksdb.num-files-at-level0", store.Accounts));
        }

        foreach (var pass in new[] { "reopened", "after a rooted write" })
        {
            using var store = AccountStore.Open(path, options);
            foreach (var (key, account) in accounts) Assert.Equal(account, store.Get(key));
            foreach (var key in missing) Assert.Null(store.GetEncoded(key));
            foreach (var owner in owners)
                Assert.Equal(accounts.Where(a => a.Value.Owner == owner).Select(a => a.Key).Order().ToArray(), store.GetProgramAccounts(owner).ToArray());

            if (pass == "reopened")
            {
                // A rooted slot lands in the memtable and then an upper-level file above the bottom one.
                var slot = store.RootSlot + 1;
                store.CreateSlot(slot, store.RootSlot);
                var created = missing[0];
                var deleted = accounts.Keys.First();
                store.Store(slot, created, new Account(5, [1, 2, 3], owners[0]));
                store.Store(slot, deleted, new Account());
                store.Root(slot, Hash.Default);
                store.Database.Flush();
                accounts[created] = new Account(5, [1, 2, 3], owners[0]);
                accounts.Remove(deleted);
                missing[0] = deleted;
            }
        }
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L << 20)]
    public void ReadEncoded_copies_what_GetEncoded_returns_for_rooted_and_unrooted_slots(long cacheBudget)
    {
        using var dir = new TempDirectory();
        var random = new Random(12);
        var owner = RandomKey(random);
        var kept = RandomKey(random);
        var changed = RandomKey(random);
        var deleted = RandomKey(random);
        var created = RandomKey(random);
        var absent = RandomKey(random);
        using var store = AccountStore.Open(dir.Sub("db"), new AccountStoreOptions { CacheBudgetBytes = cacheBudget });
        store.InitializeRoot(0, Hash.Default, new Dictionary<Pubkey, Account>
        {
            [kept] = new(10, new byte[200], owner),
            [changed] = new(20, [1, 2, 3], owner),
            [deleted] = new(30, [], owner),
        });
        store.CreateSlot(1, 0);
        store.Store(1, changed, new Account(21, [4, 5, 6, 7], owner));
        store.Store(1, deleted, new Account());
        store.CreateSlot(2, 1);
        store.Store(2, created, new Account(40, [8], owner));

        var buffer = new byte[1024];
        foreach (var slot in new ulong?[] { null, 0, 1, 2 })
            foreach (var key in new[] { kept, changed, deleted, created, absent })
                for (var pass = 0; pass < 2; pass++) // the second read of a key may come from the account cache
                {
                    var expected = store.GetEncoded(key, slot);
                    Array.Fill(buffer, (byte)0xEE);
                    var length = store.ReadEncoded(key, buffer, slot);
                    if (expected == null)
                    {
                        Assert.Equal(-1, length);
                        Assert.All(buffer, b => Assert.Equal(0xEE, b));
                        continue;
                    }
                    Assert.Equal(expected.Length, length);
                    Assert.Equal(expected, buffer[..length]);

                    // Too small: the length comes back and nothing is written.
                    var small = new byte[length - 1];
                    Array.Fill(small, (byte)0xEE);
                    Assert.Equal(length, store.ReadEncoded(key, small, slot));
                    Assert.All(small, b => Assert.Equal(0xEE, b));
                }
        Assert.Equal(AccountStoreError.UnknownSlot, Assert.Throws<AccountStoreException>(() => store.ReadEncoded(kept, buffer, 9)).Error);
    }
}
