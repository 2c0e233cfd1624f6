using System.Runtime.InteropServices;
using Stratus.Core.Serialization;

namespace Stratus.Core.Transactions;

/// <summary>
/// A legacy or v0 transaction message, decoded in place: it keeps the wire bytes and the offsets of
/// every field, so keys, instruction data and the signed bytes are spans over the original input.
/// </summary>
public sealed partial class Message
{
    /// <summary>High bit of the first message byte: set for versioned messages.</summary>
    public const byte VersionPrefix = 0x80;

    /// <summary>Account indexes are u8, so a message can address at most this many keys (v0 sanitize bound).</summary>
    public const int MaxAccountKeys = 256;

    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly int _accountKeysOffset;
    private readonly int _recentBlockhashOffset;
    private readonly CompiledInstruction[] _instructions;
    private readonly AddressTableLookup[] _lookups;

    private Message(
        ReadOnlyMemory<byte> bytes,
        MessageVersion version,
        MessageHeader header,
        int accountKeysOffset,
        int accountKeyCount,
        int recentBlockhashOffset,
        CompiledInstruction[] instructions,
        AddressTableLookup[] lookups,
        int writableLookupCount,
        int readonlyLookupCount)
    {
        _bytes = bytes;
        Version = version;
        Header = header;
        _accountKeysOffset = accountKeysOffset;
        StaticAccountKeyCount = accountKeyCount;
        _recentBlockhashOffset = recentBlockhashOffset;
        _instructions = instructions;
        _lookups = lookups;
        LookupWritableCount = writableLookupCount;
        LookupReadonlyCount = readonlyLookupCount;
    }

    public MessageVersion Version { get; }

    public MessageHeader Header { get; }

    /// <summary>The serialized message exactly as received: the bytes that are signed and hashed (v0 prefix included).</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>The serialized message as a span.</summary>
    public ReadOnlySpan<byte> Span => _bytes.Span;

    public int StaticAccountKeyCount { get; }

    public ReadOnlySpan<Pubkey> StaticAccountKeys =>
        MemoryMarshal.Cast<byte, Pubkey>(_bytes.Span.Slice(_accountKeysOffset, StaticAccountKeyCount * Pubkey.Length));

    public Hash RecentBlockhash => Hash.Read(_bytes.Span[_recentBlockhashOffset..]);

    /// <summary>The fee payer, or the default key when the message has no keys (unsanitized input).</summary>
    public Pubkey FeePayer => StaticAccountKeyCount > 0 ? StaticAccountKeys[0] : default;

    public ReadOnlySpan<CompiledInstruction> Instructions => _instructions;

    public int InstructionCount => _instructions.Length;

    public ReadOnlySpan<AddressTableLookup> AddressTableLookups => _lookups;

    /// <summary>Total writable indexes over all lookups (keys loaded writable).</summary>
    public int LookupWritableCount { get; }

    /// <summary>Total readonly indexes over all lookups (keys loaded readonly).</summary>
    public int LookupReadonlyCount { get; }

    /// <summary>Static keys plus every looked-up key: the length of the account list once addresses are loaded.</summary>
    public int TotalAccountKeyCount => StaticAccountKeyCount + LookupWritableCount + LookupReadonlyCount;

    public InstructionView GetInstruction(int index)
    {
        ref readonly var ix = ref _instructions[index];
        var span = _bytes.Span;
        return new InstructionView(ix.ProgramIdIndex, span.Slice(ix.AccountsOffset, ix.AccountCount), span.Slice(ix.DataOffset, ix.DataLength));
    }

    public ReadOnlySpan<byte> GetInstructionAccounts(int index)
    {
        ref readonly var ix = ref _instructions[index];
        return _bytes.Span.Slice(ix.AccountsOffset, ix.AccountCount);
    }

    public ReadOnlySpan<byte> GetInstructionData(int index)
    {
        ref readonly var ix = ref _instructions[index];
        return _bytes.Span.Slice(ix.DataOffset, ix.DataLength);
    }

    public AddressTableLookupView GetAddressTableLookup(int index)
    {
        ref readonly var l = ref _lookups[index];
        var span = _bytes.Span;
        return new AddressTableLookupView(
            Pubkey.Read(span[l.AccountKeyOffset..]),
            span.Slice(l.WritableIndexesOffset, l.WritableCount),
            span.Slice(l.ReadonlyIndexesOffset, l.ReadonlyCount));
    }

    /// <summary>
    /// Decodes a message from the start of <paramref name="buffer"/>. On success <paramref name="consumed"/>
    /// is its length and the message refers to that slice of <paramref name="buffer"/>.
    /// </summary>
    public static TransactionParseResult TryParse(ReadOnlyMemory<byte> buffer, out Message? message, out int consumed)
        => Parse(buffer, 0, out message, out consumed);

    /// <summary>Decodes a message that must occupy all of <paramref name="buffer"/>.</summary>
    public static TransactionParseResult TryParseExact(ReadOnlyMemory<byte> buffer, out Message? message)
    {
        var result = TryParse(buffer, out message, out var consumed).ExpectEnd(consumed, buffer.Length);
        if (!result.IsOk) message = null;
        return result;
    }

