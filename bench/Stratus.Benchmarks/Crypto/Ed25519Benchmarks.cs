using BenchmarkDotNet.Attributes;
using Stratus.Crypto;

namespace Stratus.Benchmarks.Crypto;

/// <summary>Ed25519 verification on one core over a typical 250-byte transaction message.</summary>
[MemoryDiagnoser]
public class Ed25519Benchmarks
{
    private readonly byte[] _message = new byte[250];
    private readonly byte[] _publicKey = new byte[32];
    private readonly byte[] _signature = new byte[64];
    private readonly byte[] _identityKey = Convert.FromHexString("0100000000000000000000000000000000000000000000000000000000000000");

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_message);
        var secretKey = new byte[64];
        Ed25519.KeyPairFromSeed(Enumerable.Repeat((byte)7, 32).ToArray(), _publicKey, secretKey);
        Ed25519.Sign(_message, secretKey, _signature);
    }

    [Benchmark(Baseline = true, Description = "VerifyStrict (transactions)")]
    public Ed25519Result VerifyStrict() => Ed25519.VerifyStrict(_signature, _message, _publicKey);

    [Benchmark(Description = "Verify (precompile, pre-SIMD-0152)")]
    public Ed25519Result Verify() => Ed25519.Verify(_signature, _message, _publicKey);

    [Benchmark(Description = "Verify, small-order key (managed fallback)")]
    public Ed25519Result VerifyFallback() => Ed25519.Verify(_signature, _message, _identityKey);
}
