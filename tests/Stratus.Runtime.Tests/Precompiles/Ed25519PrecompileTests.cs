using Stratus.Runtime.Precompiles;
using static Stratus.Runtime.Tests.Precompiles.PrecompileData;

namespace Stratus.Runtime.Tests.Precompiles;

public class Ed25519PrecompileTests
{
    // Produced outside this repository by @solana/web3.js 1.99.0 Ed25519Program.createInstructionWithPrivateKey
    // (Keypair.fromSeed(0x01..0x20), message "stratus ed25519 precompile vector"): the Solana JS SDK's layout
    // and @noble/ed25519's signature.
    private const string Web3Single =
        "01003000ffff1000ffff70002100ffff79b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664721fd512a8f64355fbbbf82c0bbd2b089af9071c0b107de7d45b09653f915e649d2014b43058c07ae2660ae1b70dd40fbd44205fcaf80e560ff285258f0ea40673747261747573206564323535313920707265636f6d70696c6520766563746f72";

    // Same key and message with instructionIndex: 1, so the instruction must sit at index 1 of its transaction.
    private const string Web3Index1 =
        "0100300001001000010070002100010079b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664721fd512a8f64355fbbbf82c0bbd2b089af9071c0b107de7d45b09653f915e649d2014b43058c07ae2660ae1b70dd40fbd44205fcaf80e560ff285258f0ea40673747261747573206564323535313920707265636f6d70696c6520766563746f72";

    // Same key, empty message.
    private const string Web3EmptyMessage =
        "01003000ffff1000ffff70000000ffff79b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664d9452bd4cc80bcecf4a18895094646e91a5a9bbf1b2707e05396b2cf67c9c2b7d9b847a0d562425ccbb71038c7649fdcbfd76ee0e8247c8ec9326999b6256a0b";

    // C2SP CCTV ed25519 vector 5 as used by Agave's test_ed25519_malleability: R = 0 (small order), so
    // dalek verify accepts it and verify_strict refuses it.
    private const string CctvPublicKey = "10eb7c3acfb2bed3e0d6ab89bf5a3d6afddd1176ce4812e38d9fd485058fdb1f";
    private const string CctvSignature = "00000000000000000000000000000000000000000000000000000000000000009472a69cd9a701a50d130ed52189e2455b23767db52cacb8716fb896ffeeac09";

    // y = 2 is not the y-coordinate of any edwards25519 point (checked independently: (y²−1)/(d·y²+1) is a non-residue mod p).
    private static readonly byte[] OffCurveKey = Hex("0200000000000000000000000000000000000000000000000000000000000000");

    private static PrecompileError? Run(byte[] data, bool strict = true, params byte[][] datas)
    {
        var list = InstructionDataList.Of(datas.Length == 0 ? [data] : datas);
        var aligned = Ed25519Precompile.Verify(data, list, strict);
        // The record is read byte-wise: the same bytes one off alignment must give the same answer.
        Assert.Equal(aligned, Ed25519Precompile.Verify(Misaligned(data).Span, list, strict));
        return aligned;
    }

    private static PrecompileError? AgaveCase(SignatureOffsets offsets) => Run(OffsetsOnly(1, offsets), true, Zeros100);

    [Fact]
    public void Web3Vectors_Verify_UnderBothRules()
    {
        foreach (var hex in new[] { Web3Single, Web3EmptyMessage })
        {
            Assert.Null(Run(Hex(hex), strict: true));
            Assert.Null(Run(Hex(hex), strict: false));
        }
    }

    [Fact]
    public void InstructionIndexPointsIntoTheTransaction()
    {
        var data = Hex(Web3Index1);
        Assert.Null(Run(data, true, [7, 7, 7], data));
        // Index 1 does not exist in a one-instruction transaction.
        Assert.Equal(PrecompileError.InvalidDataOffsets, Run(data, true, data));
        // Index 1 exists but holds other bytes: offsets beyond its end.
        Assert.Equal(PrecompileError.InvalidDataOffsets, Run(data, true, data, [1, 2, 3]));
    }

