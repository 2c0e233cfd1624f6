using System.Text;
using Stratus.Conformance.Fixtures;

namespace Stratus.Conformance.Tests;

public class FdHashTests
{
    // Published XXH64 test values (seed 0 unless stated).
    [Theory]
    [InlineData("", 0UL, 0xEF46DB3751D8E999UL)]
    [InlineData("a", 0UL, 0xD24EC4F1A98C6E5BUL)]
    [InlineData("abc", 0UL, 0x44BC2CF5AD770999UL)]
    [InlineData("Nobody inspects the spammish repetition", 0UL, 0xFBCEA83C8A378BF1UL)]
    public void Matches_xxh64(string text, ulong seed, ulong expected) =>
        Assert.Equal(expected, FdHash.Hash(Encoding.ASCII.GetBytes(text), seed));

    [Fact]
    public void U64_list_is_hashed_as_little_endian_bytes()
    {
        var bytes = new byte[16];
        bytes[0] = 1; bytes[8] = 0x20;
        Assert.Equal(FdHash.Hash(bytes), FdHash.HashU64s([1UL, 0x20UL]));
        Assert.Equal(FdHash.Hash([]), FdHash.HashU64s([]));
    }
}
