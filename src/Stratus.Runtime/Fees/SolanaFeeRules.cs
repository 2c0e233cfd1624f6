namespace Stratus.Runtime.Fees;

/// <summary>
/// Agave 2.2's fee (<c>solana_fee::calculate_fee_details</c>): the transaction fee is lamports_per_signature ×
/// (transaction + ed25519 + secp256k1 signatures, + secp256r1 once <c>enable_secp256r1_precompile</c> is active),
/// saturating; the prioritization fee is passed through. The older FeeStructure path (write-lock price, compute
/// fee bins, <c>remove_rounding_in_fee_calculation</c>, <c>include_loaded_accounts_data_size_in_fee_calculation</c>)
/// is deprecated and no longer called by the 2.2 runtime, so those gates do not change fees here.
/// </summary>
public static class SolanaFeeRules
{
    public static ulong SignatureFee(in SignatureCounts counts, ulong lamportsPerSignature, bool secp256r1Enabled)
    {
        var signatures = FeeDetails.SaturatingAdd(
            FeeDetails.SaturatingAdd(FeeDetails.SaturatingAdd(counts.Transaction, counts.Ed25519), counts.Secp256k1),
            secp256r1Enabled ? counts.Secp256r1 : 0);
        return FeeDetails.SaturatingMul(signatures, lamportsPerSignature);
    }

    public static FeeDetails Calculate(in SignatureCounts counts, ulong lamportsPerSignature, ulong prioritizationFee, bool secp256r1Enabled) =>
        new(SignatureFee(counts, lamportsPerSignature, secp256r1Enabled), prioritizationFee);
}
