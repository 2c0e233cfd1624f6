using Stratus.Core.Serialization;

namespace Stratus.AccountsDb.Genesis;

/// <summary>
/// Fee parameters (<c>solana_fee_calculator::FeeRateGovernor</c>). <see cref="LamportsPerSignature"/> is not
/// serialized (serde skip): it is 0 after decoding and snapshots carry it separately as an extra field.
/// </summary>
public sealed record FeeRateGovernor(
    ulong LamportsPerSignature,
    ulong TargetLamportsPerSignature,
    ulong TargetSignaturesPerSlot,
    ulong MinLamportsPerSignature,
    ulong MaxLamportsPerSignature,
    byte BurnPercent)
{
    /// <summary>Serialized size: four u64 and a u8.</summary>
    public const int SerializedSize = 33;

    internal static FeeRateGovernor Read(ref FieldReader r, string context) => new(
        0,
        r.U64(context, "target_lamports_per_signature"),
        r.U64(context, "target_signatures_per_slot"),
        r.U64(context, "min_lamports_per_signature"),
        r.U64(context, "max_lamports_per_signature"),
        r.U8(context, "burn_percent"));

    internal void Write(BincodeWriter w)
    {
        w.WriteU64(TargetLamportsPerSignature);
        w.WriteU64(TargetSignaturesPerSlot);
        w.WriteU64(MinLamportsPerSignature);
        w.WriteU64(MaxLamportsPerSignature);
        w.WriteU8(BurnPercent);
    }
}
