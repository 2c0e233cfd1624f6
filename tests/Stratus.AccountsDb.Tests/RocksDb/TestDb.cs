using System.Text;
using Stratus.AccountsDb.RocksDb;

namespace Stratus.AccountsDb.Tests.RocksDb;

/// <summary>Small-footprint settings and helpers shared by the RocksDB tests.</summary>
internal static class TestDb
{
    public static readonly RocksDbOptions Small = new()
    {
        WriteBufferSize = 1UL << 20,
        BlockCacheSize = 4UL << 20,
        TargetFileSizeBase = 4UL << 20,
        EnableStatistics = true,
    };

    public static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    public static string S(byte[]? b) => b == null ? "<null>" : Encoding.UTF8.GetString(b);

    public static string S(ReadOnlySpan<byte> b) => Encoding.UTF8.GetString(b);

    /// <summary>Big-endian 8-byte key, so numeric order equals byte order.</summary>
    public static byte[] Key(long i)
    {
        var k = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(k, i);
        return k;
    }
}
