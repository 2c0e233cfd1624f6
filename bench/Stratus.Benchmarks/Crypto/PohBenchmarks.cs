using BenchmarkDotNet.Attributes;
using Stratus.Crypto;

namespace Stratus.Benchmarks.Crypto;

/// <summary>
/// PoH hashing on one core: sha256 over a 32-byte state. The chain benchmark reports time per hash
/// (OperationsPerInvoke); hashes/s = 1e9 / mean ns.
/// </summary>
[MemoryDiagnoser]
public class PohBenchmarks
{
    /// <summary>Mainnet's hashes_per_tick.</summary>
    private const int HashesPerTick = 62_500;

    private readonly byte[] _state = new byte[32];
    private readonly byte[] _output = new byte[32];

    [Benchmark(OperationsPerInvoke = HashesPerTick, Description = "Poh.HashChain (per hash)")]
    public void HashChain() => Poh.HashChain(_state, HashesPerTick);

    [Benchmark(Description = "Sha256.Hash32 one call")]
    public void Hash32() => Sha256.Hash32(_state, _output);

    [Benchmark(Description = "Sha256.Hash (general path, 32 B)")]
    public void HashGeneral() => Sha256.Hash(_state, _output);

    [Benchmark(Baseline = true, Description = "System.Security.Cryptography.SHA256.HashData (32 B)")]
    public void DotNetHashData() => System.Security.Cryptography.SHA256.HashData(_state, _output);
}
