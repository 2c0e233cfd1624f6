namespace Stratus.Crypto.Tests;

public class Blake3Tests
{
    /// <summary>
    /// From the official BLAKE3 test_vectors.json (hash mode): input is bytes i % 251, the expected
    /// value is 131 bytes of extended output.
    /// </summary>
    public static TheoryData<int, string> OfficialVectors => new()
    {
        { 0, "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262e00f03e7b69af26b7faaf09fcd333050338ddfe085b8cc869ca98b206c08243a26f5487789e8f660afe6c99ef9e0c52b92e7393024a80459cf91f476f9ffdbda7001c22e159b402631f277ca96f2defdf1078282314e763699a31c5363165421cce14d" },
        { 1, "2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213c3a6cb8bf623e20cdb535f8d1a5ffb86342d9c0b64aca3bce1d31f60adfa137b358ad4d79f97b47c3d5e79f179df87a3b9776ef8325f8329886ba42f07fb138bb502f4081cbcec3195c5871e6c23e2cc97d3c69a613eba131e5f1351f3f1da786545e5" },
        { 64, "4eed7141ea4a5cd4b788606bd23f46e212af9cacebacdc7d1f4c6dc7f2511b98fc9cc56cb831ffe33ea8e7e1d1df09b26efd2767670066aa82d023b1dfe8ab1b2b7fbb5b97592d46ffe3e05a6a9b592e2949c74160e4674301bc3f97e04903f8c6cf95b863174c33228924cdef7ae47559b10b294acd660666c4538833582b43f82d74" },
        { 65, "de1e5fa0be70df6d2be8fffd0e99ceaa8eb6e8c93a63f2d8d1c30ecb6b263dee0e16e0a4749d6811dd1d6d1265c29729b1b75a9ac346cf93f0e1d7296dfcfd4313b3a227faaaaf7757cc95b4e87a49be3b8a270a12020233509b1c3632b3485eef309d0abc4a4a696c9decc6e90454b53b000f456a3f10079072baaf7a981653221f2c" },
        { 1024, "42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af71cf8107265ecdaf8505b95d8fcec83a98a6a96ea5109d2c179c47a387ffbb404756f6eeae7883b446b70ebb144527c2075ab8ab204c0086bb22b7c93d465efc57f8d917f0b385c6df265e77003b85102967486ed57db5c5ca170ba441427ed9afa684e" },
        { 1025, "d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444f4c4a22b4b399155358a994e52bf255de60035742ec71bd08ac275a1b51cc6bfe332b0ef84b409108cda080e6269ed4b3e2c3f7d722aa4cdc98d16deb554e5627be8f955c98e1d5f9565a9194cad0c4285f93700062d9595adb992ae68ff12800ab67a" },
        { 2049, "5f4d72f40d7a5f82b15ca2b2e44b1de3c2ef86c426c95c1af0b687952256303096de31d71d74103403822a2e0bc1eb193e7aecc9643a76b7bbc0c9f9c52e8783aae98764ca468962b5c2ec92f0c74eb5448d519713e09413719431c802f948dd5d90425a4ecdadece9eb178d80f26efccae630734dff63340285adec2aed3b51073ad3" },
        { 8193, "bab6c09cb8ce8cf459261398d2e7aef35700bf488116ceb94a36d0f5f1b7bc3bb2282aa69be089359ea1154b9a9286c4a56af4de975a9aa4a5c497654914d279bea60bb6d2cf7225a2fa0ff5ef56bbe4b149f3ed15860f78b4e2ad04e158e375c1e0c0b551cd7dfc82f1b155c11b6b3ed51ec9edb30d133653bb5709d1dbd55f4e1ff6" },
        { 102400, "bc3e3d41a1146b069abffad3c0d44860cf664390afce4d9661f7902e7943e085e01c59dab908c04c3342b816941a26d69c2605ebee5ec5291cc55e15b76146e6745f0601156c3596cb75065a9c57f35585a52e1ac70f69131c23d611ce11ee4ab1ec2c009012d236648e77be9295dd0426f29b764d65de58eb7d01dd42248204f45f8e" },
    };

    private static byte[] Input(int length) => Enumerable.Range(0, length).Select(i => (byte)(i % 251)).ToArray();

    [Theory]
    [MemberData(nameof(OfficialVectors))]
    public void OneShotExtendedOutput(int length, string expected)
    {
        var output = new byte[expected.Length / 2];
        Blake3.Hash(Input(length), output);
        Assert.Equal(expected, Hex.Encode(output));
    }

    [Theory]
    [MemberData(nameof(OfficialVectors))]
    public void DefaultLengthIsThePrefix(int length, string expected)
    {
        Assert.Equal(expected[..64], Hex.Encode(Blake3.Hash(Input(length))));
    }

    [Theory]
    [MemberData(nameof(OfficialVectors))]
    public void IncrementalUpdatesInOddPieces(int length, string expected)
    {
        var input = Input(length);
        foreach (var piece in new[] { 1, 7, 63, 64, 65, 1000, 1024, 4097 })
        {
            var hasher = Blake3Hasher.Create();
            for (var offset = 0; offset < input.Length; offset += piece)
                hasher.Update(input.AsSpan(offset, Math.Min(piece, input.Length - offset)));
            var output = new byte[expected.Length / 2];
            hasher.Finalize(output);
            Assert.Equal(expected, Hex.Encode(output));
        }
    }

