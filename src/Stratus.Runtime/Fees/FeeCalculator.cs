using Stratus.Core;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.ComputeBudget;

namespace Stratus.Runtime.Fees;

/// <summary>
/// The fee a transaction's payer is charged before execution, for either cluster. This is the single entry
/// point the runtime uses (Agave: <c>validate_transaction_fee_payer</c> → <c>calculate_fee_details</c>).
/// </summary>
public static class FeeCalculator
{
    /// <summary>
    /// Processes the message's Compute Budget instructions (any error there rejects the transaction, exactly as
    /// Agave's fee-payer validation does) and then computes the fee.
    /// </summary>
    /// <param name="message">A sanitized message.</param>
    /// <param name="loaded">Keys its address table lookups loaded (null for legacy messages or none).</param>
    /// <param name="blockhashLamportsPerSignature">
    /// lamports_per_signature recorded with the transaction's blockhash (or its durable nonce). Zero makes the
    /// fee zero; any other value is not the price: the bank's fee structure (<see cref="ClusterProfile.LamportsPerSignature"/>) is.
    /// </param>
    public static TransactionError? TryCalculate(
        Message message,
        LoadedAddresses? loaded,
        FeatureSet features,
        ClusterProfile cluster,
        ulong blockhashLamportsPerSignature,
        out FeeDetails fee,
        out ComputeBudgetLimits limits)
    {
        fee = default;
        var error = ComputeBudgetProcessor.Process(message, features, out limits);
        if (error != null) return error;
        fee = Calculate(message, loaded, features, cluster, blockhashLamportsPerSignature, limits);
        return null;
    }

    /// <summary>
    /// The fee of a message whose Compute Budget instructions were processed successfully into
    /// <paramref name="limits"/> (under the same <paramref name="features"/>).
    /// </summary>
    public static FeeDetails Calculate(
        Message message,
        LoadedAddresses? loaded,
        FeatureSet features,
        ClusterProfile cluster,
        ulong blockhashLamportsPerSignature,
        in ComputeBudgetLimits limits)
    {
        if (blockhashLamportsPerSignature == 0) return FeeDetails.Zero;
        var prioritizationFee = limits.PrioritizationFee;

        if (cluster.VoteProgramFeeExempt && message.GetAccountKeys(loaded).Contains(ProgramIds.Vote))
            return FeeDetails.Zero;

        switch (cluster.FeeRules)
        {
            case FeeRules.X1Dynamic:
                return cluster.DynamicFeesGate is { } gate && features.IsActive(gate)
                    ? X1FeeRules.CalculateV1(message, features, limits, prioritizationFee)
                    : X1FeeRules.CalculateV0(message, limits, prioritizationFee);
            default:
                return SolanaFeeRules.Calculate(
                    SignatureCounts.FromMessage(message),
                    cluster.LamportsPerSignature,
                    prioritizationFee,
                    features.IsActive(FeatureId.EnableSecp256r1Precompile));
        }
    }
}
