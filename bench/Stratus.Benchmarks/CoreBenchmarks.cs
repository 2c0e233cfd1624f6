using BenchmarkDotNet.Attributes;
using Stratus.Core;
using Stratus.Core.Encoding;
using Stratus.Core.Serialization;
using Stratus.Core.Transactions;

namespace Stratus.Benchmarks;

/// <summary>Base58 for keys and signatures (RPC output and input) and transaction decoding plus sanitize (replay).</summary>
[MemoryDiagnoser]
public class CoreBenchmarks
{
    private Pubkey _key;
    private Signature _signature;
    private string _keyText = "";
    private string _signatureText = "";
    private byte[] _transaction = [];
    private readonly char[] _chars = new char[Signature.MaxBase58Length];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        var bytes = new byte[64];
        rng.NextBytes(bytes);
        _key = new Pubkey(bytes.AsSpan(0, 32));
        _signature = new Signature(bytes);
        _keyText = _key.ToString();
        _signatureText = _signature.ToString();

        // A typical transfer-sized v0 transaction: 1 signer, 6 static keys, 3 instructions, 2 lookups.
        var keys = Enumerable.Range(0, 6).Select(i => { var k = new byte[32]; rng.NextBytes(k); return new Pubkey(k); }).ToArray();
        var message = Message.Create(MessageVersion.V0, new MessageHeader(1, 0, 2), keys, default,
            [
                new CompiledInstructionSpec(5, [], [2, 64, 13, 3, 0]),
                new CompiledInstructionSpec(4, [0, 1, 6, 7, 8], new byte[40]),
                new CompiledInstructionSpec(4, [1, 2, 9], new byte[9]),
            ],
            [
                new AddressTableLookupSpec(keys[3], [1, 2], [3]),
                new AddressTableLookupSpec(keys[2], [7], [8, 9]),
            ]);
        var writer = new BincodeWriter();
        Transaction.Write(writer, [_signature], message.Span);
        _transaction = writer.ToArray();
    }

    [Benchmark]
    public int EncodePubkey() => _key.TryFormat(_chars, out var n, default, null) ? n : 0;

    [Benchmark]
    public Pubkey DecodePubkey() => Pubkey.Parse(_keyText);

    [Benchmark]
    public int EncodeSignature() => _signature.TryFormat(_chars, out var n, default, null) ? n : 0;

    [Benchmark]
    public Signature DecodeSignature() => Signature.Parse(_signatureText);

    [Benchmark]
    public bool ParseAndSanitizeTransaction()
    {
        Transaction.TryParse(_transaction, out var tx, out _);
        return tx!.Verify(out _) == null;
    }

    [Benchmark]
    public int MeasureTransaction() => Transaction.TryMeasure(_transaction, out var length).IsOk ? length : 0;
}
