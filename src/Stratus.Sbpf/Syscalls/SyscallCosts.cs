namespace Stratus.Sbpf.Syscalls;

/// <summary>
/// Agave 2.2 <c>ComputeBudget</c> defaults the syscalls charge (solana-compute-budget
/// <c>ComputeBudget::new</c>); none of them varies with the transaction's compute-budget instructions.
/// </summary>
public static class SyscallCosts
{
    public const ulong SyscallBaseCost = 100;
    public const ulong Log64Units = 100;
    public const ulong LogPubkeyUnits = 100;
    public const ulong CreateProgramAddressUnits = 1500;
    public const ulong InvokeUnits = 1000;
    public const ulong Sha256BaseCost = 85;
    public const ulong Sha256ByteCost = 1;
    public const ulong Sha256MaxSlices = 20_000;
    public const ulong CpiBytesPerUnit = 250;
    public const ulong SysvarBaseCost = 100;
    public const ulong Secp256k1RecoverCost = 25_000;
    public const ulong MemOpBaseCost = 10;
    public const ulong GetRemainingComputeUnitsCost = 100;

    public const ulong Curve25519EdwardsValidatePointCost = 159;
    public const ulong Curve25519EdwardsAddCost = 473;
    public const ulong Curve25519EdwardsSubtractCost = 475;
    public const ulong Curve25519EdwardsMultiplyCost = 2_177;
    public const ulong Curve25519EdwardsMsmBaseCost = 2_273;
    public const ulong Curve25519EdwardsMsmIncrementalCost = 758;
    public const ulong Curve25519RistrettoValidatePointCost = 169;
    public const ulong Curve25519RistrettoAddCost = 521;
    public const ulong Curve25519RistrettoSubtractCost = 519;
    public const ulong Curve25519RistrettoMultiplyCost = 2_208;
    public const ulong Curve25519RistrettoMsmBaseCost = 2_303;
    public const ulong Curve25519RistrettoMsmIncrementalCost = 788;

    public const ulong AltBn128AdditionCost = 334;
    public const ulong AltBn128MultiplicationCost = 3_840;
    public const ulong AltBn128PairingOnePairCostFirst = 36_364;
    public const ulong AltBn128PairingOnePairCostOther = 12_121;
    public const ulong BigModularExponentiationBaseCost = 190;
    public const ulong BigModularExponentiationCostDivisor = 2;
    public const ulong PoseidonCostCoefficientA = 61;
    public const ulong PoseidonCostCoefficientC = 542;
    public const ulong AltBn128G1Compress = 30;
    public const ulong AltBn128G1Decompress = 398;
    public const ulong AltBn128G2Compress = 86;
    public const ulong AltBn128G2Decompress = 13_610;

    /// <summary>Agave's <c>mem_op_consume</c> cost: max(mem_op_base_cost, n / cpi_bytes_per_unit).</summary>
    public static ulong MemOp(ulong n) => Math.Max(MemOpBaseCost, n / CpiBytesPerUnit);
}
