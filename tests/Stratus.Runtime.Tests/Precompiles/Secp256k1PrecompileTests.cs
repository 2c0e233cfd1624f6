using Stratus.Crypto;
using Stratus.Runtime.Precompiles;
using static Stratus.Runtime.Tests.Precompiles.PrecompileData;

namespace Stratus.Runtime.Tests.Precompiles;

public class Secp256k1PrecompileTests
{
    // Produced outside this repository by @solana/web3.js 1.99.0 Secp256k1Program.createInstructionWithPrivateKey
    // (private key 0x11 × 32, message "stratus secp256k1 precompile vector"): the Solana JS SDK's layout,
    // @noble/curves' RFC 6979 signature and recovery id, js-sha3's keccak.
    private const string Web3Single =
        "012000000c0000610023000019e7e376e7c213b7e7e7e46cc70a5dd086daff2ae70144b9bace433533df2c21ee1de30a8978b9a02d0191d4afefe7ac57d84a5e71579bf35f44f0bde4e91a274e706d9e16b3ee8dca4db20b2f29e74f614ec471017374726174757320736563703235366b3120707265636f6d70696c6520766563746f72";

    // Same with instructionIndex: 2 (the instruction must be the transaction's third).
    private const string Web3Index2 =
        "012000020c0002610023000219e7e376e7c213b7e7e7e46cc70a5dd086daff2ae70144b9bace433533df2c21ee1de30a8978b9a02d0191d4afefe7ac57d84a5e71579bf35f44f0bde4e91a274e706d9e16b3ee8dca4db20b2f29e74f614ec471017374726174757320736563703235366b3120707265636f6d70696c6520766563746f72";

    private const string Web3EthAddress = "19e7e376e7c213b7e7e7e46cc70a5dd086daff2a";

    private static readonly byte[] Order = Hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");

    private static PrecompileError? Run(byte[] data, params byte[][] datas)
    {
        var list = InstructionDataList.Of(datas.Length == 0 ? [data] : datas);
        var result = Secp256k1Precompile.Verify(data, list);
        Assert.Equal(result, Secp256k1Precompile.Verify(Misaligned(data).Span, list));
        return result;
    }

    private static PrecompileError? AgaveCase(ushort signatureOffset = 0, byte signatureIndex = 0, ushort ethOffset = 0, byte ethIndex = 0,
        ushort messageOffset = 0, ushort messageSize = 0, byte messageIndex = 0)
        => Run(Secp256k1OffsetsOnly(1, signatureOffset, signatureIndex, ethOffset, ethIndex, messageOffset, messageSize, messageIndex), Zeros100);

    [Fact]
    public void Web3Vector_Verifies()
    {
        var data = Hex(Web3Single);
        Assert.Equal(Web3EthAddress, Convert.ToHexStringLower(data.AsSpan(Secp256k1Precompile.DataStart, 20)));
        Assert.Null(Run(data));
    }

    [Fact]
    public void Web3Vector_AtIndexTwo()
    {
        var data = Hex(Web3Index2);
        Assert.Null(Run(data, [1], [], data));
        // The signature's instruction does not exist: this program's odd choice of error.
        Assert.Equal(PrecompileError.InvalidInstructionDataSize, Run(data, data));
        // Index 2 exists but is short: the signature (with its recovery byte) does not fit.
        Assert.Equal(PrecompileError.InvalidSignature, Run(data, data, data, new byte[40]));
    }

    [Fact]
    public void LocallySignedInstruction_Verifies()
    {
        var secretKey = Enumerable.Repeat((byte)0x42, 32).ToArray();
        Assert.Null(Run(Secp256k1Single(secretKey, "hello"u8)));
        Assert.Null(Run(Secp256k1Single(secretKey, ""u8)));
    }

    // Agave agave-precompiles secp256k1 tests: test_invalid_offsets.
    [Fact]
    public void Agave_InvalidOffsets()
    {
        Assert.Equal(PrecompileError.InvalidInstructionDataSize, Run(Secp256k1OffsetsOnly(1)[..^1], Zeros100));
        Assert.Equal(PrecompileError.InvalidInstructionDataSize, AgaveCase(signatureIndex: 1));
        Assert.Equal(PrecompileError.InvalidDataOffsets, AgaveCase(messageIndex: 1));
        Assert.Equal(PrecompileError.InvalidDataOffsets, AgaveCase(ethIndex: 1));
    }

