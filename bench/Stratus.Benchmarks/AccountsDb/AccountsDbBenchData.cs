using System.Security.Cryptography;
using Stratus.AccountsDb.RocksDb;

namespace Stratus.Benchmarks.AccountsDb;

/// <summary>
/// Account-shaped data for the RocksDB benchmarks: 32-byte pseudo-random keys (like pubkeys) and ~200-byte
/// values, generated deterministically so every run measures the same database.
/// </summary>
internal static class AccountsDbBenchData
{
    public const int KeySize = 32;
    public const int ValueSize = 200;

    /// <summary>Keys in ascending byte order, packed: key i is bytes [i*32, i*32+32).</summary>
    public static byte[] SortedKeys(int count, int seed)
    {
        var keys = new byte[count * KeySize];
        new Random(seed).NextBytes(keys);
        var order = new byte[count][];
        for (var i = 0; i < count; i++) order[i] = keys.AsSpan(i * KeySize, KeySize).ToArray();
        Array.Sort(order, (a, b) => a.AsSpan().SequenceCompareTo(b));
        for (var i = 0; i < count; i++) order[i].CopyTo(keys, i * KeySize);
        return keys;
    }

    /// <summary>A value that compresses about like account data (a varying header, then mostly-structured bytes).</summary>
    public static void FillValue(Span<byte> value, int i)
    {
        Span<byte> seed = stackalloc byte[4];
        BitConverter.TryWriteBytes(seed, i);
        SHA256.HashData(seed, value[..32]);
        for (var j = 32; j < value.Length; j++) value[j] = (byte)((i >> (j % 24)) ^ j);
    }

    /// <summary>Writes <paramref name="count"/> sorted entries into SST files of at most <paramref name="perFile"/> entries each.</summary>
    public static List<string> WriteSstFiles(string directory, byte[] sortedKeys, int count, int perFile, RocksDbOptions options)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        Span<byte> value = stackalloc byte[ValueSize];
        for (var start = 0; start < count; start += perFile)
        {
            var path = Path.Combine(directory, $"{files.Count:D4}.sst");
            using var writer = SstFileWriter.Create(path, options);
            for (var i = start; i < Math.Min(count, start + perFile); i++)
            {
                FillValue(value, i);
                writer.Put(sortedKeys.AsSpan(i * KeySize, KeySize), value);
            }
            writer.Finish();
            files.Add(path);
        }
        return files;
    }

    public static string TempDirectory(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "stratus-bench", name + "-" + Environment.ProcessId);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
