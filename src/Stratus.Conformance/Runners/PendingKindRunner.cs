using System.Globalization;
using Google.Protobuf;
using Stratus.Conformance.Fixtures;
using Stratus.Conformance.Protos;

namespace Stratus.Conformance.Runners;

/// <summary>
/// Kinds that decode but whose execution Stratus does not run (blocks, CPI syscalls, serialization, cost, shreds, ...).
/// They are reported skipped, never passed, with a summary of what was decoded so a decoding problem still shows.
/// </summary>
public sealed class PendingKindRunner : IFixtureKindRunner
{
    private static readonly Dictionary<string, string> Reasons = new(StringComparer.Ordinal)
    {
        [CaseKinds.Block] = "block execution is not run: the block harness (sol_compat_block_execute_v1) needs the bank's slot pipeline (blockhash queue and sysvar updates, rewards, fee distribution, bank hash with the lattice hash) fed from a fixture, which Stratus has no runner for",
        [CaseKinds.VmCpiSyscall] = "CPI syscall fixtures are not run: sol_invoke_signed_* must run inside an executing instruction of an InvokeContext (callee dispatch, caller account translation and update); InstrHarness builds that context, but no harness yet places a VM with the fixture's heap, stack and registers inside it",
        [CaseKinds.VmValidate] = "the deprecated vm_validate harness is not run",
        [CaseKinds.VmSerialization] = "vm-serialization fixtures are not run: their effects (an XXH64 of the serialized input memory, the region list and per-account metadata) are not computed, because which bytes Firedancer hashes is unverified without a real fixture (the serializer itself passes Firedancer's 169 JSON serialization cases)",
        [CaseKinds.TxnCost] = "transaction cost model not implemented yet",
        [CaseKinds.Shred] = "shred parsing not implemented yet",
        [CaseKinds.Gossip] = "gossip decoding is outside Stratus (no gossip participation)",
    };

    public IReadOnlyCollection<string> Kinds => Reasons.Keys;

    public CaseResult Run(string id, Recognition recognition, IMessage fixture)
    {
        var facts = Describe(fixture);
        var why = Reasons.TryGetValue(recognition.Kind, out var r) ? r : $"{recognition.Kind} not implemented yet";
        return CaseResult.Skip(recognition.Kind, id, facts == null ? why : $"{why} (decoded: {facts})");
    }

    /// <summary>A short summary of the decoded fixture, or null for kinds without one.</summary>
    public static string? Describe(IMessage fixture) => fixture switch
    {
        BlockFixture b => DescribeBlock(b),
        TxnFixture t => $"{Count(t.Input?.Tx?.Message?.Instructions.Count ?? 0, "instruction")}, {Count(t.Input?.AccountSharedData.Count ?? 0, "account")}, expected txn_error {t.Output?.TxnError ?? 0}",
        InstrFixture i => $"program {Short(i.Input?.ProgramId)}, {Count(i.Input?.Accounts.Count ?? 0, "account")}, expected result {i.Output?.Result ?? 0}",
        _ => null,
    };

    private static string DescribeBlock(BlockFixture b)
    {
        var input = b.Input;
        var legacy = BlockLayout.IsLegacy(input);
        var slot = legacy ? input?.SlotCtx?.Slot ?? 0 : input?.Bank?.Slot ?? 0;
        return Inv($"{(legacy ? "legacy" : "v2")} layout, slot {slot}, {Count(input?.Txns.Count ?? 0, "transaction")}, {Count(input?.AcctStates.Count ?? 0, "account")}, expected bank hash {Short(b.Output?.BankHash)}");
    }

    private static string Short(ByteString? bytes) =>
        bytes == null || bytes.Length == 0 ? "<none>" : Convert.ToHexString(bytes.Span[..Math.Min(8, bytes.Length)]).ToLowerInvariant() + (bytes.Length > 8 ? "…" : "");

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : Inv($"{n} {noun}s");

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
