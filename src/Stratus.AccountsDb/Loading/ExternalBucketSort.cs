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
                var valueLength = StagingBuckets.RecordValueLength(bytes, offset, bytes.Length, bucket);
                var record = bytes.Slice(offset + 4, StagingBuckets.KeyLength + valueLength);
                record.CopyTo(_runs.Append(valueLength));
                offset += 4 + record.Length;
            }
        });
        Sorted = _runs.Finish();
    }

    public RunMerger Sorted { get; }

    public void Dispose()
    {
        Sorted.Dispose();
        _runs.Dispose();
    }
}
