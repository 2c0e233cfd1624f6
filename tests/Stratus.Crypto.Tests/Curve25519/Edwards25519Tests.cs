using Stratus.Crypto.Curve25519;

namespace Stratus.Crypto.Tests.Curve25519;

public class Edwards25519Tests
{
    private const string Identity = "0100000000000000000000000000000000000000000000000000000000000000";
    private const string BasePoint = "5866666666666666666666666666666666666666666666666666666666666666";

    private static byte[] Scalar(ulong value)
    {
        var s = new byte[32];
        BitConverter.TryWriteBytes(s, value);
        return s;
    }

    // Agave programs/bpf_loader/src/syscalls/mod.rs: test_syscall_edwards_curve_point_validation,
    // test_syscall_edwards_curve_group_ops and test_syscall_multiscalar_multiplication.
    [Fact]
    public void Agave_syscall_vectors()
    {
        byte[] valid = [201, 179, 241, 122, 180, 185, 239, 50, 183, 52, 221, 0, 153, 195, 43, 18, 22, 38, 187, 206, 179, 192, 210, 58, 53, 45, 150, 98, 89, 17, 158, 11];
        byte[] invalid = [120, 140, 152, 233, 41, 227, 203, 27, 87, 115, 25, 251, 219, 5, 84, 148, 117, 38, 84, 60, 87, 144, 161, 146, 42, 34, 91, 155, 158, 189, 121, 79];
        Assert.True(Edwards25519.IsValidPoint(valid));
        Assert.False(Edwards25519.IsValidPoint(invalid));

        byte[] left = [33, 124, 71, 170, 117, 69, 151, 247, 59, 12, 95, 125, 133, 166, 64, 5, 2, 27, 90, 27, 200, 167, 59, 164, 52, 54, 52, 200, 29, 13, 34, 213];
        byte[] right = [70, 222, 137, 221, 253, 204, 71, 51, 78, 8, 124, 1, 67, 200, 102, 225, 122, 228, 111, 183, 129, 14, 131, 210, 212, 95, 109, 246, 55, 10, 159, 91];
        byte[] scalar = [254, 198, 23, 138, 67, 243, 184, 110, 236, 115, 236, 205, 205, 215, 79, 114, 45, 250, 78, 137, 3, 107, 136, 237, 49, 126, 117, 223, 37, 191, 88, 6];
        var result = new byte[32];
        Assert.True(Edwards25519.TryAdd(left, right, result));
        Assert.Equal([7, 251, 187, 86, 186, 232, 57, 242, 193, 236, 49, 200, 90, 29, 254, 82, 46, 80, 83, 70, 244, 153, 23, 156, 2, 138, 207, 51, 165, 38, 200, 85], result);
        Assert.True(Edwards25519.TrySubtract(left, right, result));
        Assert.Equal([60, 87, 90, 68, 232, 25, 7, 172, 247, 120, 158, 104, 52, 127, 94, 244, 5, 79, 253, 15, 48, 69, 82, 134, 155, 70, 188, 81, 108, 95, 212, 9], result);
        Assert.True(Edwards25519.TryMultiply(scalar, right, result));
        Assert.Equal([64, 150, 40, 55, 80, 49, 217, 209, 105, 229, 181, 65, 241, 68, 2, 106, 220, 234, 211, 71, 159, 76, 156, 114, 242, 68, 147, 31, 243, 211, 191, 124], result);
        Assert.False(Edwards25519.TryAdd(invalid, right, result));
        Assert.False(Edwards25519.TrySubtract(invalid, right, result));
        Assert.False(Edwards25519.TryMultiply(scalar, invalid, result));

        byte[] x = [252, 31, 230, 46, 173, 95, 144, 148, 158, 157, 63, 10, 8, 68, 58, 176, 142, 192, 168, 53, 61, 105, 194, 166, 43, 56, 246, 236, 28, 146, 114, 133];
        byte[] y = [10, 111, 8, 236, 97, 189, 124, 69, 89, 176, 222, 39, 199, 253, 111, 11, 248, 186, 128, 90, 120, 128, 248, 210, 232, 183, 93, 104, 111, 150, 7, 241];
        Assert.True(Edwards25519.TryMultiScalarMultiply(scalar.Concat(scalar).ToArray(), x.Concat(y).ToArray(), 2, result));
        Assert.Equal([30, 174, 168, 34, 160, 70, 63, 166, 236, 18, 74, 144, 185, 222, 208, 243, 5, 54, 223, 172, 185, 75, 244, 26, 70, 18, 248, 46, 207, 184, 235, 60], result);
    }

