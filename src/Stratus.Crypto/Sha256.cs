using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Stratus.Core;
using Stratus.Crypto.Native;

namespace Stratus.Crypto;

/// <summary>
/// SHA-256. Padding and buffering are done here; each 64-byte block is compressed by OpenSSL's
/// <c>SHA256_Transform</c> (SHA-NI where the CPU has it). That keeps a 32-byte PoH hash at one
/// native call with no EVP context, which is several times faster than any EVP-based API.
/// </summary>
public static unsafe class Sha256
{
    public const int HashSize = 32;
    public const int BlockSize = 64;

    /// <summary>The compression function state buffer: OpenSSL's SHA256_CTX, of which only h[8] is touched.</summary>
    internal const int StateBufferSize = LibCrypto.Sha256CtxSize;

    internal static ReadOnlySpan<byte> InitialStateBytes =>
    [
        // h0..h7 as little-endian uint32, the in-memory layout of SHA256_CTX.h
        0x67, 0xe6, 0x09, 0x6a, 0x85, 0xae, 0x67, 0xbb, 0x72, 0xf3, 0x6e, 0x3c, 0x3a, 0xf5, 0x4f, 0xa5,
        0x7f, 0x52, 0x0e, 0x51, 0x8c, 0x68, 0x05, 0x9b, 0xab, 0xd9, 0x83, 0x1f, 0x19, 0xcd, 0xe0, 0x5b,
    ];

    /// <summary>Byte order mask that turns four native-endian state words into big-endian digest bytes.</summary>
    private static ReadOnlySpan<byte> WordSwapMask => [3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12];

