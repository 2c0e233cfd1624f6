using System.Security.Cryptography;
using Stratus.Core.Encoding;
using Stratus.TestCommon;

namespace Stratus.Core.Tests;

public class Base58Tests
{
    // Bitcoin Core's src/test/data/base58_encode_decode.json (hex, base58).
    public static TheoryData<string, string> BitcoinVectors => new()
    {
        { "", "" },
        { "61", "2g" },
        { "626262", "a3gV" },
        { "636363", "aPEr" },
        { "73696d706c792061206c6f6e6720737472696e67", "2cFupjhnEsSn59qHXstmK2ffpLv2" },
        { "00eb15231dfceb60925886b67d065299925915aeb172c06647", "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L" },
        { "516b6fcd0f", "ABnLTmg" },
        { "bf4f89001e670274dd", "3SEo3LWLoPntC" },
        { "572e4794", "3EFU7m" },
        { "ecac89cad93923c02321", "EJDM8drfXA6uyA" },
        { "10c8511e", "Rt5zm" },
        { "00000000000000000000", "1111111111" },
        { "000111d38e5fc9071ffcd20b4a763cc9ae4f252bb4e48fd66a835e252ada93ff480d6dd43dc62a641155a5",
          "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz" },
        { "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
          "1cWB5HCBdLjAuqGGReWE3R3CguuwSjw6RHn39s2yuDRTS5NsBgNiFpWgAnEx6VQi8csexkgYw3mdYrMHr8x9i7aEwP8kZ7vccXWqKDvGv3u1GxFKPuAkn8JCPPGDMf3vMMnbzm6Nh9zh1gcNsMvH3ZNLmP5fSG6DGbbi2tuwMWPthr4boWwCxf7ewSgNQeacyozhKDDQQ1qL5fQFUW52QKUZDZ5fw3KXNQJMcNTcaB723LchjeKun7MuGW5qyCBZYzA1KjofN1gYBV3NqyhQJ3Ns746GNuf9N2pQPmHz4xpnSrrfCvy6TVVz5d4PdrjeshsWQwpZsZGzvbdAdN8MKV5QsBDY" },
    };

    [Theory]
    [MemberData(nameof(BitcoinVectors))]
    public void Encodes_and_decodes_bitcoin_vectors(string hex, string base58)
    {
        var bytes = Convert.FromHexString(hex);
        Assert.Equal(base58, Base58.Encode(bytes));
        Assert.Equal(bytes, Base58.Decode(base58));
    }

    [Fact]
    public void System_program_is_32_ones()
    {
        Assert.Equal("11111111111111111111111111111111", new Pubkey(new byte[32]).ToString());
        Assert.Equal(new byte[32], Pubkey.Parse("11111111111111111111111111111111").ToArray());
        Assert.Equal(Pubkey.Default, ProgramIds.System);
    }

    [Fact]
    public void Max_encoded_lengths_match_agave_limits()
    {
        Assert.Equal(44, Base58.MaxEncodedLength(32));
        Assert.Equal(88, Base58.MaxEncodedLength(64));
        var allFf = Enumerable.Repeat((byte)0xFF, 32).ToArray();
        Assert.Equal(44, Base58.Encode(allFf).Length);
        Assert.Equal(88, Base58.Encode(Enumerable.Repeat((byte)0xFF, 64).ToArray()).Length);
    }

    // base58(sha256(genesis.bin)) is each cluster's genesis hash (shared/data/README.md).
    [SharedTheory("genesis/mainnet_genesis.bin", "genesis/devnet_genesis.bin", "genesis/testnet_genesis.bin")]
    [InlineData("genesis/mainnet_genesis.bin", "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d")]
    [InlineData("genesis/devnet_genesis.bin", "EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG")]
    [InlineData("genesis/testnet_genesis.bin", "4uhcVJyU9pJkvQyS88uRDiswHXSCkY3zQawwpjk2NsNY")]
    public void Genesis_hashes_encode_to_the_published_strings(string file, string expected)
    {
        var digest = SHA256.HashData(File.ReadAllBytes(SharedData.Require(file)));
        var hash = new Hash(digest);
        Assert.Equal(expected, hash.ToString());
        Assert.Equal(hash, Hash.Parse(expected));
    }

    [Fact]
    public void Round_trips_random_inputs_of_every_small_length()
    {
        var rng = new Random(58);
        for (var length = 0; length <= 130; length++)
        {
            for (var trial = 0; trial < 20; trial++)
            {
                var bytes = new byte[length];
                rng.NextBytes(bytes);
                // Leading zeros exercise the '1' prefix handling.
                var zeros = rng.Next(0, Math.Min(length, 4) + 1);
                Array.Clear(bytes, 0, zeros);
                var text = Base58.Encode(bytes);
                Assert.True(text.Length <= Base58.MaxEncodedLength(length));
                Assert.Equal(bytes, Base58.Decode(text));
                Assert.Equal(text, ReferenceEncode(bytes));
            }
        }
    }

