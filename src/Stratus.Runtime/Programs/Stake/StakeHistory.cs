using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Serialization;
using Stratus.Core.Transactions;
using Stratus.Runtime.Sysvars;

namespace Stratus.Runtime.Programs.Stake;

/// <summary>Cluster-wide stake at the end of an epoch (also one delegation's status at an epoch).</summary>
public readonly record struct StakeHistoryEntry(ulong Effective, ulong Activating, ulong Deactivating)
{
    /// <summary>Cooling-down stake, which is still effective until it has cooled down.</summary>
    public static StakeHistoryEntry WithDeactivating(ulong deactivating) => new(deactivating, 0, deactivating);

    /// <summary>Field-wise saturating sum (how the bank totals delegations into a history entry).</summary>
    public static StakeHistoryEntry operator +(StakeHistoryEntry a, StakeHistoryEntry b) =>
        new(SaturatingAdd(a.Effective, b.Effective), SaturatingAdd(a.Activating, b.Activating), SaturatingAdd(a.Deactivating, b.Deactivating));

    private static ulong SaturatingAdd(ulong a, ulong b) => ulong.MaxValue - a < b ? ulong.MaxValue : a + b;
}

/// <summary>
/// The StakeHistory sysvar read in place: bincode <c>Vec&lt;(Epoch, StakeHistoryEntry)&gt;</c>, newest epoch
/// first, looked up by binary search as Agave does. The bytes are the sysvar account's, never copied.
/// </summary>
public sealed class StakeHistory : IStakeHistory
{
    public const int EntrySize = 32;
    /// <summary>How many epochs the bank keeps (MAX_ENTRIES).</summary>
    public const int MaxEntries = 512;

    private readonly byte[] _data;

    private StakeHistory(byte[] data, int count)
    {
        _data = data;
        Count = count;
    }

    public static StakeHistory Empty { get; } = new(new byte[8], 0);

    public int Count { get; }

    /// <summary>The sysvar account data this history reads.</summary>
    public ReadOnlySpan<byte> Data => _data;

    /// <summary>bincode decoding with trailing bytes allowed; false when the length prefix overruns the data.</summary>
    public static bool TryParse(byte[] data, out StakeHistory history)
    {
        history = Empty;
        var r = new BincodeReader(data);
        var n = r.ReadLength(EntrySize);
        if (!r.Ok) return false;
        history = new StakeHistory(data, n);
        return true;
    }

    /// <summary>The sysvar cache's stake history; UnsupportedSysvar when the bank has none or it does not decode.</summary>
    public static InstructionError? Get(SysvarCache sysvars, out StakeHistory history)
    {
        history = Empty;
        if (!sysvars.TryGetRaw(SysvarIds.StakeHistory, out var raw) || !TryParse(raw, out history))
            return new InstructionError(InstructionErrorKind.UnsupportedSysvar);
        return null;
    }

    /// <summary>Builds the sysvar encoding of (epoch, entry) pairs, which must be newest first.</summary>
    public static StakeHistory FromEntries(ReadOnlySpan<(ulong Epoch, StakeHistoryEntry Entry)> entries)
    {
        var w = new BincodeWriter(8 + EntrySize * entries.Length);
        w.WriteU64((ulong)entries.Length);
        foreach (var (epoch, e) in entries)
        {
            w.WriteU64(epoch);
            w.WriteU64(e.Effective);
            w.WriteU64(e.Activating);
            w.WriteU64(e.Deactivating);
        }
        return new StakeHistory(w.ToArray(), entries.Length);
    }

    public ulong EpochAt(int index) => BinaryPrimitives.ReadUInt64LittleEndian(_data.AsSpan(8 + index * EntrySize));

    public StakeHistoryEntry EntryAt(int index)
    {
        var s = _data.AsSpan(8 + index * EntrySize + 8, 24);
        return new StakeHistoryEntry(
            BinaryPrimitives.ReadUInt64LittleEndian(s),
            BinaryPrimitives.ReadUInt64LittleEndian(s[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(s[16..]));
    }

    /// <summary>The entry for <paramref name="epoch"/> (entries are sorted newest first).</summary>
    public bool TryGetEntry(ulong epoch, out StakeHistoryEntry entry)
    {
        int lo = 0, hi = Count;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            var probe = EpochAt(mid);
            if (probe == epoch)
            {
                entry = EntryAt(mid);
                return true;
            }
            if (probe > epoch) lo = mid + 1;
            else hi = mid;
        }
        entry = default;
        return false;
    }
}
