using System.Numerics;
using Stratus.Crypto.Curve25519;

namespace Stratus.Crypto.Tests.Curve25519;

public class RistrettoTests
{
    // RFC 9496 appendix A.1: encodings of 0·B … 15·B (also curve25519-dalek's
    // encodings_of_small_multiples_of_basepoint).
    private static readonly string[] SmallMultiples =
    [
        "0000000000000000000000000000000000000000000000000000000000000000",
        "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76",
        "6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919",
        "94741f5d5d52755ece4f23f044ee27d5d1ea1e2bd196b462166b16152a9d0259",
        "da80862773358b466ffadfe0b3293ab3d9fd53c5ea6c955358f568322daf6a57",
        "e882b131016b52c1d3337080187cf768423efccbb517bb495ab812c4160ff44e",
        "f64746d3c92b13050ed8d80236a7f0007c3b3f962f5ba793d19a601ebb1df403",
        "44f53520926ec81fbd5a387845beb7df85a96a24ece18738bdcfa6a7822a176d",
        "903293d8f2287ebe10e2374dc1a53e0bc887e592699f02d077d5263cdd55601c",
        "02622ace8f7303a31cafc63f8fc48fdc16e1c8c8d234b2f0d6685282a9076031",
        "20706fd788b2720a1ed2a5dad4952b01f413bcf0e7564de8cdc816689e2db95f",
        "bce83f8ba5dd2fa572864c24ba1810f9522bc6004afe95877ac73241cafdab42",
        "e4549ee16b9aa03099ca208c67adafcafa4c3f3e4e5303de6026e3ca8ff84460",
        "aa52e000df2e16f55fb1032fc33bc42742dad6bd5a8fc0be0167436c5948501f",
        "46376b80f409b29dc2b5f6f0c52591990896e5716f41477cd30085ab7f10301e",
        "e0c418f7c8d9c4cdd7395b93ea124f3ad99021bb681dfc3302a9d99a2e53e64e",
    ];

    // RFC 9496 appendix A.2: non-canonical s, negative s, non-square x², negative x·y, and s = −1 (y = 0).
    public static TheoryData<string> BadEncodings => new()
    {
        "00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "f3ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "ed57ffd8c914fb201471d1c3d245ce3c746fcbe63a3679d51b6a516ebebe0e20",
        "c34c4e1826e5d403b78e246e88aa051c36ccf0aafebffe137d148a2bf9104562",
        "c940e5a4404157cfb1628b108db051a8d439e1a421394ec4ebccb9ec92a8ac78",
        "47cfc5497c53dc8e61c91d17fd626ffb1c49e2bca94eed052281b510b1117a24",
        "f1c6165d33367351b0da8f6e4511010c68174a03b6581212c71c0e1d026c3c72",
        "87260f7a2f12495118360f02c26a470f450dadf34a413d21042b43b9d93e1309",
        "26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371",
        "4eac077a713c57b4f4397629a4145982c661f48044dd3f96427d40b147d9742f",
        "de6a7b00deadc788eb6b6c8d20c0ae96c2f2019078fa604fee5b87d6e989ad7b",
        "bcab477be20861e01e4a0e295284146a510150d9817763caf1a6f4b422d67042",
        "2a292df7e32cababbd9de088d1d1abec9fc0440f637ed2fba145094dc14bea08",
        "f4a9e534fc0d216c44b218fa0c42d99635a0127ee2e53c712f70609649fdff22",
        "8268436f8c4126196cf64b3c7ddbda90746a378625f9813dd9b8457077256731",
        "2810e5cbc2cc4d4eece54f61c6f69758e289aa7ab440b3cbeaa21995c2f4232b",
        "3eb858e78f5a7254d8c9731174a94f76755fd3941c0ac93735c07ba14579630e",
        "a45fdc55c76448c049a1ab33f17023edfb2be3581e9c7aade8a6125215e04220",
        "d483fe813c6ba647ebbfd3ec41adca1c6130c2beeee9d9bf065c8d151c5f396e",
        "8a2e1d30050198c65a54483123960ccc38aef6848e1ec8f5f780e8523769ba32",
        "32888462f8b486c68ad7dd9610be5192bbeaf3b443951ac1a8118419d9fa097b",
        "227142501b9d4355ccba290404bde41575b037693cef1f438c47f8fbf35d1165",
        "5c37cc491da847cfeb9281d407efc41e15144c876e0170b499a96a22ed31e01e",
        "445425117cb8c90edcbc7c1cc0e74f747f2c1efa5630a967c64f287792a48a4b",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    };

    private static byte[] Scalar(ulong value)
    {
        var s = new byte[32];
        BitConverter.TryWriteBytes(s, value);
        return s;
    }