    [Fact]
    public void Exact_decode_round_trips_keys_and_signatures()
    {
        var rng = new Random(32);
        for (var i = 0; i < 500; i++)
        {
            var key = new byte[32];
            rng.NextBytes(key);
            if (i % 5 == 0) key[0] = 0;
            if (i % 25 == 0) key[1] = 0;
            var pk = new Pubkey(key);
            Assert.Equal(pk, Pubkey.Parse(pk.ToString()));
            var sig = new byte[64];
            rng.NextBytes(sig);
            var s = new Signature(sig);
            Assert.Equal(s, Signature.Parse(s.ToString()));
        }
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("O", 0)]
    [InlineData("I", 0)]
    [InlineData("l", 0)]
    [InlineData("11111111111111111111111111111110", 31)]
    [InlineData("1111111111111111111111111111111 ", 31)]
    [InlineData("111111111111111111111111111111é1", 30)]
    [InlineData("1111111111111111+111111111111111", 16)]
    public void Rejects_characters_outside_the_alphabet_with_their_position(string text, int position)
    {
        Span<byte> output = stackalloc byte[32];
        Assert.Equal(Base58Error.InvalidCharacter, Base58.TryDecode(text, output, out _, out var at));
        Assert.Equal(position, at);
        Assert.Equal(Base58Error.InvalidCharacter, Pubkey.TryParse(text, out _, out at));
        Assert.Equal(position, at);
    }

    [Fact]
    public void Rejects_overlong_and_wrong_length_keys()
    {
        // 45 characters cannot be a 32-byte key (Agave: MAX_BASE58_LEN = 44).
        Assert.Equal(Base58Error.InputTooLong, Pubkey.TryParse(new string('2', 45), out _, out _));
        Assert.Equal(Base58Error.InputTooLong, Signature.TryParse(new string('2', 89), out _, out _));
        // 44 characters of 'z' overflow 256 bits.
        Assert.Equal(Base58Error.WrongLength, Pubkey.TryParse(new string('z', 44), out _, out _));
        // 33 ones decode to 33 zero bytes.
        Assert.Equal(Base58Error.WrongLength, Pubkey.TryParse(new string('1', 33), out _, out _));
        // 31 ones decode to 31 zero bytes.
        Assert.Equal(Base58Error.WrongLength, Pubkey.TryParse(new string('1', 31), out _, out _));
        // Short strings decode to fewer than 32 bytes.
        Assert.Equal(Base58Error.WrongLength, Pubkey.TryParse("2g", out _, out _));
        Assert.Equal(Base58Error.WrongLength, Pubkey.TryParse("", out _, out _));
        // A 31-byte value written with a single leading '1' is 32 bytes long only if its top byte is zero.
        var shortKey = new byte[32];
        shortKey[1] = 1;
        var text = new Pubkey(shortKey).ToString();
        Assert.StartsWith("1", text);
        Assert.Equal(Base58Error.WrongLength, Pubkey.TryParse(text.AsSpan(1), out _, out _));
        Assert.Equal(Base58Error.WrongLength, Pubkey.TryParse("1" + text, out _, out _));
        Assert.Throws<FormatException>(() => Pubkey.Parse("not a key"));
    }

    [Fact]
    public void Variable_length_decode_reports_a_small_destination()
    {
        Span<byte> two = stackalloc byte[2];
        Assert.Equal(Base58Error.OutputTooSmall, Base58.TryDecode("a3gV", two, out _));
        Span<byte> three = stackalloc byte[3];
        Assert.Equal(Base58Error.None, Base58.TryDecode("a3gV", three, out var n));
        Assert.Equal(3, n);
        Assert.Equal("bbb"u8.ToArray(), three.ToArray());
    }

    [Fact]
    public void Utf8_decoding_matches_char_decoding()
    {
        Assert.Equal(Base58Error.None, Pubkey.TryParseUtf8("Vote111111111111111111111111111111111111111"u8, out var key));
        Assert.Equal(ProgramIds.Vote, key);
        Assert.Equal(Base58Error.InvalidCharacter, Pubkey.TryParseUtf8("Vote11111111111111111111111111111111111111O"u8, out _));
    }

    [Fact]
    public void TryEncode_reports_a_short_destination()
    {
        var bytes = new byte[32];
        bytes[31] = 1;
        Span<char> small = stackalloc char[31];
        Assert.False(Base58.TryEncode(bytes, small, out _));
        Span<char> exact = stackalloc char[32];
        Assert.True(Base58.TryEncode(bytes, exact, out var written));
        Assert.Equal("11111111111111111111111111111112", new string(exact[..written]));
    }

    // Textbook digit-at-a-time base58, independent of the limb arithmetic under test.
    private static string ReferenceEncode(byte[] input)
    {
        var digits = new List<int>();
        foreach (var b in input)
        {
            var carry = (int)b;
            for (var j = 0; j < digits.Count; j++)
            {
                carry += digits[j] << 8;
                digits[j] = carry % 58;
                carry /= 58;
            }
            while (carry > 0)
            {
                digits.Add(carry % 58);
                carry /= 58;
            }
        }
        var sb = new System.Text.StringBuilder();
        foreach (var b in input)
        {
            if (b != 0) break;
            sb.Append('1');
        }
        for (var i = digits.Count - 1; i >= 0; i--) sb.Append(Base58.Alphabet[digits[i]]);
        return sb.ToString();
    }
}