    // Agave: test_message_data_offsets, test_eth_offset, test_signature_offset.
    [Fact]
    public void Agave_SliceBoundsAreInvalidSignature()
    {
        Assert.Equal(PrecompileError.InvalidSignature, AgaveCase(messageOffset: 99, messageSize: 1));
        Assert.Equal(PrecompileError.InvalidSignature, AgaveCase(messageOffset: 100, messageSize: 1));
        Assert.Equal(PrecompileError.InvalidSignature, AgaveCase(messageOffset: 100, messageSize: 1000));
        Assert.Equal(PrecompileError.InvalidSignature, AgaveCase(messageOffset: ushort.MaxValue, messageSize: ushort.MaxValue));
        Assert.Equal(PrecompileError.InvalidSignature, AgaveCase(ethOffset: ushort.MaxValue));
        Assert.Equal(PrecompileError.InvalidSignature, AgaveCase(ethOffset: 100 - 20 + 1));
        Assert.Equal(PrecompileError.InvalidSignature, AgaveCase(signatureOffset: ushort.MaxValue));
        Assert.Equal(PrecompileError.InvalidSignature, AgaveCase(signatureOffset: 100 - 64 + 1));
    }

    // Agave: test_count_is_zero_but_sig_data_exists.
    [Fact]
    public void Agave_CountZeroWithData()
        => Assert.Equal(PrecompileError.InvalidInstructionDataSize, Run(Secp256k1OffsetsOnly(0), Zeros100));

