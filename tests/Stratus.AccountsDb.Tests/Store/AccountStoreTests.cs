using Stratus.AccountsDb.Store;
using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Crypto;

namespace Stratus.AccountsDb.Tests.Store;

public class AccountStoreTests
{
    private static Pubkey Key(byte b) => new(Enumerable.Repeat(b, 32).ToArray());
    private static readonly Pubkey OwnerA = Key(0xA0);
    private static readonly Pubkey OwnerB = Key(0xB0);
    private static Account Acct(ulong lamports, Pubkey owner, int size = 10) => new(lamports, Enumerable.Repeat((byte)lamports, size).ToArray(), owner);

    /// <summary>The lattice hash a from-scratch sum over the given accounts gives.</summary>
    private static byte[] Scratch(IEnumerable<(Pubkey Key, Account Account)> accounts)
    {
        var total = new byte[LtHash.Size];
        var one = new byte[LtHash.Size];
        foreach (var (k, a) in accounts)
        {
            AccountHashes.Lattice(a.Lamports, a.Data, a.Executable, a.Owner.AsSpan(), k.AsSpan(), one);
            LtHash.MixIn(total, one);
        }
        return total;
    }

    [Fact]
    public void Forks_stay_separate_and_rooting_flushes_the_chosen_chain()
    {
        using var dir = new TempDirectory();
        var db = dir.Sub("db");
        using (var store = AccountStore.Open(db))
        {
            store.InitializeRoot(0, Hash.Default, [new(Key(1), Acct(100, OwnerA)), new(Key(2), Acct(200, OwnerA))]);
            Assert.Equal(300UL, store.RootCapitalization);

            store.CreateSlot(1, 0);
            store.Store(1, Key(1), Acct(150, OwnerB));         // modify + change owner
            store.Store(1, Key(3), Acct(30, OwnerA));          // create
            store.CreateSlot(2, 0);                            // a competing fork
            store.Store(2, Key(2), new Account());             // delete
            store.CreateSlot(3, 1);
            store.Store(3, Key(2), Acct(5, OwnerA));           // modify on top of slot 1

            Assert.Equal(100UL, store.Get(Key(1), 2)!.Lamports);
            Assert.Equal(150UL, store.Get(Key(1), 3)!.Lamports);
            Assert.Null(store.Get(Key(2), 2));
            Assert.Equal(5UL, store.Get(Key(2), 3)!.Lamports);
            Assert.Equal(100UL, store.Get(Key(1))!.Lamports);   // root unchanged
            Assert.Equal(100UL, store.GetCapitalization(2));
            Assert.Equal(185UL, store.GetCapitalization(3));
            Assert.Equal(Scratch([(Key(1), Acct(150, OwnerB)), (Key(2), Acct(5, OwnerA)), (Key(3), Acct(30, OwnerA))]), store.GetLtHash(3).Bytes.ToArray());
            Assert.Equal(Scratch([(Key(1), Acct(100, OwnerA))]), store.GetLtHash(2).Bytes.ToArray());

            store.Root(3, Hash.Default);
            Assert.Empty(store.UnrootedSlots);                 // slot 2 is not a descendant
            Assert.Equal(3UL, store.RootSlot);
            Assert.Equal(185UL, store.RootCapitalization);
            Assert.Equal(3, store.RootAccountCount);
            Assert.Equal([Key(2), Key(3)], store.GetProgramAccounts(OwnerA).ToList());
            Assert.Equal([Key(1)], store.GetProgramAccounts(OwnerB).ToList());
        }
        using (var reopened = AccountStore.Open(db))
        {
            Assert.Equal(LoadState.Complete, reopened.LoadState);
            Assert.Equal(3UL, reopened.RootSlot);
            Assert.Equal(185UL, reopened.RootCapitalization);
            Assert.Equal(150UL, reopened.Get(Key(1))!.Lamports);
            Assert.Equal(Scratch([(Key(1), Acct(150, OwnerB)), (Key(2), Acct(5, OwnerA)), (Key(3), Acct(30, OwnerA))]), reopened.RootLtHash.Bytes.ToArray());
        }
    }

    [Fact]
    public void Cache_stays_within_its_byte_budget()
    {
        using var dir = new TempDirectory();
        using var store = AccountStore.Open(dir.Sub("db"), new AccountStoreOptions { CacheBudgetBytes = 10_000 });
        store.InitializeRoot(0, Hash.Default, Enumerable.Range(1, 200).Select(i => new KeyValuePair<Pubkey, Account>(Key((byte)i), Acct((ulong)i, OwnerA, 500))));
        for (var i = 1; i <= 200; i++)
        {
            Assert.Equal((ulong)i, store.Get(Key((byte)i))!.Lamports);
            Assert.InRange(store.CacheBytes, 1, 10_000);
        }
    }

    [Fact]
    public void Unknown_slots_and_rooted_slots_are_rejected()
    {
        using var dir = new TempDirectory();
        using var store = AccountStore.Open(dir.Sub("db"));
        Assert.Equal(AccountStoreError.UnknownSlot, Assert.Throws<AccountStoreException>(() => store.CreateSlot(5, 4)).Error);
        Assert.Equal(AccountStoreError.SlotAlreadyRooted, Assert.Throws<AccountStoreException>(() => store.CreateSlot(0, 0)).Error);
        Assert.Equal(AccountStoreError.UnknownSlot, Assert.Throws<AccountStoreException>(() => store.Store(7, Key(1), Acct(1, OwnerA))).Error);
    }
}