    // Agave agave-precompiles ed25519 tests: test_invalid_offsets.
    [Fact]
    public void Agave_InvalidOffsets()
    {
        var truncated = OffsetsOnly(1, default)[..^1];
        Assert.Equal(PrecompileError.InvalidInstructionDataSize, Run(truncated, true, Zeros100));
        Assert.Equal(PrecompileError.InvalidDataOffsets, AgaveCase(new SignatureOffsets { SignatureInstructionIndex = 1 }));
        Assert.Equal(PrecompileError.InvalidDataOffsets, AgaveCase(new SignatureOffsets { MessageInstructionIndex = 1 }));
        Assert.Equal(PrecompileError.InvalidDataOffsets, AgaveCase(new SignatureOffsets { PublicKeyInstructionIndex = 1 }));
    }

    // Agave: test_message_data_offsets.
    [Fact]
    public void Agave_MessageDataOffsets()
    {
        Assert.Equal(PrecompileError.InvalidSignature, AgaveCase(new SignatureOffsets { MessageDataOffset = 99, MessageDataSize = 1 }));
        Assert.Equal(PrecompileError.InvalidDataOffsets, AgaveCase(new SignatureOffsets { MessageDataOffset = 100, MessageDataSize = 1 }));
        Assert.Equal(PrecompileError.InvalidDataOffsets, AgaveCase(new SignatureOffsets { MessageDataOffset = 100, MessageDataSize = 1000 }));
        Assert.Equal(PrecompileError.InvalidDataOffsets, AgaveCase(new SignatureOffsets { MessageDataOffset = ushort.MaxValue, MessageDataSize = ushort.MaxValue }));
    }

    // Agave: test_pubkey_offset and test_signature_offset.
    [Fact]
    public void Agave_PublicKeyAndSignatureOffsets()
    {
        Assert.Equal(PrecompileError.InvalidDataOffsets, AgaveCase(new SignatureOffsets { PublicKeyOffset = ushort.MaxValue }));
        Assert.Equal(PrecompileError.InvalidDataOffsets, AgaveCase(new SignatureOffsets { PublicKeyOffset = 100 - 32 + 1 }));
        // The last offset that fits: the zero key decodes, so verification itself is what fails.
        Assert.Equal(PrecompileError.InvalidSignature, AgaveCase(new SignatureOffsets { PublicKeyOffset = 100 - 32 }));
        Assert.Equal(PrecompileError.InvalidSignature, AgaveCase(new SignatureOffsets { SignatureOffset = 100 - 64 }));
        Assert.Equal(PrecompileError.InvalidDataOffsets, AgaveCase(new SignatureOffsets { SignatureOffset = ushort.MaxValue }));
        Assert.Equal(PrecompileError.InvalidDataOffsets, AgaveCase(new SignatureOffsets { SignatureOffset = 100 - 64 + 1 }));
    }

    // Agave: test_ed25519_malleability.
    [Fact]
    public void Agave_Malleability_VerifyAcceptsSmallOrderR_StrictRefuses()
    {
        var data = Ed25519Single(Hex(CctvPublicKey), Hex(CctvSignature), "ed25519vectors 3"u8);
        Assert.Null(Run(data, strict: false));
        Assert.Equal(PrecompileError.InvalidSignature, Run(data, strict: true));
    }

    [Theory]
    [InlineData(new byte[0], PrecompileError.InvalidInstructionDataSize)]
    [InlineData(new byte[] { 0 }, PrecompileError.InvalidInstructionDataSize)]
    [InlineData(new byte[] { 1 }, PrecompileError.InvalidInstructionDataSize)]
    [InlineData(new byte[] { 0, 0, 0 }, PrecompileError.InvalidInstructionDataSize)]
    [InlineData(new byte[] { 1, 0 }, PrecompileError.InvalidInstructionDataSize)]
    public void SizeRules(byte[] data, PrecompileError expected)
        => Assert.Equal(expected, Ed25519Precompile.Verify(data, InstructionDataList.Of(data), true));

    [Theory]
    [InlineData((byte)0)]
    [InlineData((byte)0xFF)]
    public void ZeroSignaturesWithOnlyThePaddingByteIsAccepted(byte padding)
        => Assert.Null(Ed25519Precompile.Verify([0, padding], InstructionDataList.Of(), true));

    [Fact]
    public void CountBeyondTheRecordsPresentIsInvalidSize()
    {
        var data = new byte[2 + 14 * 2 - 1];
        data[0] = 2;
        Assert.Equal(PrecompileError.InvalidInstructionDataSize, Run(data));
        // 255 records of zeros fit exactly: the first is then checked (zero key decodes, verification fails).
        var full = new byte[2 + 14 * 255];
        full[0] = 255;
        Assert.Equal(PrecompileError.InvalidSignature, Run(full, true, Zeros100));
    }

