using System.Buffers.Binary;

namespace Stratus.Core.Tests.Features;

/// <summary>
/// Test-only reader for the accounts map at the start of a bincode <c>GenesisConfig</c>: creation_time i64, then
/// u64 count of (pubkey, Account { lamports u64, data Vec&lt;u8&gt;, owner, executable bool, rent_epoch u64 }).
/// </summary>
internal static class GenesisAccounts
{
    public readonly record struct Entry(Pubkey Key, ulong Lamports, byte[] Data, Pubkey Owner, bool Executable, ulong RentEpoch);

    public static List<Entry> Read(byte[] genesis)
    {
        var span = genesis.AsSpan();
        var pos = 8;
        var count = BinaryPrimitives.ReadUInt64LittleEndian(span[pos..]);
        pos += 8;
        var entries = new List<Entry>();
        for (ulong i = 0; i < count; i++)
        {
            var key = Pubkey.Read(span[pos..]);
            pos += 32;
            var lamports = BinaryPrimitives.ReadUInt64LittleEndian(span[pos..]);
            var length = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(span[(pos + 8)..]));
            pos += 16;
            var data = span.Slice(pos, length).ToArray();
            pos += length;
            var owner = Pubkey.Read(span[pos..]);
            var executable = span[pos + 32] != 0;
            var rentEpoch = BinaryPrimitives.ReadUInt64LittleEndian(span[(pos + 33)..]);
            pos += 41;
            entries.Add(new Entry(key, lamports, data, owner, executable, rentEpoch));
        }
        return entries;
    }
}
