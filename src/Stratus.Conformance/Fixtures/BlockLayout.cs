using Stratus.Conformance.Protos;

namespace Stratus.Conformance.Fixtures;

/// <summary>Which of the two block-context layouts a decoded <see cref="BlockContext"/> uses.</summary>
public static class BlockLayout
{
    /// <summary>
    /// Legacy (before 2026-03-03): blockhash queue, slot and epoch contexts in fields 3-5. Current: a bank in field 6.
    /// </summary>
    public static bool IsLegacy(BlockContext? context) =>
        context != null && context.Bank == null && (context.SlotCtx != null || context.EpochCtx != null || context.BlockhashQueue.Count > 0);

    /// <summary>The active feature list, wherever the layout keeps it.</summary>
    public static IReadOnlyList<ulong> Features(BlockContext? context) =>
        context?.Bank?.Features?.Features ?? context?.EpochCtx?.Features?.Features ?? (IReadOnlyList<ulong>)Array.Empty<ulong>();
}
