using System.Globalization;
using System.Text.RegularExpressions;
using Stratus.Core;

namespace Stratus.AccountsDb.Snapshots;

/// <summary>
/// What a snapshot archive's file name says: <c>snapshot-&lt;slot&gt;-&lt;hash&gt;.tar.zst</c> or
/// <c>incremental-snapshot-&lt;base&gt;-&lt;slot&gt;-&lt;hash&gt;.tar.zst</c> (also .tar, .tar.gz, .tar.bz2, .tar.lz4).
/// </summary>
public sealed partial record SnapshotArchiveName(ulong Slot, ulong? BaseSlot, Hash Hash, string Extension)
{
    public bool IsIncremental => BaseSlot.HasValue;

    public static SnapshotArchiveName? TryParse(string path)
    {
        var name = Path.GetFileName(path);
        var m = Pattern().Match(name);
        if (!m.Success) return null;
        if (!Hash.TryParse(m.Groups["hash"].Value, out var hash)) return null;
        if (!ulong.TryParse(m.Groups["slot"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var slot)) return null;
        ulong? baseSlot = null;
        if (m.Groups["base"].Success)
        {
            if (!ulong.TryParse(m.Groups["base"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var b)) return null;
            baseSlot = b;
        }
        return new SnapshotArchiveName(slot, baseSlot, hash, m.Groups["ext"].Value);
    }

    [GeneratedRegex(@"^(?:incremental-snapshot-(?<base>[0-9]+)-|snapshot-)(?<slot>[0-9]+)-(?<hash>[1-9A-HJ-NP-Za-km-z]{32,44})\.(?<ext>tar|tar\.zst|tar\.gz|tar\.bz2|tar\.lz4)$")]
    private static partial Regex Pattern();
}
