using BenchmarkDotNet.Attributes;
using Stratus.Crypto.Bn254;
using Stratus.Crypto.Poseidon;

namespace Stratus.Benchmarks;

/// <summary>
/// The alt_bn128 syscall workloads (EIP-196/197 encodings) and Poseidon: G1 add and mul, a two-pair
/// pairing check (each G2 point validated, as the syscall does), G2 decompression, and Poseidon with
/// 2 and 12 inputs.
/// </summary>
[MemoryDiagnoser]
public class Bn254Benchmarks
{
    private const string G1 = "0000000000000000000000000000000000000000000000000000000000000001" + "0000000000000000000000000000000000000000000000000000000000000002";
    private const string G1Neg = "0000000000000000000000000000000000000000000000000000000000000001" + "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd45";
    private const string G2 = "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c21800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa";

    private readonly byte[] _output = new byte[128];
    private byte[] _add = [];
    private byte[] _mul = [];
    private byte[] _pairing = [];
    private byte[] _g2Compressed = [];
    private byte[][] _two = [];
    private byte[][] _twelve = [];

    [GlobalSetup]
    public void Setup()
    {
        _add = Convert.FromHexString(G1 + G1);
        _mul = Convert.FromHexString(G1 + "30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000000");
        _pairing = Convert.FromHexString(G1 + G2 + G1Neg + G2);
        _g2Compressed = new byte[64];
        AltBn128Compression.G2Compress(Convert.FromHexString(G2), _g2Compressed);
        var one = new byte[32];
        one[31] = 1;
        _two = [one, one];
        _twelve = Enumerable.Repeat(one, 12).ToArray();
    }

    [Benchmark]
    public AltBn128Error G1Add() => AltBn128.Add(_add, _output);

    [Benchmark]
    public AltBn128Error G1Mul() => AltBn128.Multiply(_mul, _output);

    [Benchmark]
    public AltBn128Error PairingCheckTwoPairs() => AltBn128.Pairing(_pairing, _output);

    [Benchmark]
    public AltBn128CompressionError G2Decompress() => AltBn128Compression.G2Decompress(_g2Compressed, _output);

    [Benchmark]
    public PoseidonError PoseidonTwoInputs() => PoseidonHasher.HashBytes(_two, bigEndian: true, _output);

    [Benchmark]
    public PoseidonError PoseidonTwelveInputs() => PoseidonHasher.HashBytes(_twelve, bigEndian: true, _output);
}