    [Fact]
    public void Small_multiples_decode_and_reencode()
    {
        foreach (var hex in SmallMultiples)
        {
            var p = Hex.Decode(hex);
            Assert.True(Ristretto255.IsValidPoint(p), hex);
            var decoded = Ristretto.Decompress(p);
            Assert.NotNull(decoded);
            var again = new byte[32];
            Ristretto.Compress(decoded.Value, again);
            Assert.Equal(hex, Hex.Encode(again));
        }
    }

    [Fact]
    public void Small_multiples_by_addition_multiplication_and_msm()
    {
        var b = Hex.Decode(SmallMultiples[1]);
        var acc = Hex.Decode(SmallMultiples[0]);
        var result = new byte[32];
        for (int k = 1; k < 16; k++)
        {
            Assert.True(Ristretto255.TryAdd(acc, b, result));
            acc = result.ToArray();
            Assert.Equal(SmallMultiples[k], Hex.Encode(acc));
            Assert.True(Ristretto255.TryMultiply(Scalar((ulong)k), b, result));
            Assert.Equal(SmallMultiples[k], Hex.Encode(result));
            Assert.True(Ristretto255.TrySubtract(Hex.Decode(SmallMultiples[k]), b, result));
            Assert.Equal(SmallMultiples[k - 1], Hex.Encode(result));
        }
        // 3·B + 4·(2·B) = 11·B through one multi-scalar multiplication.
        var scalars = Scalar(3).Concat(Scalar(4)).ToArray();
        var points = b.Concat(Hex.Decode(SmallMultiples[2])).ToArray();
        Assert.True(Ristretto255.TryMultiScalarMultiply(scalars, points, 2, result));
        Assert.Equal(SmallMultiples[11], Hex.Encode(result));
    }

    [Theory]
    [MemberData(nameof(BadEncodings))]
    public void Rfc9496_bad_encodings_are_rejected(string hex)
    {
        var p = Hex.Decode(hex);
        Assert.Equal(32, p.Length);
        Assert.False(Ristretto255.IsValidPoint(p));
        var b = Hex.Decode(SmallMultiples[1]);
        var result = new byte[32];
        Assert.False(Ristretto255.TryAdd(p, b, result));
        Assert.False(Ristretto255.TrySubtract(b, p, result));
        Assert.False(Ristretto255.TryMultiply(Scalar(2), p, result));
        Assert.False(Ristretto255.TryMultiScalarMultiply(Scalar(1).Concat(Scalar(1)).ToArray(), b.Concat(p).ToArray(), 2, result));
        Assert.False(LibSodiumOracle.RistrettoIsValid(p));
    }

    [Fact]
    public void InvSqrtAMinusD_matches_the_rfc_constant()
    {
        var bytes = new byte[32];
        Ristretto.InvSqrtAMinusD.ToBytes(bytes);
        Assert.Equal(BigInteger.Parse("54469307008909316920995813868745141605393597292927456921205312896311721017578"),
            new BigInteger(bytes, isUnsigned: true));
    }

