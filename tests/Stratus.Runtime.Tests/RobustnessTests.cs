using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.ComputeBudget;
using Stratus.Runtime.Fees;
using Stratus.TestCommon;

namespace Stratus.Runtime.Tests;

/// <summary>
/// Truncated and mutated real transactions: whatever decodes must go through compute-budget processing and
/// both clusters' fee rules without an exception (errors come back as values).
/// </summary>
public class RobustnessTests
{
    private static readonly (ClusterProfile Cluster, FeatureSet Features)[] Configurations =
    [
        (ClusterProfile.Solana, FeatureSet.AllEnabled(ClusterProfile.Solana)),
        (ClusterProfile.Solana, FeatureSet.Empty),
        (ClusterProfile.X1, FeatureSet.AllEnabled(ClusterProfile.X1)),
        (ClusterProfile.X1, FeatureSet.AllEnabled(ClusterProfile.X1).Without(FeatureId.EnableDynamicFeesFixesV1)),
    ];

    private static void Exercise(Message message)
    {
        foreach (var (cluster, features) in Configurations)
        {
            var error = FeeCalculator.TryCalculate(message, null, features, cluster, 5_000, out var fee, out var limits);
            if (error == null)
            {
                Assert.True(limits.ComputeUnitLimit <= ComputeBudgetLimits.MaxComputeUnitLimit);
                Assert.True(fee.Total >= fee.TransactionFee);
            }
            _ = SignatureCounts.FromMessage(message);
        }
    }

    [SharedTheory("misc/firedancer-pack-txn")]
    [InlineData("misc/firedancer-pack-txn/txn1.bin")]
    [InlineData("misc/firedancer-pack-txn/txn2.bin")]
    [InlineData("misc/firedancer-pack-txn/txn4.bin")]
    [InlineData("misc/firedancer-pack-txn/txn6.bin")]
    [InlineData("misc/firedancer-pack-txn/txn7.bin")]
    [InlineData("misc/firedancer-txn/transaction1.bin")]
    public void Every_byte_mutation_and_truncation_is_handled(string relative)
    {
        var original = File.ReadAllBytes(SharedData.Require(relative));
        var exercised = 0;
        for (var i = 0; i < original.Length; i++)
        {
            foreach (var value in new byte[] { 0x00, 0xFF, (byte)(original[i] ^ 0x01), (byte)(original[i] + 0x80) })
            {
                var bytes = (byte[])original.Clone();
                bytes[i] = value;
                if (Transaction.TryParse(bytes, out var tx, out _).IsOk)
                {
                    Exercise(tx!.Message);
                    exercised++;
                }
            }
        }
        for (var length = 0; length < original.Length; length++)
        {
            if (Transaction.TryParse(original.AsMemory(0, length), out var tx, out _).IsOk)
            {
                Exercise(tx!.Message);
                exercised++;
            }
        }
        Assert.True(exercised > original.Length, $"{relative}: only {exercised} mutants decoded");
    }

    [Fact]
    public void Compute_budget_data_of_every_length_and_tag()
    {
        for (var tag = 0; tag < 256; tag++)
        {
            for (var length = 0; length <= 10; length++)
            {
                var data = new byte[length];
                if (length > 0) data[0] = (byte)tag;
                for (var k = 1; k < length; k++) data[k] = (byte)(k * 37);
                Exercise(TestMessages.Build(TestMessages.ComputeBudgetRaw(data), TestMessages.MemoIx()));
            }
        }
    }
}
