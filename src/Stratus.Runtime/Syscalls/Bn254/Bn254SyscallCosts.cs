using Stratus.Sbpf.Syscalls;
namespace Stratus.Runtime.Syscalls.Bn254;

/// <summary>Agave 2.2 <c>ComputeBudget</c> defaults charged by the alt_bn128, Poseidon and big_mod_exp syscalls.</summary>
/// <summary>
/// The cost formulas of the BN254, Poseidon and big_mod_exp syscalls; the unit constants are
/// <see cref="SyscallCosts"/>'s (Agave's ComputeBudget defaults).
/// </summary>
public static class Bn254SyscallCosts
{
    /// <summary>
    /// The pairing charge: first pair + other·(n - 1) + sha256_base_cost + input length + 32, with n
    /// the number of whole 192-byte elements (all saturating, so an empty input costs as one pair).
    /// </summary>
    public static ulong AltBn128Pairing(ulong inputSize)
    {
        ulong pairs = inputSize / 192;
        ulong others = pairs == 0 ? 0 : pairs - 1;
        ulong cost = SaturatingAdd(SyscallCosts.AltBn128PairingOnePairCostFirst, SaturatingMul(SyscallCosts.AltBn128PairingOnePairCostOther, others));
        cost = SaturatingAdd(cost, SyscallCosts.Sha256BaseCost);
        cost = SaturatingAdd(cost, inputSize);
        return SaturatingAdd(cost, 32);
    }

    /// <summary>ComputeBudget::poseidon_cost: a·n² + c (checked; null on overflow).</summary>
    public static ulong? Poseidon(ulong inputs)
    {
        UInt128 cost = (UInt128)inputs * inputs;
        if (cost > ulong.MaxValue) return null;
        cost *= SyscallCosts.PoseidonCostCoefficientA;
        cost += SyscallCosts.PoseidonCostCoefficientC;
        return cost > ulong.MaxValue ? null : (ulong)cost;
    }

    /// <summary>syscall_base_cost + (len² / divisor + base), len the longest of base, exponent and modulus.</summary>
    public static ulong BigModExp(ulong inputLength) =>
        SaturatingAdd(SyscallCosts.SyscallBaseCost, SaturatingAdd(SaturatingMul(inputLength, inputLength) / SyscallCosts.BigModularExponentiationCostDivisor, SyscallCosts.BigModularExponentiationBaseCost));

    private static ulong SaturatingAdd(ulong a, ulong b) => a > ulong.MaxValue - b ? ulong.MaxValue : a + b;

    private static ulong SaturatingMul(ulong a, ulong b) => b != 0 && a > ulong.MaxValue / b ? ulong.MaxValue : a * b;
}
