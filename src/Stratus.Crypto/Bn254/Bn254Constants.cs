using System.Numerics;
using Fq = Stratus.Crypto.Bn254.Fp256<Stratus.Crypto.Bn254.FqModulus>;

namespace Stratus.Crypto.Bn254;

/// <summary>BN254 (alt_bn128) parameters: curve y² = x³ + 3 over Fq, twist y² = x³ + 3/ξ over Fq2, BN parameter x.</summary>
public static class Bn254Constants
{
    /// <summary>The BN parameter x (p = 36x⁴ + 36x³ + 24x² + 6x + 1).</summary>
    public const ulong X = 4965661367192848881;

    public static BigInteger FieldModulus { get; } =
        BigInteger.Parse("030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47", System.Globalization.NumberStyles.HexNumber);

    public static BigInteger ScalarModulus { get; } =
        BigInteger.Parse("030644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001", System.Globalization.NumberStyles.HexNumber);

    /// <summary>The group order r as little-endian limbs (for subgroup checks).</summary>
    public static ulong[] ScalarModulusLimbs { get; } = ToLimbs(ScalarModulus);

    public static Fq G1B { get; } = Fq.FromUInt64(3);

    /// <summary>b' = 3/ξ, the constant of the D-type sextic twist carrying G2.</summary>
    public static Fq2 G2B { get; } = new Fq2(Fq.FromUInt64(3), Fq.Zero) * Fq2.Xi.Inverse();

    /// <summary>Little-endian 64-bit limbs of a non-negative integer.</summary>
    public static ulong[] ToLimbs(BigInteger value)
    {
        if (value.Sign < 0) throw new ArgumentOutOfRangeException(nameof(value));
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: false);
        var limbs = new ulong[Math.Max(1, (bytes.Length + 7) / 8)];
        for (int i = 0; i < bytes.Length; i++) limbs[i / 8] |= (ulong)bytes[i] << (8 * (i % 8));
        return limbs;
    }
}
