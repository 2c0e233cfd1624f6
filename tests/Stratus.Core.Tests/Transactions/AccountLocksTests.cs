using Stratus.Core.Transactions;
using static Stratus.Core.Tests.Transactions.TestMessages;

namespace Stratus.Core.Tests.Transactions;

/// <summary>accounts-db validate_account_locks: the lock limit first, then duplicate keys (AccountLoadedTwice).</summary>
public class AccountLocksTests
{
    [Fact]
    public void Lock_limit_depends_on_the_feature()
    {
        Assert.Equal(64, AccountLocks.LockLimit(false));
        Assert.Equal(128, AccountLocks.LockLimit(true));
    }

    [Theory]
    [InlineData(64, 64, true)]
    [InlineData(65, 64, false)]
    [InlineData(128, 128, true)]
    [InlineData(129, 128, false)]
    public void Too_many_keys_is_too_many_account_locks(int keyCount, int limit, bool ok)
    {
        var m = Legacy(Header(1), Keys(keyCount));
        Assert.Equal(ok ? null : TransactionError.TooManyAccountLocks, AccountLocks.Validate(m, null, limit));
    }

    [Fact]
    public void Duplicates_anywhere_in_the_full_list_are_account_loaded_twice()
    {
        var keys = Keys(4);
        keys[3] = keys[1];
        // Sanitize does not look for duplicates; the lock check does.
        var m = Legacy(Header(1), keys);
        Assert.True(m.Sanitize().IsOk);
        Assert.Equal(TransactionError.AccountLoadedTwice, AccountLocks.Validate(m, null, 64));

        var v0 = V0(Header(1), Keys(2), [], Lookup([0], [1]));
        Assert.Null(AccountLocks.Validate(v0, new LoadedAddresses([Key(5)], [Key(6)]), 64));
        Assert.Equal(TransactionError.AccountLoadedTwice, AccountLocks.Validate(v0, new LoadedAddresses([Key(1)], [Key(6)]), 64));
        Assert.Equal(TransactionError.AccountLoadedTwice, AccountLocks.Validate(v0, new LoadedAddresses([Key(6)], [Key(6)]), 64));
    }

    [Fact]
    public void The_limit_is_checked_before_duplicates()
    {
        var keys = Enumerable.Repeat(Key(1), 70).ToArray();
        Assert.Equal(TransactionError.TooManyAccountLocks, AccountLocks.Validate(Legacy(Header(1), keys), null, 64));
    }

    [Fact]
    public void Duplicate_detection_agrees_with_a_hash_set_for_short_and_long_lists()
    {
        var rng = new Random(7);
        foreach (var n in new[] { 0, 1, 2, 31, 32, 33, 64, 128, 256, 300 })
        {
            for (var trial = 0; trial < 30; trial++)
            {
                // Draw from a small pool so duplicates appear about half the time.
                var pool = Math.Max(1, n * 4);
                var keys = Enumerable.Range(0, n).Select(_ => Key(rng.Next(pool))).ToArray();
                var expected = keys.Distinct().Count() != keys.Length;
                Assert.Equal(expected, new AccountKeys(keys.AsSpan(0, n / 2), keys.AsSpan(n / 2, n / 4), keys.AsSpan(n / 2 + n / 4)).HasDuplicates());
            }
        }
    }
}
