using Stratus.Core;
using Stratus.AccountsDb.Genesis;

namespace Stratus.AccountsDb.Snapshots;

/// <summary>An accounts (append-vec) file the snapshot refers to: <c>accounts/&lt;slot&gt;.&lt;id&gt;</c> and how many of its bytes are valid.</summary>
public readonly record struct AccountStorageEntry(ulong Slot, ulong Id, ulong AccountsCurrentLen)
{
    public string ArchivePath => $"accounts/{Slot}.{Id}";
}

/// <summary>Per-bank statistics stored with the bank hash info.</summary>
public readonly record struct BankHashStats(ulong NumUpdatedAccounts, ulong NumRemovedAccounts, ulong NumLamportsStored, ulong TotalDataLen, ulong NumExecutableAccounts);

/// <summary>Accounts hashes of the snapshot bank (zero in lattice-hash era snapshots) and its stats.</summary>
public readonly record struct BankHashInfo(Hash AccountsDeltaHash, Hash AccountsHash, BankHashStats Stats);

/// <summary>A (slot, hash) pair of historical roots.</summary>
public readonly record struct SlotHash(ulong Slot, Hash Hash);

/// <summary>The accounts-db part of a manifest (Agave's <c>AccountsDbFields</c>).</summary>
public sealed class AccountsDbFields
{
    private const string Ctx = "accounts_db";

    /// <summary>Every storage listed, in file order (a slot → Vec map flattened; normally one file per slot).</summary>
    public required IReadOnlyList<AccountStorageEntry> Storages { get; init; }

    /// <summary>The accounts-db write-version counter at snapshot time (not meaningful since write versions became 0).</summary>
    public required ulong WriteVersion { get; init; }

    public required ulong Slot { get; init; }
    public required BankHashInfo BankHashInfo { get; init; }

    /// <summary>Roots within the last epoch; null when the manifest ended before this optional field.</summary>
    public IReadOnlyList<ulong>? HistoricalRoots { get; init; }

    /// <summary>Roots with hashes; null when the manifest ended before this optional field.</summary>
    public IReadOnlyList<SlotHash>? HistoricalRootsWithHash { get; init; }

    internal static AccountsDbFields? Read(ref FieldReader r)
    {
        var slotCount = r.Length(16, Ctx, "storages");
        var storages = new List<AccountStorageEntry>(r.Ok ? Math.Min(slotCount, 1 << 16) : 0);
        for (var i = 0; i < slotCount && r.Ok; i++)
        {
            var slot = r.U64(Ctx, "storages.slot");
            var n = r.Length(16, Ctx, "storages.entries");
            for (var j = 0; j < n && r.Ok; j++)
                storages.Add(new AccountStorageEntry(slot, r.U64(Ctx, "storages.entries.id"), r.U64(Ctx, "storages.entries.accounts_current_len")));
        }
        var writeVersion = r.U64(Ctx, "write_version");
        var slotField = r.U64(Ctx, "slot");
        var info = new BankHashInfo(
            r.Hash(Ctx, "bank_hash_info.accounts_delta_hash"),
            r.Hash(Ctx, "bank_hash_info.accounts_hash"),
            new BankHashStats(
                r.U64(Ctx, "bank_hash_info.stats.num_updated_accounts"),
                r.U64(Ctx, "bank_hash_info.stats.num_removed_accounts"),
                r.U64(Ctx, "bank_hash_info.stats.num_lamports_stored"),
                r.U64(Ctx, "bank_hash_info.stats.total_data_len"),
                r.U64(Ctx, "bank_hash_info.stats.num_executable_accounts")));
        if (!r.Ok) return null;

        // Both historical-roots vectors default when the input ends right before them (serde default_on_eof).
        ulong[]? roots = null;
        SlotHash[]? rootsWithHash = null;
        if (!r.IsAtEnd)
        {
            var n = r.Length(8, Ctx, "historical_roots");
            roots = new ulong[r.Ok ? n : 0];
            for (var i = 0; i < roots.Length && r.Ok; i++) roots[i] = r.U64(Ctx, "historical_roots");
            if (r.Ok && !r.IsAtEnd)
            {
                var m = r.Length(8 + Hash.Length, Ctx, "historical_roots_with_hash");
                rootsWithHash = new SlotHash[r.Ok ? m : 0];
                for (var i = 0; i < rootsWithHash.Length && r.Ok; i++)
                    rootsWithHash[i] = new SlotHash(r.U64(Ctx, "historical_roots_with_hash.slot"), r.Hash(Ctx, "historical_roots_with_hash.hash"));
            }
        }
        if (!r.Ok) return null;

        return new AccountsDbFields
        {
            Storages = storages,
            WriteVersion = writeVersion,
            Slot = slotField,
            BankHashInfo = info,
            HistoricalRoots = roots,
            HistoricalRootsWithHash = rootsWithHash,
        };
    }
}
