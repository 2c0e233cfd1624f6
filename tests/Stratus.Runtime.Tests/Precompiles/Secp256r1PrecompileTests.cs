using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Stratus.Runtime.Precompiles;
using static Stratus.Runtime.Tests.Precompiles.PrecompileData;
using BigInteger = System.Numerics.BigInteger;

namespace Stratus.Runtime.Tests.Precompiles;

public class Secp256r1PrecompileTests
{
    // Generated outside this repository with @noble/curves 1.9.7 p256 (RFC 6979, private key 0x22 × 32,
    // message "stratus secp256r1 precompile vector", SHA-256 prehash). s_low / s_high are the two
    // malleable forms; noble verified both without its low-S rule.
    private const string NoblePublicKey = "03d65a93977caa3d1b081852ff57a79e465f1660577304baead505dd3a48589cf3";
    private const string NobleMessage = "737472617475732073656370323536723120707265636f6d70696c6520766563746f72";
    private const string NobleR = "e4092c20b27cdccb88dbb59954678a22b0ebe038772d156b3eb6e2a2c6d60e0c";
    private const string NobleSLow = "7b421a9096e929b1e189093e33d1383985d6e3c568ac60dabc1af967579fa214";
    private const string NobleSHigh = "84bde56e6916d64f1e76f6c1cc2ec7c6371016e83e6b3daa379ed15ba4c3833d";

    // Generated with Node 20's crypto.sign (OpenSSL, random nonce; private key 0x33 × 32, message
    // "stratus secp256r1 openssl vector, message two"), both S forms verified by OpenSSL.
    private const string OpenSslPublicKey = "0351a7580833898ea1b183cbd7350a4099078c6ef1c1e18e970cd7683035f25e7d";
    private const string OpenSslMessage = "7374726174757320736563703235367231206f70656e73736c20766563746f722c206d6573736167652074776f";
    private const string OpenSslR = "1d00c6d986694d4fb9ed532200d3fb85caca8188bfba7b6367975d6978d45c44";
    private const string OpenSslSLow = "71fe13270cf490cefdc3995a13ab9d97caa9b283f4c6ec6e8728f0faf0595430";
    private const string OpenSslSHigh = "8e01ecd7f30b6f32023c66a5ec546267f23d4829b250b2166c90d9c80c09d121";

    // Firedancer src/ballet/secp256r1/test_secp256r1.c, test_secp256r1_verify: (message, r ‖ s, key).
    public static TheoryData<string, string, string> FiredancerValid => new()
    {
        { "deadbeef0000", "65f479af7700ea826cdf4a2d30bbbfd5be5a8abb4dd6e8ef0bb0d5018b5f08160856e32671be561383d7eb408c6d24c28fd05141fd247dd8e67fc511d4f2ace9", "030f5183ccd84510385acc742f2d9d83771190c83cd0a36c42b0877c1666598a31" },
        { "deadbeef0001", "dde6de58059a2edc745f3757a45b527c6a838e2f9944e7985cdbce18a9831444662257cde953020a5ba3dbd77dabc0e7ecf35dadf35754dd5c014e3197173ca7", "032a18f703b754f728b4faa2cd9e81d82647b86fb4e22bce7348ddf2a977a4e9d9" },
        { "deadbeef0002", "d852239f6cdd19f530636fed1736f6c1fff499e988ffc14faf9098b6c359f53f24d8918494d158e562643da21939e3d8f4f733b2e135c63f205281c3cbae7cc1", "025241d2133264e7d4b0f91c0d2b08d7b8e4c015cc84d68eafe8c5dfe4b8bf6753" },
        { "68656c6c6f", "a940d67c9560a47c5dafb45ab1f39eb68c8fac9b51fc8c4e30b1f0e63e4967d3586569a56364c3b03eefd421aa7fc750f6fa187210c3206c55602f96e0ecaa4d", "02d8c82b3791c8b51cfe44aa50226217159596ca26e6075aaf8bf8be2d351b96ae" },
    };

    private static readonly BigInteger N = new(Stratus.Crypto.Secp256r1.Order, isUnsigned: true, isBigEndian: true);

    private static byte[] Be32(BigInteger value)
    {
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = new byte[32];
        bytes.CopyTo(result, 32 - bytes.Length);
        return result;
    }

    private static PrecompileError? Run(byte[] data, params byte[][] datas)
    {
        var list = InstructionDataList.Of(datas.Length == 0 ? [data] : datas);
        var result = Secp256r1Precompile.Verify(data, list);
        Assert.Equal(result, Secp256r1Precompile.Verify(Misaligned(data).Span, list));
        return result;
    }