    [Fact]
    public void Agrees_with_libsodium_on_random_points()
    {
        var result = new byte[32];
        for (int i = 0; i < 24; i++)
        {
            var p = LibSodiumOracle.RandomEdwardsPoint();
            var q = LibSodiumOracle.RandomEdwardsPoint();
            var n = LibSodiumOracle.RandomScalar();
            Assert.True(Edwards25519.IsValidPoint(p));
            Assert.True(Edwards25519.TryAdd(p, q, result));
            Assert.Equal(LibSodiumOracle.EdwardsAdd(p, q), result);
            Assert.True(Edwards25519.TrySubtract(p, q, result));
            Assert.Equal(LibSodiumOracle.EdwardsSub(p, q), result);
            Assert.True(Edwards25519.TryMultiply(n, p, result));
            Assert.Equal(LibSodiumOracle.EdwardsMul(n, p), result);
        }
    }

    [Fact]
    public void Msm_of_many_points_matches_the_sum_of_products()
    {
        const int count = 40;
        var scalars = new byte[32 * count];
        var points = new byte[32 * count];
        var expected = Hex.Decode(Identity);
        for (int i = 0; i < count; i++)
        {
            var n = LibSodiumOracle.RandomScalar();
            var p = LibSodiumOracle.RandomEdwardsPoint();
            n.CopyTo(scalars, 32 * i);
            p.CopyTo(points, 32 * i);
            var product = LibSodiumOracle.EdwardsMul(n, p)!;
            expected = i == 0 ? product : LibSodiumOracle.EdwardsAdd(expected, product)!;
        }
        var result = new byte[32];
        Assert.True(Edwards25519.TryMultiScalarMultiply(scalars, points, count, result));
        Assert.Equal(expected, result);
    }

    [Fact]
    public void Decoding_follows_dalek_not_libsodium()
    {
        var result = new byte[32];
        var b = Hex.Decode(BasePoint);
        // y = p + 1 ≡ 1: dalek reduces the unreduced y, so this is the identity; results are canonical.
        var unreducedIdentity = Hex.Decode("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        Assert.True(Edwards25519.IsValidPoint(unreducedIdentity));
        Assert.True(Edwards25519.TryAdd(unreducedIdentity, b, result));
        Assert.Equal(BasePoint, Hex.Encode(result));
        // The sign bit on x = 0 is accepted and lost.
        var signedIdentity = Hex.Decode("0100000000000000000000000000000000000000000000000000000000000080");
        Assert.True(Edwards25519.TryAdd(signedIdentity, b, result));
        Assert.Equal(BasePoint, Hex.Encode(result));
        // Small-order points are valid: (0, −1) has order 2 and doubles to the identity.
        var order2 = Hex.Decode("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        Assert.True(Edwards25519.TryAdd(order2, order2, result));
        Assert.Equal(Identity, Hex.Encode(result));
        // y = 2 is not the y of any point.
        Assert.False(Edwards25519.IsValidPoint(Hex.Decode("0200000000000000000000000000000000000000000000000000000000000000")));
    }

    [Fact]
    public void Scalars_must_be_canonical()
    {
        var b = Hex.Decode(BasePoint);
        var result = new byte[32];
        var l = Scalar25519.LBytes.ToArray();
        Assert.False(Edwards25519.TryMultiply(l, b, result));
        Assert.True(Edwards25519.TryMultiply(Scalar(0), b, result));
        Assert.Equal(Identity, Hex.Encode(result));
        var lMinusOne = l.ToArray();
        lMinusOne[0]--;
        Assert.True(Edwards25519.TryMultiply(lMinusOne, b, result));
        var negB = new byte[32];
        Assert.True(Edwards25519.TrySubtract(Hex.Decode(Identity), b, negB));
        Assert.Equal(negB, result);
        var high = Scalar(1);
        high[31] = 0x80;
        Assert.False(Edwards25519.TryMultiply(high, b, result));
        Assert.True(Edwards25519.TryMultiScalarMultiply([], [], 0, result));
        Assert.Equal(Identity, Hex.Encode(result));
        Assert.False(Edwards25519.TryMultiScalarMultiply(Scalar(2).Concat(l).ToArray(), b.Concat(b).ToArray(), 2, result));
    }
}
