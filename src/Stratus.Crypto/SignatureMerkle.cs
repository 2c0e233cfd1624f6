using System.Buffers;

namespace Stratus.Crypto;

/// <summary>
/// The Merkle root Agave mixes into PoH for an entry with transactions (<c>hash_transactions</c>
/// over solana-merkle-tree): leaves sha256(0x00 ‖ signature) for every signature of every
/// transaction in order, parents sha256(0x01 ‖ left ‖ right), an odd last node paired with itself,
/// a single leaf is its own root, and no signatures give 32 zero bytes.
/// </summary>
public static class SignatureMerkle
{
    public const int SignatureSize = 64;

    /// <summary>Largest tree built in stack memory; larger ones rent from the shared pool.</summary>
    private const int StackLeaves = 128;

    /// <summary>Computes the root of <paramref name="signatures"/> (a whole number of 64-byte signatures).</summary>
    public static void Root(ReadOnlySpan<byte> signatures, Span<byte> destination)
    {
        if (signatures.Length % SignatureSize != 0)
            throw new ArgumentException($"signatures must be a multiple of {SignatureSize} bytes, got {signatures.Length}", nameof(signatures));
        if (destination.Length < Sha256.HashSize)
            throw new ArgumentException($"destination must hold {Sha256.HashSize} bytes", nameof(destination));
        var count = signatures.Length / SignatureSize;
        if (count == 0)
        {
            destination[..Sha256.HashSize].Clear();
            return;
        }
        byte[]? rented = null;
        var nodes = count <= StackLeaves
            ? stackalloc byte[count * Sha256.HashSize]
            : (rented = ArrayPool<byte>.Shared.Rent(count * Sha256.HashSize)).AsSpan(0, count * Sha256.HashSize);
        try
        {
            ReadOnlySpan<byte> leafPrefix = [0x00];
            ReadOnlySpan<byte> nodePrefix = [0x01];
            var hasher = Sha256Hasher.Create();
            for (var i = 0; i < count; i++)
            {
                hasher.Update(leafPrefix);
                hasher.Update(signatures.Slice(i * SignatureSize, SignatureSize));
                hasher.Finish(nodes.Slice(i * Sha256.HashSize, Sha256.HashSize));
            }
            // Each level overwrites the front of the buffer: parent i only reads children 2i and 2i + 1.
            for (var level = count; level > 1; level = (level + 1) / 2)
            {
                for (var i = 0; i < (level + 1) / 2; i++)
                {
                    var left = nodes.Slice(2 * i * Sha256.HashSize, Sha256.HashSize);
                    var right = 2 * i + 1 < level ? nodes.Slice((2 * i + 1) * Sha256.HashSize, Sha256.HashSize) : left;
                    hasher.Update(nodePrefix);
                    hasher.Update(left);
                    hasher.Update(right);
                    hasher.Finish(nodes.Slice(i * Sha256.HashSize, Sha256.HashSize));
                }
            }
            nodes[..Sha256.HashSize].CopyTo(destination);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
