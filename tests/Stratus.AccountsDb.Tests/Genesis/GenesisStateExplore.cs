using Stratus.AccountsDb.Genesis;
using Stratus.AccountsDb.Snapshots;
using Stratus.AccountsDb.Tests.Snapshots;
using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.TestCommon;

namespace Stratus.AccountsDb.Tests.Genesis;

public sealed class GenesisStateExplore
{
    [Theory]
    [InlineData(SnapshotFiles.Sig2025Full, SnapshotFiles.Sig2025Genesis, "/tmp/gs-2025.txt")]
    [InlineData(SnapshotFiles.Sig2024Full, SnapshotFiles.Sig2024Genesis, "/tmp/gs-2024.txt")]
    public void Dump(string snap, string gen, string outPath)
    {
        var config = GenesisConfig.Load(SharedData.DataPath(gen));
        var state = GenesisState.Build(config);
        var fl = new List<string>();
        foreach (var (k, a) in config.Accounts)
        {
            if (a.Owner != ProgramIds.Feature) continue;
            var st = Stratus.Core.Features.FeatureAccount.Decode(a.Owner, a.Data, out var at);
            var known = Stratus.Core.Features.ClusterProfile.Solana.TryGetFeature(k, out var id);
            fl.Add($"feature {k} {st} {at} known={known} {(known ? id.ToString() : "")} lamports={a.Lamports}");
        }
        using var archive = SnapshotFiles.Open(snap);
        var newest = new Dictionary<Pubkey, SnapshotAccount>();
        var slot0 = new Dictionary<Pubkey, SnapshotAccount>();
        foreach (var a in archive.EnumerateAccounts())
        {
            if (!newest.TryGetValue(a.Pubkey, out var n) || n.Slot <= a.Slot) newest[a.Pubkey] = a;
            if (a.Slot == 0) slot0[a.Pubkey] = a;
        }
        using var w = new StreamWriter(outPath);
        w.WriteLine($"genesis accounts {config.Accounts.Count} pools {config.RewardsPools.Count} procs {config.NativeInstructionProcessors.Count} state {state.AccountCount} cap {state.Capitalization} total {state.TotalLamports} features {state.FeatureSet.ActiveCount}");
        w.WriteLine($"snapshot accounts {newest.Count} slot0 records {slot0.Count} cap {archive.Manifest.Bank.Capitalization}");
        foreach (var h in archive.Manifest.Bank.BlockhashQueue.Hashes) w.WriteLine($"bhq {h.Hash} {h.HashIndex} {h.LamportsPerSignature}");
        w.WriteLine($"genesis hash {state.GenesisHash} sched {config.EpochSchedule} tps {config.TicksPerSlot} cluster {config.ClusterType} parts {GenesisState.RentPartitionCountAtSlotZero(config)} rent {state.RentCollected}");
        foreach (var f in fl) w.WriteLine(f);
        string D(Account a) => $"{a.Lamports} {a.Owner} x={a.Executable} re={a.RentEpoch} len={a.DataLength}";
        foreach (var (k, mine) in state.Accounts)
        {
            var s0 = slot0.TryGetValue(k, out var z) ? z.Account : null;
            var nw = newest.TryGetValue(k, out var y) ? y : null;
            var eq0 = s0 != null && s0.Equals(mine);
            var eqN = nw != null && nw.Account.Equals(mine);
            if (eq0 && eqN) { w.WriteLine($"OK {k}"); continue; }
            w.WriteLine($"DIFF {k} eq0={eq0} eqN={eqN}\n  mine {D(mine)}\n  slot0 {(s0 == null ? "-" : D(s0))}\n  newest@{nw?.Slot} {(nw == null ? "-" : D(nw.Account))}");
        }
        foreach (var (k, a) in newest)
            if (!state.Accounts.ContainsKey(k)) w.WriteLine($"EXTRA {k} @{a.Slot} {D(a.Account)}");
    }
}