    // Decodes the message that starts at `start` in `buffer`. Offsets in the result are relative to the
    // message start; failure offsets are relative to `buffer`. Fields are read in wire order so the first
    // error reported is the one Agave's sequential bincode decoding would hit.
    internal static TransactionParseResult Parse(ReadOnlyMemory<byte> buffer, int start, out Message? message, out int consumed)
    {
        message = null;
        consumed = 0;
        var span = buffer.Span[start..];
        var pos = 0;
        var field = TransactionField.MessagePrefix;

        TransactionParseResult Fail(TransactionParseError error, int at) => new(error, field, start + at);

        bool TryShortU16(ReadOnlySpan<byte> s, ref int p, out ushort value, out TransactionParseResult failure)
        {
            var e = ShortU16.TryDecode(s[p..], out value, out var read);
            if (e == ShortU16Error.None)
            {
                p += read;
                failure = default;
                return true;
            }
            failure = Fail(TransactionParseResult.FromShortU16(e), p);
            return false;
        }

        // A compact-u16 count, then that many elements of `size` bytes; `offset` is where the elements start.
        bool TryShortVec(ReadOnlySpan<byte> s, ref int p, TransactionField countField, TransactionField elementsField, int size,
            out int offset, out ushort count, out TransactionParseResult failure)
        {
            field = countField;
            offset = 0;
            if (!TryShortU16(s, ref p, out count, out failure)) return false;
            field = elementsField;
            offset = p;
            if (s.Length - p < count * size)
            {
                failure = Fail(TransactionParseError.Truncated, p);
                return false;
            }
            p += count * size;
            return true;
        }

        if (span.IsEmpty) return Fail(TransactionParseError.Truncated, 0);
        var first = span[0];
        MessageVersion version;
        if ((first & VersionPrefix) != 0)
        {
            var number = first & 0x7F;
            if (number == 127) return Fail(TransactionParseError.OffChainMessage, 0);
            if (number != 0) return Fail(TransactionParseError.UnsupportedVersion, 0);
            version = MessageVersion.V0;
            pos = 1;
        }
        else
        {
            version = MessageVersion.Legacy;
        }

        field = TransactionField.MessageHeader;
        if (span.Length - pos < MessageHeader.Length) return Fail(TransactionParseError.Truncated, pos);
        var header = new MessageHeader(span[pos], span[pos + 1], span[pos + 2]);
        pos += MessageHeader.Length;

        if (!TryShortVec(span, ref pos, TransactionField.AccountKeyCount, TransactionField.AccountKeys, Pubkey.Length,
                out var keysOffset, out var keyCount, out var failure)) return failure;

        field = TransactionField.RecentBlockhash;
        var blockhashOffset = pos;
        if (span.Length - pos < Hash.Length) return Fail(TransactionParseError.Truncated, pos);
        pos += Hash.Length;

        field = TransactionField.InstructionCount;
        if (!TryShortU16(span, ref pos, out var instructionCount, out failure)) return failure;
        // Every instruction takes at least 3 bytes; a count the input cannot hold still gets decoded
        // (for the precise error) but nothing is allocated for it.
        var instructions = instructionCount <= (span.Length - pos) / 3 ? new CompiledInstruction[instructionCount] : null;
        for (var i = 0; i < instructionCount; i++)
        {
            field = TransactionField.ProgramIdIndex;
            if (pos >= span.Length) return Fail(TransactionParseError.Truncated, pos);
            var programIdIndex = span[pos++];

            if (!TryShortVec(span, ref pos, TransactionField.InstructionAccountCount, TransactionField.InstructionAccounts, 1,
                    out var accountsOffset, out var accountCount, out failure)) return failure;
            if (!TryShortVec(span, ref pos, TransactionField.InstructionDataLength, TransactionField.InstructionData, 1,
                    out var dataOffset, out var dataLength, out failure)) return failure;

            if (instructions != null) instructions[i] = new CompiledInstruction(programIdIndex, accountsOffset, accountCount, dataOffset, dataLength);
        }

        AddressTableLookup[] lookups = [];
        var writableTotal = 0;
        var readonlyTotal = 0;
        if (version == MessageVersion.V0)
        {
            field = TransactionField.AddressTableLookupCount;
            if (!TryShortU16(span, ref pos, out var lookupCount, out failure)) return failure;
            // Each lookup takes at least 32 + 1 + 1 bytes.
            var parsed = lookupCount <= (span.Length - pos) / 34 ? new AddressTableLookup[lookupCount] : null;
            for (var i = 0; i < lookupCount; i++)
            {
                field = TransactionField.AddressTableKey;
                var keyOffset = pos;
                if (span.Length - pos < Pubkey.Length) return Fail(TransactionParseError.Truncated, pos);
                pos += Pubkey.Length;

                if (!TryShortVec(span, ref pos, TransactionField.WritableIndexCount, TransactionField.WritableIndexes, 1,
                        out var writableOffset, out var writableCount, out failure)) return failure;
                if (!TryShortVec(span, ref pos, TransactionField.ReadonlyIndexCount, TransactionField.ReadonlyIndexes, 1,
                        out var readonlyOffset, out var readonlyCount, out failure)) return failure;

                writableTotal += writableCount;
                readonlyTotal += readonlyCount;
                if (parsed != null) parsed[i] = new AddressTableLookup(keyOffset, writableOffset, writableCount, readonlyOffset, readonlyCount);
            }
            // Unreachable: a count too large for the input always runs out of bytes above.
            if (parsed == null) return Fail(TransactionParseError.Truncated, pos);
            lookups = parsed;
        }
        if (instructions == null) return Fail(TransactionParseError.Truncated, pos);

        message = new Message(buffer.Slice(start, pos), version, header, keysOffset, keyCount, blockhashOffset,
            instructions, lookups, writableTotal, readonlyTotal);
        consumed = pos;
        return TransactionParseResult.Ok;
    }
}
