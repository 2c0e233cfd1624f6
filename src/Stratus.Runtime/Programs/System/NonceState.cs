using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Crypto;

namespace Stratus.Runtime.Programs.System;

/// <summary>
/// A nonce account's state (solana-nonce 2.2 <c>Versions</c>): u32 version (0 Legacy, 1 Current), u32
/// state (0 Uninitialized, 1 Initialized), then authority, durable nonce and lamports per signature.
/// </summary>
public readonly record struct NonceState(bool IsCurrentVersion, bool IsInitialized, Pubkey Authority = default, Hash DurableNonce = default, ulong LamportsPerSignature = 0)
{
    /// <summary>Serialized size of an initialized nonce (State::size()).</summary>
    public const int Size = 80;

    /// <summary>Reads the state as bincode would: extra bytes are ignored, too few or bad tags fail.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out NonceState state)
    {
        state = default;
        if (data.Length < 8) return false;
        var version = BinaryPrimitives.ReadUInt32LittleEndian(data);
        var tag = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        if (version > 1 || tag > 1) return false;
        if (tag == 0)
        {
            state = new NonceState(version == 1, false);
            return true;
        }
        if (data.Length < Size) return false;
        state = new NonceState(version == 1, true, Pubkey.Read(data[8..]), Hash.Read(data[40..]), BinaryPrimitives.ReadUInt64LittleEndian(data[72..]));
        return true;
    }

    /// <summary>The bincode bytes: 8 for Uninitialized, 80 for Initialized.</summary>
    public byte[] Serialize()
    {
        var bytes = new byte[IsInitialized ? Size : 8];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, IsCurrentVersion ? 1u : 0u);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), IsInitialized ? 1u : 0u);
        if (IsInitialized)
        {
            Authority.CopyTo(bytes.AsSpan(8));
            DurableNonce.CopyTo(bytes.AsSpan(40));
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(72), LamportsPerSignature);
        }
        return bytes;
    }

    public static NonceState Initialized(Pubkey authority, Hash durableNonce, ulong lamportsPerSignature) =>
        new(true, true, authority, durableNonce, lamportsPerSignature);

    public static readonly NonceState Uninitialized = new(true, false);

    /// <summary>sha256("DURABLE_NONCE" ‖ blockhash).</summary>
    public static Hash DurableNonceFrom(in Hash blockhash)
    {
        Span<byte> buffer = stackalloc byte[13 + 32];
        "DURABLE_NONCE"u8.CopyTo(buffer);
        blockhash.CopyTo(buffer[13..]);
        Span<byte> digest = stackalloc byte[32];
        Sha256.Hash(buffer, digest);
        return Hash.Read(digest);
    }
}
