using Stratus.Core.Serialization;

namespace Stratus.Core.Transactions;

/// <summary>Why transaction or message bytes could not be decoded (where Agave's bincode deserialization fails).</summary>
public enum TransactionParseError
{
    None = 0,
    /// <summary>The bytes end inside a field.</summary>
    Truncated,
    /// <summary>A compact-u16 length uses a non-canonical (alias) encoding.</summary>
    CompactU16Alias,
    /// <summary>A compact-u16 length continues past its third byte.</summary>
    CompactU16TooLong,
    /// <summary>A compact-u16 length exceeds 65535.</summary>
    CompactU16Overflow,
    /// <summary>A versioned message whose version is neither 0 nor 127.</summary>
    UnsupportedVersion,
    /// <summary>Version 127 (first byte 0xff): the off-chain message prefix, never a transaction.</summary>
    OffChainMessage,
    /// <summary>Bytes remain after the transaction where the caller required it to fill the input.</summary>
    TrailingBytes,
}

/// <summary>The part of the wire format being read when decoding failed.</summary>
public enum TransactionField
{
    None = 0,
    SignatureCount,
    Signatures,
    /// <summary>The first message byte: legacy num_required_signatures or the version prefix.</summary>
    MessagePrefix,
    MessageHeader,
    AccountKeyCount,
    AccountKeys,
    RecentBlockhash,
    InstructionCount,
    ProgramIdIndex,
    InstructionAccountCount,
    InstructionAccounts,
    InstructionDataLength,
    InstructionData,
    AddressTableLookupCount,
    AddressTableKey,
    WritableIndexCount,
    WritableIndexes,
    ReadonlyIndexCount,
    ReadonlyIndexes,
    /// <summary>After the end of the transaction.</summary>
    End,
}

/// <summary>Outcome of decoding: the error, the field being read and its byte offset in the input.</summary>
public readonly record struct TransactionParseResult(TransactionParseError Error, TransactionField Field = TransactionField.None, int Offset = -1)
{
    public static TransactionParseResult Ok => default;

    public bool IsOk => Error == TransactionParseError.None;

    public override string ToString() => IsOk ? "ok" : $"{Error} in {Field} at byte {Offset}";

    /// <summary>This result, or <see cref="TransactionParseError.TrailingBytes"/> when a successful decode left input over.</summary>
    /// <summary>The parse error for a bad compact-u16 length.</summary>
    internal static TransactionParseError FromShortU16(ShortU16Error error) => error switch
    {
        ShortU16Error.Truncated => TransactionParseError.Truncated,
        ShortU16Error.Alias => TransactionParseError.CompactU16Alias,
        ShortU16Error.ByteThreeContinues => TransactionParseError.CompactU16TooLong,
        _ => TransactionParseError.CompactU16Overflow,
    };

    internal TransactionParseResult ExpectEnd(int consumed, int length) =>
        IsOk && consumed != length ? new TransactionParseResult(TransactionParseError.TrailingBytes, TransactionField.End, consumed) : this;
}