    [Fact]
    public void PartialScalarCheck_ComesBeforeLocatingTheKey()
    {
        // Signature from instruction 0 (zeros except S's top byte); the key's instruction does not exist.
        var datas = new byte[100];
        var offsets = new SignatureOffsets { PublicKeyInstructionIndex = 9 };
        datas[63] = 0x20;
        Assert.Equal(PrecompileError.InvalidSignature, Run(OffsetsOnly(1, offsets), true, datas));
        datas[63] = 0x80;
        Assert.Equal(PrecompileError.InvalidSignature, Run(OffsetsOnly(1, offsets), true, datas));
        // 0x1F passes the partial check (S may still be ≥ L): the missing key instruction decides.
        datas[63] = 0x1F;
        Assert.Equal(PrecompileError.InvalidDataOffsets, Run(OffsetsOnly(1, offsets), true, datas));
    }

    [Fact]
    public void UnreducedScalarThatPassesThePartialCheck_IsInvalidSignature()
    {
        var (publicKey, secretKey) = Ed25519Key(5);
        var message = "s + L"u8.ToArray();
        var signature = Ed25519Sign(secretKey, message);
        // S + L (L = 2^252 + 27742317777372353535851937790883648493) keeps bits 253–255 clear for small S.
        var s = new System.Numerics.BigInteger(signature.AsSpan(32), isUnsigned: true);
        var l = System.Numerics.BigInteger.Pow(2, 252) + System.Numerics.BigInteger.Parse("27742317777372353535851937790883648493");
        // S < L < 2^253, so S + L < 2^253 keeps the partial check's three bits clear; only the full check catches it.
        var bumped = (s + l).ToByteArray(isUnsigned: true);
        Assert.Equal(0, bumped[31] & 0xE0);
        var forged = signature.ToArray();
        Array.Clear(forged, 32, 32);
        bumped.CopyTo(forged, 32);
        Assert.Equal(PrecompileError.InvalidSignature, Run(Ed25519Single(publicKey, forged, message), strict: false));
        Assert.Equal(PrecompileError.InvalidSignature, Run(Ed25519Single(publicKey, forged, message), strict: true));
        Assert.Null(Run(Ed25519Single(publicKey, signature, message)));
    }

    [Fact]
    public void OffCurveKey_IsInvalidPublicKey_BeforeTheMessageIsLocated()
    {
        var (_, secretKey) = Ed25519Key(3);
        var signature = Ed25519Sign(secretKey, "m"u8);
        var data = Ed25519Single(OffCurveKey, signature, "m"u8);
        Assert.Equal(PrecompileError.InvalidPublicKey, Run(data, strict: true));
        Assert.Equal(PrecompileError.InvalidPublicKey, Run(data, strict: false));

        // Now make the message slice impossible too: the key error still wins.
        var record = SignatureOffsets.Read(data.AsSpan(2));
        (record with { MessageInstructionIndex = 7 }).Write(data.AsSpan(2));
        Assert.Equal(PrecompileError.InvalidPublicKey, Run(data));
    }

    [Fact]
    public void WrongKeyOrMessage_IsInvalidSignature()
    {
        var (publicKey, secretKey) = Ed25519Key(4);
        var (otherKey, _) = Ed25519Key(6);
        var signature = Ed25519Sign(secretKey, "hello"u8);
        Assert.Null(Run(Ed25519Single(publicKey, signature, "hello"u8)));
        Assert.Equal(PrecompileError.InvalidSignature, Run(Ed25519Single(otherKey, signature, "hello"u8)));
        Assert.Equal(PrecompileError.InvalidSignature, Run(Ed25519Single(publicKey, signature, "hellp"u8)));
    }

