using Stratus.Core;
using Stratus.Core.Serialization;

namespace Stratus.AccountsDb.Genesis;

/// <summary>
/// Wraps <see cref="BincodeReader"/> and remembers which field was being read when the first failure happened.
/// Field names are passed as (context, name) pairs of constant strings and joined only when an error is
/// reported, so reading millions of stake entries allocates nothing for diagnostics.
/// </summary>
internal ref struct FieldReader
{
    private BincodeReader _reader;
    private string? _context;
    private string? _field;
    private string? _detail;
    private long _base;
    private int _failAt;

    /// <param name="baseOffset">Added to positions in errors (e.g. where this buffer starts inside a file).</param>
    public FieldReader(ReadOnlySpan<byte> buffer, long baseOffset = 0)
    {
        _reader = new BincodeReader(buffer);
        _context = null;
        _field = null;
        _detail = null;
        _base = baseOffset;
        _failAt = -1;
    }

    public readonly bool Ok => _reader.Ok;
    public readonly int Position => _reader.Position;
    public readonly int Remaining => _reader.Remaining;
    public readonly bool IsAtEnd => _reader.IsAtEnd;
    public readonly ReadOnlySpan<byte> Buffer => _reader.Buffer;

    public readonly DecodeError Error => _reader.Ok
        ? default
        : new DecodeError(_reader.Error, _base + (_failAt >= 0 ? _failAt : _reader.ErrorPosition), Join(_context, _field), _detail);

    private static string Join(string? context, string? field)
        => context == null ? field ?? "?" : field == null ? context : context + "." + field;

    private void Note(string context, string field)
    {
        if (!_reader.Ok && _field == null)
        {
            _context = context;
            _field = field;
        }
    }

    /// <summary>Records a failure found by the caller (bad enum tag, out-of-range value) at the current position.</summary>
    public void Fail(BincodeError error, string context, string field, string? detail = null) => FailAt(-1, error, context, field, detail);

    /// <summary>Records a failure for the value that started at <paramref name="position"/> (e.g. an enum tag already read).</summary>
    public void FailAt(int position, BincodeError error, string context, string field, string? detail = null)
    {
        if (!_reader.Ok) return;
        _reader.Fail(error);
        _failAt = position;
        _context = context;
        _field = field;
        _detail = detail;
    }

    public byte U8(string context, string field) { var v = _reader.ReadU8(); Note(context, field); return v; }
    public uint U32(string context, string field) { var v = _reader.ReadU32(); Note(context, field); return v; }
    public ulong U64(string context, string field) { var v = _reader.ReadU64(); Note(context, field); return v; }
    public long I64(string context, string field) { var v = _reader.ReadI64(); Note(context, field); return v; }
    public UInt128 U128(string context, string field) { var v = _reader.ReadU128(); Note(context, field); return v; }
    public double F64(string context, string field) { var v = _reader.ReadF64(); Note(context, field); return v; }
    public bool Bool(string context, string field) { var v = _reader.ReadBool(); Note(context, field); return v; }
    public bool OptionTag(string context, string field) { var v = _reader.ReadOptionTag(); Note(context, field); return v; }
    public uint EnumTag(string context, string field) { var v = _reader.ReadEnumTag(); Note(context, field); return v; }
    public Pubkey Pubkey(string context, string field) { var v = _reader.ReadPubkey(); Note(context, field); return v; }
    public Hash Hash(string context, string field) { var v = _reader.ReadHash(); Note(context, field); return v; }

    public ReadOnlySpan<byte> Bytes(int count, string context, string field)
    {
        var v = _reader.ReadBytes(count);
        Note(context, field);
        return v;
    }

    /// <summary>A u64 element count, rejected when the remaining input cannot hold that many elements of at least <paramref name="minElementSize"/> bytes.</summary>
    public int Length(int minElementSize, string context, string field, int maxCount = int.MaxValue)
    {
        var v = _reader.ReadLength(minElementSize, maxCount);
        Note(context, field);
        return v;
    }

    public ReadOnlySpan<byte> ByteVec(string context, string field, int maxLength = int.MaxValue)
    {
        var v = _reader.ReadByteVec(maxLength);
        Note(context, field);
        return v;
    }

    public string? String(string context, string field, int maxLength = int.MaxValue)
    {
        var v = _reader.ReadString(maxLength);
        Note(context, field);
        return v;
    }

    /// <summary>Fails with <see cref="BincodeError.TrailingBytes"/> unless everything was consumed.</summary>
    public void Finish(string context)
    {
        if (_reader.Ok && !_reader.IsAtEnd) Fail(BincodeError.TrailingBytes, context, "end", $"{_reader.Remaining} byte(s) after the last field");
    }
}