    /// <summary>sha256(data) into the first 32 bytes of <paramref name="destination"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        CheckDestination(destination);
        var hasher = Sha256Hasher.Create();
        hasher.Update(data);
        hasher.Finish(destination);
    }

    /// <summary>sha256(first ‖ second) (Solana's <c>hashv</c> of two slices).</summary>
    public static void Hash(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> destination)
    {
        CheckDestination(destination);
        var hasher = Sha256Hasher.Create();
        hasher.Update(first);
        hasher.Update(second);
        hasher.Finish(destination);
    }

    /// <summary>sha256(data) as a <see cref="Core.Hash"/> (Solana's <c>hash</c>).</summary>
    public static Hash ComputeHash(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[HashSize];
        Hash(data, digest);
        return Core.Hash.Read(digest);
    }

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var result = new byte[HashSize];
        Hash(data, result);
        return result;
    }

    /// <summary>
    /// sha256 of exactly 32 bytes: one compression of a block whose padding is constant.
    /// <paramref name="input"/> and <paramref name="destination"/> may overlap.
    /// </summary>
    public static void Hash32(ReadOnlySpan<byte> input, Span<byte> destination)
    {
        if (input.Length != HashSize)
            throw new ArgumentException($"input must be exactly {HashSize} bytes, got {input.Length}", nameof(input));
        CheckDestination(destination);
        var lib = LibCrypto.Instance;
        byte* ctx = stackalloc byte[StateBufferSize];
        byte* block = stackalloc byte[BlockSize];
        InitBlock32(block);
        input.CopyTo(new Span<byte>(block, HashSize));
        SetInitialState(ctx);
        lib.Sha256Transform(ctx, block);
        fixed (byte* dst = destination)
            StoreDigest(ctx, dst);
    }

    /// <summary>sha256(a ‖ b) for two 32-byte values: the PoH mixin and merkle-style pair hashes.</summary>
    public static void Hash64(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> destination)
    {
        if (a.Length != HashSize)
            throw new ArgumentException($"a must be exactly {HashSize} bytes, got {a.Length}", nameof(a));
        if (b.Length != HashSize)
            throw new ArgumentException($"b must be exactly {HashSize} bytes, got {b.Length}", nameof(b));
        CheckDestination(destination);
        var lib = LibCrypto.Instance;
        byte* ctx = stackalloc byte[StateBufferSize];
        byte* block = stackalloc byte[BlockSize];
        a.CopyTo(new Span<byte>(block, HashSize));
        b.CopyTo(new Span<byte>(block + HashSize, HashSize));
        SetInitialState(ctx);
        lib.Sha256Transform(ctx, block);
        InitPaddingBlock64(block);
        lib.Sha256Transform(ctx, block);
        fixed (byte* dst = destination)
            StoreDigest(ctx, dst);
    }

    /// <summary>
    /// Replaces <paramref name="state"/> (32 bytes) with sha256 applied <paramref name="iterations"/> times.
    /// This is the PoH hash chain; it runs on the calling thread.
    /// </summary>
    public static void HashChain(Span<byte> state, ulong iterations)
    {
        if (state.Length != HashSize)
            throw new ArgumentException($"state must be exactly {HashSize} bytes, got {state.Length}", nameof(state));
        if (iterations == 0) return;
        var transform = LibCrypto.Instance.Sha256Transform;
        byte* ctx = stackalloc byte[StateBufferSize];
        byte* block = stackalloc byte[BlockSize];
        InitBlock32(block);
        fixed (byte* s = state)
        {
            Buffer.MemoryCopy(s, block, HashSize, HashSize);
            // 16-byte loads and stores line up with the 16-byte accesses OpenSSL's SHA-NI code makes to
            // the state, so every load is store-forwarded; a single 32-byte load is not and costs 3x.
            var iv0 = Vector128.Create(InitialStateBytes);
            var iv1 = Vector128.Create(InitialStateBytes[16..]);
            var mask = Vector128.Create(WordSwapMask);
            for (ulong i = 0; i < iterations; i++)
            {
                iv0.Store(ctx);
                iv1.Store(ctx + 16);
                transform(ctx, block);
                Vector128.Shuffle(Vector128.Load(ctx), mask).Store(block);
                Vector128.Shuffle(Vector128.Load(ctx + 16), mask).Store(block + 16);
            }
            Buffer.MemoryCopy(block, s, HashSize, HashSize);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void SetInitialState(byte* ctx)
    {
        Vector128.Create(InitialStateBytes).Store(ctx);
        Vector128.Create(InitialStateBytes[16..]).Store(ctx + 16);
    }

    /// <summary>Writes the big-endian digest of the state words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void StoreDigest(byte* ctx, byte* destination)
    {
        var mask = Vector128.Create(WordSwapMask);
        Vector128.Shuffle(Vector128.Load(ctx), mask).Store(destination);
        Vector128.Shuffle(Vector128.Load(ctx + 16), mask).Store(destination + 16);
    }

    /// <summary>A block whose last 32 bytes are the padding of a 32-byte message (0x80, zeros, bit length 256).</summary>
    private static void InitBlock32(byte* block)
    {
        new Span<byte>(block, BlockSize).Clear();
        block[HashSize] = 0x80;
        block[62] = 0x01;
    }

    /// <summary>The second block of a 64-byte message: 0x80, zeros, bit length 512.</summary>
    private static void InitPaddingBlock64(byte* block)
    {
        new Span<byte>(block, BlockSize).Clear();
        block[0] = 0x80;
        block[62] = 0x02;
    }

    private static void CheckDestination(Span<byte> destination)
    {
        if (destination.Length < HashSize)
            throw new ArgumentException($"destination must hold {HashSize} bytes, got {destination.Length}", nameof(destination));
    }
}

/// <summary>
/// Incremental SHA-256 without allocation. A mutable struct: keep it in a local or field and pass it
/// by reference; a copy hashes independently from the point it was copied.
/// </summary>
public unsafe struct Sha256Hasher
{
    private const int BulkThreshold = 4 * Sha256.BlockSize;

    /// <summary>Above this a call may run long enough that it must let the GC proceed (~20 µs).</summary>
    private const int LongCallThreshold = 32 * 1024;

    private fixed byte _state[Sha256.StateBufferSize];
    private fixed byte _buffer[Sha256.BlockSize];
    private ulong _length;

    public static Sha256Hasher Create()
    {
        var hasher = default(Sha256Hasher);
        hasher.Reset();
        return hasher;
    }

    public void Reset()
    {
        fixed (byte* ctx = _state)
            Sha256.SetInitialState(ctx);
        _length = 0;
    }

    public void Update(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        var transform = LibCrypto.Instance.Sha256Transform;
        var used = (int)(_length & (Sha256.BlockSize - 1));
        _length += (ulong)data.Length;
        fixed (byte* ctx = _state)
        fixed (byte* buffer = _buffer)
        fixed (byte* input = data)
        {
            var offset = 0;
            if (used > 0)
            {
                var take = Math.Min(Sha256.BlockSize - used, data.Length);
                Buffer.MemoryCopy(input, buffer + used, Sha256.BlockSize - used, take);
                offset = take;
                if (used + take < Sha256.BlockSize) return;
                transform(ctx, buffer);
            }
            var bulk = (data.Length - offset) & ~(Sha256.BlockSize - 1);
            if (bulk >= BulkThreshold)
            {
                // OpenSSL's multi-block loop avoids the per-call setup of SHA256_Transform. It only
                // touches h and the byte counters here: a whole number of blocks leaves num at 0.
                var lib = LibCrypto.Instance;
                if (bulk >= LongCallThreshold)
                    lib.Sha256UpdateLong(ctx, input + offset, (nuint)bulk);
                else
                    lib.Sha256Update(ctx, input + offset, (nuint)bulk);
                offset += bulk;
            }
            for (; data.Length - offset >= Sha256.BlockSize; offset += Sha256.BlockSize)
                transform(ctx, input + offset);
            if (offset < data.Length)
                Buffer.MemoryCopy(input + offset, buffer, Sha256.BlockSize, data.Length - offset);
        }
    }

    /// <summary>Writes the digest to <paramref name="destination"/> and resets the hasher.</summary>
    public void Finish(Span<byte> destination)
    {
        if (destination.Length < Sha256.HashSize)
            throw new ArgumentException($"destination must hold {Sha256.HashSize} bytes, got {destination.Length}", nameof(destination));
        var transform = LibCrypto.Instance.Sha256Transform;
        var used = (int)(_length & (Sha256.BlockSize - 1));
        var bitLength = _length * 8;
        fixed (byte* ctx = _state)
        fixed (byte* buffer = _buffer)
        fixed (byte* dst = destination)
        {
            buffer[used++] = 0x80;
            if (used > Sha256.BlockSize - 8)
            {
                new Span<byte>(buffer + used, Sha256.BlockSize - used).Clear();
                transform(ctx, buffer);
                used = 0;
            }
            new Span<byte>(buffer + used, Sha256.BlockSize - 8 - used).Clear();
            BinaryPrimitives.WriteUInt64BigEndian(new Span<byte>(buffer + Sha256.BlockSize - 8, 8), bitLength);
            transform(ctx, buffer);
            Sha256.StoreDigest(ctx, dst);
        }
        Reset();
    }
}
