using Stratus.Core;

namespace Stratus.Crypto;

/// <summary>
/// The Solana message hash (Agave <c>Message::hash_raw_message</c>): blake3 of the domain prefix
/// "solana-tx-message-v1" followed by the serialized message bytes (for v0 messages those bytes
/// start with the 0x80 version prefix). The status cache keys transactions by it.
/// </summary>
public static class MessageHash
{
    public const int HashSize = 32;

    public static ReadOnlySpan<byte> Prefix => "solana-tx-message-v1"u8;

    public static void Compute(ReadOnlySpan<byte> messageBytes, Span<byte> destination)
    {
        if (destination.Length < HashSize)
            throw new ArgumentException($"destination must hold {HashSize} bytes, got {destination.Length}", nameof(destination));
        if (Prefix.Length + messageBytes.Length <= Blake3.ChunkSize)
        {
            // Most messages fit one chunk with the prefix: hash a joined copy and skip the tree state.
            Span<byte> joined = stackalloc byte[Blake3.ChunkSize];
            Prefix.CopyTo(joined);
            messageBytes.CopyTo(joined[Prefix.Length..]);
            Blake3.Hash(joined[..(Prefix.Length + messageBytes.Length)], destination[..HashSize]);
            return;
        }
        var hasher = Blake3Hasher.Create();
        hasher.Update(Prefix);
        hasher.Update(messageBytes);
        hasher.Finalize(destination[..HashSize]);
    }

    public static Hash ComputeHash(ReadOnlySpan<byte> messageBytes)
    {
        Span<byte> digest = stackalloc byte[HashSize];
        Compute(messageBytes, digest);
        return Hash.Read(digest);
    }

    public static byte[] Compute(ReadOnlySpan<byte> messageBytes)
    {
        var result = new byte[HashSize];
        Compute(messageBytes, result);
        return result;
    }
}
