using Stratus.Core;
using Stratus.Core.Serialization;
using Stratus.Core.Transactions;
using Stratus.Runtime.Sysvars;

namespace Stratus.Runtime.Programs.Vote;

/// <summary>The SlotHashes sysvar as the vote program reads it: (slot, hash) pairs, newest first.</summary>
public static class SlotHashes
{
    /// <summary>The sysvar cache's slot hashes; UnsupportedSysvar when absent or not decodable.</summary>
    public static InstructionError? Get(SysvarCache sysvars, out (ulong Slot, Hash Hash)[] entries)
    {
        entries = [];
        if (!sysvars.TryGetRaw(SysvarIds.SlotHashes, out var raw) || !TryParse(raw, out entries))
            return new InstructionError(InstructionErrorKind.UnsupportedSysvar);
        return null;
    }

    public static bool TryParse(ReadOnlySpan<byte> data, out (ulong Slot, Hash Hash)[] entries)
    {
        var r = new BincodeReader(data);
        var n = r.ReadLength(40);
        entries = new (ulong, Hash)[r.Ok ? n : 0];
        for (var i = 0; i < entries.Length; i++) entries[i] = (r.ReadU64(), r.ReadHash());
        if (!r.Ok) entries = [];
        return r.Ok;
    }

    public static byte[] Serialize(ReadOnlySpan<(ulong Slot, Hash Hash)> entries)
    {
        var w = new BincodeWriter(8 + 40 * entries.Length);
        w.WriteU64((ulong)entries.Length);
        foreach (var (slot, hash) in entries)
        {
            w.WriteU64(slot);
            w.WriteHash(hash);
        }
        return w.ToArray();
    }
}
