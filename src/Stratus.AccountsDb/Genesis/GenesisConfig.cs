using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Serialization;
using Stratus.Runtime.Sysvars;

namespace Stratus.AccountsDb.Genesis;

/// <summary>A named builtin program from <c>native_instruction_processors</c>.</summary>
public readonly record struct NativeInstructionProcessor(string Name, Pubkey ProgramId);

/// <summary>
/// A cluster's genesis configuration (<c>solana_genesis_config::GenesisConfig</c>, the bincode <c>genesis.bin</c>).
/// Field order: creation_time, accounts, native_instruction_processors, rewards_pools, ticks_per_slot, unused,
/// poh_config, __backwards_compat_with_v0_23, fee_rate_governor, rent, inflation, epoch_schedule, cluster_type.
/// </summary>
public sealed class GenesisConfig
{
    /// <summary>Agave refuses genesis archives that unpack to more than this (MAX_GENESIS_ARCHIVE_UNPACKED_SIZE).</summary>
    public const long MaxFileSize = 10 * 1024 * 1024;

    private const string Ctx = "genesis";
    private const double SecondsPerYear = 365.242_199 * 24.0 * 60.0 * 60.0;

    public required long CreationTime { get; init; }

    /// <summary>Initial accounts in file order (a BTreeMap, so normally sorted by pubkey and unique).</summary>
    public required IReadOnlyList<KeyValuePair<Pubkey, Account>> Accounts { get; init; }

    public required IReadOnlyList<NativeInstructionProcessor> NativeInstructionProcessors { get; init; }

    /// <summary>Reward pool accounts; stored at slot 0 but not counted in capitalization.</summary>
    public required IReadOnlyList<KeyValuePair<Pubkey, Account>> RewardsPools { get; init; }

    public required ulong TicksPerSlot { get; init; }

    /// <summary>Formerly slots_per_segment (1024 on mainnet).</summary>
    public required ulong Unused { get; init; }

    public required PohConfig PohConfig { get; init; }
    public required ulong BackwardsCompatWithV0_23 { get; init; }
    public required FeeRateGovernor FeeRateGovernor { get; init; }
    public required Rent Rent { get; init; }
    public required Inflation Inflation { get; init; }
    public required EpochSchedule EpochSchedule { get; init; }
    public required ClusterType ClusterType { get; init; }

    /// <summary>Bytes after the config in the file. Agave's loader ignores them; <see cref="Parse"/> rejects them unless asked not to.</summary>
    public int TrailingBytes { get; init; }

    /// <summary>sha256 of the file bytes as read.</summary>
    public required Hash FileHash { get; init; }

    /// <summary>
    /// The genesis hash as Agave defines it: sha256 of the config re-serialized (<c>GenesisConfig::hash</c>).
    /// Equal to <see cref="FileHash"/> for a canonical file (sorted unique keys, no trailing bytes, normalized duration).
    /// </summary>
    public Hash Hash => _hash ??= ComputeHash();

    private Hash? _hash;

    public bool IsCanonical => Hash == FileHash;

    public ulong? HashesPerTick => PohConfig.HashesPerTick;

    /// <summary>Nanoseconds per slot: tick duration × ticks per slot (Agave's <c>ns_per_slot</c>, a u128).</summary>
    public UInt128 NsPerSlot => PohConfig.TargetTickDuration.TotalNanoseconds * TicksPerSlot;

    /// <summary>Slots in a (365.242199-day) year at the target tick rate, as Agave's <c>years_as_slots(1.0, ..)</c> computes it.</summary>
    public double SlotsPerYear => SecondsPerYear
        * (1_000_000_000.0 / (double)PohConfig.TargetTickDuration.TotalNanoseconds)
        / TicksPerSlot;

