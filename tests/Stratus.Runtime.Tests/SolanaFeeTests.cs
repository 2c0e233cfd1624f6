using Stratus.Core;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.ComputeBudget;
using Stratus.Runtime.Fees;
using static Stratus.Runtime.Tests.TestMessages;

namespace Stratus.Runtime.Tests;

public class SolanaFeeTests
{
    private static readonly FeatureSet All = FeatureSet.AllEnabled(ClusterProfile.Solana);

    private static FeeDetails Fee(Message message, FeatureSet? features = null, ulong lamportsPerSignature = 5_000)
    {
        Assert.Null(FeeCalculator.TryCalculate(message, null, features ?? All, ClusterProfile.Solana, lamportsPerSignature, out var fee, out _));
        return fee;
    }

    [Fact]
    public void Five_thousand_lamports_per_transaction_signature()
    {
        Assert.Equal(new FeeDetails(5_000, 0), Fee(Build(Transfer())));
        Assert.Equal(new FeeDetails(10_000, 0), Fee(Build(2, Transfer())));
        Assert.Equal(new FeeDetails(15_000, 0), Fee(Build(3, Transfer(), MemoIx(), Program(ProgramIds.Vote, 1))));
        // A message with no instructions still pays for its signature.
        Assert.Equal(new FeeDetails(5_000, 0), Fee(Build()));
    }

    // Precompile instructions add their first data byte (the signature count) to the signatures paid for.
    [Fact]
    public void Precompile_signatures_are_counted_from_the_first_data_byte()
    {
        Assert.Equal(20_000UL, Fee(Build(Program(ProgramIds.Ed25519Precompile, 3, 0))).TransactionFee);
        Assert.Equal(15_000UL, Fee(Build(Program(ProgramIds.Secp256k1Precompile, 2))).TransactionFee);
        Assert.Equal(5_000UL, Fee(Build(Program(ProgramIds.Ed25519Precompile))).TransactionFee); // empty data counts 0
        Assert.Equal(5_000UL * (1 + 255 + 1 + 7), Fee(Build(
            Program(ProgramIds.Ed25519Precompile, 255), Program(ProgramIds.Ed25519Precompile, 1, 9, 9),
            Program(ProgramIds.Secp256k1Precompile, 7))).TransactionFee);
        var counts = SignatureCounts.FromMessage(Build(2, Program(ProgramIds.Ed25519Precompile, 4), Program(ProgramIds.Secp256k1Precompile, 5), Program(ProgramIds.Secp256r1Precompile, 6)));
        Assert.Equal(new SignatureCounts(2, 4, 5, 6), counts);
    }

    [Fact]
    public void Secp256r1_signatures_count_only_once_its_precompile_is_enabled()
    {
        var message = Build(Program(ProgramIds.Secp256r1Precompile, 4, 0));
        Assert.Equal(25_000UL, Fee(message).TransactionFee);
        Assert.Equal(5_000UL, Fee(message, All.Without(FeatureId.EnableSecp256r1Precompile)).TransactionFee);
    }

    [Fact]
    public void Prioritization_fee_uses_the_final_limit()
    {
        // Real mainnet pair (see RpcFeeOracleTests): price 8,000 µlamports × limit 1.4M.
        Assert.Equal(new FeeDetails(5_000, 11_200), Fee(Build(MemoIx(), SetComputeUnitPrice(8_000), SetComputeUnitLimit(1_400_000))));
        // No limit requested: 200k per user instruction + 3k per builtin (SIMD-0170 active) → 206,000 units.
        Assert.Equal(new FeeDetails(5_000, 206), Fee(Build(SetComputeUnitPrice(1_000), Transfer(), MemoIx())));
        Assert.Equal(new FeeDetails(5_000, 400), Fee(Build(SetComputeUnitPrice(1_000), Transfer(), MemoIx()), All.Without(FeatureId.ReserveMinimalCusForBuiltinInstructions)));
    }

    [Fact]
    public void Zero_lamports_per_signature_is_free_and_other_values_do_not_set_the_price()
    {
        Assert.Equal(FeeDetails.Zero, Fee(Build(2, SetComputeUnitPrice(1_000_000), Transfer()), lamportsPerSignature: 0));
        // The bank's fee structure (5,000) sets the price, not the blockhash's recorded value.
        Assert.Equal(new FeeDetails(5_000, 0), Fee(Build(Transfer()), lamportsPerSignature: 10_000));
    }

    [Fact]
    public void Vote_transactions_pay_like_any_other_on_solana()
    {
        Assert.Equal(new FeeDetails(5_000, 0), Fee(Build(new Ix(ProgramIds.Vote, [Payer, Receiver], [2, 0, 0, 0]))));
    }

    [Fact]
    public void Fee_details_saturate()
    {
        var big = new FeeDetails(ulong.MaxValue - 1, 5);
        Assert.Equal(ulong.MaxValue, big.Total);
        Assert.Equal(new FeeDetails(ulong.MaxValue, 10), big.Add(new FeeDetails(7, 5)));
        var counts = new SignatureCounts(ulong.MaxValue, 1, 1, 1);
        Assert.Equal(ulong.MaxValue, SolanaFeeRules.SignatureFee(counts, 5_000, true));
        Assert.Equal(0UL, SolanaFeeRules.SignatureFee(new SignatureCounts(0, 0, 0, 0), 5_000, true));
    }

    [Fact]
    public void Calculate_with_given_limits_matches_try_calculate()
    {
        var message = Build(SetComputeUnitPrice(3_000), SetComputeUnitLimit(10_000), Program(ProgramIds.Ed25519Precompile, 2), MemoIx());
        Assert.Null(FeeCalculator.TryCalculate(message, null, All, ClusterProfile.Solana, 5_000, out var fee, out var limits));
        Assert.Equal(new ComputeBudgetLimits(32 * 1024, 10_000, 3_000, 64 * 1024 * 1024), limits);
        Assert.Equal(fee, FeeCalculator.Calculate(message, null, All, ClusterProfile.Solana, 5_000, limits));
        Assert.Equal(new FeeDetails(15_000, 30), fee);
    }
}
