using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Stratus.Core.Tests;

public class ValueTypeTests
{
    [Fact]
    public void Sizes_match_the_wire_format()
    {
        Assert.Equal(32, Unsafe.SizeOf<Pubkey>());
        Assert.Equal(32, Unsafe.SizeOf<Hash>());
        Assert.Equal(64, Unsafe.SizeOf<Signature>());
    }

    [Fact]
    public void Equality_and_hash_code_follow_the_bytes()
    {
        var a = new byte[32];
        a[31] = 7;
        var b = (byte[])a.Clone();
        Assert.Equal(new Pubkey(a), new Pubkey(b));
        Assert.True(new Pubkey(a) == new Pubkey(b));
        Assert.Equal(new Pubkey(a).GetHashCode(), new Pubkey(b).GetHashCode());
        for (var i = 0; i < 32; i++)
        {
            var c = (byte[])a.Clone();
            c[i] ^= 0x40;
            Assert.NotEqual(new Pubkey(a), new Pubkey(c));
            Assert.True(new Pubkey(a) != new Pubkey(c));
            Assert.NotEqual(new Hash(a), new Hash(c));
        }
        var s = new byte[64];
        for (var i = 0; i < 64; i++)
        {
            var t = (byte[])s.Clone();
            t[i] = 1;
            Assert.NotEqual(new Signature(s), new Signature(t));
        }
        Assert.Equal(new Signature(s), Signature.Default);
        Assert.True(Signature.Default.IsDefault);
    }

    [Fact]
    public void Hash_codes_separate_vanity_ids_with_shared_prefixes()
    {
        var ids = SysvarIds.All.Append(SysvarIds.Owner).ToArray();
        Assert.Equal(ids.Length, ids.Select(k => k.GetHashCode()).Distinct().Count());
    }

    [Fact]
    public void Ordering_is_lexicographic_by_byte()
    {
        var low = new byte[32];
        low[0] = 1;
        var high = new byte[32];
        high[0] = 2;
        var lowLast = new byte[32];
        lowLast[0] = 1;
        lowLast[31] = 0xFF;
        Assert.True(new Pubkey(low) < new Pubkey(high));
        Assert.True(new Pubkey(lowLast) < new Pubkey(high));
        Assert.True(new Pubkey(low) < new Pubkey(lowLast));
        Assert.True(new Pubkey(high) >= new Pubkey(high));
        var sorted = new[] { new Pubkey(high), new Pubkey(lowLast), new Pubkey(low) }.Order().ToArray();
        Assert.Equal([new Pubkey(low), new Pubkey(lowLast), new Pubkey(high)], sorted);
    }

    [Fact]
    public void Spans_and_copies_expose_the_bytes()
    {
        var bytes = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var key = new Pubkey(bytes);
        Assert.Equal(bytes, key.AsSpan().ToArray());
        Assert.Equal(bytes, key.ToArray());
        var copy = new byte[32];
        key.CopyTo(copy);
        Assert.Equal(bytes, copy);
        Assert.Equal(key, Pubkey.Read(bytes));
        // Wire bytes reinterpret as keys without copying.
        var twoKeys = new byte[64];
        twoKeys[32] = 9;
        var keys = MemoryMarshal.Cast<byte, Pubkey>(twoKeys);
        Assert.Equal(2, keys.Length);
        Assert.Equal(9, keys[1].AsSpan()[0]);
        Assert.Throws<ArgumentException>(() => new Pubkey(new byte[31]));
        Assert.Throws<ArgumentException>(() => new Signature(new byte[32]));
    }

    [Fact]
    public void Formatting_and_parsing_interfaces_use_base58()
    {
        var key = ProgramIds.Vote;
        Assert.Equal("Vote111111111111111111111111111111111111111", $"{key}");
        Span<char> buffer = stackalloc char[44];
        Assert.True(key.TryFormat(buffer, out var written, default, null));
        Assert.Equal(key.ToString(), new string(buffer[..written]));
        Assert.True(Pubkey.TryParse(key.ToString(), out var parsed));
        Assert.Equal(key, parsed);
        Assert.False(Pubkey.TryParse((string?)null, out _));
        Assert.False(Hash.TryParse("0", out _));
        Assert.Equal(key, ParseVia<Pubkey>(key.ToString()));
    }

    private static T ParseVia<T>(string s) where T : ISpanParsable<T> => T.Parse(s.AsSpan(), null);
}
