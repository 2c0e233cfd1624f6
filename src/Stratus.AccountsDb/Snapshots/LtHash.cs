using System.Runtime.InteropServices;
using Stratus.Core;
using Stratus.Core.Encoding;

namespace Stratus.AccountsDb.Snapshots;

/// <summary>
/// An accounts lattice hash (SIMD-0215): 1,024 u16 lanes, serialized as 2,048 little-endian bytes.
/// </summary>
public sealed class LtHash : IEquatable<LtHash>
{
    public const int Lanes = 1024;
    public const int ByteLength = Lanes * 2;

    private readonly byte[] _bytes;

    public LtHash(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != ByteLength) throw new ArgumentException($"an lt hash is {ByteLength} bytes, got {bytes.Length}", nameof(bytes));
        _bytes = bytes.ToArray();
    }

    /// <summary>The serialized form (lanes little-endian).</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>The lanes; the machine is little-endian, as everywhere .NET runs Stratus.</summary>
    public ReadOnlySpan<ushort> Elements => MemoryMarshal.Cast<byte, ushort>(_bytes);

    /// <summary>blake3 of the 2,048 bytes: the short form Agave logs and names snapshots by.</summary>
    public Hash Checksum()
    {
        Span<byte> digest = stackalloc byte[Hash.Length];
        Stratus.Crypto.Blake3.Hash(_bytes, digest);
        return new Hash(digest);
    }

    public bool IsIdentity => !_bytes.AsSpan().ContainsAnyExcept((byte)0);

    public bool Equals(LtHash? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);
    public override bool Equals(object? obj) => Equals(obj as LtHash);
    public override int GetHashCode() => BitConverter.ToInt32(_bytes, 0);
    public override string ToString() => Base58.Encode(Checksum().AsSpan());
}
