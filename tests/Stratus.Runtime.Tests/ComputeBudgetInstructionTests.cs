using Stratus.Runtime.ComputeBudget;

namespace Stratus.Runtime.Tests;

public class ComputeBudgetInstructionTests
{
    [Theory]
    [InlineData(new byte[] { 1, 0, 0xA0, 0, 0 }, ComputeBudgetInstructionKind.RequestHeapFrame, 40UL * 1024)]
    [InlineData(new byte[] { 2, 0xC0, 0x5C, 0x15, 0 }, ComputeBudgetInstructionKind.SetComputeUnitLimit, 1_400_000UL)]
    [InlineData(new byte[] { 3, 0x40, 0x1F, 0, 0, 0, 0, 0, 0 }, ComputeBudgetInstructionKind.SetComputeUnitPrice, 8_000UL)]
    [InlineData(new byte[] { 3, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, ComputeBudgetInstructionKind.SetComputeUnitPrice, ulong.MaxValue)]
    [InlineData(new byte[] { 4, 0, 0, 0, 4 }, ComputeBudgetInstructionKind.SetLoadedAccountsDataSizeLimit, 64UL * 1024 * 1024)]
    [InlineData(new byte[] { 0 }, ComputeBudgetInstructionKind.Unused, 0UL)]
    [InlineData(new byte[] { 0, 1, 2, 3, 4, 5, 6, 7, 8 }, ComputeBudgetInstructionKind.Unused, 0UL)] // old RequestUnits payload
    [InlineData(new byte[] { 2, 1, 0, 0, 0, 9, 9, 9 }, ComputeBudgetInstructionKind.SetComputeUnitLimit, 1UL)] // trailing bytes ignored
    public void Decodes_borsh_unchecked(byte[] data, ComputeBudgetInstructionKind kind, ulong value)
    {
        Assert.True(ComputeBudgetInstruction.TryDecode(data, out var k, out var v));
        Assert.Equal(kind, k);
        Assert.Equal(value, v);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 1, 0, 0, 0 })]
    [InlineData(new byte[] { 2 })]
    [InlineData(new byte[] { 3, 1, 2, 3, 4, 5, 6, 7 })]
    [InlineData(new byte[] { 4, 1, 2 })]
    [InlineData(new byte[] { 5, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0xFF, 0, 0, 0, 0, 0, 0, 0, 0 })]
    public void Rejects_unknown_tags_and_short_payloads(byte[] data)
    {
        Assert.False(ComputeBudgetInstruction.TryDecode(data, out _, out _));
        Assert.False(ComputeBudgetInstruction.IsSetComputeUnitLimit(data));
    }

    [Fact]
    public void Encoders_round_trip()
    {
        Assert.True(ComputeBudgetInstruction.TryDecode(ComputeBudgetInstruction.RequestHeapFrame(256 * 1024), out var k, out var v));
        Assert.Equal((ComputeBudgetInstructionKind.RequestHeapFrame, 256UL * 1024), (k, v));
        Assert.True(ComputeBudgetInstruction.IsSetComputeUnitLimit(ComputeBudgetInstruction.SetComputeUnitLimit(0)));
        Assert.True(ComputeBudgetInstruction.TryDecode(ComputeBudgetInstruction.SetComputeUnitPrice(123456789012), out k, out v));
        Assert.Equal((ComputeBudgetInstructionKind.SetComputeUnitPrice, 123456789012UL), (k, v));
        Assert.True(ComputeBudgetInstruction.TryDecode(ComputeBudgetInstruction.SetLoadedAccountsDataSizeLimit(7), out k, out v));
        Assert.Equal((ComputeBudgetInstructionKind.SetLoadedAccountsDataSizeLimit, 7UL), (k, v));
    }

    // solana-compute-budget's get_prioritization_fee: ceiling division in u128, saturating to u64::MAX.
    [Theory]
    [InlineData(0UL, 0UL, 0UL)]
    [InlineData(0UL, ulong.MaxValue, 0UL)]
    [InlineData(1UL, 1UL, 1UL)]
    [InlineData(1UL, 999_999UL, 1UL)]
    [InlineData(1UL, 1_000_000UL, 1UL)]
    [InlineData(1UL, 1_000_001UL, 2UL)]
    [InlineData(8_000UL, 1_400_000UL, 11_200UL)]
    [InlineData(1_000_000UL, 300UL, 300UL)]
    [InlineData(10_000_000UL, 500_000UL, 5_000_000UL)]
    [InlineData(ulong.MaxValue, 1_000_000UL, ulong.MaxValue)]
    [InlineData(ulong.MaxValue, 1_400_000UL, ulong.MaxValue)]
    [InlineData(ulong.MaxValue, 1UL, 18_446_744_073_710UL)]
    public void Prioritization_fee_rounds_up(ulong price, ulong units, ulong expected)
    {
        Assert.Equal(expected, ComputeBudgetLimits.GetPrioritizationFee(price, units));
        Assert.Equal(expected, ComputeBudgetLimits.GetPrioritizationFee(units, price));
    }
}