    private static PrecompileError? AgaveCase(SignatureOffsets offsets) => Run(OffsetsOnly(1, offsets), Zeros100);

    private static byte[] Instruction(string key, string r, string s, string message)
        => Secp256r1Single(Hex(key), [.. Hex(r), .. Hex(s)], Hex(message));

    [Fact]
    public void NobleAndOpenSslVectors_LowSVerifies_HighSIsRefused()
    {
        Assert.Null(Run(Instruction(NoblePublicKey, NobleR, NobleSLow, NobleMessage)));
        Assert.Equal(PrecompileError.InvalidSignature, Run(Instruction(NoblePublicKey, NobleR, NobleSHigh, NobleMessage)));
        Assert.Null(Run(Instruction(OpenSslPublicKey, OpenSslR, OpenSslSLow, OpenSslMessage)));
        Assert.Equal(PrecompileError.InvalidSignature, Run(Instruction(OpenSslPublicKey, OpenSslR, OpenSslSHigh, OpenSslMessage)));
    }

    [Theory]
    [MemberData(nameof(FiredancerValid))]
    public void FiredancerVectors(string message, string signature, string key)
    {
        var sig = Hex(signature);
        Assert.Null(Run(Secp256r1Single(Hex(key), sig, Hex(message))));
        // The malleable twin (r, n − s) is high-S and refused.
        var highS = Be32(N - new BigInteger(sig.AsSpan(32), isUnsigned: true, isBigEndian: true));
        Assert.Equal(PrecompileError.InvalidSignature, Run(Secp256r1Single(Hex(key), [.. sig[..32], .. highS], Hex(message))));
    }

    // Agave agave-precompiles secp256r1 tests: test_invalid_offsets.
    [Fact]
    public void Agave_InvalidOffsets()
    {
        Assert.Equal(PrecompileError.InvalidInstructionDataSize, Run(OffsetsOnly(1, default)[..^1], Zeros100));
        Assert.Equal(PrecompileError.InvalidDataOffsets, AgaveCase(new SignatureOffsets { SignatureInstructionIndex = 1 }));
        Assert.Equal(PrecompileError.InvalidDataOffsets, AgaveCase(new SignatureOffsets { MessageInstructionIndex = 1 }));
        Assert.Equal(PrecompileError.InvalidDataOffsets, AgaveCase(new SignatureOffsets { PublicKeyInstructionIndex = 1 }));
    }

    // Agave: test_invalid_signature_data_size.
    [Fact]
    public void Agave_InvalidSignatureDataSize()
    {
        Assert.Equal(PrecompileError.InvalidInstructionDataSize, Secp256r1Precompile.Verify(new byte[1], InstructionDataList.Of(new byte[0])));
        var zero = new byte[Secp256r1Precompile.DataStart];
        Assert.Equal(PrecompileError.InvalidInstructionDataSize, Run(zero, new byte[0]));
        var nine = new byte[Secp256r1Precompile.DataStart];
        nine[0] = 9;
        Assert.Equal(PrecompileError.InvalidInstructionDataSize, Run(nine, new byte[0]));
    }

