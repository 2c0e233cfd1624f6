using System.Buffers.Binary;
using System.Formats.Tar;
using System.Text;
using Stratus.AccountsDb.Zstd;
using ZstdApi = Stratus.AccountsDb.Zstd.Zstd;

namespace Stratus.AccountsDb.Tests.Zstd;

public sealed class ZstdRoundTripTests
{
    private static byte[] Sample(int length, int seed, bool compressible)
    {
        var data = new byte[length];
        var rng = new Random(seed);
        if (!compressible) rng.NextBytes(data);
        else for (var i = 0; i < length; i++) data[i] = (byte)(rng.Next(32) == 0 ? rng.Next(256) : i / 64 % 251);
        return data;
    }

    [Theory]
    [InlineData(0, 3, true)]
    [InlineData(1, 3, true)]
    [InlineData(100_000, 1, true)]
    [InlineData(100_000, 3, false)]
    [InlineData(300_000, 19, true)]
    [InlineData(300_000, -5, true)]
    public void One_shot_and_streaming_round_trip(int length, int level, bool compressible)
    {
        var data = Sample(length, length + level, compressible);
        var oneShot = ZstdApi.Compress(data, level);
        Assert.Equal(data, ZstdApi.Decompress(oneShot));
        if (compressible && length >= 100_000) Assert.True(oneShot.Length < length / 2, $"compressed to {oneShot.Length}");

        using var sink = new MemoryStream();
        using (var z = new ZstdCompressStream(sink, level, leaveOpen: true))
        {
            // Irregular write sizes.
            for (var pos = 0; pos < data.Length;)
            {
                var n = Math.Min(data.Length - pos, 1 + pos % 70_001);
                z.Write(data, pos, n);
                pos += n;
            }
        }
        Assert.Equal(data, ZstdApi.Decompress(sink.ToArray()));
    }

    [Fact]
    public void Single_byte_reads_decode_the_same_bytes()
    {
        var data = Sample(50_000, 1, compressible: true);
        using var z = new ZstdDecompressStream(new MemoryStream(ZstdApi.Compress(data)));
        var output = new List<byte>();
        int b;
        while ((b = z.ReadByte()) >= 0) output.Add((byte)b);
        Assert.Equal(data, output);
    }

    [Fact]
    public void Concatenated_frames_and_skippable_frames_decode_as_one_stream()
    {
        var a = Sample(10_000, 1, true);
        var b = Sample(20_000, 2, false);
        var c = Sample(5_000, 3, true);

        // A skippable frame (magic 0x184D2A50..5F, 4-byte little-endian size, payload) between data frames.
        var skippable = new byte[8 + 13];
        BinaryPrimitives.WriteUInt32LittleEndian(skippable, 0x184D2A5A);
        BinaryPrimitives.WriteUInt32LittleEndian(skippable.AsSpan(4), 13);
        var concatenated = ZstdApi.Compress(a).Concat(skippable).Concat(ZstdApi.Compress(b, checksum: false)).Concat(ZstdApi.Compress(c)).ToArray();
        Assert.Equal(a.Concat(b).Concat(c).ToArray(), ZstdApi.Decompress(concatenated));

        using var sink = new MemoryStream();
        using (var z = new ZstdCompressStream(sink, leaveOpen: true))
        {
            z.Write(a);
            z.EndFrame();
            z.EndFrame(); // no data since: no empty frame
            z.Write(b);
            z.Flush();
            z.Write(c);
        }
        Assert.Equal(a.Concat(b).Concat(c).ToArray(), ZstdApi.Decompress(sink.ToArray()));
    }

    [Fact]
    public void Empty_input_decodes_to_nothing_and_an_empty_stream_still_writes_a_frame()
    {
        Assert.Empty(ZstdApi.Decompress([]));
        using var sink = new MemoryStream();
        new ZstdCompressStream(sink, leaveOpen: true).Dispose();
        Assert.True(sink.Length > 0);
        Assert.Empty(ZstdApi.Decompress(sink.ToArray()));
    }

