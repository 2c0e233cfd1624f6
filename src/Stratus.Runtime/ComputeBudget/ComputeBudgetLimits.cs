namespace Stratus.Runtime.ComputeBudget;

/// <summary>
/// A transaction's budget after its Compute Budget instructions are applied (Agave's <c>ComputeBudgetLimits</c>).
/// </summary>
public readonly record struct ComputeBudgetLimits(uint UpdatedHeapBytes, uint ComputeUnitLimit, ulong ComputeUnitPrice, uint LoadedAccountsBytes)
{
    /// <summary>Default units per instruction when no limit is requested.</summary>
    public const uint DefaultInstructionComputeUnitLimit = 200_000;

    /// <summary>Units reserved per builtin instruction once <c>reserve_minimal_cus_for_builtin_instructions</c> is active (SIMD-0170).</summary>
    public const uint MaxBuiltinAllocationComputeUnitLimit = 3_000;

    public const uint MaxComputeUnitLimit = 1_400_000;

    /// <summary>The loader's default heap (32 KiB), also the smallest that may be requested.</summary>
    public const uint MinHeapFrameBytes = 32 * 1024;

    public const uint MaxHeapFrameBytes = 256 * 1024;

    /// <summary>Default and maximum for the loaded-accounts data size (64 MiB).</summary>
    public const uint MaxLoadedAccountsDataSizeBytes = 64 * 1024 * 1024;

    /// <summary>CUs charged per 32 KiB of heap beyond the first (charged by the loader; carried in Agave's FeeBudgetLimits).</summary>
    public const ulong DefaultHeapCost = 8;

    public const ulong MicroLamportsPerLamport = 1_000_000;

    /// <summary>Agave's <c>ComputeBudgetLimits::default()</c> (note the 1.4M limit, not a per-instruction default).</summary>
    public static ComputeBudgetLimits Default { get; } = new(MinHeapFrameBytes, MaxComputeUnitLimit, 0, MaxLoadedAccountsDataSizeBytes);

    /// <summary>ceil(price × limit / 10⁶) lamports, as Agave converts the limits into <c>FeeBudgetLimits</c>.</summary>
    public ulong PrioritizationFee => GetPrioritizationFee(ComputeUnitPrice, ComputeUnitLimit);

    /// <summary>ceil(<paramref name="microLamportsPerUnit"/> × <paramref name="units"/> / 10⁶), saturating at u64::MAX.</summary>
    public static ulong GetPrioritizationFee(ulong microLamportsPerUnit, ulong units)
    {
        // The product of two u64 always fits a u128, and adding 999,999 cannot overflow it.
        var microLamports = (UInt128)microLamportsPerUnit * units;
        var lamports = (microLamports + (MicroLamportsPerLamport - 1)) / MicroLamportsPerLamport;
        return lamports > ulong.MaxValue ? ulong.MaxValue : (ulong)lamports;
    }
}
