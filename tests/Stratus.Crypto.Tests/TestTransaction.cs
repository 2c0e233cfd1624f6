using System.Buffers.Binary;

namespace Stratus.Crypto.Tests;

/// <summary>
/// Just enough of the Solana wire format to find signatures, signer keys and message bytes in real
/// data; the full parser lives in Stratus.Core. Throws on malformed input (tests only).
/// </summary>
internal sealed class TestTransaction
{
    public required byte[][] Signatures { get; init; }
    public required byte[] Message { get; init; }
    public required byte[][] AccountKeys { get; init; }

    /// <summary>Parses one transaction at <paramref name="offset"/>; advances it past the transaction.</summary>
    public static TestTransaction Parse(ReadOnlySpan<byte> data, ref int offset)
    {
        var start = offset;
        var sigCount = ReadShortVec(data, ref offset);
        var signatures = new byte[sigCount][];
        for (var i = 0; i < sigCount; i++)
        {
            signatures[i] = data.Slice(offset, 64).ToArray();
            offset += 64;
        }
        var messageStart = offset;
        if ((data[offset] & 0x80) != 0) offset++; // versioned message prefix
        offset += 3; // header
        var keyCount = ReadShortVec(data, ref offset);
        var keys = new byte[keyCount][];
        for (var i = 0; i < keyCount; i++)
        {
            keys[i] = data.Slice(offset, 32).ToArray();
            offset += 32;
        }
        offset += 32; // recent blockhash
        var instructionCount = ReadShortVec(data, ref offset);
        for (var i = 0; i < instructionCount; i++)
        {
            offset++; // program id index
            Skip(data, ref offset);
            Skip(data, ref offset);
        }
        if ((data[messageStart] & 0x80) != 0)
        {
            var lookups = ReadShortVec(data, ref offset);
            for (var i = 0; i < lookups; i++)
            {
                offset += 32;
                Skip(data, ref offset);
                Skip(data, ref offset);
            }
        }
        if (offset > data.Length) throw new FormatException($"transaction at {start} runs past the buffer");
        return new TestTransaction
        {
            Signatures = signatures,
            Message = data[messageStart..offset].ToArray(),
            AccountKeys = keys,
        };
    }

    public static TestTransaction Parse(byte[] data)
    {
        var offset = 0;
        return Parse(data, ref offset);
    }

    /// <summary>Skips a short_vec-prefixed byte array.</summary>
    private static void Skip(ReadOnlySpan<byte> data, ref int offset)
    {
        var length = ReadShortVec(data, ref offset);
        offset += length;
    }

    private static int ReadShortVec(ReadOnlySpan<byte> data, ref int offset)
    {
        var value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[offset++];
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) return value;
        }
    }
}

/// <summary>A bincode ledger entry as the tests need it.</summary>
internal sealed class TestEntry
{
    public ulong NumHashes { get; init; }
    public required byte[] Hash { get; init; }
    public required List<TestTransaction> Transactions { get; init; }

    /// <summary>Reads a bincode Vec&lt;Entry&gt; (u64 count, then entries with a u64 transaction count).</summary>
    public static List<TestEntry> ParseBatch(ReadOnlySpan<byte> data)
    {
        var count = BinaryPrimitives.ReadUInt64LittleEndian(data);
        var offset = 8;
        var entries = new List<TestEntry>();
        for (ulong e = 0; e < count; e++)
        {
            var numHashes = BinaryPrimitives.ReadUInt64LittleEndian(data[offset..]);
            var hash = data.Slice(offset + 8, 32).ToArray();
            var txCount = BinaryPrimitives.ReadUInt64LittleEndian(data[(offset + 40)..]);
            offset += 48;
            var txs = new List<TestTransaction>();
            for (ulong t = 0; t < txCount; t++)
                txs.Add(TestTransaction.Parse(data, ref offset));
            entries.Add(new TestEntry { NumHashes = numHashes, Hash = hash, Transactions = txs });
        }
        return entries;
    }
}
