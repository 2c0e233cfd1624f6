using Stratus.AccountsDb.Loading;
using Stratus.AccountsDb.Store;
using Stratus.Crypto;

namespace Stratus.AccountsDb.Tests.Loading;

public class StagedValueTests
{
    /// <summary>The reference flag, not the length, tells a staged reference from an inline account of the same size.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(StagedValue.ReferenceLength - AccountEncoding.HeaderSize)]
    [InlineData(1000)]
    public void Inline_values_of_any_length_are_inline(int dataLength)
    {
        var value = new byte[AccountEncoding.EncodedLength(dataLength)];
        AccountEncoding.Write(5, 0, new byte[32], true, new byte[dataLength], value);
        Assert.True(StagedValue.IsValid(value));
        Assert.False(StagedValue.IsReference(value));
        Assert.True(StagedValue.Stored(value).SequenceEqual(value));
    }

    [Fact]
    public void References_carry_their_lattice_root_and_store_without_it()
    {
        var value = new byte[StagedValue.ReferenceLength];
        AccountEncoding.WriteReference(5, 1, new byte[32], false, new BlobLocation(3, 99), 4000, value);
        LtHash.ComputeAccountRoot(5, new byte[4000], false, new byte[32], new byte[32], value.AsSpan(AccountEncoding.ReferenceSize));
        Assert.True(StagedValue.IsValid(value));
        Assert.True(StagedValue.IsReference(value));
        Assert.Equal(AccountEncoding.ReferenceSize, StagedValue.Stored(value).Length);
        Assert.Equal(new BlobLocation(3, 99), AccountEncoding.Location(StagedValue.Stored(value)));
        Assert.False(StagedValue.IsValid(value.AsSpan(0, StagedValue.ReferenceLength - 1)), "a reference cut short is damage");
        value[48] = 0x7;
        Assert.False(StagedValue.IsValid(value));
    }
}
