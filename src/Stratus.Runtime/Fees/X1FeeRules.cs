using Stratus.Core;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.ComputeBudget;

namespace Stratus.Runtime.Fees;

/// <summary>
/// X1's dynamic fees (Tachyon <c>fee/src/lib.rs</c> and <c>fee-v0/src/lib.rs</c>, release/dyn_fees_v2.2.17). The
/// fee comes from compute units derived from the top-level instructions, not from signatures:
/// builtins add their fixed cost, every other program adds 200,000 to a BPF sum capped at 1.4M, and a
/// SetComputeUnitLimit replaces a non-zero BPF sum with the requested limit. Signatures, write locks,
/// data size and the lamports_per_signature value play no part (a zero lamports_per_signature still makes
/// the fee zero; the caller checks that).
/// </summary>
public static class X1FeeRules
{
    public const ulong BaseFeeMultiplier = 10;

    /// <summary>fee-v0: below this many derived units a minimum price applies.</summary>
    public const ulong MinComputeUnitsThreshold = 1_000;

    /// <summary>fee-v0: the price floor (micro-lamports per unit) for small transactions.</summary>
    public const ulong MinComputeUnitPriceMicroLamports = 1_000_000;

    // fee-v0 resolves builtins against FeatureSet::all_enabled(), where every core-BPF migration is active.
    private static readonly FeatureSet AllEnabled = FeatureSet.AllEnabled(ClusterProfile.X1);

    /// <summary>
    /// Current rules (gate <c>enable_dynamic_fees_fixes_v1</c> active): transaction fee = derived units × 10,
    /// prioritization fee as on Solana.
    /// </summary>
    public static FeeDetails CalculateV1(Message message, FeatureSet features, in ComputeBudgetLimits limits, ulong prioritizationFee) =>
        new(FeeDetails.SaturatingMul(DerivedComputeUnitsV1(message, features, limits), BaseFeeMultiplier), prioritizationFee);

    /// <summary>
    /// fee-v0 (gate inactive): transaction fee = derived × 10 + floor(derived × price / 10⁶), with the price
    /// raised to 1,000,000 micro-lamports when both derived units and price are small; the prioritization fee
    /// is added on top, so the price is charged twice.
    /// </summary>
    public static FeeDetails CalculateV0(Message message, in ComputeBudgetLimits limits, ulong prioritizationFee)
    {
        var derived = DerivedComputeUnitsV0(message, limits);
        var price = FirstComputeUnitPrice(message);
        var effectivePrice = derived < MinComputeUnitsThreshold && price < MinComputeUnitPriceMicroLamports
            ? MinComputeUnitPriceMicroLamports
            : price;
        // Tachyon multiplies with u64 saturation before dividing.
        var priceFee = FeeDetails.SaturatingMul(derived, effectivePrice) / ComputeBudgetLimits.MicroLamportsPerLamport;
        var transactionFee = FeeDetails.SaturatingAdd(FeeDetails.SaturatingMul(derived, BaseFeeMultiplier), priceFee);
        return new FeeDetails(transactionFee, prioritizationFee);
    }

    /// <summary>
    /// Derived compute units under the current rules: every top-level instruction counts, builtins resolved
    /// against the bank's features (stake, config and ALT are builtins until their migration gate activates).
    /// </summary>
    /// <param name="limits">The message's processed compute-budget limits (used only when it sets a unit limit).</param>
    public static ulong DerivedComputeUnitsV1(Message message, FeatureSet features, in ComputeBudgetLimits limits) =>
        DerivedComputeUnits(message, features, limits, stopAtFirstLimit: false);

    /// <summary>
    /// Derived compute units under fee-v0: builtins resolved as if every gate were active (so stake, config and
    /// ALT count 200,000 each), and the walk ends right after the first SetComputeUnitLimit.
    /// </summary>
    public static ulong DerivedComputeUnitsV0(Message message, in ComputeBudgetLimits limits) =>
        DerivedComputeUnits(message, AllEnabled, limits, stopAtFirstLimit: true);

    /// <summary>fee-v0's price: the first Compute Budget instruction that decodes as SetComputeUnitPrice, or 0.</summary>
    public static ulong FirstComputeUnitPrice(Message message)
    {
        var keys = message.StaticAccountKeys;
        var instructions = message.Instructions;
        for (var i = 0; i < instructions.Length; i++)
        {
            var programIndex = instructions[i].ProgramIdIndex;
            if (programIndex < keys.Length
                && BuiltinCosts.IsComputeBudgetProgram(keys[programIndex])
                && ComputeBudgetInstruction.TryDecode(message.GetInstructionData(i), out var kind, out var value)
                && kind == ComputeBudgetInstructionKind.SetComputeUnitPrice)
                return value;
        }
        return 0;
    }

    private static ulong DerivedComputeUnits(Message message, FeatureSet builtinFeatures, in ComputeBudgetLimits limits, bool stopAtFirstLimit)
    {
        ulong builtin = 0, bpf = 0;
        var limitSet = false;
        var keys = message.StaticAccountKeys;
        var instructions = message.Instructions;
        for (var i = 0; i < instructions.Length; i++)
        {
            var programIndex = instructions[i].ProgramIdIndex;
            // Unsanitized input only; Tachyon would not get this far.
            if (programIndex >= keys.Length) continue;
            ref readonly var program = ref keys[programIndex];
            if (BuiltinCosts.TryGetCost(program, builtinFeatures, out var cost))
                builtin = FeeDetails.SaturatingAdd(builtin, cost);
            else
                bpf = Math.Min(bpf + ComputeBudgetLimits.DefaultInstructionComputeUnitLimit, ComputeBudgetLimits.MaxComputeUnitLimit);

            if (BuiltinCosts.IsComputeBudgetProgram(program) && ComputeBudgetInstruction.IsSetComputeUnitLimit(message.GetInstructionData(i)))
            {
                limitSet = true;
                if (stopAtFirstLimit) break;
            }
        }
        // Tachyon re-runs process_compute_budget_instructions and takes its (capped) limit; fees are only
        // computed for messages whose processing succeeded, so that is the limit the caller passes in.
        if (bpf > 0 && limitSet) bpf = limits.ComputeUnitLimit;
        return FeeDetails.SaturatingAdd(builtin, bpf);
    }
}
