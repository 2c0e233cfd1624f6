using System.Buffers.Binary;
using Stratus.Crypto;
using Stratus.Runtime.Precompiles;

namespace Stratus.Runtime.Tests.Precompiles;

/// <summary>Builders for precompile instruction data, laid out as the SDKs lay it out.</summary>
internal static class PrecompileData
{
    public static byte[] Hex(string hex) => Convert.FromHexString(hex);

    public static readonly byte[] Zeros100 = new byte[100];

    /// <summary>Agave's unit-test shape: a u16 count (so data[1] = 0) and one offsets record, nothing else.</summary>
    public static byte[] OffsetsOnly(ushort count, SignatureOffsets offsets)
    {
        var data = new byte[Ed25519Precompile.DataStart];
        BinaryPrimitives.WriteUInt16LittleEndian(data, count);
        offsets.Write(data.AsSpan(2));
        return data;
    }

    /// <summary>One signature whose key, signature and message follow the record (ed25519 SDK order: key first).</summary>
    public static byte[] Ed25519Single(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message)
    {
        const int keyOffset = Ed25519Precompile.DataStart;
        const int signatureOffset = keyOffset + 32;
        const int messageOffset = signatureOffset + 64;
        var data = new byte[messageOffset + message.Length];
        data[0] = 1;
        new SignatureOffsets(signatureOffset, SignatureOffsets.CurrentInstruction, keyOffset, SignatureOffsets.CurrentInstruction,
            messageOffset, (ushort)message.Length, SignatureOffsets.CurrentInstruction).Write(data.AsSpan(2));
        publicKey.CopyTo(data.AsSpan(keyOffset));
        signature.CopyTo(data.AsSpan(signatureOffset));
        message.CopyTo(data.AsSpan(messageOffset));
        return data;
    }

    public static (byte[] PublicKey, byte[] SecretKey) Ed25519Key(byte seedByte)
    {
        var seed = Enumerable.Repeat(seedByte, 32).ToArray();
        var publicKey = new byte[32];
        var secretKey = new byte[64];
        Ed25519.KeyPairFromSeed(seed, publicKey, secretKey);
        return (publicKey, secretKey);
    }

    public static byte[] Ed25519Sign(byte[] secretKey, ReadOnlySpan<byte> message)
    {
        var signature = new byte[64];
        Ed25519.Sign(message, secretKey, signature);
        return signature;
    }

    /// <summary>secp256r1 SDK order: key (33), signature (64), message, all in this instruction.</summary>
    public static byte[] Secp256r1Single(ReadOnlySpan<byte> compressedKey, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message)
    {
        const int keyOffset = Secp256r1Precompile.DataStart;
        const int signatureOffset = keyOffset + 33;
        const int messageOffset = signatureOffset + 64;
        var data = new byte[messageOffset + message.Length];
        data[0] = 1;
        new SignatureOffsets(signatureOffset, SignatureOffsets.CurrentInstruction, keyOffset, SignatureOffsets.CurrentInstruction,
            messageOffset, (ushort)message.Length, SignatureOffsets.CurrentInstruction).Write(data.AsSpan(2));
        compressedKey.CopyTo(data.AsSpan(keyOffset));
        signature.CopyTo(data.AsSpan(signatureOffset));
        message.CopyTo(data.AsSpan(messageOffset));
        return data;
    }

    /// <summary>An 11-byte secp256k1 offsets record.</summary>
    public static void WriteSecp256k1Offsets(Span<byte> destination, ushort signatureOffset, byte signatureIndex, ushort ethOffset, byte ethIndex,
        ushort messageOffset, ushort messageSize, byte messageIndex)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(destination, signatureOffset);
        destination[2] = signatureIndex;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[3..], ethOffset);
        destination[5] = ethIndex;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], messageOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[8..], messageSize);
        destination[10] = messageIndex;
    }

    /// <summary>Agave's secp256k1 unit-test shape: count byte and one record, everything else zero.</summary>
    public static byte[] Secp256k1OffsetsOnly(byte count, ushort signatureOffset = 0, byte signatureIndex = 0, ushort ethOffset = 0, byte ethIndex = 0,
        ushort messageOffset = 0, ushort messageSize = 0, byte messageIndex = 0)
    {
        var data = new byte[Secp256k1Precompile.DataStart];
        data[0] = count;
        WriteSecp256k1Offsets(data.AsSpan(1), signatureOffset, signatureIndex, ethOffset, ethIndex, messageOffset, messageSize, messageIndex);
        return data;
    }

    public static byte[] EthAddress(ReadOnlySpan<byte> uncompressedKey64)
        => Keccak256.Hash(uncompressedKey64)[12..];

    /// <summary>
    /// One secp256k1 signature in the layout of solana-sdk's <c>new_secp256k1_instruction</c>: eth address,
    /// signature, recovery id, message; every index = <paramref name="instructionIndex"/>.
    /// </summary>
    public static byte[] Secp256k1Single(byte[] secretKey, ReadOnlySpan<byte> message, byte instructionIndex = 0)
    {
        var publicKey = new byte[64];
        Assert.True(Secp256k1.DerivePublicKey(secretKey, publicKey));
        var signature = new byte[64];
        Assert.True(Secp256k1.SignRecoverable(Keccak256.Hash(message), secretKey, signature, out var recoveryId));
        const int ethOffset = Secp256k1Precompile.DataStart;
        const int signatureOffset = ethOffset + 20;
        const int messageOffset = signatureOffset + 65;
        var data = new byte[messageOffset + message.Length];
        data[0] = 1;
        WriteSecp256k1Offsets(data.AsSpan(1), signatureOffset, instructionIndex, ethOffset, instructionIndex, messageOffset, (ushort)message.Length, instructionIndex);
        EthAddress(publicKey).CopyTo(data, ethOffset);
        signature.CopyTo(data, signatureOffset);
        data[signatureOffset + 64] = (byte)recoveryId;
        message.CopyTo(data.AsSpan(messageOffset));
        return data;
    }

    /// <summary>The same data one byte off 8-byte alignment, to show record alignment never matters.</summary>
    public static ReadOnlyMemory<byte> Misaligned(byte[] data)
    {
        var buffer = new byte[data.Length + 1];
        data.CopyTo(buffer, 1);
        return buffer.AsMemory(1);
    }
}
