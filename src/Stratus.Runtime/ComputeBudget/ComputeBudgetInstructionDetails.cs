using Stratus.Core;
using Stratus.Core.Features;
using Stratus.Core.Transactions;

namespace Stratus.Runtime.ComputeBudget;

/// <summary>
/// What a message's top-level instructions ask of the Compute Budget program, and the instruction counts the
/// default compute-unit limit is derived from (Agave 2.2 <c>ComputeBudgetInstructionDetails</c>). Built in one
/// pass (two when no limit is requested) without allocating.
/// </summary>
public struct ComputeBudgetInstructionDetails
{
    // Each request keeps the index of the instruction that made it; values are as the user sent them.
    public (byte Index, uint Value)? RequestedComputeUnitLimit;
    public (byte Index, ulong Value)? RequestedComputeUnitPrice;
    public (byte Index, uint Value)? RequestedHeapSize;
    public (byte Index, uint Value)? RequestedLoadedAccountsDataSizeLimit;

    /// <summary>Counters saturate at u16::MAX like Agave's <c>Saturating&lt;u16&gt;</c>.</summary>
    public ushort NumNonComputeBudgetInstructions;

    // Filled only when no compute-unit limit is requested (they only feed the default limit).
    public ushort NumNonMigratableBuiltinInstructions;
    public ushort NumNonBuiltinInstructions;
    public MigratingBuiltinCounts MigratingBuiltinInstructions;

    /// <summary>Instructions per migrating builtin, in <see cref="BuiltinCosts.Migrating"/> order.</summary>
    [System.Runtime.CompilerServices.InlineArray(BuiltinCosts.MigratingCount)]
    public struct MigratingBuiltinCounts
    {
        private ushort _element;
    }