    [Theory]
    [InlineData(new byte[0], PrecompileError.InvalidInstructionDataSize)]
    [InlineData(new byte[] { 0, 0 }, PrecompileError.InvalidInstructionDataSize)]
    [InlineData(new byte[] { 1 }, PrecompileError.InvalidInstructionDataSize)]
    [InlineData(new byte[] { 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, PrecompileError.InvalidInstructionDataSize)]
    public void SizeRules(byte[] data, PrecompileError expected)
        => Assert.Equal(expected, Secp256k1Precompile.Verify(data, InstructionDataList.Of(data)));

    [Fact]
    public void LoneZeroCountIsAccepted()
        => Assert.Null(Secp256k1Precompile.Verify([0], InstructionDataList.Of()));

    // Agave: test_malleability. libsecp256k1's recover does not reject high S.
    [Fact]
    public void Agave_Malleability_BothSignaturesVerify()
    {
        var secretKey = Enumerable.Repeat((byte)0x07, 32).ToArray();
        var publicKey = new byte[64];
        Assert.True(Secp256k1.DerivePublicKey(secretKey, publicKey));
        var message = "hello"u8.ToArray();
        var signature = new byte[64];
        Assert.True(Secp256k1.SignRecoverable(Keccak256.Hash(message), secretKey, signature, out var recoveryId));
        var alternate = signature.ToArray();
        var n = new System.Numerics.BigInteger(Order, isUnsigned: true, isBigEndian: true);
        var s = new System.Numerics.BigInteger(signature.AsSpan(32), isUnsigned: true, isBigEndian: true);
        var negated = (n - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        Array.Clear(alternate, 32, 32);
        negated.CopyTo(alternate, 64 - negated.Length);

        const int dataStart = 1 + 11 * 2;
        var body = new List<byte>();
        var data = new byte[dataStart];
        data[0] = 2;
        var i = 0;
        foreach (var (sig, id) in new[] { (signature, recoveryId), (alternate, recoveryId ^ 1) })
        {
            var signatureOffset = dataStart + body.Count;
            body.AddRange(sig);
            body.Add((byte)id);
            var ethOffset = dataStart + body.Count;
            body.AddRange(EthAddress(publicKey));
            var messageOffset = dataStart + body.Count;
            body.AddRange(message);
            WriteSecp256k1Offsets(data.AsSpan(1 + 11 * i++), (ushort)signatureOffset, 0, (ushort)ethOffset, 0, (ushort)messageOffset, (ushort)message.Length, 0);
        }
        byte[] full = [.. data, .. body];
        Assert.Null(Run(full));
    }

    [Fact]
    public void RecoveryByteMustExist()
    {
        var data = Hex(Web3Single);
        var signatureAtEnd = data[32..(32 + 64)];
        // Instruction 1 holds only the 64 signature bytes: sig_end == len, so no recovery id.
        var pointing = data.ToArray();
        WriteSecp256k1Offsets(pointing.AsSpan(1), 0, 1, 12, 9, 97, 35, 0);
        Assert.Equal(PrecompileError.InvalidSignature, Run(pointing, pointing, signatureAtEnd));
        // With the recovery byte present, parsing moves on to the (missing) eth address instruction.
        Assert.Equal(PrecompileError.InvalidDataOffsets, Run(pointing, pointing, [.. signatureAtEnd, data[96]]));
    }

    [Fact]
    public void SignatureScalarsMustBeBelowTheOrder_CheckedBeforeTheRecoveryId()
    {
        var data = Hex(Web3Single);
        WriteSecp256k1Offsets(data.AsSpan(1), 32, 0, 12, 9, 97, 35, 0);
        // r = n − 1 parses, so the absent eth address instruction decides.
        var probe = data.ToArray();
        Order.CopyTo(probe, 32);
        probe[63]--;
        Assert.Equal(PrecompileError.InvalidDataOffsets, Run(probe));
        // r = n, s = n: overflow.
        Order.CopyTo(probe, 32);
        Assert.Equal(PrecompileError.InvalidSignature, Run(probe));
        probe = data.ToArray();
        Order.CopyTo(probe, 64);
        Assert.Equal(PrecompileError.InvalidSignature, Run(probe));
        // Overflowing s and a bad recovery id: the signature is parsed first.
        probe[96] = 4;
        Assert.Equal(PrecompileError.InvalidSignature, Run(probe));
    }

    [Theory]
    [InlineData((byte)4)]
    [InlineData((byte)27)]
    [InlineData((byte)255)]
    public void RecoveryIdAboveThree_IsInvalidRecoveryId(byte recoveryId)
    {
        var data = Hex(Web3Single);
        data[96] = recoveryId;
        Assert.Equal(PrecompileError.InvalidRecoveryId, Run(data));
        // It is checked before the eth address is located.
        WriteSecp256k1Offsets(data.AsSpan(1), 32, 0, 12, 9, 97, 35, 0);
        Assert.Equal(PrecompileError.InvalidRecoveryId, Run(data));
    }

    [Fact]
    public void ZeroScalarsParseButFailToRecover()
    {
        var data = Hex(Web3Single);
        Array.Clear(data, 32, 32);
        Assert.Equal(PrecompileError.InvalidSignature, Run(data));
    }

    [Fact]
    public void WrongAddressOrOtherRecoveryId_IsInvalidSignature()
    {
        var data = Hex(Web3Single);
        data[12] ^= 1;
        Assert.Equal(PrecompileError.InvalidSignature, Run(data));
        data = Hex(Web3Single);
        data[96] ^= 1;
        Assert.Equal(PrecompileError.InvalidSignature, Run(data));
    }

    [Fact]
    public void EveryTruncation_Fails()
    {
        var data = Hex(Web3Single);
        for (var length = 0; length < data.Length; length++)
        {
            var truncated = data[..length];
            var error = Secp256k1Precompile.Verify(truncated, InstructionDataList.Of(truncated));
            if (length < Secp256k1Precompile.DataStart) Assert.Equal(PrecompileError.InvalidInstructionDataSize, error);
            else Assert.Equal(PrecompileError.InvalidSignature, error);
        }
    }

    [Fact]
    public void EveryByteMutation_Fails()
    {
        var original = Hex(Web3Single);
        for (var index = 0; index < original.Length; index++)
        {
            foreach (var delta in new byte[] { 1, 12, 0x80 })
            {
                var data = original.ToArray();
                data[index] += delta;
                Assert.NotNull(Secp256k1Precompile.Verify(data, InstructionDataList.Of(data)));
            }
        }
    }

    [Fact]
    public void RandomData_NeverThrows()
    {
        var random = new Random(11);
        var valid = Hex(Web3Single);
        for (var i = 0; i < 2000; i++)
        {
            var data = random.Next(4) == 0 ? valid.ToArray() : new byte[random.Next(0, 140)];
            if (data.Length != valid.Length || random.Next(2) == 0) random.NextBytes(data.AsSpan(0, Math.Min(data.Length, 12)));
            if (data.Length > 0) data[0] = (byte)random.Next(0, 3);
            for (var r = 0; r < (data.Length - 1) / 11 && r < 2; r++)
            {
                data[1 + 11 * r + 2] = (byte)random.Next(0, 3);
                data[1 + 11 * r + 5] = (byte)random.Next(0, 3);
                data[1 + 11 * r + 10] = (byte)random.Next(0, 3);
            }
            var other = new byte[random.Next(0, 130)];
            random.NextBytes(other);
            _ = Secp256k1Precompile.Verify(data, InstructionDataList.Of(data, other));
        }
    }
}
