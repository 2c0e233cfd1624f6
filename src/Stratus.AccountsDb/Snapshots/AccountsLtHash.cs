using System.Runtime.InteropServices;
using Stratus.Core;
using Stratus.Core.Encoding;
using Stratus.Crypto;

namespace Stratus.AccountsDb.Snapshots;

/// <summary>
/// The accounts lattice hash stored in a manifest (SIMD-0215): 1,024 u16 lanes serialized as 2,048 little-endian
/// bytes. The arithmetic lives in <see cref="LtHash"/>.
/// </summary>
public sealed class AccountsLtHash : IEquatable<AccountsLtHash>
{
    private readonly byte[] _bytes;

    public AccountsLtHash(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != LtHash.Size) throw new ArgumentException($"an lt hash is {LtHash.Size} bytes, got {bytes.Length}", nameof(bytes));
        _bytes = bytes.ToArray();
    }

    /// <summary>The serialized form (lanes little-endian).</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>The lanes (every platform .NET runs Stratus on is little-endian).</summary>
    public ReadOnlySpan<ushort> Elements => MemoryMarshal.Cast<byte, ushort>(_bytes);

    /// <summary>blake3 of the 2,048 bytes: the short form Agave logs and, with snapshots_lt_hash, names archives by.</summary>
    public Hash Checksum()
    {
        Span<byte> digest = stackalloc byte[LtHash.ChecksumSize];
        LtHash.Checksum(_bytes, digest);
        return new Hash(digest);
    }

    public bool IsIdentity => LtHash.IsIdentity(_bytes);

    public bool Equals(AccountsLtHash? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);
    public override bool Equals(object? obj) => Equals(obj as AccountsLtHash);
    public override int GetHashCode() => BitConverter.ToInt32(_bytes, 0);
    public override string ToString() => Base58.Encode(Checksum().AsSpan());
}