    /// <summary>
    /// Walks the message's instructions: Compute Budget instructions are decoded and recorded, anything else is
    /// counted. Fails on the first instruction that does not decode to a known request
    /// (<c>InstructionError(i, InvalidInstructionData)</c>) or repeats one (<c>DuplicateInstruction(i)</c>);
    /// the index is the instruction's position truncated to u8, as Agave reports it. A program id index outside
    /// the static keys (only possible for an unsanitized message) gives <c>SanitizeFailure</c>.
    /// </summary>
    public static TransactionError? TryFrom(Message message, out ComputeBudgetInstructionDetails details)
    {
        details = default;
        var keys = message.StaticAccountKeys;
        var instructions = message.Instructions;
        for (var i = 0; i < instructions.Length; i++)
        {
            var programIndex = instructions[i].ProgramIdIndex;
            if (programIndex >= keys.Length) return TransactionError.SanitizeFailure;
            if (BuiltinCosts.IsComputeBudgetProgram(keys[programIndex]))
            {
                var error = details.Record((byte)i, message.GetInstructionData(i));
                if (error != null) return error;
            }
            else
            {
                Increment(ref details.NumNonComputeBudgetInstructions);
            }
        }

        if (details.RequestedComputeUnitLimit == null)
        {
            for (var i = 0; i < instructions.Length; i++)
            {
                switch (BuiltinCosts.Classify(keys[instructions[i].ProgramIdIndex], out var migration))
                {
                    case BuiltinProgramKind.Builtin:
                        Increment(ref details.NumNonMigratableBuiltinInstructions);
                        break;
                    case BuiltinProgramKind.NotBuiltin:
                        Increment(ref details.NumNonBuiltinInstructions);
                        break;
                    default:
                        Increment(ref details.MigratingBuiltinInstructions[migration]);
                        break;
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Checks the requests and turns them into limits (Agave <c>sanitize_and_convert_to_compute_budget_limits</c>):
    /// a heap size outside 32 KiB..256 KiB or not a multiple of 1 KiB fails with InvalidInstructionData at the
    /// request's index; a loaded-accounts data size of 0 fails with InvalidLoadedAccountsDataSizeLimit; the
    /// unit limit and data size are capped at their maxima.
    /// </summary>
    public readonly TransactionError? TrySanitizeAndConvert(FeatureSet features, out ComputeBudgetLimits limits)
    {
        limits = default;
        var heap = ComputeBudgetLimits.MinHeapFrameBytes;
        if (RequestedHeapSize is var (heapIndex, requestedHeap))
        {
            if (requestedHeap < ComputeBudgetLimits.MinHeapFrameBytes || requestedHeap > ComputeBudgetLimits.MaxHeapFrameBytes || requestedHeap % 1024 != 0)
                return TransactionError.FromInstruction(heapIndex, new InstructionError(InstructionErrorKind.InvalidInstructionData));
            heap = requestedHeap;
        }

        var unitLimit = Math.Min(
            RequestedComputeUnitLimit is var (_, requestedLimit) ? requestedLimit : DefaultComputeUnitLimit(features),
            ComputeBudgetLimits.MaxComputeUnitLimit);

        var price = RequestedComputeUnitPrice is var (_, requestedPrice) ? requestedPrice : 0;

        var loadedBytes = ComputeBudgetLimits.MaxLoadedAccountsDataSizeBytes;
        if (RequestedLoadedAccountsDataSizeLimit is var (_, requestedBytes))
        {
            if (requestedBytes == 0) return new TransactionError(TransactionErrorKind.InvalidLoadedAccountsDataSizeLimit);
            loadedBytes = Math.Min(requestedBytes, ComputeBudgetLimits.MaxLoadedAccountsDataSizeBytes);
        }

        limits = new ComputeBudgetLimits(heap, unitLimit, price, loadedBytes);
        return null;
    }

    /// <summary>
    /// The limit of a transaction that requests none (uncapped; the caller caps at 1.4M). Before SIMD-0170:
    /// 200k per non-Compute-Budget instruction. After (<c>reserve_minimal_cus_for_builtin_instructions</c>):
    /// 3,000 per builtin instruction (Compute Budget ones included, and migrating builtins whose migration is
    /// not active) plus 200k per other instruction.
    /// </summary>
    public readonly uint DefaultComputeUnitLimit(FeatureSet features)
    {
        if (!features.IsActive(FeatureId.ReserveMinimalCusForBuiltinInstructions))
            return SaturatingMul(NumNonComputeBudgetInstructions, ComputeBudgetLimits.DefaultInstructionComputeUnitLimit);

        uint migrated = 0, notMigrated = 0;
        for (var i = 0; i < BuiltinCosts.MigratingCount; i++)
        {
            var count = MigratingBuiltinInstructions[i];
            if (count > 0 && features.IsActive(BuiltinCosts.Migrating[i].MigrationFeature!.Value)) migrated += count;
            else notMigrated += count;
        }
        var builtin = SaturatingMul(NumNonMigratableBuiltinInstructions + notMigrated, ComputeBudgetLimits.MaxBuiltinAllocationComputeUnitLimit);
        var other = SaturatingMul(NumNonBuiltinInstructions + migrated, ComputeBudgetLimits.DefaultInstructionComputeUnitLimit);
        var sum = (ulong)builtin + other;
        return sum > uint.MaxValue ? uint.MaxValue : (uint)sum;
    }

    private TransactionError? Record(byte index, ReadOnlySpan<byte> data)
    {
        var duplicate = new TransactionError(TransactionErrorKind.DuplicateInstruction, index);
        if (!ComputeBudgetInstruction.TryDecode(data, out var kind, out var value))
            return InvalidData(index);
        switch (kind)
        {
            case ComputeBudgetInstructionKind.RequestHeapFrame:
                if (RequestedHeapSize != null) return duplicate;
                RequestedHeapSize = (index, (uint)value);
                return null;
            case ComputeBudgetInstructionKind.SetComputeUnitLimit:
                if (RequestedComputeUnitLimit != null) return duplicate;
                RequestedComputeUnitLimit = (index, (uint)value);
                return null;
            case ComputeBudgetInstructionKind.SetComputeUnitPrice:
                if (RequestedComputeUnitPrice != null) return duplicate;
                RequestedComputeUnitPrice = (index, value);
                return null;
            case ComputeBudgetInstructionKind.SetLoadedAccountsDataSizeLimit:
                if (RequestedLoadedAccountsDataSizeLimit != null) return duplicate;
                RequestedLoadedAccountsDataSizeLimit = (index, (uint)value);
                return null;
            default:
                return InvalidData(index);
        }
    }

    private static TransactionError InvalidData(byte index) =>
        TransactionError.FromInstruction(index, new InstructionError(InstructionErrorKind.InvalidInstructionData));

    private static void Increment(ref ushort counter)
    {
        if (counter != ushort.MaxValue) counter++;
    }

    private static uint SaturatingMul(uint count, uint units)
    {
        var product = (ulong)count * units;
        return product > uint.MaxValue ? uint.MaxValue : (uint)product;
    }
}

/// <summary>Agave's <c>process_compute_budget_instructions</c>: the limits a message's Compute Budget instructions set.</summary>
public static class ComputeBudgetProcessor
{
    public static TransactionError? Process(Message message, FeatureSet features, out ComputeBudgetLimits limits)
    {
        var error = ComputeBudgetInstructionDetails.TryFrom(message, out var details);
        if (error != null)
        {
            limits = default;
            return error;
        }
        return details.TrySanitizeAndConvert(features, out limits);
    }
}