    [Fact]
    public void Garbage_and_trailing_garbage_are_rejected_with_zstd_reason()
    {
        var garbage = Encoding.ASCII.GetBytes("this is not a zstd frame at all");
        var e = Assert.Throws<ZstdException>(() => ZstdApi.Decompress(garbage));
        Assert.Equal(ZstdErrorCode.PrefixUnknown, e.ErrorCode);
        Assert.Contains("Unknown frame descriptor", e.Message);

        var valid = ZstdApi.Compress(Sample(1000, 1, true));
        var trailing = Assert.Throws<ZstdException>(() => ZstdApi.Decompress([.. valid, 1, 2, 3, 4, 5]));
        Assert.Equal(ZstdErrorCode.PrefixUnknown, trailing.ErrorCode);
        Assert.Equal(valid.Length, trailing.CompressedOffset);

        // A trailing partial magic number is a truncated frame, not silently ignored.
        var partial = Assert.Throws<ZstdException>(() => ZstdApi.Decompress([.. valid, 0x28, 0xB5]));
        Assert.Equal(ZstdErrorCode.Truncated, partial.ErrorCode);
    }

    [Fact]
    public void A_decoding_error_is_sticky()
    {
        var bad = Encoding.ASCII.GetBytes("not zstd");
        using var z = new ZstdDecompressStream(new MemoryStream(bad));
        var first = Assert.Throws<ZstdException>(() => z.Read(new byte[16]));
        var second = Assert.Throws<ZstdException>(() => z.Read(new byte[16]));
        Assert.Same(first, second);
    }

    [Fact]
    public void Random_mutations_of_checksummed_data_never_decode_to_different_bytes()
    {
        var data = Sample(200_000, 9, true);
        var compressed = ZstdApi.Compress(data, 3, checksum: true);
        var rng = new Random(1234);
        var harmless = 0;
        for (var round = 0; round < 300; round++)
        {
            var mutated = (byte[])compressed.Clone();
            var flips = 1 + rng.Next(4);
            for (var f = 0; f < flips; f++) mutated[rng.Next(mutated.Length)] ^= (byte)(1 + rng.Next(255));
            try
            {
                // Bits the decoder never reads may change harmlessly; anything else must fail the checksum or parse.
                Assert.Equal(data, ZstdApi.Decompress(mutated));
                harmless++;
            }
            catch (ZstdException)
            {
            }
        }
        Assert.True(harmless < 10, $"{harmless} mutations decoded");
    }

    [Fact]
    public void Synthetic_tar_zst_snapshot_round_trips_through_tar_writer_and_reader()
    {
        var files = new Dictionary<string, byte[]>
        {
            ["version"] = Encoding.ASCII.GetBytes("1.2.0"),
            ["snapshots/status_cache"] = Sample(3000, 1, false),
            ["snapshots/7/7"] = Sample(50_000, 2, true),
            ["accounts/7.0"] = Sample(400_000, 3, true),
        };
        using var archive = new MemoryStream();
        using (var z = new ZstdCompressStream(archive, level: 1, leaveOpen: true))
        using (var tar = new TarWriter(z, TarEntryFormat.Gnu, leaveOpen: true))
        {
            foreach (var (name, bytes) in files)
                tar.WriteEntry(new GnuTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) });
        }

        archive.Position = 0;
        var read = new Dictionary<string, byte[]>();
        using (var tar = new TarReader(new ZstdDecompressStream(archive, leaveOpen: true)))
        {
            while (tar.GetNextEntry() is { } entry)
            {
                using var ms = new MemoryStream();
                entry.DataStream!.CopyTo(ms);
                read[entry.Name] = ms.ToArray();
            }
        }
        Assert.Equal(files.Keys, read.Keys);
        foreach (var (name, bytes) in files) Assert.Equal(bytes, read[name]);
    }

    [Fact]
    public void Streams_reject_use_after_dispose_and_unsupported_operations()
    {
        var z = new ZstdDecompressStream(new MemoryStream(ZstdApi.Compress([1, 2, 3])));
        Assert.False(z.CanSeek);
        Assert.False(z.CanWrite);
        Assert.Throws<NotSupportedException>(() => z.Length);
        Assert.Throws<NotSupportedException>(() => z.Write([1], 0, 1));
        z.Dispose();
        Assert.False(z.CanRead);
        Assert.Throws<ObjectDisposedException>(() => z.Read(new byte[4]));

        var c = new ZstdCompressStream(new MemoryStream());
        c.Dispose();
        Assert.Throws<ObjectDisposedException>(() => c.Write([1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ZstdApi.Compress([1], level: 99));
        Assert.StartsWith("1.", ZstdApi.Version);
    }
}
