using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.ComputeBudget;
using Stratus.Runtime.Fees;
using Stratus.TestCommon;

namespace Stratus.Runtime.Tests;

/// <summary>
/// Real mainnet transactions from Firedancer's fixtures. The pack fixtures come with Firedancer's expected
/// compute-unit limit and priority fee (src/disco/pack/test_compute_budget_program.c), an independent
/// implementation of the same rules; txn1 requests no limit, so its 1.4M is the pre-SIMD-0170 default
/// (200k per non-Compute-Budget instruction, capped).
/// </summary>
public class FiredancerFixtureTests
{
    private static readonly FeatureSet PreSimd170 = FeatureSet.AllEnabled(ClusterProfile.Solana).Without(FeatureId.ReserveMinimalCusForBuiltinInstructions);

    private static Transaction Load(string relative) => Transaction.Parse(File.ReadAllBytes(SharedData.Require(relative)));

    [SharedTheory("misc/firedancer-pack-txn")]
    [InlineData("txn1.bin", 1_400_000u, 280_000UL, 32 * 1024u, 64 * 1024 * 1024u)] // price 0.2 lamports/CU, no limit
    [InlineData("txn2.bin", 500_000u, 7_501UL, 32 * 1024u, 64 * 1024 * 1024u)]     // 500k × 15,001 µlamports
    [InlineData("txn3.bin", 1_000_000u, 0UL, 32 * 1024u, 64 * 1024 * 1024u)]
    [InlineData("txn4.bin", 75_000u, 1_501UL, 32 * 1024u, 64 * 1024 * 1024u)]      // limit instruction has trailing bytes
    [InlineData("txn5.bin", 1_400_000u, 28_000UL, 32 * 1024u, 64 * 1024 * 1024u)]  // requests 6M
    [InlineData("txn6.bin", 60_000u, 5_400UL, 32 * 1024u, 1_000_000u)]            // loaded-accounts data size 1,000,000
    [InlineData("txn7.bin", 1_400_000u, 0UL, 256 * 1024u, 64 * 1024 * 1024u)]      // 256 KiB heap
    public void Pack_fixture_budgets(string file, uint limit, ulong priorityFee, uint heap, uint loadedBytes)
    {
        var tx = Load($"misc/firedancer-pack-txn/{file}");
        Assert.True(tx.Sanitize().IsOk);
        Assert.Null(ComputeBudgetProcessor.Process(tx.Message, PreSimd170, out var limits));
        Assert.Equal(limit, limits.ComputeUnitLimit);
        Assert.Equal(priorityFee, limits.PrioritizationFee);
        Assert.Equal(heap, limits.UpdatedHeapBytes);
        Assert.Equal(loadedBytes, limits.LoadedAccountsBytes);

        // One signature each: the Solana fee is 5,000 plus that priority fee.
        Assert.Null(FeeCalculator.TryCalculate(tx.Message, null, PreSimd170, ClusterProfile.Solana, 5_000, out var fee, out _));
        Assert.Equal(new FeeDetails(5_000UL * tx.Message.Header.NumRequiredSignatures, priorityFee), fee);
    }

    // Firedancer's overflow cases: txn2 with its limit and price words overwritten.
    [SharedTheory("misc/firedancer-pack-txn/txn2.bin")]
    [InlineData(1_000_000u, 1_000_000UL, 1_000_000UL)]
    [InlineData(1_000_000u, ulong.MaxValue >> 1, ulong.MaxValue >> 1)]
    [InlineData(1_400_000u, ulong.MaxValue, ulong.MaxValue)]
    [InlineData(1_400_000u, 1UL << 44, 24_629_060_462_183UL)]
    [InlineData(1u, 1UL, 1UL)]
    public void Pack_fixture_priority_fee_overflow(uint limit, ulong price, ulong priorityFee)
    {
        var bytes = File.ReadAllBytes(SharedData.Require("misc/firedancer-pack-txn/txn2.bin"));
        BitConverter.TryWriteBytes(bytes.AsSpan(260), limit);
        BitConverter.TryWriteBytes(bytes.AsSpan(268), price);
        var tx = Transaction.Parse(bytes);
        Assert.Null(ComputeBudgetProcessor.Process(tx.Message, PreSimd170, out var limits));
        Assert.Equal(limit, limits.ComputeUnitLimit);
        Assert.Equal(priorityFee, limits.PrioritizationFee);
    }

    // transaction1 (ballet fixture) starts with the retired RequestUnits instruction (tag 0, units 300,000):
    // Firedancer's pack still parses it; Agave 2.2 rejects the transaction.
    [SharedFact("misc/firedancer-txn/transaction1.bin")]
    public void Retired_request_units_instruction_is_rejected()
    {
        var tx = Load("misc/firedancer-txn/transaction1.bin");
        var expected = TransactionError.FromInstruction(0, new InstructionError(InstructionErrorKind.InvalidInstructionData));
        foreach (var cluster in new[] { ClusterProfile.Solana, ClusterProfile.X1 })
            Assert.Equal(expected, FeeCalculator.TryCalculate(tx.Message, null, FeatureSet.AllEnabled(cluster), cluster, 5_000, out _, out _));
    }

    // The X1 fee of the same real transactions, derived by hand from X1.md's rules.
    [SharedFact("misc/firedancer-pack-txn")]
    public void Pack_fixtures_under_x1_current_rules()
    {
        var features = FeatureSet.AllEnabled(ClusterProfile.X1);
        // txn3: SetComputeUnitLimit(1,000,000) then one user program: (150 + 1,000,000) × 10.
        var txn3 = Load("misc/firedancer-pack-txn/txn3.bin");
        Assert.Null(FeeCalculator.TryCalculate(txn3.Message, null, features, ClusterProfile.X1, 5_000, out var fee3, out _));
        Assert.Equal(new FeeDetails(10_001_500, 0), fee3);
        // txn7: heap request, limit 1.4M, one user program: (150 + 150 + 1,400,000) × 10.
        var txn7 = Load("misc/firedancer-pack-txn/txn7.bin");
        Assert.Null(FeeCalculator.TryCalculate(txn7.Message, null, features, ClusterProfile.X1, 5_000, out var fee7, out _));
        Assert.Equal(new FeeDetails(14_003_000, 0), fee7);
    }
}
