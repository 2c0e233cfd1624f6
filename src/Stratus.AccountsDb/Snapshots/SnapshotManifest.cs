using Stratus.Core.Serialization;
using Stratus.AccountsDb.Genesis;

namespace Stratus.AccountsDb.Snapshots;

/// <summary>Which writer's trailing-field layout a manifest has.</summary>
public enum ManifestLayout
{
    /// <summary>Bank and accounts-db fields with up to five extra fields (Agave 1.x–3.x, X1 Tachyon).</summary>
    Agave2,

    /// <summary>A sixth extra field, block_id, is present (Agave 4.x).</summary>
    Agave4WithBlockId,
}

/// <summary>
/// A parsed snapshot manifest (<c>snapshots/&lt;slot&gt;/&lt;slot&gt;</c>): bank fields, accounts-db fields and the
/// trailing extra fields, plus the merged view Agave builds from them.
/// </summary>
public sealed class SnapshotManifest
{
    public required BankFields Bank { get; init; }
    public required AccountsDbFields AccountsDb { get; init; }
    public required ExtraFields Extra { get; init; }

    /// <summary>Unknown bytes after the last known field (only non-zero when parsing allowed them).</summary>
    public int TrailingBytes { get; init; }

    public ManifestLayout Layout => Extra.Count >= 6 ? ManifestLayout.Agave4WithBlockId : ManifestLayout.Agave2;

    public ulong Slot => Bank.Slot;

    /// <summary>The governor with lamports_per_signature taken from the extra field (0 when absent), as Agave loads it.</summary>
    public FeeRateGovernor FeeRateGovernor => Bank.FeeRateGovernor with { LamportsPerSignature = Extra.LamportsPerSignature ?? 0 };

    /// <summary>Epoch stakes by epoch: the legacy bank map, with versioned entries replacing or adding epochs.</summary>
    public IReadOnlyDictionary<ulong, EpochStakes> EpochStakes
    {
        get
        {
            var map = new SortedDictionary<ulong, EpochStakes>();
            foreach (var e in Bank.EpochStakes) map[e.Epoch] = e;
            foreach (var e in Extra.VersionedEpochStakes) map[e.Epoch] = e;
            return map;
        }
    }

    /// <summary>Base slot of an incremental snapshot, when the manifest records it (pre-lattice-hash writers).</summary>
    public ulong? IncrementalBaseSlot => Extra.IncrementalSnapshotPersistence?.FullSlot;

    /// <summary>Parses a manifest; throws <see cref="SnapshotFormatException"/> with the failing field on malformed input.</summary>
    public static SnapshotManifest Parse(ReadOnlySpan<byte> bytes, bool allowTrailingBytes = false)
    {
        var error = TryParse(bytes, out var manifest, allowTrailingBytes);
        if (error.IsError) throw new SnapshotFormatException(SnapshotError.Manifest, $"manifest: {error}", null, error.Offset);
        return manifest!;
    }

    public static DecodeError TryParse(ReadOnlySpan<byte> bytes, out SnapshotManifest? manifest, bool allowTrailingBytes = false)
    {
        manifest = null;
        var r = new FieldReader(bytes);
        var bank = BankFields.Read(ref r);
        var accountsDb = r.Ok ? AccountsDbFields.Read(ref r) : null;
        var extra = r.Ok ? ExtraFields.Read(ref r) : null;
        var trailing = r.Remaining;
        if (!allowTrailingBytes && r.Ok && trailing > 0)
            r.Fail(BincodeError.TrailingBytes, "manifest", "end", $"{trailing} byte(s) after the last known extra field");
        if (!r.Ok) return r.Error;
        manifest = new SnapshotManifest { Bank = bank!, AccountsDb = accountsDb!, Extra = extra!, TrailingBytes = trailing };
        return default;
    }
}
