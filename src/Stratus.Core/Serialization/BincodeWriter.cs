using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Stratus.Core.Serialization;

/// <summary>Writes bincode 1.x (fixed-width little-endian, u64 length prefixes) into a growable buffer.</summary>
public sealed class BincodeWriter : IBufferWriter<byte>
{
    private byte[] _buffer;
    private int _length;

    public BincodeWriter(int initialCapacity = 256)
    {
        _buffer = new byte[Math.Max(initialCapacity, 16)];
    }

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    public byte[] ToArray() => WrittenSpan.ToArray();

    /// <summary>Forgets the written bytes but keeps the buffer for reuse.</summary>
    public void Clear() => _length = 0;

    public void Advance(int count)
    {
        if ((uint)count > (uint)(_buffer.Length - _length)) throw new ArgumentOutOfRangeException(nameof(count));
        _length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(Math.Max(sizeHint, 1));
        return _buffer.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(Math.Max(sizeHint, 1));
        return _buffer.AsSpan(_length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Reserve(int count)
    {
        Ensure(count);
        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }

    private void Ensure(int count)
    {
        if (_buffer.Length - _length >= count) return;
        var needed = (long)_length + count;
        var size = Math.Max((long)_buffer.Length * 2, needed);
        if (size > Array.MaxLength) size = Math.Max(needed, Array.MaxLength);
        Array.Resize(ref _buffer, checked((int)size));
    }

    public void WriteU8(byte value) => Reserve(1)[0] = value;
    public void WriteU16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), value);
    public void WriteU32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);
    public void WriteU64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);
    public void WriteU128(UInt128 value) => BinaryPrimitives.WriteUInt128LittleEndian(Reserve(16), value);
    public void WriteI8(sbyte value) => WriteU8((byte)value);
    public void WriteI16(short value) => WriteU16((ushort)value);
    public void WriteI32(int value) => WriteU32((uint)value);
    public void WriteI64(long value) => WriteU64((ulong)value);
    public void WriteI128(Int128 value) => WriteU128((UInt128)value);
    public void WriteF64(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Reserve(8), value);
    public void WriteF32(float value) => BinaryPrimitives.WriteSingleLittleEndian(Reserve(4), value);
    public void WriteBool(bool value) => WriteU8(value ? (byte)1 : (byte)0);
    public void WriteOptionTag(bool isSome) => WriteU8(isSome ? (byte)1 : (byte)0);
    public void WriteEnumTag(uint tag) => WriteU32(tag);

    /// <summary>Raw bytes with no length prefix (a fixed array).</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    public void WritePod<T>(in T value) where T : unmanaged
        => MemoryMarshal.Write(Reserve(Unsafe.SizeOf<T>()), in value);

    public void WritePubkey(in Pubkey value) => WritePod(in value);
    public void WriteHash(in Hash value) => WritePod(in value);
    public void WriteSignature(in Signature value) => WritePod(in value);

    /// <summary>A u64 length prefix.</summary>
    public void WriteLength(int count) => WriteU64((ulong)count);

    /// <summary>A u64-length-prefixed byte vector.</summary>
    public void WriteByteVec(ReadOnlySpan<byte> bytes)
    {
        WriteLength(bytes.Length);
        WriteBytes(bytes);
    }

    /// <summary>A u64-length-prefixed UTF-8 string.</summary>
    public void WriteString(string value)
    {
        var count = System.Text.Encoding.UTF8.GetByteCount(value);
        WriteLength(count);
        System.Text.Encoding.UTF8.GetBytes(value, Reserve(count));
    }

    /// <summary>A u64-length-prefixed vector of plain-old-data values.</summary>
    public void WritePodVec<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        WriteLength(values.Length);
        WriteBytes(MemoryMarshal.AsBytes(values));
    }

    /// <summary>A compact-u16 (short_vec length).</summary>
    public void WriteShortU16(ushort value)
    {
        var span = Reserve(ShortU16.EncodedLength(value));
        ShortU16.Encode(value, span);
    }

    /// <summary>A compact-u16 element count; Agave refuses to serialize more than 65535 elements.</summary>
    public void WriteShortVecLength(int count)
    {
        if ((uint)count > ushort.MaxValue) throw new ArgumentOutOfRangeException(nameof(count), count, "short_vec length larger than u16");
        WriteShortU16((ushort)count);
    }

    /// <summary>A compact-u16-length-prefixed vector of plain-old-data values (bytes, keys, signatures).</summary>
    public void WriteShortVec<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        WriteShortVecLength(values.Length);
        WriteBytes(MemoryMarshal.AsBytes(values));
    }
}
