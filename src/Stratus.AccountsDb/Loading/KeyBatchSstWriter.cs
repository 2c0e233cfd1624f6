using System.Collections.Concurrent;
using Stratus.AccountsDb.RocksDb;

namespace Stratus.AccountsDb.Loading;

/// <summary>
/// Writes a sorted stream of fixed-length keys with empty values (the owner index) as SST files on several threads:
/// the stream is cut into batches of consecutive keys, each batch becomes one SST file, and batches are written in
/// parallel while the next is filled. Building the table is the expensive part; cutting the stream is a copy.
/// </summary>
internal static class KeyBatchSstWriter
{
    /// <returns>The SST files in key order.</returns>
    public static List<string> Write(RunSource sorted, int keyLength, int keysPerFile, int threads, string directory, string name,
        RocksDbOptions database, ColumnFamilyOptions fileOptions)
    {
        threads = Math.Max(1, threads);
        var files = new List<string>();
        var free = new BlockingCollection<byte[]>();
        for (var i = 0; i < threads + 1; i++) free.Add(GC.AllocateUninitializedArray<byte>(keysPerFile * keyLength));
        using var work = new BlockingCollection<(byte[] Keys, int Count, string Path)>(threads);
        var writers = new Task[threads];
        for (var t = 0; t < threads; t++)
        {
            writers[t] = Task.Factory.StartNew(() =>
            {
                foreach (var (keys, count, path) in work.GetConsumingEnumerable())
                {
                    using (var writer = SstFileWriter.Create(path, database, fileOptions))
                    {
                        for (var i = 0; i < count; i++) writer.Put(keys.AsSpan(i * keyLength, keyLength), []);
                        writer.Finish();
                    }
                    free.Add(keys);
                }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        try
        {
            using (sorted)
            {
                byte[]? batch = null;
                var count = 0;
                while (sorted.MoveNext())
                {
                    var key = sorted.Key;
                    if (key.Length != keyLength) throw new SnapshotLoadException(SnapshotLoadError.Staging, $"{name} key of {key.Length} bytes, expected {keyLength}");
                    batch ??= Take(free, writers);
                    key.CopyTo(batch.AsSpan(count * keyLength));
                    if (++count < keysPerFile) continue;
                    Submit(batch, count);
                    batch = null;
                    count = 0;
                }
                if (batch != null && count > 0) Submit(batch, count);
            }
        }
        finally
        {
            work.CompleteAdding();
            try
            {
                Task.WaitAll(writers);
            }
            catch (AggregateException e)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
            }
        }
        return files;

        void Submit(byte[] keys, int count)
        {
            var path = Path.Combine(directory, $"{name}-{files.Count:D6}.sst");
            files.Add(path);
            while (!work.TryAdd((keys, count, path), 100))
                foreach (var writer in writers)
                    if (writer.IsFaulted) writer.GetAwaiter().GetResult();
        }
    }

    /// <summary>A free batch, or the writers' error if one of them failed (it would never return its batch).</summary>
    private static byte[] Take(BlockingCollection<byte[]> free, Task[] writers)
    {
        while (true)
        {
            if (free.TryTake(out var batch, 100)) return batch;
            foreach (var writer in writers)
                if (writer.IsFaulted) writer.GetAwaiter().GetResult();
        }
    }
}
