using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Sysvars;

namespace Stratus.Runtime.Programs.AddressLookupTable;

/// <summary>
/// The slots of the SlotHashes sysvar read in place (bincode <c>Vec&lt;(u64, Hash)&gt;</c>, newest first), for
/// the lookup-table checks that only ask whether and where a slot appears. Reading in place keeps v0
/// address loading free of a per-transaction copy of the 512 entries.
/// </summary>
public readonly ref struct RecentSlots
{
    /// <summary>solana-slot-hashes MAX_ENTRIES.</summary>
    public const int MaxEntries = 512;

    private const int EntrySize = 8 + Hash.Length;

    private readonly ReadOnlySpan<byte> _entries;

    private RecentSlots(ReadOnlySpan<byte> entries) => _entries = entries;

    public int Count => _entries.Length / EntrySize;

    /// <summary>
    /// Reads the sysvar's data as bincode does (trailing bytes allowed); false when the count prefix is
    /// missing or claims more entries than the data holds.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out RecentSlots slots)
    {
        slots = default;
        if (data.Length < 8) return false;
        var count = BinaryPrimitives.ReadUInt64LittleEndian(data);
        if (count > (ulong)((data.Length - 8) / EntrySize)) return false;
        slots = new RecentSlots(data.Slice(8, (int)count * EntrySize));
        return true;
    }

    /// <summary>The sysvar cache's SlotHashes as a builtin sees it: UnsupportedSysvar when absent or undecodable.</summary>
    public static InstructionError? Get(SysvarCache sysvars, out RecentSlots slots)
    {
        slots = default;
        if (!sysvars.TryGetRaw(SysvarIds.SlotHashes, out var raw) || !TryRead(raw, out slots))
            return new InstructionError(InstructionErrorKind.UnsupportedSysvar);
        return null;
    }

    public ulong SlotAt(int index) => BinaryPrimitives.ReadUInt64LittleEndian(_entries[(index * EntrySize)..]);

    /// <summary>
    /// <c>SlotHashes::position</c>: a binary search that assumes descending slots, as the sysvar keeps
    /// them; -1 when absent.
    /// </summary>
    public int Position(ulong slot)
    {
        int lo = 0, hi = Count;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            var probe = SlotAt(mid);
            if (probe == slot) return mid;
            // Descending order: larger slots come first.
            if (probe > slot) lo = mid + 1;
            else hi = mid;
        }
        return -1;
    }

    public bool Contains(ulong slot) => Position(slot) >= 0;
}
