using Stratus.Core.Serialization;

namespace Stratus.AccountsDb.Genesis;

/// <summary>Rent parameters (<c>solana_rent::Rent</c>), also the Rent sysvar layout (17 bytes).</summary>
public sealed record Rent(ulong LamportsPerByteYear, double ExemptionThreshold, byte BurnPercent)
{
    public const int SerializedSize = 17;

    internal static Rent Read(ref FieldReader r, string context) => new(
        r.U64(context, "lamports_per_byte_year"),
        r.F64(context, "exemption_threshold"),
        r.U8(context, "burn_percent"));

    internal void Write(BincodeWriter w)
    {
        w.WriteU64(LamportsPerByteYear);
        w.WriteF64(ExemptionThreshold);
        w.WriteU8(BurnPercent);
    }

    // f64 fields compare by bits so a round trip is exact (and NaN equals itself).
    public bool Equals(Rent? other) => other is not null && LamportsPerByteYear == other.LamportsPerByteYear
        && BitConverter.DoubleToInt64Bits(ExemptionThreshold) == BitConverter.DoubleToInt64Bits(other.ExemptionThreshold)
        && BurnPercent == other.BurnPercent;

    public override int GetHashCode() => HashCode.Combine(LamportsPerByteYear, BitConverter.DoubleToInt64Bits(ExemptionThreshold), BurnPercent);
}
