namespace Stratus.Runtime.Syscalls.Bn254;

/// <summary>Agave 2.2 <c>ComputeBudget</c> defaults charged by the alt_bn128, Poseidon and big_mod_exp syscalls.</summary>
public static class Bn254SyscallCosts
{
    public const ulong SyscallBaseCost = 100;
    public const ulong Sha256BaseCost = 85;
    public const ulong AltBn128AdditionCost = 334;
    public const ulong AltBn128MultiplicationCost = 3_840;
    public const ulong AltBn128PairingOnePairCostFirst = 36_364;
    public const ulong AltBn128PairingOnePairCostOther = 12_121;
    public const ulong AltBn128G1Compress = 30;
    public const ulong AltBn128G1Decompress = 398;
    public const ulong AltBn128G2Compress = 86;
    public const ulong AltBn128G2Decompress = 13_610;
    public const ulong PoseidonCostCoefficientA = 61;
    public const ulong PoseidonCostCoefficientC = 542;
    public const ulong BigModularExponentiationBaseCost = 190;
    public const ulong BigModularExponentiationCostDivisor = 2;

    /// <summary>
    /// The pairing charge: first pair + other·(n - 1) + sha256_base_cost + input length + 32, with n
    /// the number of whole 192-byte elements (all saturating, so an empty input costs as one pair).
    /// </summary>
    public static ulong AltBn128Pairing(ulong inputSize)
    {
        ulong pairs = inputSize / 192;
        ulong others = pairs == 0 ? 0 : pairs - 1;
        ulong cost = SaturatingAdd(AltBn128PairingOnePairCostFirst, SaturatingMul(AltBn128PairingOnePairCostOther, others));
        cost = SaturatingAdd(cost, Sha256BaseCost);
        cost = SaturatingAdd(cost, inputSize);
        return SaturatingAdd(cost, 32);
    }

    /// <summary>ComputeBudget::poseidon_cost: a·n² + c (checked; null on overflow).</summary>
    public static ulong? Poseidon(ulong inputs)
    {
        UInt128 cost = (UInt128)inputs * inputs;
        if (cost > ulong.MaxValue) return null;
        cost *= PoseidonCostCoefficientA;
        cost += PoseidonCostCoefficientC;
        return cost > ulong.MaxValue ? null : (ulong)cost;
    }

    /// <summary>syscall_base_cost + (len² / divisor + base), len the longest of base, exponent and modulus.</summary>
    public static ulong BigModExp(ulong inputLength) =>
        SaturatingAdd(SyscallBaseCost, SaturatingAdd(SaturatingMul(inputLength, inputLength) / BigModularExponentiationCostDivisor, BigModularExponentiationBaseCost));

    private static ulong SaturatingAdd(ulong a, ulong b) => a > ulong.MaxValue - b ? ulong.MaxValue : a + b;

    private static ulong SaturatingMul(ulong a, ulong b) => b != 0 && a > ulong.MaxValue / b ? ulong.MaxValue : a * b;
}
