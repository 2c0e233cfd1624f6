using Stratus.Core.Accounts;

namespace Stratus.Core.Tests.Accounts;

public class AccountTests
{
    private static readonly Pubkey Owner = ProgramIds.BpfLoader;

    [Fact]
    public void Constructor_copies_the_fields()
    {
        var data = new byte[] { 1, 2, 3 };
        var account = new Account(42, data, Owner, executable: true, rentEpoch: 9);
        data[0] = 99;
        Assert.Equal(42UL, account.Lamports);
        Assert.Equal(new byte[] { 1, 2, 3 }, account.Data.ToArray());
        Assert.Equal(Owner, account.Owner);
        Assert.True(account.Executable);
        Assert.Equal(9UL, account.RentEpoch);
        Assert.Equal(3, account.DataLength);
    }

    [Fact]
    public void Default_account_is_empty_and_system_owned()
    {
        var account = new Account();
        Assert.Equal(0UL, account.Lamports);
        Assert.Equal(0, account.DataLength);
        Assert.Equal(ProgramIds.System, account.Owner);
        Assert.False(account.Executable);
        Assert.True(account.IsDataZeroed());
    }

    [Fact]
    public void Create_allocates_zeroed_space()
    {
        var account = Account.Create(5, 10, Owner);
        Assert.Equal(10, account.DataLength);
        Assert.True(account.IsDataZeroed());
        Assert.Throws<ArgumentOutOfRangeException>(() => Account.Create(5, -1, Owner));
    }

    [Fact]
    public void Equality_compares_fields_not_capacity()
    {
        var a = new Account(1, [1, 2], Owner);
        var b = new Account(1, [1, 2, 3], Owner);
        Assert.NotEqual(a, b);
        b.Resize(2);
        Assert.True(b.Capacity >= 3);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());

        Assert.NotEqual(a, new Account(2, [1, 2], Owner));
        Assert.NotEqual(a, new Account(1, [1, 3], Owner));
        Assert.NotEqual(a, new Account(1, [1, 2], ProgramIds.System));
        Assert.NotEqual(a, new Account(1, [1, 2], Owner, executable: true));
        Assert.NotEqual(a, new Account(1, [1, 2], Owner, rentEpoch: 1));
        Assert.False(a.Equals(null));
    }

    [Fact]
    public void Growing_after_a_shrink_exposes_zeros_not_old_bytes()
    {
        var account = new Account(0, [1, 2, 3, 4], Owner);
        var buffer = account.DataBuffer;
        account.Resize(1);
        account.Resize(4);
        Assert.Same(buffer, account.DataBuffer); // within capacity: no reallocation
        Assert.Equal(new byte[] { 1, 0, 0, 0 }, account.Data.ToArray());
    }

    [Fact]
    public void Reserve_keeps_the_data_and_grows_capacity()
    {
        var account = new Account(0, [7, 8], Owner);
        account.Reserve(AccountLimits.MaxPermittedDataIncrease);
        Assert.True(account.Capacity >= 2 + AccountLimits.MaxPermittedDataIncrease);
        Assert.Equal(new byte[] { 7, 8 }, account.Data.ToArray());
        var buffer = account.DataBuffer;
        account.Resize(2 + AccountLimits.MaxPermittedDataIncrease);
        Assert.Same(buffer, account.DataBuffer);
        Assert.Throws<ArgumentOutOfRangeException>(() => account.Reserve(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => account.Resize(-1));
    }

    [Fact]
    public void SetData_replaces_data_and_length()
    {
        var account = new Account(0, [1, 2, 3], Owner);
        account.SetData([9]);
        Assert.Equal(new byte[] { 9 }, account.Data.ToArray());
        account.SetData(new byte[100]);
        Assert.Equal(100, account.DataLength);
        account.SetData([]);
        Assert.Equal(0, account.DataLength);
    }

    [Fact]
    public void DataMut_writes_through()
    {
        var account = new Account(0, [1, 2, 3], Owner);
        account.DataMut[1] = 0xFF;
        Assert.Equal(new byte[] { 1, 0xFF, 3 }, account.Data.ToArray());
        Assert.False(account.IsDataZeroed());
    }

    [Fact]
    public void Clone_and_CopyFrom_are_deep()
    {
        var original = new Account(3, [1, 2], Owner, executable: true, rentEpoch: 4);
        var clone = original.Clone();
        Assert.Equal(original, clone);
        clone.DataMut[0] = 5;
        clone.Lamports = 10;
        Assert.Equal(new byte[] { 1, 2 }, original.Data.ToArray());
        Assert.Equal(3UL, original.Lamports);

        var target = new Account();
        target.CopyFrom(original);
        Assert.Equal(original, target);
        original.DataMut[1] = 0;
        Assert.Equal(2, target.Data[1]);
    }

    [Fact]
    public void Read_only_view_exposes_the_same_fields()
    {
        IReadOnlyAccount view = new Account(8, [1], Owner, rentEpoch: 2);
        Assert.Equal(8UL, view.Lamports);
        Assert.Equal(new byte[] { 1 }, view.Data.ToArray());
        Assert.Equal(Owner, view.Owner);
        Assert.False(view.Executable);
        Assert.Equal(2UL, view.RentEpoch);
    }

    [Fact]
    public void ToString_shows_fields_and_a_data_prefix()
    {
        var text = new Account(8, new byte[70], Owner).ToString();
        Assert.Contains("lamports: 8", text);
        Assert.Contains("data.len: 70", text);
        Assert.Contains(Owner.ToString(), text);
        Assert.EndsWith("... }", text);
    }

    [Fact]
    public void Limits_match_agave()
    {
        Assert.Equal(10_240, AccountLimits.MaxPermittedDataIncrease);
        Assert.Equal(10_485_760, AccountLimits.MaxPermittedDataLength);
        Assert.Equal(20_971_520L, AccountLimits.MaxPermittedAccountsDataAllocationsPerTransaction);
    }
}