    // Agave: test_message_data_offsets, test_pubkey_offset, test_signature_offset.
    [Fact]
    public void Agave_SliceOffsets()
    {
        // Located fine, then r = 0 fails the range check.
        Assert.Equal(PrecompileError.InvalidSignature, AgaveCase(new SignatureOffsets { MessageDataOffset = 99, MessageDataSize = 1 }));
        Assert.Equal(PrecompileError.InvalidDataOffsets, AgaveCase(new SignatureOffsets { MessageDataOffset = 100, MessageDataSize = 1 }));
        Assert.Equal(PrecompileError.InvalidDataOffsets, AgaveCase(new SignatureOffsets { MessageDataOffset = 100, MessageDataSize = 1000 }));
        Assert.Equal(PrecompileError.InvalidDataOffsets, AgaveCase(new SignatureOffsets { MessageDataOffset = ushort.MaxValue, MessageDataSize = ushort.MaxValue }));
        Assert.Equal(PrecompileError.InvalidDataOffsets, AgaveCase(new SignatureOffsets { PublicKeyOffset = ushort.MaxValue }));
        Assert.Equal(PrecompileError.InvalidDataOffsets, AgaveCase(new SignatureOffsets { PublicKeyOffset = 100 - 33 + 1 }));
        Assert.Equal(PrecompileError.InvalidDataOffsets, AgaveCase(new SignatureOffsets { SignatureOffset = ushort.MaxValue }));
        Assert.Equal(PrecompileError.InvalidDataOffsets, AgaveCase(new SignatureOffsets { SignatureOffset = 100 - 64 + 1 }));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0 })]
    [InlineData(new byte[] { 0, 0 })]
    [InlineData(new byte[] { 1, 0 })]
    public void SizeRules_ZeroCountIsNeverAccepted(byte[] data)
        => Assert.Equal(PrecompileError.InvalidInstructionDataSize, Secp256r1Precompile.Verify(data, InstructionDataList.Of(data)));

    private static byte[] EightSignatures(int count)
    {
        var one = Instruction(NoblePublicKey, NobleR, NobleSLow, NobleMessage);
        var record = SignatureOffsets.Read(one.AsSpan(2));
        var payload = one[Secp256r1Precompile.DataStart..];
        var start = 2 + 14 * count;
        var data = new byte[start + payload.Length];
        data[0] = (byte)count;
        var shift = (ushort)(start - Secp256r1Precompile.DataStart);
        for (var i = 0; i < count; i++)
        {
            (record with
            {
                SignatureOffset = (ushort)(record.SignatureOffset + shift),
                PublicKeyOffset = (ushort)(record.PublicKeyOffset + shift),
                MessageDataOffset = (ushort)(record.MessageDataOffset + shift),
            }).Write(data.AsSpan(2 + 14 * i));
        }
        payload.CopyTo(data, start);
        return data;
    }

    [Fact]
    public void AtMostEightSignatures()
    {
        Assert.Null(Run(EightSignatures(8)));
        Assert.Equal(PrecompileError.InvalidInstructionDataSize, Run(EightSignatures(9)));
    }

    [Fact]
    public void SlicesAreAllLocatedBeforeTheSignatureIsParsed()
    {
        var data = Instruction(NoblePublicKey, NobleR, NobleSLow, NobleMessage);
        var record = SignatureOffsets.Read(data.AsSpan(2));
        Array.Clear(data, record.SignatureOffset, 32); // r = 0
        (record with { MessageInstructionIndex = 4 }).Write(data.AsSpan(2));
        Assert.Equal(PrecompileError.InvalidDataOffsets, Run(data));
    }

    private static readonly string OffCurveKey = "02b8c82b3791c8b51cfe44aa50226217159596ca26e6075aaf8bf8be2d351b96ae";

    [Fact]
    public void RangeBoundaries_RunBeforeKeyDecoding()
    {
        // With an undecodable key, a signature inside the range reaches key decoding (InvalidPublicKey)
        // and one outside it stops at the range check (InvalidSignature).
        var half = new BigInteger(Stratus.Crypto.Secp256r1.HalfOrder, isUnsigned: true, isBigEndian: true);
        var okS = Be32(half);
        var okR = Be32(N - 1);
        PrecompileError? Probe(byte[] r, byte[] s) => Run(Secp256r1Single(Hex(OffCurveKey), [.. r, .. s], "m"u8));

        Assert.Equal(PrecompileError.InvalidPublicKey, Probe(okR, okS));
        Assert.Equal(PrecompileError.InvalidPublicKey, Probe(Be32(1), Be32(1)));
        Assert.Equal(PrecompileError.InvalidSignature, Probe(Be32(N), okS));
        Assert.Equal(PrecompileError.InvalidSignature, Probe(Be32(0), okS));
        Assert.Equal(PrecompileError.InvalidSignature, Probe(okR, Be32(half + 1)));
        Assert.Equal(PrecompileError.InvalidSignature, Probe(okR, Be32(0)));
        Assert.Equal(PrecompileError.InvalidSignature, Probe(okR, Be32(N - 1)));
        Assert.Equal(PrecompileError.InvalidSignature, Probe([.. Enumerable.Repeat((byte)0xFF, 32)], okS));
    }

    // Firedancer test_secp256r1_point_frombytes encodings, and x + p for a valid x = 5 (OpenSSL refuses x ≥ p).
    [Theory]
    [InlineData("04d8c82b3791c8b51cfe44aa50226217159596ca26e6075aaf8bf8be2d351b96ae")]
    [InlineData("00d8c82b3791c8b51cfe44aa50226217159596ca26e6075aaf8bf8be2d351b96ae")]
    [InlineData("01d8c82b3791c8b51cfe44aa50226217159596ca26e6075aaf8bf8be2d351b96ae")]
    [InlineData("06d8c82b3791c8b51cfe44aa50226217159596ca26e6075aaf8bf8be2d351b96ae")]
    [InlineData("02ffffffff00000001000000000000000000000000ffffffffffffffffffffffff")]
    [InlineData("02b8c82b3791c8b51cfe44aa50226217159596ca26e6075aaf8bf8be2d351b96ae")]
    [InlineData("02ffffffff00000001000000000000000000000001000000000000000000000004")]
    [InlineData("030000000000000000000000000000000000000000000000000000000000000001")]
    public void UndecodableKeys_AreInvalidPublicKey(string key)
        => Assert.Equal(PrecompileError.InvalidPublicKey, Run(Secp256r1Single(Hex(key), [.. Hex(NobleR), .. Hex(NobleSLow)], Hex(NobleMessage))));

    [Theory]
    [InlineData("03d8c82b3791c8b51cfe44aa50226217159596ca26e6075aaf8bf8be2d351b96ae")]
    [InlineData("020000000000000000000000000000000000000000000000000000000000000005")]
    [InlineData("020000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("02d65a93977caa3d1b081852ff57a79e465f1660577304baead505dd3a48589cf3")]
    public void DecodableKeysThatDidNotSign_AreInvalidSignature(string key)
        => Assert.Equal(PrecompileError.InvalidSignature, Run(Secp256r1Single(Hex(key), [.. Hex(NobleR), .. Hex(NobleSLow)], Hex(NobleMessage))));

    [Fact]
    public void BouncyCastleSignatures_Verify()
    {
        var curve = SecNamedCurves.GetByName("secp256r1");
        var domain = new ECDomainParameters(curve.Curve, curve.G, curve.N, curve.H);
        var random = new Random(256);
        for (var i = 0; i < 12; i++)
        {
            var secret = new byte[32];
            random.NextBytes(secret);
            var d = new Org.BouncyCastle.Math.BigInteger(1, secret).Mod(curve.N.Subtract(Org.BouncyCastle.Math.BigInteger.One)).Add(Org.BouncyCastle.Math.BigInteger.One);
            var q = domain.G.Multiply(d).Normalize();
            var message = new byte[random.Next(0, 300)];
            random.NextBytes(message);
            var digest = System.Security.Cryptography.SHA256.HashData(message);
            var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
            signer.Init(true, new ECPrivateKeyParameters(d, domain));
            var rs = signer.GenerateSignature(digest);
            var r = rs[0];
            var s = rs[1];
            var lowS = s.CompareTo(curve.N.ShiftRight(1)) > 0 ? curve.N.Subtract(s) : s;
            var highS = curve.N.Subtract(lowS);
            var key = q.GetEncoded(true);
            Assert.Null(Run(Secp256r1Single(key, [.. Fixed(r), .. Fixed(lowS)], message)));
            Assert.Equal(PrecompileError.InvalidSignature, Run(Secp256r1Single(key, [.. Fixed(r), .. Fixed(highS)], message)));
        }

        static byte[] Fixed(Org.BouncyCastle.Math.BigInteger value) => Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(32, value);
    }

    [Fact]
    public void EveryTruncation_Fails()
    {
        var data = Instruction(NoblePublicKey, NobleR, NobleSLow, NobleMessage);
        for (var length = 0; length < data.Length; length++)
        {
            var truncated = data[..length];
            var error = Secp256r1Precompile.Verify(truncated, InstructionDataList.Of(truncated));
            Assert.Equal(length < Secp256r1Precompile.DataStart ? PrecompileError.InvalidInstructionDataSize : PrecompileError.InvalidDataOffsets, error);
        }
    }

    [Fact]
    public void EveryByteMutation_FailsExceptThePaddingByte()
    {
        var original = Instruction(OpenSslPublicKey, OpenSslR, OpenSslSLow, OpenSslMessage);
        for (var index = 0; index < original.Length; index++)
        {
            var data = original.ToArray();
            data[index] += 12;
            var error = Secp256r1Precompile.Verify(data, InstructionDataList.Of(data));
            if (index == 1) Assert.Null(error);
            else Assert.NotNull(error);
        }
    }

    [Fact]
    public void RandomData_NeverThrows()
    {
        var random = new Random(7);
        for (var i = 0; i < 1500; i++)
        {
            var data = new byte[random.Next(0, 200)];
            random.NextBytes(data);
            if (data.Length > 0) data[0] = (byte)random.Next(0, 3);
            for (var r = 0; r < (data.Length - 2) / 14 && r < 2; r++)
            {
                foreach (var field in new[] { 2, 6, 12 })
                {
                    data[2 + 14 * r + field] = (byte)random.Next(0, 2);
                    data[2 + 14 * r + field + 1] = 0;
                }
                data[2 + 14 * r + 1] = 0; data[2 + 14 * r + 5] = 0; data[2 + 14 * r + 9] = 0; data[2 + 14 * r + 11] = 0;
            }
            var other = new byte[random.Next(0, 200)];
            random.NextBytes(other);
            _ = Secp256r1Precompile.Verify(data, InstructionDataList.Of(data, other));
        }
    }
}