    /// <summary>Reads a genesis file; a file larger than <see cref="MaxFileSize"/> or malformed throws <see cref="GenesisFormatException"/>.</summary>
    public static GenesisConfig Load(string path, bool allowTrailingBytes = false)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        if (stream.Length > MaxFileSize)
            throw new GenesisFormatException(path, new DecodeError(BincodeError.LengthTooLarge, 0, Ctx,
                $"file is {stream.Length} bytes, more than the {MaxFileSize}-byte genesis limit"));
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        var error = TryParse(bytes, out var config, allowTrailingBytes);
        if (error.IsError) throw new GenesisFormatException(path, error);
        return config!;
    }

    /// <summary>Parses and throws <see cref="GenesisFormatException"/> on malformed input.</summary>
    public static GenesisConfig Parse(ReadOnlySpan<byte> bytes, bool allowTrailingBytes = false)
    {
        var error = TryParse(bytes, out var config, allowTrailingBytes);
        if (error.IsError) throw new GenesisFormatException(null, error);
        return config!;
    }

    /// <summary>Parses without throwing; the result says which field failed and where.</summary>
    public static DecodeError TryParse(ReadOnlySpan<byte> bytes, out GenesisConfig? config, bool allowTrailingBytes = false)
    {
        config = null;
        var r = new FieldReader(bytes);
        var creationTime = r.I64(Ctx, "creation_time");
        var accounts = ReadAccountMap(ref r, "accounts");
        var processors = ReadProcessors(ref r);
        var rewardsPools = ReadAccountMap(ref r, "rewards_pools");
        var ticksPerSlot = r.U64(Ctx, "ticks_per_slot");
        var unused = r.U64(Ctx, "unused");
        var poh = PohConfig.Read(ref r);
        var compat = r.U64(Ctx, "__backwards_compat_with_v0_23");
        var fees = FeeRateGovernor.Read(ref r, "fee_rate_governor");
        var rent = SharedTypeCodec.ReadRent(ref r, "rent");
        var inflation = Inflation.Read(ref r, "inflation");
        var schedule = SharedTypeCodec.ReadEpochSchedule(ref r, "epoch_schedule");
        var clusterAt = r.Position;
        var clusterTag = r.EnumTag(Ctx, "cluster_type");
        if (r.Ok && clusterTag > (uint)ClusterType.Development)
            r.FailAt(clusterAt, BincodeError.InvalidEnumTag, Ctx, "cluster_type", $"variant {clusterTag}");
        var trailing = r.Remaining;
        if (!allowTrailingBytes) r.Finish(Ctx);
        if (!r.Ok) return r.Error;

        config = new GenesisConfig
        {
            CreationTime = creationTime,
            Accounts = accounts!,
            NativeInstructionProcessors = processors!,
            RewardsPools = rewardsPools!,
            TicksPerSlot = ticksPerSlot,
            Unused = unused,
            PohConfig = poh,
            BackwardsCompatWithV0_23 = compat,
            FeeRateGovernor = fees,
            Rent = rent,
            Inflation = inflation,
            EpochSchedule = schedule,
            ClusterType = (ClusterType)clusterTag,
            TrailingBytes = trailing,
            FileHash = Sha256Of(bytes),
        };
        return default;
    }

    private static KeyValuePair<Pubkey, Account>[]? ReadAccountMap(ref FieldReader r, string field)
    {
        var count = r.Length(Pubkey.Length + SharedTypeCodec.MinAccountSize, field, "len");
        if (!r.Ok) return null;
        var list = new KeyValuePair<Pubkey, Account>[count];
        for (var i = 0; i < count && r.Ok; i++)
        {
            var key = r.Pubkey(field, "key");
            list[i] = new(key, SharedTypeCodec.ReadAccount(ref r, field));
        }
        return r.Ok ? list : null;
    }

    private static NativeInstructionProcessor[]? ReadProcessors(ref FieldReader r)
    {
        const string field = "native_instruction_processors";
        var count = r.Length(8 + Pubkey.Length, field, "len");
        if (!r.Ok) return null;
        var list = new NativeInstructionProcessor[count];
        for (var i = 0; i < count && r.Ok; i++)
        {
            var name = r.String(field, "name");
            var id = r.Pubkey(field, "program_id");
            list[i] = new(name ?? "", id);
        }
        return r.Ok ? list : null;
    }

    /// <summary>
    /// The config as Agave would serialize it: maps in key order with the last duplicate winning (BTreeMap),
    /// normalized duration, no trailing bytes.
    /// </summary>
    public byte[] Serialize()
    {
        var w = new BincodeWriter(64 * 1024);
        w.WriteI64(CreationTime);
        WriteAccountMap(w, Accounts);
        w.WriteLength(NativeInstructionProcessors.Count);
        foreach (var p in NativeInstructionProcessors)
        {
            w.WriteString(p.Name);
            w.WritePubkey(p.ProgramId);
        }
        WriteAccountMap(w, RewardsPools);
        w.WriteU64(TicksPerSlot);
        w.WriteU64(Unused);
        PohConfig.Write(w);
        w.WriteU64(BackwardsCompatWithV0_23);
        FeeRateGovernor.Write(w);
        SharedTypeCodec.WriteRent(w, Rent);
        Inflation.Write(w);
        SharedTypeCodec.WriteEpochSchedule(w, EpochSchedule);
        w.WriteEnumTag((uint)ClusterType);
        return w.ToArray();
    }

    private static void WriteAccountMap(BincodeWriter w, IReadOnlyList<KeyValuePair<Pubkey, Account>> entries)
    {
        var map = Canonical(entries);
        w.WriteLength(map.Count);
        foreach (var (key, account) in map)
        {
            w.WritePubkey(key);
            SharedTypeCodec.WriteAccount(w, account);
        }
    }

    /// <summary>BTreeMap semantics: sorted by key bytes, a later duplicate replaces an earlier one.</summary>
    private static SortedDictionary<Pubkey, Account> Canonical(IReadOnlyList<KeyValuePair<Pubkey, Account>> entries)
    {
        var map = new SortedDictionary<Pubkey, Account>();
        foreach (var (key, account) in entries) map[key] = account;
        return map;
    }

    private Hash ComputeHash() => Sha256Of(Serialize());

    private static Hash Sha256Of(ReadOnlySpan<byte> bytes)
    {
        Span<byte> digest = stackalloc byte[Hash.Length];
        Stratus.Crypto.Sha256.Hash(bytes, digest);
        return new Hash(digest);
    }

    /// <summary>
    /// The accounts genesis itself puts into slot 0, in the order Agave's <c>Bank::process_genesis_config</c>
    /// stores them: <see cref="Accounts"/>, then <see cref="RewardsPools"/>, then one native-loader account per
    /// <see cref="NativeInstructionProcessors"/> entry that does not already exist (lamports 1, data = the name,
    /// executable, rent_epoch 0). Builtins, sysvars and precompiles that the bank adds on its own are not included.
    /// </summary>
    public IReadOnlyList<KeyValuePair<Pubkey, Account>> GetGenesisAccounts()
    {
        var result = new List<KeyValuePair<Pubkey, Account>>();
        var index = new Dictionary<Pubkey, int>();
        void Store(Pubkey key, Account account)
        {
            if (index.TryGetValue(key, out var at)) result[at] = new(key, account);
            else
            {
                index[key] = result.Count;
                result.Add(new(key, account));
            }
        }
        foreach (var (key, account) in Canonical(Accounts)) Store(key, account);
        foreach (var (key, account) in Canonical(RewardsPools)) Store(key, account);
        foreach (var p in NativeInstructionProcessors)
        {
            // A genuine program already owned by the native loader is kept; anything else at the id is replaced.
            if (index.TryGetValue(p.ProgramId, out var at) && result[at].Value.Owner == ProgramIds.NativeLoader) continue;
            Store(p.ProgramId, new Account(1, System.Text.Encoding.UTF8.GetBytes(p.Name), ProgramIds.NativeLoader, true, 0));
        }
        return result;
    }

    /// <summary>Sum of lamports of <see cref="Accounts"/> (rewards pools are not counted), as Agave's slot-0 capitalization starts.</summary>
    public UInt128 AccountsCapitalization => Canonical(Accounts).Values.Aggregate(UInt128.Zero, (sum, a) => sum + a.Lamports);

}
