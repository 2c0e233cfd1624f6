using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;
using Stratus.Runtime.Logging;
using Stratus.Runtime.Programs;
using Stratus.Runtime.Programs.Bpf;
using Stratus.Runtime.Sysvars;

namespace Stratus.Runtime.Tests.BuiltinPrograms;

/// <summary>
/// Runs one top-level instruction of a builtin through the invoke context, with the System program loaded
/// so native invokes can reach it. Accounts absent from the map start as empty system accounts.
/// </summary>
internal static class BuiltinHarness
{
    public sealed record Outcome(InstructionError? Error, Dictionary<Pubkey, Account> Accounts, ulong UnitsConsumed, IReadOnlyList<string> Logs, int TraceLength);

    // The native programs run while their core-BPF migrations are off.
    private static readonly FeatureSet Features = FeatureSet.AllEnabled(ClusterProfile.Solana).ToBuilder()
        .Deactivate(FeatureId.MigrateConfigProgramToCoreBpf)
        .Deactivate(FeatureId.MigrateAddressLookupTableProgramToCoreBpf)
        .Build();

    private static readonly Lazy<RuntimeEnvironment> Environment = new(() => RuntimeEnvironment.Create(Features));

    public static Pubkey Key(byte b) => new(Enumerable.Repeat(b, 32).ToArray());

    public static Outcome Run(in Pubkey programId, byte[] data, Dictionary<Pubkey, Account> accounts, Meta[] metas,
        Clock? clock = null, Rent? rent = null, byte[]? slotHashes = null, ulong computeUnits = 200_000)
    {
        rent ??= Rent.Free;
        var keys = accounts.Keys.ToList();
        foreach (var m in metas) if (!keys.Contains(m.Key)) keys.Add(m.Key);
        var list = keys.Select(k => new TransactionAccount(k, accounts.TryGetValue(k, out var a) ? a.Clone() : new Account(0, [], ProgramIds.System))).ToList();
        if (!keys.Contains(programId))
        {
            keys.Add(programId);
            list.Add(new TransactionAccount(programId, new Account(1, [], ProgramIds.NativeLoader, executable: true)));
        }
        var programIndex = (ushort)keys.IndexOf(programId);
        var tx = new TransactionContext(list.ToArray(), rent);
        var sysvars = new SysvarCache();
        sysvars.Set(SysvarIds.Clock, (clock ?? Clock.Default).Serialize());
        sysvars.Set(SysvarIds.Rent, rent.Serialize());
        if (slotHashes != null) sysvars.Set(SysvarIds.SlotHashes, slotHashes);
        var cache = new ProgramCacheForTxBatch(1, Environment.Value);
        Builtins.Register(cache, Features);
        var log = new LogCollector();
        var ctx = new InvokeContext(tx, cache, new EnvironmentConfig(default, 5000, Features, sysvars), log, computeUnits, 32 * 1024);
        var ixAccounts = metas.Select(m => new InstructionAccount((ushort)keys.IndexOf(m.Key), m.Signer, m.Writable)).ToArray();
        var error = ctx.ProcessInstruction(data, ixAccounts, [programIndex], out _);
        var result = new Dictionary<Pubkey, Account>();
        for (var i = 0; i < keys.Count; i++) result[keys[i]] = tx.AccountAt(i);
        return new Outcome(error, result, computeUnits - ctx.Remaining, log.Messages.ToList(), tx.InstructionTraceLength);
    }
}
