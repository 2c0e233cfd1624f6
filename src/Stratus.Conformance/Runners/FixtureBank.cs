using System.Buffers.Binary;
using System.Globalization;
using Google.Protobuf;
using Stratus.Conformance.Features;
using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Features;
using Stratus.Runtime.Programs;
using Stratus.Runtime.Programs.Bpf;
using Stratus.Runtime.Sysvars;
using AcctState = Stratus.Conformance.Protos.AcctState;
using ProtoFeatureSet = Stratus.Conformance.Protos.FeatureSet;
using RuntimeFeatureSet = Stratus.Core.Features.FeatureSet;

namespace Stratus.Conformance.Runners;

/// <summary>
/// What the instruction and transaction harnesses share when they turn a fixture into runtime state: the
/// feature set, accounts, the sysvars with the harness defaults for absent ones, and the program cache.
/// </summary>
internal static class FixtureBank
{
    /// <summary>Slot the harnesses use when the fixture gives no clock (solfuzz-agave's default).</summary>
    public const ulong DefaultSlot = 10;

    /// <summary>LastRestartSlot the harnesses install when the fixture has none.</summary>
    public const ulong DefaultLastRestartSlot = 5000;

    /// <summary>Agave's MAX_TX_ACCOUNT_LOCKS bound on the accounts a harness context may hold.</summary>
    public const int MaxAccounts = 128;

    /// <summary>
    /// The runtime feature set a fixture's list turns on (active since slot 0). Null with a reason when the list
    /// holds ids Stratus does not know: Firedancer rejects such a fixture, and running without them would not be its case.
    /// </summary>
    public static RuntimeFeatureSet? ResolveFeatures(ProtoFeatureSet? list, out string? unknown)
    {
        unknown = null;
        var resolved = FeatureSetMap.Default.Resolve(list?.Features ?? (IEnumerable<ulong>)[]);
        if (resolved.UnknownPrefixes.Count > 0)
        {
            unknown = "feature ids unknown to Stratus's feature table: " + string.Join(", ",
                resolved.UnknownPrefixes.Take(5).Select(p => "0x" + p.ToString("x16", CultureInfo.InvariantCulture)))
                + (resolved.UnknownPrefixes.Count > 5 ? $" (+{resolved.UnknownPrefixes.Count - 5} more)" : "");
            return null;
        }
        var builder = new RuntimeFeatureSet.Builder();
        foreach (var name in resolved.Names)
            if (FeatureTable.TryGetByName(name, out var id)) builder.Activate(id, 0);
        return builder.Build();
    }

    /// <summary>Reads an AcctState; null with a reason when a key is not 32 bytes (an absent owner is the system program).</summary>
    public static (Pubkey Key, Account Account)? ReadAccount(AcctState state, out string? error)
    {
        error = null;
        if (state.Address.Length != Pubkey.Length) { error = $"account address is {state.Address.Length} bytes"; return null; }
        if (state.Owner.Length != 0 && state.Owner.Length != Pubkey.Length) { error = $"account owner is {state.Owner.Length} bytes"; return null; }
        var owner = state.Owner.Length == 0 ? default : new Pubkey(state.Owner.Span);
        var account = new Account(state.Lamports, state.Data.Span, owner, state.Executable, state.HasRentEpoch ? state.RentEpoch : ulong.MaxValue);
        return (new Pubkey(state.Address.Span), account);
    }

    public static AcctState ToState(in Pubkey key, IReadOnlyAccount account) => new()
    {
        Address = ByteString.CopyFrom(key.AsSpan()),
        Lamports = account.Lamports,
        Data = ByteString.CopyFrom(account.Data),
        Executable = account.Executable,
        Owner = ByteString.CopyFrom(account.Owner.AsSpan()),
        RentEpoch = account.RentEpoch,
    };

    /// <summary>
    /// The sysvar cache from the fixture's sysvar accounts, with the harness defaults (Agave's genesis defaults:
    /// clock at slot 10, the default epoch schedule and rent, last restart slot 5000) for the ones it leaves out.
    /// </summary>
    public static SysvarCache BuildSysvars(Func<Pubkey, IReadOnlyAccount?> getAccount, bool defaultLastRestartSlot)
    {
        var sysvars = new SysvarCache();
        foreach (var id in SysvarIds.All)
        {
            if (id == SysvarIds.Instructions) continue;
            if (getAccount(id) is { } a) sysvars.Set(id, a.Data);
        }
        if (!sysvars.TryGetRaw(SysvarIds.Clock, out _)) sysvars.Set(SysvarIds.Clock, new Clock(DefaultSlot, 0, 0, 0, 0).Serialize());
        if (!sysvars.TryGetRaw(SysvarIds.EpochSchedule, out _)) sysvars.Set(SysvarIds.EpochSchedule, EpochSchedule.Default.Serialize());
        if (!sysvars.TryGetRaw(SysvarIds.Rent, out _)) sysvars.Set(SysvarIds.Rent, Rent.Default.Serialize());
        if (defaultLastRestartSlot && !sysvars.TryGetRaw(SysvarIds.LastRestartSlot, out _))
        {
            var restart = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(restart, DefaultLastRestartSlot);
            sysvars.Set(SysvarIds.LastRestartSlot, restart);
        }
        return sysvars;
    }

    /// <summary>The last entry of the RecentBlockhashes sysvar (what the instruction harness takes as the bank's blockhash), or zeros.</summary>
    public static (Hash Blockhash, ulong LamportsPerSignature) LastRecentBlockhash(SysvarCache sysvars)
    {
        if (!sysvars.TryGetRaw(SysvarIds.RecentBlockhashes, out var data) || data.Length < 8) return (default, 0);
        var n = BinaryPrimitives.ReadUInt64LittleEndian(data);
        const int entry = 40;
        if (n == 0 || n > (ulong)((data.Length - 8) / entry)) return (default, 0);
        var at = 8 + (int)(n - 1) * entry;
        return (Hash.Read(data.AsSpan(at)), BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(at + 32)));
    }

    /// <summary>Builtins for the features, plus every account owned by a BPF loader loaded as a program.</summary>
    public static ProgramCacheForTxBatch BuildProgramCache(ulong slot, RuntimeFeatureSet features, IEnumerable<Pubkey> keys,
        Func<Pubkey, IReadOnlyAccount?> getAccount, RuntimeEnvironment environment)
    {
        var cache = new ProgramCacheForTxBatch(slot, environment);
        Builtins.Register(cache, features);
        foreach (var key in keys)
        {
            if (cache.Contains(key)) continue;
            var account = getAccount(key);
            if (account == null || !Loaders.IsLoader(account.Owner)) continue;
            var entry = ProgramLoader.Shared.Load(key, getAccount, environment);
            if (entry != null) cache.Add(key, entry);
        }
        return cache;
    }
}
