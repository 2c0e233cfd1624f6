using System.Buffers.Binary;

namespace Stratus.Runtime.Sysvars;

/// <summary>The Clock sysvar (40 bytes: slot, epoch_start_timestamp, epoch, leader_schedule_epoch, unix_timestamp).</summary>
public sealed record Clock(ulong Slot, long EpochStartTimestamp, ulong Epoch, ulong LeaderScheduleEpoch, long UnixTimestamp)
{
    public const int SerializedSize = 40;

    public static Clock Default { get; } = new(0, 0, 0, 0, 0);

    public static bool TryRead(ReadOnlySpan<byte> data, out Clock clock)
    {
        clock = Default;
        if (data.Length < SerializedSize) return false;
        clock = new Clock(
            BinaryPrimitives.ReadUInt64LittleEndian(data),
            BinaryPrimitives.ReadInt64LittleEndian(data[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(data[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(data[24..]),
            BinaryPrimitives.ReadInt64LittleEndian(data[32..]));
        return true;
    }

    public byte[] Serialize()
    {
        var b = new byte[SerializedSize];
        BinaryPrimitives.WriteUInt64LittleEndian(b, Slot);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(8), EpochStartTimestamp);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(16), Epoch);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(24), LeaderScheduleEpoch);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(32), UnixTimestamp);
        return b;
    }
}