    // Agave programs/bpf_loader/src/syscalls/mod.rs: test_syscall_ristretto_curve_point_validation,
    // test_syscall_ristretto_curve_group_ops and test_syscall_multiscalar_multiplication.
    [Fact]
    public void Agave_syscall_vectors()
    {
        byte[] left = [208, 165, 125, 204, 2, 100, 218, 17, 170, 194, 23, 9, 102, 156, 134, 136, 217, 190, 98, 34, 183, 194, 228, 153, 92, 11, 108, 103, 28, 57, 88, 15];
        byte[] right = [208, 241, 72, 163, 73, 53, 32, 174, 54, 194, 71, 8, 70, 181, 244, 199, 93, 147, 99, 231, 162, 127, 25, 40, 39, 19, 140, 132, 112, 212, 145, 108];
        byte[] scalar = [254, 198, 23, 138, 67, 243, 184, 110, 236, 115, 236, 205, 205, 215, 79, 114, 45, 250, 78, 137, 3, 107, 136, 237, 49, 126, 117, 223, 37, 191, 88, 6];
        byte[] invalid = [120, 140, 152, 233, 41, 227, 203, 27, 87, 115, 25, 251, 219, 5, 84, 148, 117, 38, 84, 60, 87, 144, 161, 146, 42, 34, 91, 155, 158, 189, 121, 79];
        var result = new byte[32];

        Assert.True(Ristretto255.IsValidPoint(Hex.Decode(SmallMultiples[1])));
        Assert.False(Ristretto255.IsValidPoint(invalid));

        Assert.True(Ristretto255.TryAdd(left, right, result));
        Assert.Equal([78, 173, 9, 241, 180, 224, 31, 107, 176, 210, 144, 240, 118, 73, 70, 191, 128, 119, 141, 113, 125, 215, 161, 71, 49, 176, 87, 38, 180, 177, 39, 78], result);
        Assert.True(Ristretto255.TrySubtract(left, right, result));
        Assert.Equal([150, 72, 222, 61, 148, 79, 96, 130, 151, 176, 29, 217, 231, 211, 0, 215, 76, 86, 212, 146, 110, 128, 24, 151, 187, 144, 108, 233, 221, 208, 157, 52], result);
        Assert.True(Ristretto255.TryMultiply(scalar, right, result));
        Assert.Equal([4, 16, 46, 2, 53, 151, 201, 133, 117, 149, 232, 164, 119, 109, 136, 20, 153, 24, 124, 21, 101, 124, 80, 19, 119, 100, 77, 108, 65, 187, 228, 5], result);
        Assert.False(Ristretto255.TryAdd(invalid, right, result));
        Assert.False(Ristretto255.TrySubtract(invalid, right, result));
        Assert.False(Ristretto255.TryMultiply(scalar, invalid, result));

        byte[] x = [130, 35, 97, 25, 18, 199, 33, 239, 85, 143, 119, 111, 49, 51, 224, 40, 167, 185, 240, 179, 25, 194, 213, 41, 14, 155, 104, 18, 181, 197, 15, 112];
        byte[] y = [152, 156, 155, 197, 152, 232, 92, 206, 219, 159, 193, 134, 121, 128, 139, 36, 56, 191, 51, 143, 72, 204, 87, 76, 110, 124, 101, 96, 238, 158, 42, 108];
        Assert.True(Ristretto255.TryMultiScalarMultiply(scalar.Concat(scalar).ToArray(), x.Concat(y).ToArray(), 2, result));
        Assert.Equal([78, 120, 86, 111, 152, 64, 146, 84, 14, 236, 77, 147, 237, 190, 251, 241, 136, 167, 21, 94, 84, 118, 92, 140, 120, 81, 30, 246, 173, 140, 195, 86], result);
    }

    [Fact]
    public void Non_canonical_scalars_are_rejected()
    {
        var b = Hex.Decode(SmallMultiples[1]);
        var result = new byte[32];
        var l = Scalar25519.LBytes.ToArray();
        Assert.False(Ristretto255.TryMultiply(l, b, result));
        var lMinusOne = l.ToArray();
        lMinusOne[0]--;
        Assert.True(Ristretto255.TryMultiply(lMinusOne, b, result));
        var negB = new byte[32];
        Assert.True(Ristretto255.TrySubtract(Hex.Decode(SmallMultiples[0]), b, negB));
        Assert.Equal(negB, result);
        Assert.False(Ristretto255.TryMultiScalarMultiply(Scalar(1).Concat(l).ToArray(), b.Concat(b).ToArray(), 2, result));
    }

    [Fact]
    public void Empty_msm_is_the_identity()
    {
        var result = new byte[32];
        result.AsSpan().Fill(0xAA);
        Assert.True(Ristretto255.TryMultiScalarMultiply([], [], 0, result));
        Assert.Equal(new byte[32], result);
    }

    [Fact]
    public void Agrees_with_libsodium_on_random_points()
    {
        var result = new byte[32];
        for (int i = 0; i < 24; i++)
        {
            var p = LibSodiumOracle.RandomRistrettoPoint();
            var q = LibSodiumOracle.RandomRistrettoPoint();
            var n = LibSodiumOracle.RandomScalar();
            Assert.True(Ristretto255.IsValidPoint(p));
            Assert.True(Ristretto255.TryAdd(p, q, result));
            Assert.Equal(LibSodiumOracle.RistrettoAdd(p, q), result);
            Assert.True(Ristretto255.TrySubtract(p, q, result));
            Assert.Equal(LibSodiumOracle.RistrettoSub(p, q), result);
            Assert.True(Ristretto255.TryMultiply(n, p, result));
            Assert.Equal(LibSodiumOracle.RistrettoMul(n, p), result);
        }
    }

    [Fact]
    public void Msm_of_many_points_matches_the_sum_of_products()
    {
        const int count = 40;
        var scalars = new byte[32 * count];
        var points = new byte[32 * count];
        var expected = Hex.Decode(SmallMultiples[0]);
        for (int i = 0; i < count; i++)
        {
            var n = LibSodiumOracle.RandomScalar();
            var p = LibSodiumOracle.RandomRistrettoPoint();
            n.CopyTo(scalars, 32 * i);
            p.CopyTo(points, 32 * i);
            expected = LibSodiumOracle.RistrettoAdd(expected, LibSodiumOracle.RistrettoMul(n, p)!)!;
        }
        var result = new byte[32];
        Assert.True(Ristretto255.TryMultiScalarMultiply(scalars, points, count, result));
        Assert.Equal(expected, result);
    }
}
