namespace Stratus.Crypto.Tests;

public class Ed25519PublicKeyTests
{
    [Theory]
    // y = 2, 7, 8, 11 have no x on edwards25519 ((y²−1)/(d·y²+1) is a non-residue mod p, checked independently).
    [InlineData("0200000000000000000000000000000000000000000000000000000000000000", false)]
    [InlineData("0700000000000000000000000000000000000000000000000000000000000000", false)]
    [InlineData("0b00000000000000000000000000000000000000000000000000000000000080", false)]
    // y = 1 (identity, small order) and y = 0 (order 4) decode: dalek's from_bytes takes them.
    [InlineData("0100000000000000000000000000000000000000000000000000000000000000", true)]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", true)]
    // y = p + 1 ≡ 1: not reduced, still accepted (curve25519-dalek 3 reduces y).
    [InlineData("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", true)]
    // RFC 8032 test 1 public key.
    [InlineData("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", true)]
    public void IsValid_FollowsDalekFromBytes(string hex, bool expected)
        => Assert.Equal(expected, Ed25519PublicKey.IsValid(Hex.Decode(hex)));

    [Fact]
    public void WrongLength_IsInvalid()
    {
        Assert.False(Ed25519PublicKey.IsValid(new byte[31]));
        Assert.False(Ed25519PublicKey.IsValid(new byte[33]));
    }
}