    [Theory]
    [MemberData(nameof(OfficialVectors))]
    public void SeekingIntoTheOutputStream(int length, string expected)
    {
        var hasher = Blake3Hasher.Create();
        hasher.Update(Input(length));
        foreach (var offset in new[] { 1, 31, 64, 65, 100 })
        {
            var output = new byte[expected.Length / 2 - offset];
            hasher.Finalize(output, (ulong)offset);
            Assert.Equal(expected[(2 * offset)..], Hex.Encode(output));
        }
    }

    [Fact]
    public void FinalizeLeavesTheHasherUsable()
    {
        var input = Input(3000);
        var hasher = Blake3Hasher.Create();
        hasher.Update(input.AsSpan(0, 1500));
        var partial = new byte[32];
        hasher.Finalize(partial);
        Assert.Equal(Blake3.Hash(input.AsSpan(0, 1500)), partial);
        hasher.Update(input.AsSpan(1500));
        var full = new byte[32];
        hasher.Finalize(full);
        Assert.Equal(Blake3.Hash(input), full);
    }

    // Computed independently with @noble/hashes 1.x blake3.
    [Fact]
    public void LatticeSizedOutputMatchesAnIndependentImplementation()
    {
        var output = new byte[2048];
        Blake3.Hash(Input(200), output);
        Assert.Equal("437220a47b125e6dc2581197107e56acf7932f1a5dfde2cb008df1824222e857", Hex.Encode(System.Security.Cryptography.SHA256.HashData(output)));
    }

    [Fact]
    public void OneMebibyteMatchesAnIndependentImplementation()
    {
        var input = Enumerable.Range(0, 1 << 20).Select(i => (byte)((i * 7 + 3) & 0xff)).ToArray();
        Assert.Equal("61dff3ba1f1c8e82ae9bb4c239deb8efb4eff497ade6721838a90c951ba77beb", Hex.Encode(Blake3.Hash(input)));
    }

    [Fact]
    public void LongExtendedOutputIsConsistent()
    {
        // The lattice hash reads 2048 bytes of XOF; every prefix must agree with shorter reads.
        var input = Input(200);
        var full = new byte[2048];
        Blake3.Hash(input, full);
        var part = new byte[777];
        Blake3.Hash(input, part);
        Assert.Equal(full.AsSpan(0, 777).ToArray(), part);
        var hasher = Blake3Hasher.Create();
        hasher.Update(input);
        var tail = new byte[48];
        hasher.Finalize(tail, 2000);
        Assert.Equal(full.AsSpan(2000).ToArray(), tail);
    }

    /// <summary>
    /// Outputs of 512 bytes and more go through the eight-lane path (when the CPU has AVX2); reading the same stream
    /// one 64-byte block per call takes the one-block path, so the two must agree bit for bit.
    /// </summary>
    [Theory]
    [InlineData(0, 0UL)]
    [InlineData(1, 0UL)]
    [InlineData(64, 0UL)]
    [InlineData(65, 0UL)]
    [InlineData(238, 0UL)]
    [InlineData(1024, 0UL)]
    [InlineData(1025, 0UL)]
    [InlineData(2049, 0UL)]
    [InlineData(8193, 0UL)]
    [InlineData(200, 1UL)]
    [InlineData(200, 100UL)]
    // Output block counters 2^32 - 3 … 2^32 + 4: the low counter word wraps inside one eight-lane group.
    [InlineData(200, ((1UL << 32) - 3) * 64)]
    [InlineData(3000, ((1UL << 32) - 5) * 64 + 17)]
    public void WideOutputMatchesBlockByBlockOutput(int length, ulong offset)
    {
        var hasher = Blake3Hasher.Create();
        hasher.Update(Input(length));
        var wide = new byte[2048 + 64 + 7];
        hasher.Finalize(wide, offset);
        var narrow = new byte[wide.Length];
        for (var at = 0; at < narrow.Length; at += 64)
            hasher.Finalize(narrow.AsSpan(at, Math.Min(64, narrow.Length - at)), offset + (ulong)at);
        Assert.Equal(Hex.Encode(narrow), Hex.Encode(wide));
    }

    /// <summary>
    /// Inputs with more than eight whole chunks ahead hash eight chunks at once (AVX2); starting that at a chunk
    /// counter other than 0, after a split update, must agree with hashing the same bytes one piece at a time.
    /// </summary>
    [Theory]
    [InlineData(3 * 1024, 40_000)]
    [InlineData(1000, 9 * 1024)]
    [InlineData(5 * 1024 + 1, 64 * 1024)]
    public void EightChunksAtOnceAgreeWithSmallUpdates(int first, int second)
    {
        var input = Enumerable.Range(0, first + second).Select(i => (byte)((i * 31 + 7) & 0xff)).ToArray();
        var wide = Blake3Hasher.Create();
        wide.Update(input.AsSpan(0, first));
        wide.Update(input.AsSpan(first));
        var narrow = Blake3Hasher.Create();
        for (var at = 0; at < input.Length; at += 1000)
            narrow.Update(input.AsSpan(at, Math.Min(1000, input.Length - at)));
        var a = new byte[100];
        var b = new byte[100];
        wide.Finalize(a);
        narrow.Finalize(b);
        Assert.Equal(Hex.Encode(b), Hex.Encode(a));
    }
}
