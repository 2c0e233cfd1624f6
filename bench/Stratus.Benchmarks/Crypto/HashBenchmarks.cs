using BenchmarkDotNet.Attributes;
using Stratus.Crypto;

namespace Stratus.Benchmarks.Crypto;

/// <summary>The other hashes at the sizes the runtime uses them.</summary>
[MemoryDiagnoser]
public class HashBenchmarks
{
    private readonly byte[] _small = new byte[200];
    private readonly byte[] _large = new byte[1 << 20];
    private readonly byte[] _digest = new byte[32];
    private readonly byte[] _latticeOutput = new byte[2048];

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_small);
        new Random(2).NextBytes(_large);
    }

    [Benchmark(Description = "Blake3 200 B → 32 B")]
    public void Blake3Small() => Blake3.Hash(_small, _digest);

    [Benchmark(Description = "Blake3 200 B → 2048 B XOF (lattice hash)")]
    public void Blake3Lattice() => Blake3.Hash(_small, _latticeOutput);

    [Benchmark(Description = "Blake3 1 MiB")]
    public void Blake3Large() => Blake3.Hash(_large, _digest);

    [Benchmark(Description = "Keccak256 200 B")]
    public void KeccakSmall() => Keccak256.Hash(_small, _digest);

    [Benchmark(Description = "Sha256 1 MiB")]
    public void Sha256Large() => Sha256.Hash(_large, _digest);

    [Benchmark(Description = "MessageHash 200 B")]
    public void MessageHashSmall() => MessageHash.Compute(_small, _digest);
}
