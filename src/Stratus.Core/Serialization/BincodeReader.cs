using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Stratus.Core.Serialization;

/// <summary>
/// Reads bincode 1.x (fixed-width little-endian integers, u64 length prefixes) from a span without
/// allocating or throwing. The first failure is sticky: every later read returns a default value and
/// leaves <see cref="Error"/> and <see cref="ErrorPosition"/> pointing at the first problem, so a caller
/// can read a whole struct and check once. The Try* methods report each read individually.
/// </summary>
public ref struct BincodeReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public BincodeReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
        Error = BincodeError.None;
        ErrorPosition = -1;
    }

    /// <summary>The first failure, or <see cref="BincodeError.None"/>.</summary>
    public BincodeError Error { get; private set; }

    /// <summary>Offset at which the first failure happened, or -1.</summary>
    public int ErrorPosition { get; private set; }

    public readonly bool Ok => Error == BincodeError.None;

    public readonly int Position => _position;

    public readonly int Remaining => _buffer.Length - _position;

    public readonly bool IsAtEnd => _position == _buffer.Length;

    /// <summary>The bytes not yet read.</summary>
    public readonly ReadOnlySpan<byte> RemainingSpan => _buffer[_position..];

    /// <summary>The whole input.</summary>
    public readonly ReadOnlySpan<byte> Buffer => _buffer;

    /// <summary>Records a failure found by the caller (e.g. an unknown enum tag); keeps the first one.</summary>
    public void Fail(BincodeError error)
    {
        if (Error != BincodeError.None) return;
        Error = error;
        ErrorPosition = _position;
    }

    /// <summary>Fails with <see cref="BincodeError.TrailingBytes"/> unless all input was consumed; returns the final error.</summary>
    public BincodeError Finish()
    {
        if (Ok && !IsAtEnd) Fail(BincodeError.TrailingBytes);
        return Error;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Take(int count, out ReadOnlySpan<byte> bytes)
    {
        if (Error == BincodeError.None && (uint)count <= (uint)(_buffer.Length - _position))
        {
            bytes = _buffer.Slice(_position, count);
            _position += count;
            return true;
        }
        if (Error == BincodeError.None) Fail(BincodeError.UnexpectedEnd);
        bytes = default;
        return false;
    }

    public bool TryReadU8(out byte value)
    {
        value = Take(1, out var b) ? b[0] : (byte)0;
        return Ok;
    }

    public bool TryReadU16(out ushort value)
    {
        value = Take(2, out var b) ? BinaryPrimitives.ReadUInt16LittleEndian(b) : (ushort)0;
        return Ok;
    }

    public bool TryReadU32(out uint value)
    {
        value = Take(4, out var b) ? BinaryPrimitives.ReadUInt32LittleEndian(b) : 0;
        return Ok;
    }

    public bool TryReadU64(out ulong value)
    {
        value = Take(8, out var b) ? BinaryPrimitives.ReadUInt64LittleEndian(b) : 0;
        return Ok;
    }

    public byte ReadU8() { TryReadU8(out var v); return v; }
    public ushort ReadU16() { TryReadU16(out var v); return v; }
    public uint ReadU32() { TryReadU32(out var v); return v; }
    public ulong ReadU64() { TryReadU64(out var v); return v; }
    public sbyte ReadI8() => (sbyte)ReadU8();
    public short ReadI16() => (short)ReadU16();
    public int ReadI32() => (int)ReadU32();
    public long ReadI64() => (long)ReadU64();

    public UInt128 ReadU128() => Take(16, out var b) ? BinaryPrimitives.ReadUInt128LittleEndian(b) : UInt128.Zero;

    public Int128 ReadI128() => (Int128)ReadU128();

    public double ReadF64() => Take(8, out var b) ? BinaryPrimitives.ReadDoubleLittleEndian(b) : 0;

    public float ReadF32() => Take(4, out var b) ? BinaryPrimitives.ReadSingleLittleEndian(b) : 0;

    /// <summary>A bool: exactly 0 or 1, anything else is <see cref="BincodeError.InvalidBool"/>.</summary>
    public bool ReadBool() => ReadZeroOrOne(BincodeError.InvalidBool);

    public bool TryReadBool(out bool value)
    {
        value = ReadBool();
        return Ok;
    }

    /// <summary>An Option tag: true for Some, false for None (or after a failure).</summary>
    public bool ReadOptionTag() => ReadZeroOrOne(BincodeError.InvalidOptionTag);

    // A byte that must be 0 or 1; any other value fails with `invalid`, reported at the byte itself.
    private bool ReadZeroOrOne(BincodeError invalid)
    {
        var start = _position;
        var v = ReadU8();
        if (v > 1 && Ok)
        {
            _position = start;
            Fail(invalid);
            return false;
        }
        return v == 1;
    }

    /// <summary>A u32 enum discriminant (bincode's default enum encoding).</summary>
    public uint ReadEnumTag() => ReadU32();

    /// <summary>Exactly <paramref name="count"/> raw bytes (a fixed array).</summary>
    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0)
        {
            Fail(BincodeError.LengthTooLarge);
            return default;
        }
        return Take(count, out var b) ? b : default;
    }

    public bool TryReadBytes(int count, out ReadOnlySpan<byte> bytes)
    {
        bytes = ReadBytes(count);
        return Ok;
    }

    /// <summary>Skips <paramref name="count"/> bytes.</summary>
    public void Skip(int count) => ReadBytes(count);

    /// <summary>A plain-old-data value (Pubkey, Hash, Signature, ...) stored as its raw bytes.</summary>
    public T ReadPod<T>() where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        return Take(size, out var b) ? MemoryMarshal.Read<T>(b) : default;
    }

    public Pubkey ReadPubkey() => ReadPod<Pubkey>();
    public Hash ReadHash() => ReadPod<Hash>();
    public Signature ReadSignature() => ReadPod<Signature>();

    /// <summary>
    /// A u64 element count. It must fit in <paramref name="maxCount"/>, and when every element takes at
    /// least <paramref name="minElementSize"/> bytes the remaining input must be able to hold them, so a
    /// hostile length cannot make the caller allocate more than the input justifies.
    /// </summary>
    public int ReadLength(int minElementSize = 1, int maxCount = int.MaxValue)
    {
        var start = _position;
        var len = ReadU64();
        if (!Ok) return 0;
        // A count larger than the input can hold would hit the end while reading elements; report it now.
        var cannotFit = minElementSize > 0 && len > (ulong)(Remaining / minElementSize);
        if (cannotFit || len > (ulong)maxCount)
        {
            _position = start;
            Fail(cannotFit ? BincodeError.UnexpectedEnd : BincodeError.LengthTooLarge);
            return 0;
        }
        return (int)len;
    }

    /// <summary>A u64-length-prefixed byte vector, returned as a slice of the input.</summary>
    public ReadOnlySpan<byte> ReadByteVec(int maxLength = int.MaxValue)
    {
        var len = ReadLength(1, maxLength);
        return Ok ? ReadBytes(len) : default;
    }

    /// <summary>A u64-length-prefixed UTF-8 string; invalid UTF-8 is <see cref="BincodeError.InvalidUtf8"/>.</summary>
    public string? ReadString(int maxLength = int.MaxValue)
    {
        var start = _position;
        var bytes = ReadByteVec(maxLength);
        if (!Ok) return null;
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            _position = start;
            Fail(BincodeError.InvalidUtf8);
            return null;
        }
        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    /// <summary>A u64-length-prefixed vector of plain-old-data values, returned as a view over the input.</summary>
    public ReadOnlySpan<T> ReadPodVec<T>(int maxCount = int.MaxValue) where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        var count = ReadLength(size, maxCount);
        if (!Ok) return default;
        return MemoryMarshal.Cast<byte, T>(ReadBytes(count * size));
    }

    /// <summary>A compact-u16 (short_vec length).</summary>
    public ushort ReadShortU16()
    {
        if (!Ok) return 0;
        var err = ShortU16.TryDecode(RemainingSpan, out var value, out var read);
        if (err != ShortU16Error.None)
        {
            Fail(err switch
            {
                ShortU16Error.Truncated => BincodeError.ShortU16Truncated,
                ShortU16Error.Alias => BincodeError.ShortU16Alias,
                ShortU16Error.ByteThreeContinues => BincodeError.ShortU16TooLong,
                _ => BincodeError.ShortU16Overflow,
            });
            return 0;
        }
        _position += read;
        return value;
    }

    public bool TryReadShortU16(out ushort value)
    {
        value = ReadShortU16();
        return Ok;
    }
}
