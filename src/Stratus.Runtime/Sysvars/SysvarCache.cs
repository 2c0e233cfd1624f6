using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Transactions;

namespace Stratus.Runtime.Sysvars;

/// <summary>
/// The sysvars a bank exposes to programs (Agave's <c>SysvarCache</c>): the raw account data of each
/// sysvar the bank has, plus the decoded forms builtins read. A sysvar that is absent or does not decode
/// makes its getter fail with <c>UnsupportedSysvar</c>, as in Agave.
/// </summary>
public sealed class SysvarCache
{
    private readonly Dictionary<Pubkey, byte[]> _raw = new();

    public Clock? Clock { get; private set; }
    public EpochSchedule? EpochSchedule { get; private set; }
    public Rent? Rent { get; private set; }

    /// <summary>Number of entries in RecentBlockhashes (null when absent or malformed).</summary>
    public int? RecentBlockhashesCount { get; private set; }

    /// <summary>The LastRestartSlot sysvar, if present.</summary>
    public ulong? LastRestartSlot { get; private set; }

    /// <summary>Sets (or replaces) a sysvar from its account data.</summary>
    public void Set(in Pubkey id, ReadOnlySpan<byte> data)
    {
        _raw[id] = data.ToArray();
        if (id == SysvarIds.Clock) Clock = Sysvars.Clock.TryRead(data, out var c) ? c : null;
        else if (id == SysvarIds.EpochSchedule) EpochSchedule = Sysvars.EpochSchedule.TryRead(data, out var e) ? e : null;
        else if (id == SysvarIds.Rent) Rent = Sysvars.Rent.TryRead(data, out var r) ? r : null;
        else if (id == SysvarIds.RecentBlockhashes) RecentBlockhashesCount = TryReadRecentBlockhashesCount(data);
        else if (id == SysvarIds.LastRestartSlot) LastRestartSlot = data.Length >= 8 ? BinaryPrimitives.ReadUInt64LittleEndian(data) : null;
    }

    public void Set(in Pubkey id, byte[] data) => Set(id, (ReadOnlySpan<byte>)data);

    /// <summary>Fills every sysvar not yet present from <paramref name="read"/> (null when the bank has no such account).</summary>
    public void FillMissing(Func<Pubkey, byte[]?> read)
    {
        foreach (var id in SysvarIds.All)
        {
            if (id == SysvarIds.Instructions || _raw.ContainsKey(id)) continue;
            var data = read(id);
            if (data != null) Set(id, data);
        }
    }

    public bool TryGetRaw(in Pubkey id, out byte[] data) => _raw.TryGetValue(id, out data!);

    public InstructionError? GetRent(out Rent rent)
    {
        rent = Rent ?? Sysvars.Rent.Default;
        return Rent == null ? new InstructionError(InstructionErrorKind.UnsupportedSysvar) : null;
    }

    public InstructionError? GetClock(out Clock clock)
    {
        clock = Clock ?? Sysvars.Clock.Default;
        return Clock == null ? new InstructionError(InstructionErrorKind.UnsupportedSysvar) : null;
    }

    public InstructionError? GetRecentBlockhashesCount(out int count)
    {
        count = RecentBlockhashesCount ?? 0;
        return RecentBlockhashesCount == null ? new InstructionError(InstructionErrorKind.UnsupportedSysvar) : null;
    }

    // bincode Vec<(Hash, FeeCalculator)>: u64 length then 40-byte entries; a length the data cannot hold fails.
    private static int? TryReadRecentBlockhashesCount(ReadOnlySpan<byte> data)
    {
        if (data.Length < 8) return null;
        var n = BinaryPrimitives.ReadUInt64LittleEndian(data);
        if (n > (ulong)((data.Length - 8) / 40)) return null;
        return (int)n;
    }
}
