using Stratus.Core;

namespace Stratus.Runtime.Logging;

/// <summary>The program-runtime log lines whose wording tools parse (Agave's <c>stable_log</c>).</summary>
public static class StableLog
{
    public static void ProgramInvoke(LogCollector? log, in Pubkey programId, int stackHeight) =>
        log?.Log($"Program {programId} invoke [{stackHeight}]");

    public static void ProgramLog(LogCollector? log, string message) => log?.Log($"Program log: {message}");

    public static void ProgramData(LogCollector? log, IEnumerable<byte[]> fields) =>
        log?.Log("Program data: " + string.Join(' ', fields.Select(Convert.ToBase64String)));

    public static void ProgramReturn(LogCollector? log, in Pubkey programId, ReadOnlySpan<byte> data) =>
        log?.Log($"Program return: {programId} {Convert.ToBase64String(data)}");

    public static void ProgramSuccess(LogCollector? log, in Pubkey programId) => log?.Log($"Program {programId} success");

    public static void ProgramFailure(LogCollector? log, in Pubkey programId, string error) =>
        log?.Log($"Program {programId} failed: {error}");

    public static void ProgramConsumed(LogCollector? log, in Pubkey programId, ulong consumed, ulong limit) =>
        log?.Log($"Program {programId} consumed {consumed} of {limit} compute units");
}