    // Agave test_offsets_to_ed25519_instruction: several messages, one key, all in one instruction.
    [Fact]
    public void SeveralSignaturesShareOneKey_AndTheFirstBadOneFails()
    {
        var (publicKey, secretKey) = Ed25519Key(9);
        byte[][] messages = ["hello"u8.ToArray(), "IBRL"u8.ToArray(), "goodbye"u8.ToArray()];
        var dataStart = 2 + 14 * messages.Length;
        var body = new List<byte>(publicKey);
        var records = new List<SignatureOffsets>();
        foreach (var message in messages)
        {
            var signatureOffset = dataStart + body.Count;
            body.AddRange(Ed25519Sign(secretKey, message));
            var messageOffset = dataStart + body.Count;
            body.AddRange(message);
            records.Add(new SignatureOffsets((ushort)signatureOffset, SignatureOffsets.CurrentInstruction, (ushort)dataStart,
                SignatureOffsets.CurrentInstruction, (ushort)messageOffset, (ushort)message.Length, SignatureOffsets.CurrentInstruction));
        }
        var data = new byte[dataStart + body.Count];
        data[0] = (byte)messages.Length;
        for (var i = 0; i < records.Count; i++) records[i].Write(data.AsSpan(2 + 14 * i));
        body.CopyTo(data, dataStart);
        Assert.Null(Run(data));

        // Break the last message only: signatures 1 and 2 still verify, 3 fails.
        data[^1] ^= 1;
        Assert.Equal(PrecompileError.InvalidSignature, Run(data));
    }

    [Fact]
    public void MessageMayLiveInAnotherInstruction()
    {
        var (publicKey, secretKey) = Ed25519Key(11);
        var memo = "a memo instruction's data, signed elsewhere"u8.ToArray();
        var single = Ed25519Single(publicKey, Ed25519Sign(secretKey, memo), memo);
        var record = SignatureOffsets.Read(single.AsSpan(2));
        var data = single[..(Ed25519Precompile.DataStart + 32 + 64)];
        (record with { MessageDataOffset = 0, MessageInstructionIndex = 1 }).Write(data.AsSpan(2));
        Assert.Null(Run(data, true, data, memo));
        Assert.Equal(PrecompileError.InvalidSignature, Run(data, true, data, [.. memo[..^1], 0]));
        Assert.Equal(PrecompileError.InvalidDataOffsets, Run(data, true, data, memo[..^1]));
    }

    [Fact]
    public void EveryTruncation_FailsWithASizeOrOffsetError()
    {
        var data = Hex(Web3Single);
        for (var length = 0; length < data.Length; length++)
        {
            var truncated = data[..length];
            var error = Ed25519Precompile.Verify(truncated, InstructionDataList.Of(truncated), true);
            var expected = length < Ed25519Precompile.DataStart ? PrecompileError.InvalidInstructionDataSize : PrecompileError.InvalidDataOffsets;
            Assert.Equal(expected, error);
        }
    }

    [Fact]
    public void EveryByteMutation_FailsExceptThePaddingByte()
    {
        var original = Hex(Web3Single);
        for (var index = 0; index < original.Length; index++)
        {
            foreach (var delta in new byte[] { 1, 12, 0x80 })
            {
                var data = original.ToArray();
                data[index] += delta;
                var error = Ed25519Precompile.Verify(data, InstructionDataList.Of(data), true);
                if (index == 1) Assert.Null(error);
                else Assert.NotNull(error);
            }
        }
    }

    [Fact]
    public void RandomData_NeverThrows()
    {
        var random = new Random(20250402);
        for (var i = 0; i < 3000; i++)
        {
            var data = new byte[random.Next(0, 160)];
            random.NextBytes(data);
            if (data.Length > 0) data[0] = (byte)random.Next(0, 4);
            // Keep indexes small so they sometimes hit: 0, 1 or u16::MAX.
            for (var r = 0; r < (data.Length - 2) / 14 && r < 3; r++)
            {
                foreach (var field in new[] { 2, 6, 12 })
                {
                    var at = 2 + 14 * r + field;
                    var pick = random.Next(3);
                    data[at] = pick == 2 ? (byte)0xFF : (byte)pick;
                    data[at + 1] = pick == 2 ? (byte)0xFF : (byte)0;
                }
                data[2 + 14 * r + 1] = 0; data[2 + 14 * r + 5] = 0; data[2 + 14 * r + 9] = 0; data[2 + 14 * r + 11] = 0;
            }
            var other = new byte[random.Next(0, 120)];
            random.NextBytes(other);
            var error = Ed25519Precompile.Verify(data, InstructionDataList.Of(data, other), random.Next(2) == 0);
            if (data.Length >= 2 && data[0] == 0 && data.Length == 2) Assert.Null(error);
        }
    }
}
