using System.Buffers.Binary;

namespace Stratus.AccountsDb.Loading;

/// <summary>A bucket too large to sort in memory, sorted through <see cref="SortedRuns"/> (runs on disk, then a k-way merge).</summary>
internal sealed class ExternalBucketSort : IDisposable
{
    private readonly SortedRuns _runs;

    public ExternalBucketSort(StagingBuckets buckets, StagingBuckets.Bucket bucket, StagingBuckets.BucketReader reader, string directory, long memoryBytes)
    {
        _runs = new SortedRuns(directory, (int)Math.Clamp(memoryBytes / 4, 1 << 16, int.MaxValue), StagingBuckets.KeyLength);
        buckets.StreamChunks(bucket, reader, chunk =>
        {
            var bytes = chunk.Span;
            var offset = 0;
            while (offset < bytes.Length)
            {
                if (bytes.Length - offset < StagingBuckets.RecordOverhead) throw Damaged(bucket, offset);
                var valueLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes[offset..]);
                if (valueLength > (uint)(bytes.Length - offset - StagingBuckets.RecordOverhead)) throw Damaged(bucket, offset);
                var record = bytes.Slice(offset + 4, StagingBuckets.KeyLength + (int)valueLength);
                record.CopyTo(_runs.Append((int)valueLength));
                offset += 4 + record.Length;
            }
        });
        Sorted = _runs.Finish();
    }

    private static SnapshotLoadException Damaged(StagingBuckets.Bucket bucket, int offset) =>
        new(SnapshotLoadError.Staging, $"staging bucket {bucket.Index} is damaged: record at offset {offset} runs past its chunk");

    public RunMerger Sorted { get; }

    public void Dispose()
    {
        Sorted.Dispose();
        _runs.Dispose();
    }
}
